"""``kinerja evaluate``: recap (JSON), adjust, lock and appeals from the command line, with clear refusals."""

from __future__ import annotations

import json
from datetime import timedelta

import click
import pytest
from click.testing import CliRunner
from django.utils import timezone

from kinerja.audit.models import AuditEvent
from kinerja.evaluation import cli as evaluation_cli
from kinerja.evaluation.models import Appeal, Evaluation
from kinerja.evaluation.services import unit_ratings


@pytest.fixture
def cli():
    group = click.Group()
    group.add_command(evaluation_cli.evaluate_group)
    return group


def run(cli, *args):
    return CliRunner().invoke(cli, ["evaluate", *map(str, args)])


def test_the_command_is_registered():
    from kinerja.cli import _register, cli

    _register()
    assert "evaluate" in cli.commands


def test_recap_json_and_the_calibration_from_the_command_line(world, r, cli):
    w = world
    w.dinkes.code = "1.02"
    w.dinkes.save(update_fields=["code"])
    unit_ratings.set_unit_rating(actor=w.u_admin_bkpsdm, unit=w.dinkes, period=r.period, predikat="baik")
    result = run(cli, "recap", "--period", r.period.pk, "--unit", "1.02", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (unit,) = data["units"]
    assert unit["org_predikat"] == "baik" and unit["counts"]["baik"] == 5 and len(unit["violations"]) == 2
    text = run(cli, "recap", "--period", r.period.pk)
    assert "violation: Baik paling banyak 70%" in text.output
    assert run(cli, "recap", "--period", r.period.pk, "--unit", "9.99").exit_code == 2
    ev = r.ev["staff2"]
    result = run(cli, "adjust", "--evaluation", ev.pk, "--predikat", "butuh_perbaikan")
    assert result.exit_code == 1 and "reason" in result.output  # without a reason
    result = run(cli, "adjust", "--evaluation", ev.pk, "--predikat", "butuh_perbaikan", "--reason", "Rapat")
    assert result.exit_code == 0 and "predikat=butuh_perbaikan" in result.output
    assert AuditEvent.objects.get(action="evaluation.calibration.adjust").source == "cli"
    result = run(cli, "lock", "--period", r.period.pk, "--unit", "1.02")
    assert result.exit_code == 0, result.output
    # editing after the lock
    result = run(cli, "adjust", "--evaluation", r.ev["staff1"].pk, "--predikat", "sangat_baik", "--reason", "x")
    assert result.exit_code == 1 and "locked" in result.output
    # appeals: by someone else, then by the employee; decided by someone else, then by the superior
    result = run(cli, "appeal", "file", "--evaluation", ev.pk, "--as", "staff1", "--reason", "Untuk rekan")
    assert result.exit_code == 1 and "Only the evaluated employee" in result.output
    result = run(cli, "appeal", "file", "--evaluation", ev.pk, "--as", "staff2", "--reason", "Data", "--predikat",
                 "baik")
    assert result.exit_code == 0, result.output
    appeal = Appeal.objects.get()
    result = run(cli, "appeal", "decide", "--appeal", appeal.pk, "--as", "kasi_surv", "--grant", "--reason", "ok")
    assert result.exit_code == 1 and "evaluator's superior" in result.output
    result = run(cli, "appeal", "decide", "--appeal", appeal.pk, "--as", "kabid_p2p", "--grant", "--reason", "ok")
    assert result.exit_code == 0 and Evaluation.objects.get(pk=ev.pk).predikat == "baik"
    # after the deadline
    Evaluation.objects.filter(pk=r.ev["staff1"].pk).update(locked_at=timezone.now() - timedelta(days=30))
    result = run(cli, "appeal", "file", "--evaluation", r.ev["staff1"].pk, "--as", "staff1", "--reason", "x")
    assert result.exit_code == 1 and "window closed" in result.output
