"""``kinerja demo``: migrate, load the demo data, print the logins and run a local server.

With the database task backend (the default) the demo also starts the task worker (``kinerja worker``)
and the scheduler (``kinerja scheduler``: the periodic reminders) as child processes, so exports and
reminders run in the background as in production; they are stopped when the server stops.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import click

from . import setup_django

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def _exit_on_sigterm(signum, frame) -> None:
    sys.exit(128 + signum)


def role_label(role: str) -> str:
    """The label users see for a demo login's role ("Admin OPD", not "admin_opd")."""
    from django.utils.translation import gettext as _

    from kinerja.accounts.models import Role

    derived = {"pegawai": _("Employee"), "pegawai_revisi": _("Employee (SKP under revision)"),
               "penilai": _("Evaluating official"), "superuser": _("Platform operator")}
    return derived[role] if role in derived else str(Role(role).label)


def _print_logins(logins, host: str, port: int) -> None:
    """A rich table on a terminal; aligned plain text when piped (or under a test runner)."""
    from django.utils.translation import gettext as _
    from rich.console import Console
    from rich.table import Table

    headers = (_("Role"), _("Instance"), _("Username"), _("NIP"), _("Name"), _("Password"))
    rows = [(role_label(x.role), x.instance or "–", x.username, x.nip or "–", x.name or "–", x.password)
            for x in logins]
    title = _("Demo logins (password for all: %(password)s)") % {"password": logins[0].password} if logins else ""
    console = Console()
    if console.is_terminal:
        table = Table(title=title)
        for header in headers:
            table.add_column(header)
        for row in rows:
            table.add_row(*row)
        console.print(table)
    else:
        widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
        click.echo(title)
        for row in [headers, *rows]:
            click.echo("  ".join(str(value).ljust(width) for value, width in zip(row, widths, strict=True)).rstrip())
    click.echo(_("Employees can also log in with their NIP. Open http://%(host)s:%(port)d/")
               % {"host": host if host not in ("0.0.0.0", "::") else "127.0.0.1", "port": port})


def register(cli: click.Group) -> None:
    @cli.command("demo")
    @click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
    @click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port.")
    @click.option("--no-server", is_flag=True, help="Only load the demo data and print the logins.")
    @click.option("--no-worker", is_flag=True,
                  help="Do not start the background task worker and the scheduler with the server.")
    @click.option("--reset", is_flag=True, help="Empty the WHOLE database first (asks unless --yes).")
    @click.option("--yes", is_flag=True, help="Do not ask before --reset.")
    def demo(host: str, port: int, no_server: bool, no_worker: bool, reset: bool, yes: bool) -> None:
        """Run Kinerja with demo data on plain HTTP at http://127.0.0.1:8000."""
        # A laptop demo: plain HTTP cookies, static files straight from the finders (no collectstatic).
        os.environ["KINERJA_INSECURE_HTTP"] = "1"
        # No KINERJA_SECRET_KEY needed: a random one is made once and kept in the data directory.
        os.environ.setdefault("KINERJA_DEMO", "1")
        os.environ.setdefault("KINERJA_MANIFEST_STATIC", "0")
        if host not in LOOPBACK:
            os.environ.setdefault("KINERJA_ALLOWED_HOSTS", f"localhost,127.0.0.1,[::1],{host}")
        # e-mails (printed on the console) link to this server, not to a bare path
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else (f"[{host}]" if ":" in host else host)
        os.environ.setdefault("KINERJA_BASE_URL", f"http://{shown}:{port}")
        setup_django(migrated=False)  # it migrates itself
        from django.core.management import call_command
        from django.utils.translation import gettext as _

        from kinerja.demo.data import load_demo

        call_command("migrate", interactive=False, verbosity=0)
        if reset:
            if not yes:
                click.confirm(_("This deletes ALL data in the database. Continue?"), abort=True)
            call_command("flush", interactive=False, verbosity=0)
        click.echo(_("Loading demo data…"))
        logins = load_demo()
        _print_logins(logins, host, port)
        if not no_server:
            from django.conf import settings

            from .worker import (
                start_scheduler_process,
                start_worker_process,
                stop_worker_process,
                uses_database_tasks,
            )

            Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
            worker = scheduler = None
            if not no_worker and uses_database_tasks():
                click.echo(_("Starting the background task worker…"))
                worker = start_worker_process("--no-reload")
                scheduler = start_scheduler_process()
            # SIGTERM (a service manager, `kill`) stops the server like Ctrl-C does, so the worker is stopped too.
            previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
            try:
                call_command("runserver", f"{host}:{port}", use_reloader=False)
            finally:
                signal.signal(signal.SIGTERM, previous)
                for process in (scheduler, worker):
                    if process is not None:
                        stop_worker_process(process)
