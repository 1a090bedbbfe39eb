"""``kinerja logins``: create the missing logins of an instance (or a unit's subtree) with one-time
passwords written to a CSV and/or a PDF card sheet; deactivate the logins of employees who left."""

from __future__ import annotations

import contextlib
import os
import sys

import click

from kinerja.core.actors import system_actor
from kinerja.core.commandline import service_error, setup_django
from kinerja.organization.cli_lookups import instance_option, unit_option

CLI = system_actor("cli")


def _open_private(path: str):
    """A new file readable by its owner only: it holds passwords."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    return os.fdopen(fd, "wb")


@contextlib.contextmanager
def _bar(description: str, total: int):
    """A rich progress bar on stderr (nothing when stderr is not a terminal); yields advance(n)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=sys.stderr)
    if not console.is_terminal:
        yield lambda n: None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n: progress.advance(task, n)


def create_command(instance_value: str, unit_id: int | None, csv_path: str | None, pdf_path: str | None) -> None:
    setup_django()
    from django.db import transaction
    from django.utils.translation import gettext as _

    from kinerja.audit.context import audit_context
    from kinerja.core.errors import ValidationError
    from kinerja.people import login_sheet, logins

    if not csv_path and not pdf_path:
        raise click.UsageError(_("Name where the one-time passwords go: --csv FILE and/or --pdf FILE."))
    instance = instance_option(instance_value)
    unit = unit_option(instance, unit_id)
    total = logins.employees_without_login(instance, unit).count()
    if total == 0:
        click.echo(_("Every active employee there already has a login; nothing was created."))
        return
    url = login_sheet.login_url()
    try:
        # one transaction: if a file cannot be written, no login is created (its password would be lost)
        with audit_context("cli"), transaction.atomic():
            with _bar(_("Creating logins"), total) as advance:
                batch = logins.create_logins(actor=CLI, instance=instance, unit=unit, progress=advance)
            if csv_path:
                with _open_private(csv_path) as out:
                    out.write(("\ufeff" + login_sheet.csv_text(batch, url)).encode())
            if pdf_path:
                with _bar(_("Writing the PDF"), 1) as advance:
                    data = login_sheet.pdf_bytes(batch, url, instance)
                    advance(1)
                with _open_private(pdf_path) as out:
                    out.write(data)
    except ValidationError as exc:
        raise service_error(exc) from None
    except OSError as exc:
        raise click.ClickException(_("Could not write %(file)s: %(error)s. No login was created.")
                                   % {"file": exc.filename, "error": exc.strerror}) from None
    click.echo(_("%(n)d logins created for %(instance)s.") % {"n": len(batch.created), "instance": instance.name})
    for nip, reason in batch.skipped:
        click.echo(_("Skipped %(nip)s: %(reason)s.") % {"nip": nip, "reason": reason})
    for path in (csv_path, pdf_path):
        if path:
            click.echo(_("One-time passwords written to %(file)s (readable by you only). Hand them out, then "
                         "delete the file: they are not kept anywhere else.") % {"file": path})


def deactivate_command(instance_value: str) -> None:
    setup_django()
    from django.utils.translation import gettext as _

    from kinerja.audit.context import audit_context
    from kinerja.people import logins

    instance = instance_option(instance_value)
    total = logins.leaver_logins(instance).count()
    with audit_context("cli"), _bar(_("Deactivating logins"), total) as advance:
        count = logins.deactivate_leavers(actor=CLI, instance=instance, progress=advance)
    click.echo(_("%(n)d logins of employees who left were deactivated.") % {"n": count})


@click.group("logins")
def logins_group() -> None:
    """Logins in bulk: create the missing ones, deactivate those of employees who left."""


@logins_group.command("create")
@click.option("--instance", "instance_value", required=True, metavar="ID|SLUG", help="The instance.")
@click.option("--unit", "unit_id", type=int, metavar="ID",
              help="Only this unit and its sub-units (default: the whole instance).")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, writable=True),
              help="Write name, NIP, unit, user name, one-time password and log-in address here.")
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False, writable=True),
              help="Write the printable cards (one per employee) here.")
def create(instance_value, unit_id, csv_path, pdf_path) -> None:
    """Create a login (user name = NIP, one-time password) for each active employee without one."""
    create_command(instance_value, unit_id, csv_path, pdf_path)


@logins_group.command("deactivate-leavers")
@click.option("--instance", "instance_value", required=True, metavar="ID|SLUG", help="The instance.")
def deactivate(instance_value) -> None:
    """Deactivate the logins of employees who are no longer active."""
    deactivate_command(instance_value)
