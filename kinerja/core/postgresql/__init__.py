"""Django's PostgreSQL backend with one change (base.py): the per-request health check is skipped for a connection
that served a request a moment ago. ``DATABASE_URL=postgres://…`` selects it (settings.py)."""
