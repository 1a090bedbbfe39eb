"""Logins at scale: the missing logins of a unit's subtree or an instance in bulk (NIP as user name,
one-time passwords shown once on a card sheet, CSV, PDF), and the deactivation of leavers' logins."""

import base64
import csv
import io
import os
import re
import stat

import click
import pytest
from click.testing import CliRunner
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.audit.models import AuditEvent
from kinerja.core.errors import PermissionDenied, ValidationError
from kinerja.core.testing import make_nip
from kinerja.people import login_cli as logins_cli
from kinerja.people import logins
from kinerja.people.models import Employee

PAGE = reverse("accounts:logins")
CREATE = reverse("accounts:logins_create")
LEAVERS = reverse("accounts:logins_deactivate_leavers")


def add_employees(world, count: int, start: int = 700, unit=None):
    unit = unit or world.surv
    Employee.objects.bulk_create([
        Employee(instance=world.a, nip=make_nip(seq=start + i), name=f"Pegawai {start + i}", unit=unit)
        for i in range(count)])


def without_login(world, unit=None):
    return set(logins.employees_without_login(world.a, unit).values_list("pk", flat=True))


def test_create_logins_for_the_instance(world):
    add_employees(world, 5)
    add_employees(world, 2, start=780, unit=world.disdik)
    expected = without_login(world)
    assert len(expected) == 7
    batch = logins.create_logins(actor=world.u_admin_bkpsdm, instance=world.a)
    assert {c.employee_id for c in batch.created} == expected and not batch.skipped
    assert not without_login(world)
    for card in batch.created:
        user = User.objects.select_related("employee").get(pk=card.user_id)
        assert user.username == user.employee.nip and user.instance_id == world.a.pk
        assert user.must_change_password and user.check_password(card.password)
        assert card.password not in user.password
    events = AuditEvent.objects.filter(action="accounts.user.create", after__bulk=True)
    assert events.count() == len(batch.created)
    assert all(e.actor_id == world.u_admin_bkpsdm.pk and e.instance_id == world.a.pk for e in events)
    # the other instance is untouched
    assert logins.employees_without_login(world.b).exists() or not Employee.objects.filter(instance=world.b,
                                                                                           user__isnull=True)


def test_create_logins_for_a_unit_subtree_only(world):
    add_employees(world, 3, start=800, unit=world.surv)
    add_employees(world, 2, start=820, unit=world.disdik if hasattr(world, "disdik") else world.yankes)
    in_subtree = without_login(world, world.p2p)
    outside = without_login(world) - in_subtree
    batch = logins.create_logins(actor=world.u_admin_bkpsdm, instance=world.a, unit=world.p2p)
    assert {c.employee_id for c in batch.created} == in_subtree
    assert without_login(world) == outside


def test_a_taken_user_name_is_skipped_and_reported(world):
    add_employees(world, 2, start=900)
    nip = make_nip(seq=900)
    User.objects.create(username=nip, instance=world.a)  # an operator login that happens to use the NIP
    batch = logins.create_logins(actor=world.u_admin_bkpsdm, instance=world.a)
    assert [n for n, _reason in batch.skipped] == [nip]
    assert not User.objects.filter(employee__nip=nip).exists()
    assert User.objects.filter(employee__nip=make_nip(seq=901)).exists()


def test_inactive_employees_get_no_login(world):
    add_employees(world, 1, start=950)
    Employee.objects.filter(nip=make_nip(seq=950)).update(is_active=False)
    batch = logins.create_logins(actor=world.u_admin_bkpsdm, instance=world.a)
    assert make_nip(seq=950) not in {c.username for c in batch.created}


@pytest.mark.parametrize("who", ["u_admin_opd", "u_staff1", "u_admin_b", "u_auditor"])
def test_only_the_bkpsdm_admin_of_the_instance_creates_logins(world, who):
    with pytest.raises(PermissionDenied):
        logins.create_logins(actor=getattr(world, who), instance=world.a)
    with pytest.raises(PermissionDenied):
        logins.deactivate_leavers(actor=getattr(world, who), instance=world.a)
    assert not AuditEvent.objects.filter(action__in=["accounts.user.deactivate"]).exists()


def test_a_unit_of_another_instance_is_refused(world):
    other = world.b_root if hasattr(world, "b_root") else world.kadinkes_b.unit
    with pytest.raises(ValidationError) as exc:
        logins.create_logins(actor=world.u_admin_bkpsdm, instance=world.a, unit=other)
    assert "unit" in exc.value.message_dict


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_number_of_employees(world, settings):
    settings.KINERJA = {**settings.KINERJA, "IMPORT_CHUNK": 2000}
    from kinerja.accounts import scope

    scope.get_scope(world.u_admin_bkpsdm)  # the actor's scope is read once per request, not per row
    add_employees(world, 3, start=400)
    few = _queries(lambda: logins.create_logins(actor=world.u_admin_bkpsdm, instance=world.a))
    add_employees(world, 60, start=300)
    many = _queries(lambda: logins.create_logins(actor=world.u_admin_bkpsdm, instance=world.a))
    assert User.objects.filter(username=make_nip(seq=359)).exists()
    assert many == few, (few, many)

    Employee.objects.filter(nip__in=[make_nip(seq=300 + i) for i in range(2)]).update(is_active=False)
    few = _queries(lambda: logins.deactivate_leavers(actor=world.u_admin_bkpsdm, instance=world.a))
    Employee.objects.filter(nip__in=[make_nip(seq=300 + i) for i in range(2, 60)]).update(is_active=False)
    many = _queries(lambda: logins.deactivate_leavers(actor=world.u_admin_bkpsdm, instance=world.a))
    assert many == few, (few, many)


def test_deactivate_leavers(world, client):
    Employee.objects.filter(pk=world.staff2.pk).update(is_active=False)
    assert logins.deactivate_leavers(actor=world.u_admin_bkpsdm, instance=world.a) == 1
    world.u_staff2.refresh_from_db()
    world.u_staff1.refresh_from_db()
    assert not world.u_staff2.is_active and world.u_staff1.is_active
    (event,) = AuditEvent.objects.filter(action="accounts.user.deactivate")
    assert event.object_id == str(world.u_staff2.pk) and event.before == {"is_active": True}
    assert client.post(reverse("accounts:login"), {"username": "staff2", "password": world.password}).status_code == 200
    assert logins.deactivate_leavers(actor=world.u_admin_bkpsdm, instance=world.a) == 0  # nothing left


# --- web ---------------------------------------------------------------------------------------------

def test_the_page_and_its_link(world, client_for):
    client = client_for(world.u_admin_bkpsdm)
    assert f'href="{PAGE}"' in client.get(reverse("accounts:users")).content.decode()
    html = client.get(PAGE).content.decode()
    assert 'data-testid="without-login"' in html and 'data-testid="logins-create-form"' in html


@pytest.mark.parametrize("who", ["u_admin_opd", "u_staff1", "u_auditor", "u_kadinkes"])
def test_the_pages_are_for_bkpsdm_admins(world, client_for, who):
    client = client_for(getattr(world, who))
    assert client.get(PAGE).status_code == 403
    assert client.post(CREATE, {}).status_code == 403
    assert client.post(LEAVERS).status_code == 403
    assert not AuditEvent.objects.filter(action="accounts.user.create", after__bulk=True).exists()


def test_another_instances_unit_is_a_form_error(world, client_for):
    other = world.kadinkes_b.unit
    response = client_for(world.u_admin_bkpsdm).post(CREATE, {"unit": other.pk})
    assert response.status_code == 200 and 'data-field-error="unit"' in response.content.decode()
    assert not AuditEvent.objects.filter(action="accounts.user.create", after__bulk=True).exists()


def test_create_shows_the_cards_and_the_csv_once(world, client, client_for):
    add_employees(world, 4, start=500, unit=world.surv)
    add_employees(world, 2, start=520, unit=world.disdik)
    admin = client_for(world.u_admin_bkpsdm)
    expected = len(without_login(world, world.dinkes))
    response = admin.post(CREATE, {"unit": world.dinkes.pk})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert html.count('data-testid="login-card"') == expected
    data = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', html).group(1)
    rows = list(csv.reader(io.StringIO(base64.b64decode(data).decode().lstrip("\ufeff"))))
    assert len(rows) == expected + 1 and rows[1][-1].endswith(reverse("accounts:login"))
    nip, password = rows[1][4], rows[1][5]
    assert password in html
    admin.post(reverse("accounts:logout"))
    # the new login works once, then must choose a password
    assert client.post(reverse("accounts:login"), {"username": nip, "password": password}).status_code == 302
    assert client.get(reverse("home:home"))["Location"].startswith(reverse("accounts:password_change"))
    # a second run creates nothing and says so
    client.post(reverse("accounts:logout"))
    again = client_for(world.u_admin_bkpsdm).post(CREATE, {"unit": world.dinkes.pk}, follow=True)
    assert "nothing was created" in again.content.decode()


def test_csv_cells_cannot_run_formulas(world):
    from kinerja.people.login_sheet import csv_text
    from kinerja.people.logins import LoginBatch, NewLogin

    batch = LoginBatch(created=[NewLogin(1, 1, "=HYPERLINK(\"x\")", "1", "+unit", "@pos", "u", "p")])
    row = list(csv.reader(io.StringIO(csv_text(batch, "https://x/"))))[1]
    assert row[0].startswith("'=") and row[2] == "'+unit" and row[3] == "'@pos"


def test_deactivate_leavers_from_the_page(world, client_for):
    Employee.objects.filter(pk=world.staff2.pk).update(is_active=False)
    client = client_for(world.u_admin_bkpsdm)
    assert 'data-testid="deactivate-leavers"' in client.get(PAGE).content.decode()
    response = client.post(LEAVERS)
    assert response.status_code == 302
    world.u_staff2.refresh_from_db()
    assert not world.u_staff2.is_active


# --- CLI ---------------------------------------------------------------------------------------------

@pytest.fixture
def cli():
    group = click.Group()
    group.add_command(logins_cli.logins_group)
    return group


def test_the_command_is_registered():
    from kinerja.cli import _register
    from kinerja.cli import cli as main

    _register()
    assert "logins" in main.commands


def test_cli_create_writes_a_private_csv_and_a_pdf(world, cli, tmp_path):
    add_employees(world, 5, start=600)
    expected = len(without_login(world))
    out_csv, out_pdf = tmp_path / "logins.csv", tmp_path / "logins.pdf"
    result = CliRunner().invoke(cli, ["logins", "create", "--instance", world.a.slug, "--csv", str(out_csv),
                                      "--pdf", str(out_pdf)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out_csv.read_text(encoding="utf-8-sig"))))
    assert len(rows) == expected + 1
    assert stat.S_IMODE(os.stat(out_csv).st_mode) == 0o600
    assert out_pdf.read_bytes().startswith(b"%PDF")
    user = User.objects.get(username=rows[1][4])
    assert user.check_password(rows[1][5]) and user.must_change_password
    event = AuditEvent.objects.filter(action="accounts.user.create", after__bulk=True).first()
    assert event.source == "cli" and event.actor_id is None


def test_cli_create_for_a_unit_and_errors(world, cli, tmp_path):
    add_employees(world, 3, start=650)
    add_employees(world, 2, start=670, unit=world.disdik)
    runner = CliRunner()
    result = runner.invoke(cli, ["logins", "create", "--instance", world.a.slug])
    assert result.exit_code != 0 and "--csv" in result.output
    result = runner.invoke(cli, ["logins", "create", "--instance", world.a.slug, "--unit", "999999",
                                 "--csv", str(tmp_path / "x.csv")])
    assert result.exit_code != 0 and "999999" in result.output
    # an unwritable file: nothing is created
    before = User.objects.count()
    result = runner.invoke(cli, ["logins", "create", "--instance", world.a.slug,
                                 "--csv", str(tmp_path / "missing-dir" / "x.csv")])
    assert result.exit_code != 0 and User.objects.count() == before
    result = runner.invoke(cli, ["logins", "create", "--instance", world.a.slug, "--unit", str(world.p2p.pk),
                                 "--csv", str(tmp_path / "p2p.csv")])
    assert result.exit_code == 0, result.output
    assert len((tmp_path / "p2p.csv").read_text(encoding="utf-8-sig").splitlines()) - 1 == 3
    assert without_login(world) == set(Employee.objects.filter(nip__in=[make_nip(seq=670), make_nip(seq=671)])
                                       .values_list("pk", flat=True))


def test_cli_deactivate_leavers(world, cli):
    Employee.objects.filter(pk=world.staff2.pk).update(is_active=False)
    result = CliRunner().invoke(cli, ["logins", "deactivate-leavers", "--instance", str(world.a.pk)])
    assert result.exit_code == 0 and "1" in result.output
    world.u_staff2.refresh_from_db()
    assert not world.u_staff2.is_active


def test_small_chunks_give_the_same_result(world, settings):
    settings.KINERJA = {**settings.KINERJA, "IMPORT_CHUNK": 4}
    add_employees(world, 11, start=200)
    seen = []
    batch = logins.create_logins(actor=world.u_admin_bkpsdm, instance=world.a, progress=seen.append)
    assert len(batch.created) == 11 and seen == [4, 4, 3]
    assert AuditEvent.objects.filter(action="accounts.user.create", after__bulk=True).count() == 11
