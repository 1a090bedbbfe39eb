"""``kinerja feedback comments|dialogues`` through click's test runner: thin over the services, clear errors."""

from __future__ import annotations

from datetime import timedelta

import click
import pytest
from click.testing import CliRunner
from django.utils import timezone

from kinerja.audit.models import AuditEvent
from kinerja.feedback import cli as feedback_cli
from kinerja.feedback import services
from kinerja.feedback.models import Comment, Dialogue, DialogueAction, DialogueStatus
from kinerja.skp.models import Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def cli():
    group = click.Group()
    group.add_command(feedback_cli.feedback_group)
    return group


def run(cli, *args):
    return CliRunner().invoke(cli, ["feedback", *map(str, args)])


def test_the_command_is_declared_by_the_apps_faces_and_registered():
    from kinerja.cli import _register, cli

    _register()
    assert "feedback" in cli.commands
    assert set(cli.commands["feedback"].commands) == {"comments", "dialogues"}


def test_add_and_list_comments_on_an_rhk_and_a_report(world, f, cli):
    out = run(cli, "comments", "add", "--rhk", f.rhk.pk, "--as", world.u_kasi_surv.username,
              "--body", "Mohon data minggu ketiga.")
    assert out.exit_code == 0, out.output
    first = Comment.objects.get()
    assert (first.rhk_id, first.author_id) == (f.rhk.pk, world.u_kasi_surv.pk)
    assert AuditEvent.objects.get(action="feedback.comment.create").source == "cli"
    out = run(cli, "comments", "add", "--reply-to", first.pk, "--as", world.u_staff1.username, "--body", "Siap.")
    assert out.exit_code == 0, out.output
    assert run(cli, "comments", "add", "--report", f.report.pk, "--as", world.u_staff1.username,
               "--body", "Bukti sudah saya unggah.").exit_code == 0
    listed = run(cli, "comments", "list", "--rhk", f.rhk.pk).output.splitlines()
    assert listed[0].startswith(f"{first.pk}\t") and listed[0].endswith("Mohon data minggu ketiga.")
    assert listed[1].startswith("    ") and listed[1].endswith("Siap.")
    assert "Bukti sudah saya unggah." in run(cli, "comments", "list", "--report", f.report.pk).output


def test_comment_errors_are_clear_and_write_nothing(world, f, cli):
    cases = [
        (("comments", "add", "--rhk", f.rhk.pk, "--as", world.u_kabid_yankes.username, "--body", "x"),
         "Only the employee and their evaluating official"),
        (("comments", "add", "--rhk", f.rhk.pk, "--as", world.u_staff1.username, "--body", "   "), "body:"),
        (("comments", "add", "--rhk", 999999, "--as", world.u_staff1.username, "--body", "x"), "999999"),
        (("comments", "add", "--rhk", f.rhk.pk, "--as", "nobody-here", "--body", "x"), "nobody-here"),
        (("comments", "add", "--as", world.u_staff1.username, "--body", "x"), "--rhk"),
        (("comments", "list", "--rhk", f.rhk.pk, "--report", f.report.pk), "--rhk"),
    ]
    for args, message in cases:
        out = run(cli, *args)
        assert out.exit_code != 0 and message in out.output, (args, out.output)
        assert "Traceback" not in out.output
    assert not Comment.objects.exists()


def test_a_comment_on_a_closed_period_is_refused(world, f, cli):
    Period.objects.filter(pk=f.period.pk).update(is_closed=True)
    out = run(cli, "comments", "add", "--report", f.report.pk, "--as", world.u_kasi_surv.username, "--body", "x")
    assert out.exit_code == 1 and "is closed" in out.output
    assert not Comment.objects.exists()


def test_list_and_record_a_dialogue(world, f, cli):
    dialogue = services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp,
                                          scheduled_at=timezone.now() - timedelta(hours=2),
                                          agenda="Capaian triwulan III")
    listed = run(cli, "dialogues", "list", "--employee", world.staff1.nip).output
    assert listed.startswith(f"{dialogue.pk}\t") and "planned" in listed and "Capaian triwulan III" in listed
    assert run(cli, "dialogues", "list", "--status", "held").output.strip() == "No dialogues."
    out = run(cli, "dialogues", "record", dialogue.pk, "--as", world.u_kasi_surv.username,
              "--notes", "Target tercapai; lanjutkan.", "--action", "Rekap data mingguan",
              "--action-due", "2026-12-20", "--lock-version", dialogue.lock_version)
    assert out.exit_code == 0, out.output
    dialogue.refresh_from_db()
    assert dialogue.status == DialogueStatus.HELD and dialogue.notes == "Target tercapai; lanjutkan."
    assert DialogueAction.objects.get(dialogue=dialogue).text == "Rekap data mingguan"
    assert AuditEvent.objects.get(action="feedback.dialogue.record").source == "cli"


def test_recording_errors_are_clear(world, f, cli):
    dialogue = services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp,
                                          scheduled_at=timezone.now() - timedelta(hours=2))
    cases = [
        (("dialogues", "record", dialogue.pk, "--as", world.u_staff1.username, "--notes", "x"),
         "Only the evaluating official"),
        (("dialogues", "record", dialogue.pk, "--as", world.u_kasi_surv.username, "--notes", " "), "notes:"),
        (("dialogues", "record", dialogue.pk, "--as", world.u_kasi_surv.username, "--notes", "x",
          "--lock-version", dialogue.lock_version + 5), "Someone else changed"),
        (("dialogues", "record", 424242, "--as", world.u_kasi_surv.username, "--notes", "x"), "424242"),
        (("dialogues", "record", dialogue.pk, "--as", world.u_kasi_surv.username, "--notes", "x",
          "--follow-up", "2026-13-40"), "2026-13-40"),
    ]
    for args, message in cases:
        out = run(cli, *args)
        assert out.exit_code != 0 and message in out.output, (args, out.output)
    assert Dialogue.objects.get().status == DialogueStatus.PLANNED
