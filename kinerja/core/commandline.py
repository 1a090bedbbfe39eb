"""What every ``kinerja`` command needs, wherever it lives (kinerja/cli/ or an app's ``cli.py``): Django set
up, the database migrated, a service's errors said plainly.

Commands that touch the database call :func:`setup_django` first (inside the command, not at import: the
command line is assembled, and ``--help`` answers, before any settings are read).
"""

from __future__ import annotations

import os

import click


def setup_django(*, migrated: bool = True) -> None:
    """Load the settings and apps; with ``migrated`` (the default) stop with a plain message when the
    database cannot be reached or is not migrated, instead of a traceback at the first query."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:  # e.g. no KINERJA_SECRET_KEY in production: say so, no traceback
        raise click.ClickException(str(exc)) from None
    if migrated:
        require_migrated()


def pending_migrations() -> list:
    """The migrations not yet applied to the configured database (empty when it is up to date)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def require_migrated() -> None:
    from django.db import DatabaseError
    from django.utils.translation import gettext as _

    try:
        pending = pending_migrations()
    except DatabaseError as exc:
        raise click.ClickException(_("Cannot use the database: %(error)s") % {"error": str(exc).strip()}) from None
    if pending:
        raise click.ClickException(_("Database not migrated: run `kinerja manage migrate` (an existing "
                                     "installation) or `kinerja init` (a new one)."))


def service_error(exc) -> click.ClickException:
    """A service's ValidationError as one line per field."""
    from kinerja.core.errors import error_dict

    lines = [f"{field}: {message}" if field != "__all__" else message
             for field, messages in error_dict(exc).items() for message in messages]
    return click.ClickException("\n".join(lines))
