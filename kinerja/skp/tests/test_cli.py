"""``kinerja skp periods|overdue|export`` through click's test runner."""

from __future__ import annotations

from datetime import date

import click
import pytest
from click.testing import CliRunner

from kinerja.audit.models import AuditEvent
from kinerja.skp import cli as skp_cli
from kinerja.skp import services
from kinerja.skp.models import Period

from .conftest import approved_skp


@pytest.fixture
def cli():
    group = click.Group()
    group.add_command(skp_cli.skp_group)
    return group


def run(cli, *args):
    return CliRunner().invoke(cli, ["skp", *args])


@pytest.fixture
def past(world):
    return Period.objects.create(instance=world.a, name="2025", year=2025, start_date=date(2025, 1, 1),
                                 end_date=date(2025, 12, 31), deadline=date(2025, 1, 31))


def test_the_command_is_registered():
    from kinerja.cli import _register, cli

    _register()
    assert "skp" in cli.commands
    assert set(cli.commands["skp"].commands) == {"periods", "overdue", "export", "import"}


def test_periods_creates_the_year_once(cli, world):
    result = run(cli, "periods", "--instance", "alpha", "--year", "2027")
    assert result.exit_code == 0, result.output
    assert "2027-01-31" in result.output and "Pemerintah Kota Alpha" in result.output
    period = Period.objects.get(instance=world.a, year=2027)
    assert AuditEvent.objects.get(action="skp.period.create").source == "cli"
    again = run(cli, "periods", "--instance", str(world.a.pk), "--year", "2027")
    assert again.exit_code == 0 and Period.objects.filter(year=2027).get() == period


@pytest.mark.parametrize(("args", "message"), [
    (["--instance", "gamma", "--year", "2027"], "No instance with id or slug gamma"),
    (["--instance", "999", "--year", "2027"], "No instance with id or slug 999"),
    (["--instance", "alpha", "--year", "1999"], "1999"),
    (["--instance", "alpha", "--year", "tahun"], "tahun"),
    (["--instance", "alpha"], "--year"),
])
def test_periods_bad_input(cli, world, args, message):
    result = run(cli, "periods", *args)
    assert result.exit_code == 2 and message in result.output
    assert not Period.objects.exists()


def test_overdue_lists_who_has_no_approved_skp(cli, world, past):
    approved_skp(world, past, world.staff1, world.u_staff1, world.u_kasi_surv)
    services.create_skp(actor=world.u_staff2, employee=world.staff2, period=past)
    result = run(cli, "overdue", "--instance", "alpha")
    assert result.exit_code == 0, result.output
    assert "Andi Pratama" not in result.output
    assert "Dewi Lestari" in result.output and "Draft" in result.output
    assert "Agus Salim" in result.output and "no SKP" in result.output
    assert ": 8" in result.output.splitlines()[0]
    in_unit = run(cli, "overdue", "--instance", "alpha", "--period", str(past.pk), "--unit", str(world.surv.pk))
    assert in_unit.exit_code == 0
    assert "Dewi Lestari" in in_unit.output and "Agus Salim" not in in_unit.output


def test_overdue_bad_input(cli, world, past):
    other = Period.objects.create(instance=world.b, name="2025", year=2025, start_date=date(2025, 1, 1),
                                  end_date=date(2025, 12, 31), deadline=date(2025, 1, 31))
    result = run(cli, "overdue", "--instance", "alpha", "--period", str(other.pk))
    assert result.exit_code == 2 and f"No SKP period {other.pk}" in result.output
    result = run(cli, "overdue", "--instance", "alpha", "--unit", str(world.dinkes_b.pk))
    assert result.exit_code == 2 and "No unit" in result.output
    result = run(cli, "overdue", "--instance", "beta-nope")
    assert result.exit_code == 2
    Period.objects.filter(pk=past.pk).update(deadline=date(2999, 1, 31))
    result = run(cli, "overdue", "--instance", "alpha")
    assert result.exit_code == 2 and "deadline has passed" in result.output


def test_export_writes_the_workbook(cli, world, past, tmp_path):
    from openpyxl import load_workbook

    approved_skp(world, past, world.staff1, world.u_staff1, world.u_kasi_surv)
    target = tmp_path / "skp-2025.xlsx"
    result = run(cli, "export", "--period", str(past.pk), str(target))
    assert result.exit_code == 0, result.output
    assert "Wrote 1 row to" in result.output and target.exists()
    cells = [c for row in load_workbook(target).active.iter_rows(values_only=True) for c in row if c]
    assert "Andi Pratama" in cells and "Tersedianya data surveilans" in cells


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--period", "999", "out.xlsx"], 2, "No SKP period 999"),
    (["--period", "{past}", "out.csv"], 2, ".xlsx"),
    (["--period", "{past}", "--unit", "999", "out.xlsx"], 2, "No unit 999"),
    (["--period", "{past}", "/nonexistent-dir/x/out.xlsx"], 1, "Cannot write"),
])
def test_export_bad_input(cli, world, past, args, code, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(cli, "export", *[a.format(past=past.pk) for a in args])
    assert result.exit_code == code, result.output
    assert message in result.output
