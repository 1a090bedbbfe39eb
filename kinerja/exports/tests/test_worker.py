"""With the database task backend (the app's default) an export waits queued until the worker ran it."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from kinerja.cli import demo as demo_cli
from kinerja.cli import worker as worker_cli
from kinerja.exports.models import ExportJob, JobStatus
from kinerja.skp.documents.tests.factories import build_skps

PAGE = "skp_documents:export"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The worker commits and checks its connection like a separate process: real transactions, not a rolled-back test one.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def cli():
    group = click.Group()
    worker_cli.register(group)
    demo_cli.register(group)
    return group


def test_export_is_queued_in_the_database_until_the_worker_runs_it(database_tasks, world, client_for, cli):
    skps = build_skps(world)
    assert worker_cli.uses_database_tasks()
    client = client_for(world.u_admin_bkpsdm)
    response = client.post(reverse(PAGE), {"period": skps.period.pk, "language": "id"})
    assert response.status_code == 302
    job = ExportJob.objects.get()
    task = DBTaskResult.objects.get()
    assert task.status == "READY" and task.task_path == "kinerja.exports.tasks.run_export"
    assert task.args_kwargs["args"] == [job.pk]
    assert job.status == JobStatus.QUEUED and not job.file

    page = client.get(response["Location"]).content.decode()
    assert f'data-job="{job.pk}" data-status="queued"' in page and 'data-polling="1"' in page
    assert reverse("exports:download", args=[job.pk]) not in page

    result = CliRunner().invoke(cli, ["worker", "--batch", "--no-startup-delay", "--no-reload"])
    assert result.exit_code == 0, result.output

    task.refresh_from_db()
    job.refresh_from_db()
    assert task.status == "SUCCESSFUL" and task.finished_at is not None
    assert task.return_value == {"rows": job.rows, "size": job.size, "file": job.file.name}
    assert job.status == JobStatus.DONE and job.rows > 30
    fragment = client.get(reverse("exports:table"), {"kind": "skp_period"}).content.decode()
    assert f'data-job="{job.pk}" data-status="done"' in fragment and 'data-polling="1"' not in fragment
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 200


def test_the_suite_runs_tasks_immediately_by_default(world, client_for):
    """The autouse fixture in kinerja/conftest.py: no worker needed, nothing left in the task table."""
    skps = build_skps(world)
    assert not worker_cli.uses_database_tasks()
    client_for(world.u_admin_bkpsdm).post(reverse(PAGE), {"period": skps.period.pk, "language": "id"})
    assert ExportJob.objects.get().status == JobStatus.DONE
    assert not DBTaskResult.objects.exists()


@pytest.mark.parametrize("backend", ["database", "immediate"])
def test_demo_runs_the_worker_and_scheduler_alongside_the_server(backend, settings, monkeypatch, cli):
    if backend == "database":
        settings.TASKS = DATABASE_TASKS
    events = []
    monkeypatch.setattr("kinerja.demo.data.load_demo", lambda: [])
    monkeypatch.setattr(worker_cli, "start_worker_process", lambda *args: events.append(("start", args)) or "proc")
    monkeypatch.setattr(worker_cli, "start_scheduler_process", lambda: events.append(("scheduler",)) or "sched")
    monkeypatch.setattr(worker_cli, "stop_worker_process", lambda proc: events.append(("stop", proc)))

    def fake_call_command(name, *args, **kwargs):
        if name == "runserver":
            events.append(("runserver", args))
            raise KeyboardInterrupt  # the operator stops the server

    monkeypatch.setattr("django.core.management.call_command", fake_call_command)
    result = CliRunner().invoke(cli, ["demo", "--port", "8123"])
    assert result.exit_code != 0  # aborted by the interrupt
    if backend == "database":
        assert events == [("start", ("--no-reload",)), ("scheduler",), ("runserver", ("127.0.0.1:8123",)),
                          ("stop", "sched"), ("stop", "proc")]
    else:
        assert events == [("runserver", ("127.0.0.1:8123",))]
