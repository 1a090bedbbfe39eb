"""``kinerja import employees FILE``: load a SIASN "Export Data ASN" file (see docs/import.md)."""

from __future__ import annotations

import sys

import click

from kinerja.core.commandline import setup_django

MAX_PRINTED_ERRORS = 100


def _instance(slug: str | None):
    from django.utils.translation import gettext as _

    from kinerja.organization.models import Instance

    if slug:
        instance = Instance.objects.filter(slug=slug).first()
        if instance is None:
            raise click.UsageError(_("No instance with slug %(slug)s.") % {"slug": slug})
        return instance
    slugs = list(Instance.objects.order_by("slug").values_list("slug", flat=True)[:21])
    if len(slugs) != 1:
        raise click.UsageError(_("Choose the instance with --instance (one of: %(slugs)s).")
                               % {"slugs": ", ".join(slugs) or "-"})
    return Instance.objects.get(slug=slugs[0])


def _progress_bar(console):
    """A rich progress bar on stderr, or None when stderr is not a terminal."""
    if not console.is_terminal:
        return None, None
    from django.utils.translation import gettext as _
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=console, transient=True)
    tasks: dict[str, int] = {}
    labels = {"validate": _("Validating"), "import": _("Importing")}

    def update(phase: str, done: int, total: int | None) -> None:
        if phase not in tasks:
            tasks[phase] = bar.add_task(labels.get(phase, phase), total=total)
        bar.update(tasks[phase], completed=done, total=total)

    return bar, update


def _summary(result, console) -> None:
    from django.utils.translation import gettext as _
    from rich.table import Table

    title = _("Import of %(file)s into %(instance)s") % {"file": result.file, "instance": result.instance}
    if result.dry_run:
        title += " " + _("(dry run: nothing written)")
    table = Table(title=title, show_header=True)
    table.add_column(_("Rows"), justify="right")
    table.add_column(_("Created"), justify="right")
    table.add_column(_("Updated"), justify="right")
    table.add_column(_("Unchanged"), justify="right")
    table.add_column(_("Invalid"), justify="right")
    table.add_column(_("New units"), justify="right")
    table.add_column(_("New positions"), justify="right")
    table.add_row(*(str(v) for v in (result.rows, result.created, result.updated, result.unchanged, result.invalid,
                                     result.units_created, result.positions_created)))
    console.print(table)


def import_employees_command(file, instance_slug, create_units, skip_invalid, errors_file, dry_run) -> None:
    setup_django()
    from django.utils.translation import gettext as _
    from rich.console import Console

    from kinerja.audit.context import audit_context
    from kinerja.people.importer import import_employees
    from kinerja.people.siasn import FileFormatError

    instance = _instance(instance_slug)
    out, err = Console(file=sys.stdout, soft_wrap=True), Console(file=sys.stderr)
    bar, progress = _progress_bar(err)
    try:
        with audit_context("cli"):
            if bar is not None:
                with bar:
                    result = import_employees(file, instance, create_units=create_units, skip_invalid=skip_invalid,
                                              dry_run=dry_run, errors_path=errors_file, progress=progress)
            else:
                result = import_employees(file, instance, create_units=create_units, skip_invalid=skip_invalid,
                                          dry_run=dry_run, errors_path=errors_file)
    except FileFormatError as exc:
        raise click.ClickException(str(exc)) from None

    shown = result.errors if not result.errors_path else result.errors[:MAX_PRINTED_ERRORS]
    for error in shown:
        click.echo(str(error))
    if len(shown) < len(result.errors):
        click.echo(_("… and %(n)d more.") % {"n": len(result.errors) - len(shown)})
    _summary(result, out)
    if result.errors_path:
        click.echo(_("Rejected rows were written to %(path)s.") % {"path": result.errors_path})
    if result.errors and not skip_invalid:
        click.echo(_("%(n)d of %(rows)d rows are invalid: nothing was imported. Fix them, or use --skip-invalid "
                     "to import the valid rows.") % {"n": result.invalid, "rows": result.rows}, err=True)
        sys.exit(1)
    if result.dry_run:
        click.echo(_("Dry run: the file is valid; nothing was written."))
    else:
        click.echo(_("Import finished: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
                   % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged})


@click.group("import")
def import_group() -> None:
    """Import data from files."""


@import_group.command("employees")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, readable=True))
@click.option("--instance", "instance_slug", metavar="SLUG",
              help="Instance to import into (required unless exactly one exists).")
@click.option("--create-units", is_flag=True,
              help="Create units and positions named in the file that are not in the tree.")
@click.option("--skip-invalid", is_flag=True,
              help="Import the valid rows; write the rejected ones to FILE.errors.csv (or --errors-file).")
@click.option("--errors-file", type=click.Path(dir_okay=False, writable=True), metavar="PATH",
              help="Where to write the rejected rows (CSV with line and reason columns).")
@click.option("--dry-run", is_flag=True, help="Validate and count only; write nothing.")
def employees(file, instance_slug, create_units, skip_invalid, errors_file, dry_run) -> None:
    """Import or update employees from a SIASN "Export Data ASN" file (CSV or XLSX).

    Every row is validated first; if any is invalid nothing is imported (exit code 1)
    unless --skip-invalid is given. Re-importing the same file changes nothing.
    """
    import_employees_command(file, instance_slug, create_units, skip_invalid, errors_file, dry_run)
