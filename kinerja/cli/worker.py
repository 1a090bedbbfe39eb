"""``kinerja worker``: run the background tasks (exports, reminders) queued in the database.

A thin wrapper around django-tasks-db's ``db_worker`` management command; every option of that
command passes through (``kinerja worker --batch`` runs what is queued and exits, ``--help`` lists the rest).
"""

from __future__ import annotations

import subprocess
import sys

import click

from . import setup_django

WORKER_COMMAND = "db_worker"


def uses_database_tasks() -> bool:
    """Whether the configured default task backend keeps tasks in the database (so a worker must run them)."""
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def start_worker_process(*args: str) -> subprocess.Popen:
    """The worker as a child process of this one (``kinerja demo``), with the same settings environment."""
    return subprocess.Popen([sys.executable, "-m", "kinerja.cli", "worker", *args])


def start_scheduler_process() -> subprocess.Popen:
    """``kinerja scheduler`` as a child process (``kinerja demo``): it enqueues the periodic tasks the apps
    declare (``SCHEDULE``) for the worker to run."""
    return subprocess.Popen([sys.executable, "-m", "kinerja.cli", "scheduler"])


def stop_worker_process(process: subprocess.Popen, timeout: float = 10) -> None:
    """SIGTERM lets the worker finish the task at hand; it is killed if it does not stop in time."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def register(cli: click.Group) -> None:
    @cli.command("worker", context_settings={"ignore_unknown_options": True, "allow_extra_args": True,
                                             "help_option_names": []})
    @click.pass_context
    def worker(ctx: click.Context) -> None:
        """Run queued background tasks (exports, reminders); options of db_worker pass through (--batch, --help)."""
        setup_django()
        from django.core.management import execute_from_command_line

        execute_from_command_line(["kinerja worker", WORKER_COMMAND, *ctx.args])
