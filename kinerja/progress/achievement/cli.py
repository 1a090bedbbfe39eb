"""``kinerja progress rollup``: recompute the achievement roll-up of an instance (with a progress bar)."""

from __future__ import annotations

import click

from kinerja.core.actors import system_actor
from kinerja.core.commandline import setup_django
from kinerja.organization.cli_lookups import instance_option

CLI = system_actor("cli")


def rollup_command(instance_value: str, period_id: int | None, quiet_warnings: bool, history: bool = False) -> None:
    setup_django()
    from django.utils.translation import gettext as _
    from rich.progress import Progress

    from kinerja.progress.achievement import rebuild

    instance = instance_option(instance_value)
    with Progress(transient=True) as bar:
        task = bar.add_task(_("Rolling up"), total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        stats = rebuild(instance_id=instance.pk, period=period_id, actor=CLI, progress=progress,
                        notify_risks=not quiet_warnings, history=history)
    click.echo(_("%(ikis)s IKI → %(rows)s IKI rows, %(employees)s employee rows, %(rhks)s RHK rows, "
                 "%(indicators)s PK/IKU rows; %(notified)s early warnings sent; %(seconds).1f s") % {
        "ikis": f"{stats.ikis:,}", "rows": f"{stats.iki_rows:,}", "employees": f"{stats.employee_rows:,}",
        "rhks": f"{stats.rhk_rows:,}", "indicators": f"{stats.indicator_rows:,}", "notified": stats.notified,
        "seconds": stats.seconds})


@click.group("progress")
def progress_group() -> None:
    """Progress reports and achievement."""


@progress_group.command("rollup")
@click.option("--instance", "instance_value", required=True, metavar="ID|SLUG", help="The instance.")
@click.option("--period", "period_id", type=int, default=None, help="Only this SKP period (id); default: all.")
@click.option("--no-warnings", "quiet_warnings", is_flag=True, help="Do not notify newly at-risk indicators.")
@click.option("--history", is_flag=True,
              help="Also write again the rows of the months whose deadline had passed at the last roll-up.")
def rollup(instance_value: str, period_id: int | None, quiet_warnings: bool, history: bool) -> None:
    """Recompute the achievement (IKI, employee, RHK, PK indicator, IKU) from the counted reports: every IKI's current
    standing; the closed months' rows are kept unless --history (on PostgreSQL; elsewhere every month)."""
    rollup_command(instance_value, period_id, quiet_warnings, history)
