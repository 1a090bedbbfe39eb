"""``kinerja progress``: reports, evidence and the daily log from the command line (operators, scripted
imports), and the sweep that removes evidence files no row refers to.

Every write goes through the services as the system actor ``cli`` (audit source "cli"); a refused write
prints the service's message per field and exits 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kinerja.core.actors import system_actor
from kinerja.core.commandline import service_error, setup_django

CLI = system_actor("cli")


def _run(call):
    """Run a service call in the CLI's audit context; its errors become click errors."""
    from django.core.exceptions import ObjectDoesNotExist, PermissionDenied

    from kinerja.audit.context import audit_context
    from kinerja.core.errors import ConflictError, ValidationError

    try:
        with audit_context("cli"):
            return call()
    except ConflictError as exc:
        raise click.ClickException(str(exc)) from None
    except ValidationError as exc:
        raise service_error(exc) from None
    except PermissionDenied as exc:
        raise click.ClickException(str(exc)) from None
    except ObjectDoesNotExist as exc:
        raise click.ClickException(str(exc)) from None


def _get(model, pk: int, label: str):
    from django.utils.translation import gettext as _

    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise click.BadParameter(_("No %(what)s with id %(id)s.") % {"what": label, "id": pk})
    return obj


def _show_report(report) -> None:
    click.echo(f"report {report.pk}: {report.period_start:%Y-%m} {report.status} "
               f"lock_version={report.lock_version} value={report.value if report.value is not None else ''}")


@click.group("progress")
def progress_group() -> None:
    """Progress reports (realisasi), evidence and the daily log."""


@progress_group.group("report")
def report_group() -> None:
    """Save, submit and list progress reports."""


@report_group.command("save")
@click.option("--iki", "iki_id", required=True, type=int, metavar="ID", help="The indicator (IKI).")
@click.option("--period", "period_start", required=True, metavar="YYYY-MM-DD",
              help="The first day of the reporting period.")
@click.option("--value", default=None, help="The realisation (a number; a decimal comma is fine).")
@click.option("--text", "value_text", default="", help="The realisation in words (qualitative targets).")
@click.option("--notes", default="", help="Notes.")
@click.option("--lock-version", type=int, default=None, help="The version last read (when the report exists).")
@click.option("--submit", is_flag=True, help="Submit it to the evaluator as well.")
def report_save(iki_id, period_start, value, value_text, notes, lock_version, submit) -> None:
    """Create or update the report of an IKI for a reporting period."""
    setup_django()
    from kinerja.progress import services

    report = _run(lambda: services.save_report(actor=CLI, iki=iki_id, period_start=period_start, value=value,
                                               value_text=value_text, notes=notes, lock_version=lock_version,
                                               submit=submit))
    _show_report(report)


@report_group.command("submit")
@click.argument("report_id", type=int)
@click.option("--lock-version", type=int, required=True, help="The version last read.")
def report_submit(report_id, lock_version) -> None:
    """Submit a draft (or returned) report."""
    setup_django()
    from kinerja.progress import services
    from kinerja.progress.models import Report

    report = _get(Report, report_id, "report")
    _show_report(_run(lambda: services.submit_report(actor=CLI, report=report, lock_version=lock_version)))


@report_group.command("list")
@click.option("--skp", "skp_id", required=True, type=int, metavar="ID", help="The SKP.")
def report_list(skp_id) -> None:
    """The reports of an SKP, newest period first."""
    setup_django()
    from kinerja.progress.models import Report

    for report in Report.objects.filter(skp_id=skp_id).order_by("-period_start", "iki_id"):
        click.echo(f"{report.pk}\t{report.period_start}\tiki={report.iki_id}\t{report.status}\t"
                   f"{report.value if report.value is not None else ''}\tlock_version={report.lock_version}")


@progress_group.group("evidence")
def evidence_group() -> None:
    """Add, link and delete evidence; sweep orphan files."""


@evidence_group.command("add")
@click.argument("report_id", type=int)
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, readable=True))
@click.option("--caption", default="", help="A caption for every file.")
def evidence_add(report_id, files, caption) -> None:
    """Add FILES as evidence of a report (each checked by content; one refused stops with its message)."""
    setup_django()
    from django.core.files import File

    from kinerja.progress import services
    from kinerja.progress.models import Report

    report = _get(Report, report_id, "report")
    with click.progressbar(files, label="evidence", file=sys.stderr) as bar:
        for path in bar:
            with open(path, "rb") as handle:
                upload = File(handle, name=Path(path).name)
                evidence = _run(lambda u=upload: services.add_evidence(actor=CLI, report=report, upload=u,
                                                                       caption=caption))
            click.echo(f"\nevidence {evidence.pk}: {evidence.original_name} {evidence.content_type} "
                       f"{evidence.size} {evidence.sha256}")


@evidence_group.command("link")
@click.argument("report_id", type=int)
@click.argument("url")
@click.option("--caption", default="", help="A caption.")
def evidence_link(report_id, url, caption) -> None:
    """Add a link (http/https) as evidence of a report."""
    setup_django()
    from kinerja.progress import services
    from kinerja.progress.models import Report

    report = _get(Report, report_id, "report")
    evidence = _run(lambda: services.add_evidence(actor=CLI, report=report, url=url, caption=caption))
    click.echo(f"evidence {evidence.pk}: {evidence.url}")


@evidence_group.command("delete")
@click.argument("evidence_id", type=int)
def evidence_delete(evidence_id) -> None:
    """Soft-delete a piece of evidence (the file is kept for the audit trail)."""
    setup_django()
    from kinerja.progress import services
    from kinerja.progress.models import Evidence

    evidence = _get(Evidence, evidence_id, "evidence")
    _run(lambda: services.delete_evidence(actor=CLI, evidence=evidence))
    click.echo(f"evidence {evidence_id}: deleted")


@evidence_group.command("sweep")
@click.option("--dry-run", is_flag=True, help="List the orphan files; remove nothing.")
@click.option("--min-age", type=int, default=3600, show_default=True,
              help="Only files older than this many seconds (uploads in flight are left alone).")
def evidence_sweep(dry_run, min_age) -> None:
    """Remove stored evidence files that no evidence row names (left by a killed process)."""
    setup_django()
    from kinerja.progress.sweep import orphan_files, remove

    orphans = orphan_files(min_age=min_age)
    with click.progressbar(orphans, label="orphans", file=sys.stderr) as bar:
        for name in bar:
            click.echo(f"\n{'would remove' if dry_run else 'removed'} {name}")
            if not dry_run:
                remove(name)
    click.echo(f"{len(orphans)} orphan file(s)")


@progress_group.group("log")
def log_group() -> None:
    """The daily work log."""


@log_group.command("add")
@click.option("--rhk", "rhk_id", required=True, type=int, metavar="ID", help="The RHK.")
@click.option("--date", "day", required=True, metavar="YYYY-MM-DD", help="The day.")
@click.option("--text", required=True, help="What was done.")
@click.option("--quantity", default=None, help="How much (counts towards --iki).")
@click.option("--iki", "iki_id", type=int, default=None, metavar="ID", help="The indicator the quantity counts for.")
def log_add(rhk_id, day, text, quantity, iki_id) -> None:
    """Add a daily log entry."""
    setup_django()
    from kinerja.progress import services

    entry = _run(lambda: services.log_day(actor=CLI, rhk=rhk_id, date=day, text=text, quantity=quantity,
                                          iki=iki_id))
    click.echo(f"log entry {entry.pk}: {entry.date} {entry.text[:60]}")


@log_group.command("draft")
@click.option("--iki", "iki_id", required=True, type=int, metavar="ID", help="The indicator (IKI).")
@click.option("--period", "period_start", required=True, metavar="YYYY-MM-DD",
              help="The first day of the reporting period.")
def log_draft(iki_id, period_start) -> None:
    """Draft the period's report of an IKI from the daily log."""
    setup_django()
    from kinerja.progress import services

    _show_report(_run(lambda: services.draft_from_log(actor=CLI, iki=iki_id, period_start=period_start)))


# `kinerja progress rollup` (progress/achievement) joins this group: one `progress` group for the app.
def _add_rollup() -> None:
    from kinerja.progress.achievement.cli import rollup

    progress_group.add_command(rollup)


_add_rollup()
