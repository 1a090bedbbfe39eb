"""``kinerja scheduler``: each due run of each SCHEDULE job is enqueued once, whatever restarts or second schedulers."""

from __future__ import annotations

from datetime import datetime

import pytest
from click.testing import CliRunner
from django.utils import timezone
from django_tasks import task

from kinerja.core.registry import ScheduledJob, scheduled_jobs
from kinerja.core.testing import SYSTEM
from kinerja.notifications import cli as notifications_cli
from kinerja.notifications.models import ScheduledRun
from kinerja.notifications.services import last_due, run_due_jobs

CALLS: list[str] = []


@task()
def record_call() -> None:
    CALLS.append("ran")


JOB = ScheduledJob("test.daily", "kinerja.notifications.tests.test_scheduler.record_call", hour=7)
EVERY = ScheduledJob("test.every", "kinerja.notifications.tests.test_scheduler.record_call", every_minutes=15)


def at(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


@pytest.fixture(autouse=True)
def _no_calls():
    CALLS.clear()


def test_last_due_daily_and_every():
    assert last_due(JOB, at("2026-12-06 06:59")) == at("2026-12-05 07:00")
    assert last_due(JOB, at("2026-12-06 07:00")) == at("2026-12-06 07:00")
    assert last_due(JOB, at("2026-12-06 23:30")) == at("2026-12-06 07:00")
    assert last_due(EVERY, at("2026-12-06 10:37")) == at("2026-12-06 10:30")
    assert last_due(EVERY, at("2026-12-06 00:00")) == at("2026-12-06 00:00")


def test_a_job_needs_one_rhythm():
    with pytest.raises(ValueError):
        ScheduledJob("x", "a.b")
    with pytest.raises(ValueError):
        ScheduledJob("x", "a.b", hour=7, every_minutes=5)
    with pytest.raises(ValueError):
        ScheduledJob("x", "a.b", hour=24)


def test_each_due_run_is_enqueued_once(db):
    made = run_due_jobs(actor=SYSTEM, now=at("2026-12-06 07:05"), jobs=[JOB])
    assert [(r.name, r.due_at) for r in made] == [("test.daily", at("2026-12-06 07:00"))] and CALLS == ["ran"]
    # the same minute again, a restarted scheduler later that day, a second scheduler: nothing new
    assert run_due_jobs(actor=SYSTEM, now=at("2026-12-06 07:05"), jobs=[JOB]) == []
    assert run_due_jobs(actor=SYSTEM, now=at("2026-12-06 18:00"), jobs=[JOB]) == []
    assert CALLS == ["ran"]
    # the next day's run
    assert len(run_due_jobs(actor=SYSTEM, now=at("2026-12-07 07:00"), jobs=[JOB])) == 1
    assert CALLS == ["ran", "ran"]


def test_a_scheduler_down_for_days_catches_up_once(db):
    run_due_jobs(actor=SYSTEM, now=at("2026-12-01 08:00"), jobs=[JOB])
    assert len(run_due_jobs(actor=SYSTEM, now=at("2026-12-05 09:00"), jobs=[JOB])) == 1
    assert CALLS == ["ran", "ran"]


def test_a_run_another_scheduler_made_is_skipped(db):
    ScheduledRun.objects.create(name="test.every", due_at=at("2026-12-06 10:30"))
    assert run_due_jobs(actor=SYSTEM, now=at("2026-12-06 10:40"), jobs=[EVERY]) == []
    assert CALLS == []


def test_old_runs_are_pruned(db):
    ScheduledRun.objects.create(name="test.daily", due_at=at("2026-10-01 07:00"))
    run_due_jobs(actor=SYSTEM, now=at("2026-12-06 07:00"), jobs=[JOB])
    assert list(ScheduledRun.objects.values_list("due_at", flat=True)) == [at("2026-12-06 07:00")]


def test_progress_declares_the_deadline_reminders():
    jobs = {job.name: job for job in scheduled_jobs()}
    assert jobs["progress.deadline_reminders"].task == "kinerja.progress.tasks.send_deadline_reminders"


def test_progress_declares_the_nightly_roll_up_before_the_morning_reminders():
    jobs = {job.name: job for job in scheduled_jobs()}
    nightly = jobs["progress.achievement"]
    assert nightly.task == "kinerja.progress.tasks.advance_achievement" and (nightly.hour, nightly.minute) == (1, 30)
    reminders = jobs["progress.deadline_reminders"]
    assert (nightly.hour, nightly.minute) < (reminders.hour, reminders.minute)


def test_the_command_once_and_list(db):
    runner = CliRunner()
    listed = runner.invoke(notifications_cli.scheduler, ["--list"])
    assert listed.exit_code == 0 and "progress.deadline_reminders" in listed.output
    assert "progress.achievement\tdaily at 01:30\tkinerja.progress.tasks.advance_achievement" in listed.output
    first = runner.invoke(notifications_cli.scheduler, ["--once"])
    assert first.exit_code == 0, first.output
    assert "Enqueued progress.deadline_reminders" in first.output and "Enqueued progress.achievement" in first.output
    again = runner.invoke(notifications_cli.scheduler, ["--once"])
    assert again.exit_code == 0 and "Enqueued" not in again.output
    assert ScheduledRun.objects.filter(name="progress.deadline_reminders").count() == 1


def test_job_names_are_unique(monkeypatch):
    from kinerja.core import registry

    monkeypatch.setattr(registry, "_collect", lambda attribute: [JOB, JOB] if attribute == "SCHEDULE" else [])
    with pytest.raises(ValueError, match="declared twice"):
        registry.scheduled_jobs()
