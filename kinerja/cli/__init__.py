"""The ``kinerja`` command line for operators.

Its own commands (init, serve, demo, seed, worker, bench, manage) live in this package, one module each,
registered in :func:`main`; the commands of an app (``kinerja skp``, ``logins``, ``import``) live in the
app's ``cli.py`` and are named in its ``faces.py`` (``CLI_COMMANDS``, collected by
:func:`kinerja.core.registry.cli_commands`).
Commands that touch the database call :func:`setup_django` first (``kinerja/core/commandline.py``).
"""

from __future__ import annotations

import sys

import click

from kinerja.core.commandline import pending_migrations, require_migrated, setup_django

__all__ = ["cli", "main", "pending_migrations", "require_migrated", "setup_django"]

OWN_COMMANDS = ("init", "demo", "seed", "bench", "worker", "serve")  # modules of this package


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

    from django.utils.module_loading import import_string

    from kinerja.core.registry import cli_commands

    for name in OWN_COMMANDS:
        import_module(f"kinerja.cli.{name}").register(cli)
    for path in cli_commands():
        command = import_string(path)
        if cli.commands.get(command.name, command) is not command:
            raise click.ClickException(f"{path}: the command name {command.name!r} is taken")
        cli.add_command(command)


def main(argv: list[str] | None = None) -> None:
    _register()
    cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="kinerja")
