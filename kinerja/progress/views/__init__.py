"""The employee's progress pages (mine, report, log, plans). The team and review pages are ``team``."""
