"""``kinerja serve``: the production web server — gunicorn, several worker processes, static files by WhiteNoise.

Before serving it checks that the database is migrated and collects the static files into
``STATIC_ROOT`` (``collectstatic``; ``--no-collectstatic`` only checks that they are there), so the
pages' CSS and JavaScript are served by the application itself with far-future caching. Run it
behind a reverse proxy that terminates HTTPS (README, "Production").
"""

from __future__ import annotations

import os

import click

from . import setup_django


def default_workers() -> int:
    """gunicorn's rule of thumb, 2 × cores + 1, capped at 8 (each worker holds its own connections)."""
    return min(2 * (os.cpu_count() or 1) + 1, 8)


def _static_ready() -> bool:
    """Whether ``collectstatic`` has run: the manifest exists (hashed storage) or STATIC_ROOT is not empty."""
    from django.conf import settings
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

    root = settings.STATIC_ROOT
    if isinstance(staticfiles_storage, ManifestFilesMixin):
        return (root / staticfiles_storage.manifest_name).is_file()
    return root.is_dir() and any(root.iterdir())


def gunicorn_options(*, binds, workers, threads, timeout, graceful_timeout, keep_alive, max_requests,
                     forwarded_allow_ips, access_log) -> dict:
    return {
        "bind": list(binds),
        "workers": workers,
        "worker_class": "gthread" if threads > 1 else "sync",
        "threads": threads,
        "timeout": timeout,
        "graceful_timeout": graceful_timeout,
        "keepalive": keep_alive,
        # Recycle a worker after so many requests (with jitter, so they do not all restart at once):
        # a slow leak in a long-running process cannot grow without bound.
        "max_requests": max_requests,
        "max_requests_jitter": max(max_requests // 10, 0),
        "forwarded_allow_ips": forwarded_allow_ips,
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "proc_name": "kinerja",
        "preload_app": False,  # each worker loads the application itself (no connection shared across fork)
    }


def run_gunicorn(options: dict) -> None:
    from gunicorn.app.base import BaseApplication

    class KinerjaApplication(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                if value is not None:
                    self.cfg.set(key, value)

        def load(self):
            from kinerja.wsgi import application

            return application

    KinerjaApplication().run()


def register(cli: click.Group) -> None:
    @cli.command("serve")
    @click.option("--bind", "-b", "binds", multiple=True, default=("127.0.0.1:8000",), show_default=True,
                  metavar="HOST:PORT", help="Address to listen on (repeat for several; unix:/path for a socket).")
    @click.option("--workers", "-w", type=click.IntRange(min=1), default=None,
                  help="Worker processes [default: 2 × CPU cores + 1, at most 8].")
    @click.option("--threads", type=click.IntRange(min=1), default=4, show_default=True,
                  help="Threads per worker (1: the sync worker).")
    @click.option("--timeout", type=click.IntRange(min=1), default=120, show_default=True,
                  help="Seconds a request may run before its worker is restarted (the SKP PDF and "
                       "workbooks take a few seconds; long exports run in `kinerja worker`).")
    @click.option("--graceful-timeout", type=click.IntRange(min=1), default=30, show_default=True,
                  help="Seconds running requests get to finish on SIGTERM/restart.")
    @click.option("--keep-alive", type=click.IntRange(min=0), default=5, show_default=True,
                  help="Seconds to keep an idle client connection open (behind a proxy: a little above its own).")
    @click.option("--max-requests", type=click.IntRange(min=0), default=20000, show_default=True,
                  help="Restart a worker after this many requests (0: never). A restart costs the new worker seconds "
                       "of CPU to load the application: at the month-end rush 2,000 meant one every minute or so.")
    @click.option("--forwarded-allow-ips", default="127.0.0.1,::1", show_default=True,
                  help="Proxy addresses whose X-Forwarded-* headers are trusted (with KINERJA_BEHIND_PROXY).")
    @click.option("--access-log/--no-access-log", default=True, show_default=True,
                  help="Log every request on stdout.")
    @click.option("--collectstatic/--no-collectstatic", default=True, show_default=True,
                  help="Collect the static files first; with --no-collectstatic they must have been collected.")
    def serve(binds, workers, threads, timeout, graceful_timeout, keep_alive, max_requests, forwarded_allow_ips,
              access_log, collectstatic) -> None:
        """Serve Kinerja in production with gunicorn (several processes) and WhiteNoise for static files."""
        setup_django()  # stops with a plain message when the database is not migrated
        from django.core.management import call_command
        from django.db import connections
        from django.utils.translation import gettext as _

        if collectstatic:
            click.echo(_("Collecting static files…"))
            call_command("collectstatic", interactive=False, verbosity=0)
        elif not _static_ready():
            raise click.ClickException(_("The static files are not collected: run `kinerja manage collectstatic` "
                                         "or leave out --no-collectstatic."))
        connections.close_all()  # the workers open their own
        run_gunicorn(gunicorn_options(
            binds=binds, workers=workers or default_workers(), threads=threads, timeout=timeout,
            graceful_timeout=graceful_timeout, keep_alive=keep_alive, max_requests=max_requests,
            forwarded_allow_ips=forwarded_allow_ips, access_log=access_log))
