"""The organisation dashboard: IKU and PK achievement from the work that supports it, early warning (issue 9)."""
