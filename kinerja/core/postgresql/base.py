"""Django's PostgreSQL backend, its health check skipped for a connection that served a request moments ago, and
with one cursor per connection that binds on the server (:meth:`DatabaseWrapper.prepared_cursor`, core/prepared.py).

``CONN_HEALTH_CHECKS`` (settings.py) makes Django send ``SELECT 1`` before the first query of every request on a
kept connection: a round trip per request, about 0.13 ms of CPU (the worker's and PostgreSQL's) and two context
switches. Under load a connection serves request after request, and a connection that answered a query
milliseconds ago is as good as checked. So, as connection pools do (HikariCP's ``aliveBypassWindowMs``, 500 ms),
a connection that was used in a request ending less than :data:`ALIVE_WINDOW` seconds ago is not checked again;
one idle for longer (a night, a database restart, a firewall that drops idle connections) is checked as before.

A connection that broke within the window fails that request's first query; Django then marks it
(``errors_occurred``) and checks it at the end of the request, as it does without the window.
"""

from __future__ import annotations

import time

from django.db.backends.postgresql import base

ALIVE_WINDOW = 1.0  # seconds


class DatabaseWrapper(base.DatabaseWrapper):
    used_at: float | None = None  # when a request that used this connection ended (monotonic)
    server_cursor = None  # this connection's cursor that binds on the server (core/prepared.py), made at first use

    def connect(self):
        self.used_at = self.server_cursor = None
        super().connect()

    def prepared_cursor(self):
        """As ``cursor()``, over the connection's one psycopg cursor that binds on the server, so that PostgreSQL
        plans a statement run a few times once (core/prepared.py). Not to be closed: it serves the connection's
        life."""
        self.close_if_health_check_failed()
        self.ensure_connection()  # a new connection: connect() forgot the old one's cursor
        with self.wrap_database_errors:
            if self.server_cursor is None:
                self.server_cursor = self._new_server_cursor()
            return self._prepare_cursor(self.server_cursor)

    def _new_server_cursor(self):
        import psycopg
        from django.db.backends.postgresql.psycopg_any import register_tzloader
        from psycopg.pq import Format

        from kinerja.core.prepared import THRESHOLD, native_cursor_class

        if self.connection.prepare_threshold is None:  # Django leaves preparing off; only this cursor prepares
            self.connection.prepare_threshold = THRESHOLD
        server = native_cursor_class()(self.connection)
        # as Django's create_cursor(): the cursor reads timestamps in the connection's time zone
        tzloader = server.adapters.get_loader(psycopg.adapters.types["timestamptz"].oid, Format.TEXT)
        if self.timezone != tzloader.timezone:
            register_tzloader(self.timezone, server)
        return server

    def close_if_health_check_failed(self):
        if (self.connection is not None and self.health_check_enabled and not self.health_check_done
                and self.used_at is not None and time.monotonic() - self.used_at < ALIVE_WINDOW):
            self.health_check_done = True  # answered a moment ago
            return
        super().close_if_health_check_failed()

    def close_if_unusable_or_obsolete(self):
        # called as a request starts and as it ends: health_check_done is only True at the end of a request that
        # used the connection (it is reset here, and set when the request first uses it)
        if self.connection is not None and self.health_check_done and not self.errors_occurred:
            self.used_at = time.monotonic()
        super().close_if_unusable_or_obsolete()
