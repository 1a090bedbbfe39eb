"""``kinerja skp``: SKP periods, the overdue list, the period export and the SKP content import, for operators."""

from __future__ import annotations

import sys

import click

from kinerja.core.actors import system_actor
from kinerja.core.commandline import service_error, setup_django
from kinerja.organization.cli_lookups import instance_option, unit_option

CLI = system_actor("cli")


def _period(instance, value: int | None, *, passed_deadline: bool = False):
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from kinerja.skp.models import Period

    periods = Period.objects.all() if instance is None else Period.objects.filter(instance=instance)
    if value is not None:
        period = periods.filter(pk=value).select_related("instance").first()
        if period is None:
            raise click.BadParameter(_("No SKP period %(id)s in this instance.") % {"id": value},
                                     param_hint="'--period'")
        return period
    if passed_deadline:
        periods = periods.filter(deadline__lt=timezone.localdate())
    period = periods.select_related("instance").order_by("-start_date").first()
    if period is None:
        raise click.UsageError(_("The instance has no SKP period whose deadline has passed; name one with --period."))
    return period


def _print_table(title: str, headers: list[str], rows: list[list[str]]) -> None:
    """A rich table on a terminal; aligned plain text when piped (or under a test runner)."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if console.is_terminal:
        table = Table(title=title)
        for header in headers:
            table.add_column(header)
        for row in rows:
            table.add_row(*row)
        console.print(table)
        return
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    click.echo(title)
    for row in [headers, *rows]:
        click.echo("  ".join(str(value).ljust(width) for value, width in zip(row, widths, strict=True)).rstrip())


def periods_command(instance_value: str, year: int) -> None:
    setup_django()
    from django.utils.translation import gettext as _

    from kinerja.audit.context import audit_context
    from kinerja.core.errors import ValidationError
    from kinerja.skp import services
    from kinerja.skp.models import Period

    instance = instance_option(instance_value)
    try:
        with audit_context("cli"):
            services.ensure_period(actor=CLI, instance=instance, year=year)
    except ValidationError as exc:
        raise service_error(exc) from None
    periods = Period.objects.filter(instance=instance, year=year).order_by("start_date")
    rows = [[str(p.pk), p.name, p.start_date.isoformat(), p.end_date.isoformat(), p.deadline.isoformat(),
             _("closed") if p.is_closed else _("open")] for p in periods]
    _print_table(_("SKP periods of %(instance)s, %(year)d") % {"instance": instance.name, "year": year},
                 [_("ID"), _("Name"), _("Start"), _("End"), _("Deadline"), _("State")], rows)


def overdue_command(instance_value: str, period_id: int | None, unit_id: int | None) -> None:
    setup_django()
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from kinerja.skp import queries
    from kinerja.skp.models import SkpStatus

    instance = instance_option(instance_value)
    period = _period(instance, period_id, passed_deadline=True)
    unit = unit_option(instance, unit_id)
    statuses = dict(SkpStatus.choices)
    rows = [[e.nip, e.full_name, e.unit.name if e.unit_id else "–", e.position.name if e.position_id else "–",
             str(statuses.get(e.skp_status, _("no SKP")))]
            for e in queries.overdue(instance, period, unit=unit).order_by("unit__path", "name", "pk").iterator()]
    title = _("Employees without an approved SKP for %(period)s (deadline %(deadline)s): %(n)d") % {
        "period": period.name, "deadline": period.deadline.isoformat(), "n": len(rows)}
    if not rows and period.deadline >= timezone.localdate():
        title = _("The deadline of %(period)s (%(deadline)s) has not passed yet.") % {
            "period": period.name, "deadline": period.deadline.isoformat()}
    _print_table(title, [_("NIP"), _("Name"), _("Unit"), _("Position"), _("SKP")], rows)


def export_command(period_id: int, file: str, unit_id: int | None) -> None:
    setup_django()
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    if not file.lower().endswith(".xlsx"):
        raise click.BadParameter(_("The file name must end in .xlsx."), param_hint="'FILE'")

    from kinerja.skp.documents.excel import period_skps, write_period_export

    period = _period(None, period_id)
    unit = unit_option(period.instance, unit_id)
    title = _("SKP %(period)s – %(instance)s") % {"period": period.name, "instance": period.instance.name}
    if unit is not None:
        title = f"{title} – {unit.name}"
    try:
        with open(file, "wb") as handle:
            count = write_period_export(handle, period_skps(period, unit=unit), title=title)
    except OSError as exc:
        raise click.ClickException(_("Cannot write %(file)s: %(error)s")
                                   % {"file": file, "error": exc.strerror}) from None
    click.echo(ngettext("Wrote %(n)d row to %(file)s.", "Wrote %(n)d rows to %(file)s.", count)
               % {"n": count, "file": file})


def import_command(file: str, period_id: int, username: str, dry_run: bool) -> None:
    setup_django()
    from django.utils.translation import gettext as _

    from kinerja.accounts.models import User
    from kinerja.audit.context import audit_context
    from kinerja.people.siasn import FileFormatError
    from kinerja.skp.importer import import_skps

    period = _period(None, period_id)
    actor = User.objects.filter(username=username, is_active=True).first()
    if actor is None:
        raise click.BadParameter(_("No active user %(username)s.") % {"username": username}, param_hint="'--as'")
    try:
        with audit_context("cli"):
            result = import_skps(file, period, actor, dry_run=dry_run)
    except FileFormatError as exc:
        raise click.ClickException(str(exc)) from None
    for error in result.errors:
        click.echo(str(error), err=True)
    if result.errors:
        click.echo(_("%(n)d of %(rows)d rows are invalid: nothing was imported.")
                   % {"n": len({e.line for e in result.errors}), "rows": result.rows}, err=True)
        sys.exit(1)
    counts = {"rows": result.rows, "skps": result.skps_created, "rhks": result.rhks_created,
              "ikis": result.ikis_created}
    if dry_run:
        click.echo(_("Dry run: the file is valid (%(rows)d rows: %(skps)d new SKP, %(rhks)d RHK, %(ikis)d IKI); "
                     "nothing was written.") % counts)
    else:
        click.echo(_("Imported %(rows)d rows: %(skps)d new SKP, %(rhks)d RHK, %(ikis)d IKI.") % counts)


@click.group("skp")
def skp_group() -> None:
    """SKP periods, overdue lists, exports and imports."""


@skp_group.command("periods")
@click.option("--instance", "instance_value", required=True, metavar="ID|SLUG", help="The instance.")
@click.option("--year", required=True, type=click.IntRange(2000, 2100), help="The year.")
def periods(instance_value: str, year: int) -> None:
    """Create the year's SKP period(s) (per the instance's setting) if missing, and list them."""
    periods_command(instance_value, year)


@skp_group.command("overdue")
@click.option("--instance", "instance_value", required=True, metavar="ID|SLUG", help="The instance.")
@click.option("--period", "period_id", type=int, metavar="ID",
              help="The period (default: the latest whose deadline has passed).")
@click.option("--unit", "unit_id", type=int, metavar="ID", help="Only this unit and the units below it.")
def overdue(instance_value: str, period_id: int | None, unit_id: int | None) -> None:
    """Employees without an approved SKP after the period's deadline."""
    overdue_command(instance_value, period_id, unit_id)


@skp_group.command("export")
@click.option("--period", "period_id", required=True, type=int, metavar="ID", help="The period.")
@click.option("--unit", "unit_id", type=int, metavar="ID", help="Only this unit and the units below it.")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
def export(period_id: int, unit_id: int | None, file: str) -> None:
    """Write every SKP of a period to FILE.xlsx, one row per IKI."""
    export_command(period_id, file, unit_id)


@skp_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, readable=True))
@click.option("--period", "period_id", required=True, type=int, metavar="ID", help="The period.")
@click.option("--as", "username", required=True, metavar="USERNAME",
              help="The user the changes are made as (an HR admin of the employees).")
@click.option("--dry-run", is_flag=True, help="Validate only; write nothing.")
def import_(file: str, period_id: int, username: str, dry_run: bool) -> None:
    """Create or fill SKPs from FILE (CSV or XLSX, one row per IKI; see docs/import.md).

    Every row is checked first; if any is invalid, each is printed with its line number and
    nothing is imported (exit code 1).
    """
    import_command(file, period_id, username, dry_run)
