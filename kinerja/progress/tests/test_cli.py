"""``kinerja progress report|evidence|log`` through click's test runner."""

from __future__ import annotations

from datetime import date

import click
import pytest
from click.testing import CliRunner

from kinerja.audit.models import AuditEvent
from kinerja.progress import cli as progress_cli
from kinerja.progress.models import Evidence, Report

from .conftest import PDF, stored_files


@pytest.fixture
def cli():
    group = click.Group()
    group.add_command(progress_cli.progress_group)
    return group


def run(cli, *args):
    return CliRunner().invoke(cli, ["progress", *map(str, args)])


def test_the_command_is_registered():
    from kinerja.cli import _register, cli

    _register()
    assert "progress" in cli.commands


def test_report_save_submit_list(world, k, cli):
    result = run(cli, "report", "save", "--iki", k.iki.pk, "--period", "2026-01-01", "--value", "3,5")
    assert result.exit_code == 0, result.output
    report = Report.objects.get()
    assert "lock_version=0" in result.output and report.value == 3.5
    stale = run(cli, "report", "save", "--iki", k.iki.pk, "--period", "2026-01-01", "--value", "4")
    assert stale.exit_code == 1 and "saved elsewhere" in stale.output
    bad = run(cli, "report", "save", "--iki", k.iki.pk, "--period", "2026-01-01", "--value", "empat",
              "--lock-version", 0)
    assert bad.exit_code == 1 and "value: Enter a number" in bad.output
    done = run(cli, "report", "submit", report.pk, "--lock-version", 0)
    assert done.exit_code == 0 and "submitted" in done.output
    listing = run(cli, "report", "list", "--skp", k.skp.pk)
    assert f"{report.pk}\t2026-01-01" in listing.output
    assert AuditEvent.objects.filter(action="progress.report.submit", source="cli").exists()


def test_report_on_an_unapproved_skp(world, k, cli):
    result = run(cli, "report", "save", "--iki", k.draft_iki.pk, "--period", "2026-01-01", "--value", "1")
    assert result.exit_code == 1 and "skp: The SKP is not approved" in result.output


def test_evidence_add_link_delete(world, k, cli, tmp_path, evidence_dir):
    report = Report.objects.create(instance=world.a, skp=k.skp, iki=k.iki, employee=world.staff1, unit=k.skp.unit,
                                   period_start=date(2026, 1, 1), period_end=date(2026, 1, 31))
    good, bad = tmp_path / "bukti.pdf", tmp_path / "virus.pdf"
    good.write_bytes(PDF)
    bad.write_bytes(b"MZ\x90\x00" + b"\x00" * 64)
    result = run(cli, "evidence", "add", report.pk, good)
    assert result.exit_code == 0, result.output
    assert "application/pdf" in result.output and len(stored_files(evidence_dir)) == 1
    refused = run(cli, "evidence", "add", report.pk, bad)
    assert refused.exit_code == 1 and "is a program" in refused.output and len(stored_files(evidence_dir)) == 1
    link = run(cli, "evidence", "link", report.pk, "https://drive.example.org/x")
    assert link.exit_code == 0
    evidence = Evidence.objects.get(kind="file")
    deleted = run(cli, "evidence", "delete", evidence.pk)
    assert deleted.exit_code == 0 and Evidence.objects.live().count() == 1
    missing = run(cli, "evidence", "delete", 999999)
    assert missing.exit_code == 2 and "No evidence" in missing.output


def test_sweep(world, k, cli, evidence_dir):
    orphan = evidence_dir / "evidence" / "1" / "2026-01" / "orphan.pdf"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(PDF)
    dry = run(cli, "evidence", "sweep", "--dry-run", "--min-age", 0)
    assert dry.exit_code == 0 and "would remove evidence/1/2026-01/orphan.pdf" in dry.output and orphan.exists()
    done = run(cli, "evidence", "sweep", "--min-age", 0)
    assert done.exit_code == 0 and not orphan.exists()


def test_log_add_and_draft(world, k, cli):
    added = run(cli, "log", "add", "--rhk", k.rhk.pk, "--date", "2026-02-03", "--text", "Rekap", "--quantity", "2",
                "--iki", k.iki.pk)
    assert added.exit_code == 0, added.output
    future = run(cli, "log", "add", "--rhk", k.rhk.pk, "--date", "2099-02-03", "--text", "Rekap")
    assert future.exit_code == 1 and "date:" in future.output
    drafted = run(cli, "log", "draft", "--iki", k.iki.pk, "--period", "2026-02-01")
    assert drafted.exit_code == 0 and "value=2" in drafted.output
