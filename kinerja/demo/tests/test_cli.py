"""The ``kinerja seed`` and ``kinerja demo`` commands, through click's test runner."""

import os

import click
import pytest
from click.testing import CliRunner

from kinerja.cli import demo as demo_cli
from kinerja.cli import seed as seed_cli
from kinerja.demo import world
from kinerja.organization.models import Instance
from kinerja.people.models import Employee

pytestmark = pytest.mark.django_db


@pytest.fixture
def cli():
    group = click.Group()
    seed_cli.register(group)
    demo_cli.register(group)
    return group


def test_seed_command_creates_an_instance_and_refuses_a_second_run(cli):
    runner = CliRunner()
    result = runner.invoke(cli, ["seed", "--employees", "150", "--seed", "3", "--slug", "uji", "--instance-name",
                                 "Kota Uji"])
    assert result.exit_code == 0, result.output
    instance = Instance.objects.get(slug="uji")
    assert instance.name == "Kota Uji"
    assert Employee.objects.filter(instance=instance).count() == 150
    assert "150" in result.output
    again = runner.invoke(cli, ["seed", "--employees", "150", "--seed", "3", "--slug", "uji"])
    assert again.exit_code != 0
    assert Instance.objects.filter(slug="uji").count() == 1


def test_seed_command_validates_its_options(cli):
    result = CliRunner().invoke(cli, ["seed", "--employees", "0"])
    assert result.exit_code == 2
    assert not Instance.objects.exists()


def test_demo_command_loads_data_and_prints_logins(cli, monkeypatch):
    padang = [spec for spec in world.INSTANCES if spec.slug == "padang"]
    monkeypatch.setattr(world, "INSTANCES", padang)  # one city keeps the test quick
    monkeypatch.delenv("KINERJA_BASE_URL", raising=False)
    runner = CliRunner()
    result = runner.invoke(cli, ["demo", "--no-server", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert os.environ["KINERJA_BASE_URL"] == "http://127.0.0.1:8123"  # e-mails link to the demo server
    assert Instance.objects.filter(slug="padang").exists()
    for text in ("pdg.pegawai", "pdg.penilai", "pdg.admin_bkpsdm", "admin", "Kinerja-Demo-2026"):
        assert text in result.output
    pegawai_nip = Employee.objects.get(user__username="pdg.pegawai").nip
    assert pegawai_nip in result.output
    # roles by their labels, never the codes or a title-cased code ("Admin Opd")
    lines = result.output.splitlines()
    assert any(line.startswith("OPD administrator ") for line in lines)
    for label in ("BKPSDM administrator", "Monitoring and evaluation team", "Regional leadership", "Employee",
                  "Evaluating official", "Platform operator"):
        assert label in result.output
    assert not [line for line in lines if line.split(" ")[0] in {"admin_opd", "admin_bkpsdm", "monev", "pegawai"}]
    assert "Admin Opd" not in result.output and "Admin OPD" in result.output  # the admin login's name
    count = Employee.objects.count()
    again = runner.invoke(cli, ["demo", "--no-server"])
    assert again.exit_code == 0, again.output
    assert Employee.objects.count() == count
