"""Django's PostgreSQL backend, its health check skipped for a connection that served a request moments ago.

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

    def connect(self):
        self.used_at = None
        super().connect()

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
