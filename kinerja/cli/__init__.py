"""The ``kinerja`` command line for operators.

Each sub-command lives in its own module in this package and is registered in :func:`main`.
Commands that touch the database call :func:`setup_django` first.
"""

from __future__ import annotations

import os
import sys

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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kinerja")
def cli() -> None:
    """Kinerja – ASN performance management. Operator commands."""


@cli.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True,
                               "help_option_names": []})
@click.pass_context
def manage(ctx: click.Context) -> None:
    """Run a Django management command (migrate, createsuperuser, …)."""
    setup_django(migrated=False)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kinerja manage", *ctx.args])


def _register() -> None:
    from importlib import import_module

    for name in ("kinerja.cli.init", "kinerja.cli.demo", "kinerja.cli.seed", "kinerja.people.cli", "kinerja.cli.bench",
                 "kinerja.skp.cli", "kinerja.cli.worker", "kinerja.cli.serve", "kinerja.accounts.cli"):
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:  # a command module not written yet
            if exc.name == name:
                continue
            raise
        module.register(cli)


def main(argv: list[str] | None = None) -> None:
    _register()
    cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="kinerja")
