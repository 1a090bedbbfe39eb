"""``kinerja monev recommendations|status`` through click's test runner."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from kinerja.audit.models import AuditEvent
from kinerja.monev import cli as monev_cli
from kinerja.monev.models import Recommendation


@pytest.fixture
def cli():
    group = click.Group()
    group.add_command(monev_cli.monev)
    return group


def run(cli, *args):
    return CliRunner().invoke(cli, ["monev", *args])


def test_the_command_is_registered():
    from kinerja.cli import _register, cli

    _register()
    assert set(cli.commands["monev"].commands) == {"recommendations", "status"}


def test_list_json_and_overdue(cli, mw):
    result = run(cli, "recommendations", "--instance", "alpha", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["count"] == 2
    by_id = {r["id"]: r for r in data["recommendations"]}
    assert by_id[mw.mv_rec_late.pk]["overdue"] is True and by_id[mw.mv_rec_late.pk]["days_late"] == 10
    assert by_id[mw.mv_rec_late.pk]["owner"] == {"kind": "unit", "id": mw.yankes.pk, "name": mw.yankes.name}
    assert by_id[mw.mv_rec.pk]["overdue"] is False and by_id[mw.mv_rec.pk]["owner"]["name"] == mw.staff_yankes.name
    late = json.loads(run(cli, "recommendations", "--instance", "alpha", "--overdue", "--json").output)
    assert [r["id"] for r in late["recommendations"]] == [mw.mv_rec_late.pk]
    text = run(cli, "recommendations", "--instance", "alpha", "--overdue")
    assert text.exit_code == 0 and mw.mv_rec_late.text[:30] in text.output and mw.mv_rec.text not in text.output
    assert json.loads(run(cli, "recommendations", "--instance", "beta", "--json").output)["count"] == 0
    assert json.loads(run(cli, "recommendations", "--json").output)["count"] == 2  # every instance


def test_bad_input_is_a_clear_error(cli, mw):
    assert "No instance" in run(cli, "recommendations", "--instance", "nowhere").output
    before = AuditEvent.objects.count()
    result = run(cli, "status", str(mw.mv_rec.pk), "--to", "done", "--as", "staff_yankes")
    assert result.exit_code == 1 and "status:" in result.output  # out of order: open → done
    result = run(cli, "status", str(mw.mv_rec.pk), "--to", "in_progress", "--as", "monev")  # the role, not a member
    assert result.exit_code == 1 and "tim monev" in result.output
    result = run(cli, "status", str(mw.mv_rec.pk), "--to", "in_progress", "--as", "staff1")  # cannot see it
    assert result.exit_code == 2 and "No recommendation" in result.output
    result = run(cli, "status", str(mw.mv_rec.pk), "--to", "in_progress", "--as", "staff_yankes",
                 "--lock-version", str(mw.mv_rec.lock_version + 5))
    assert result.exit_code == 1 and "lock_version:" in result.output
    assert AuditEvent.objects.count() == before
    assert Recommendation.objects.get(pk=mw.mv_rec.pk).status == "open"


def test_owner_takes_a_step(cli, mw):
    result = run(cli, "status", str(mw.mv_rec.pk), "--to", "in_progress", "--as", "staff_yankes", "--note", "Mulai",
                 "--lock-version", str(mw.mv_rec.lock_version))
    assert result.exit_code == 0, result.output
    assert Recommendation.objects.get(pk=mw.mv_rec.pk).status == "in_progress"
    assert AuditEvent.objects.filter(action="monev.recommendation.status", source="cli").count() == 1
