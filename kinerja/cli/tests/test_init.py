"""``kinerja init`` on a fresh database, and plain errors (no traceback) on one that is not migrated."""

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from django.utils import translation

from kinerja.accounts.models import Role, RoleGrant, User
from kinerja.audit.models import AuditEvent
from kinerja.cli import init as init_module
from kinerja.organization.models import Instance

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def cli():
    group = click.Group("kinerja")
    init_module.register(group)
    return group


def test_init_creates_the_instance_and_its_admin_through_audited_services(db, cli):
    result = CliRunner().invoke(cli, ["init", "--name", "Pemerintah Kota Palembang", "--code", "A5EB", "--city",
                                      "Palembang", "--admin", "bkpsdm", "--generate-password"])
    assert result.exit_code == 0, result.output
    instance = Instance.objects.get()
    assert (instance.name, instance.slug, instance.code, instance.region, instance.city) == (
        "Pemerintah Kota Palembang", "pemerintah-kota-palembang", "A5EB", "Palembang", "Palembang")
    admin = User.objects.get(username="bkpsdm")
    assert admin.instance == instance and admin.is_active
    assert RoleGrant.objects.filter(user=admin, role=Role.ADMIN_BKPSDM, unit=None).exists()
    password = result.output.split("write it down): ")[1].split()[0]
    assert admin.check_password(password) and len(password) >= 16
    assert result.output.count(password) == 1  # printed once
    events = AuditEvent.objects.order_by("id")
    assert [e.action for e in events] == ["organization.instance.create", "accounts.user.create",
                                          "accounts.role.grant"]
    assert {e.source for e in events} == {"cli"} and {e.actor_id for e in events} == {None}
    # The first password is one-time, and the audit event of the login says so (no write outside it).
    assert admin.must_change_password
    assert events[1].after["must_change_password"] is True
    for step in ("kinerja import employees FILE.csv --instance pemerintah-kota-palembang", "kinerja serve"):
        assert step in result.output


def test_init_asks_for_the_password_on_a_terminal(db, cli, monkeypatch):
    monkeypatch.setattr(init_module, "_interactive", lambda: True)
    result = CliRunner().invoke(cli, ["init", "--name", "Kota Alpha", "--slug", "alpha"],
                                input="Rahasia-Kota-2026\nRahasia-Kota-2026\n")
    assert result.exit_code == 0, result.output
    assert User.objects.get(username="admin_bkpsdm").check_password("Rahasia-Kota-2026")
    assert "Rahasia-Kota-2026" not in result.output and "write it down" not in result.output


def test_init_refuses_a_weak_password_and_a_taken_name_and_writes_nothing(db, cli, monkeypatch):
    monkeypatch.setattr(init_module, "_interactive", lambda: True)
    result = CliRunner().invoke(cli, ["init", "--name", "Kota Alpha"], input="12345678\n12345678\n")
    assert result.exit_code == 1 and "password:" in result.output and "Traceback" not in result.output
    assert not Instance.objects.exists() and not User.objects.exists() and not AuditEvent.objects.exists()
    assert CliRunner().invoke(cli, ["init", "--name", "Kota Alpha", "--generate-password"]).exit_code == 0
    again = CliRunner().invoke(cli, ["init", "--name", "kota  alpha", "--generate-password", "--admin", "x"])
    assert again.exit_code == 1 and "name: An instance with this name already exists." in again.output
    assert Instance.objects.count() == 1


def _kinerja(tmp_path, *args, input=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "KINERJA_"))}
    env.update(KINERJA_DATA_DIR=str(tmp_path / "data"), DJANGO_SETTINGS_MODULE="kinerja.settings",
               KINERJA_SECRET_KEY="fresh-install-" + "k" * 50)  # a production install has its key
    return subprocess.run([sys.executable, "-m", "kinerja.cli", *args], cwd=ROOT, env=env, input=input,
                          capture_output=True, text=True, timeout=300)


def test_fresh_install_commands_say_not_migrated_then_init_migrates(tmp_path):
    csv = tmp_path / "asn.csv"
    csv.write_text("NIP BARU,NAMA\n", encoding="utf-8")
    for args in (["import", "employees", str(csv), "--instance", "x"], ["seed", "-n", "5"],
                 ["skp", "periods", "--instance", "x", "--year", "2026"], ["worker", "--batch"]):
        done = _kinerja(tmp_path, *args)
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr, done.stderr
        assert "kinerja manage migrate" in done.stderr and "kinerja init" in done.stderr, done.stderr
    done = _kinerja(tmp_path, "init", "--name", "Pemerintah Kota Beta", "--slug", "beta", "--generate-password")
    assert done.returncode == 0, done.stderr
    assert "admin_bkpsdm" in done.stdout and "beta" in done.stdout
    done = _kinerja(tmp_path, "import", "employees", str(csv), "--instance", "beta", "--dry-run")
    assert done.returncode == 0, done.stdout + done.stderr
