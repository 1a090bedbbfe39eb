"""``kinerja scheduler``: enqueue the periodic background tasks the apps declare (``SCHEDULE`` in their faces.py).

django.tasks has no periodic scheduler; this loop is one. Each due run is enqueued once, however many
schedulers run and however often they restart (kinerja/notifications/services.py: run_due_jobs); the tasks
run in ``kinerja worker``. ``--once`` checks once and exits (for cron or a systemd timer, and the tests).
"""

from __future__ import annotations

import time

import click

from kinerja.core.actors import system_actor
from kinerja.core.commandline import setup_django

SCHEDULER = system_actor("scheduler")


@click.command("scheduler")
@click.option("--once", is_flag=True, help="Enqueue what is due now and exit (for cron).")
@click.option("--interval", type=click.IntRange(min=1), default=30, show_default=True,
              help="Seconds between two checks.")
@click.option("--list", "list_jobs", is_flag=True, help="List the scheduled jobs and exit.")
def scheduler(once: bool, interval: int, list_jobs: bool) -> None:
    """Enqueue the periodic background tasks (reminders) when they are due; the worker runs them."""
    setup_django()
    from django.db import close_old_connections
    from django.utils.translation import gettext as _

    from kinerja.core.registry import scheduled_jobs
    from kinerja.notifications.services import run_due_jobs

    if list_jobs:
        for job in scheduled_jobs():
            when = (_("daily at %(time)s") % {"time": f"{job.hour:02d}:{job.minute:02d}"} if job.hour is not None
                    else _("every %(n)d minutes") % {"n": job.every_minutes})
            click.echo(f"{job.name}\t{when}\t{job.task}")
        return
    while True:
        for run in run_due_jobs(actor=SCHEDULER):
            click.echo(_("Enqueued %(job)s (due %(due)s)") % {"job": run.name, "due": f"{run.due_at:%Y-%m-%d %H:%M}"})
        if once:
            return
        time.sleep(interval)
        close_old_connections()  # a long-lived loop: drop a connection past its age or broken
