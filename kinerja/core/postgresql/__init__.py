"""Django's PostgreSQL backend (base.py) with the per-request health check skipped for a connection that served a
request a moment ago, and a cursor per connection that binds on the server (core/prepared.py).
``DATABASE_URL=postgres://…`` selects it (settings.py)."""
