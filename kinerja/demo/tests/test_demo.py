"""The demo world: size, shape, valid data, evaluation chains, logins, idempotency."""

from collections import Counter
from datetime import date

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from kinerja.accounts.models import RoleGrant, User
from kinerja.audit.models import AuditEvent
from kinerja.demo.data import DEMO_PASSWORD, demo_people, load_demo
from kinerja.demo.profiles import grade_range, level_of
from kinerja.demo.world import INSTANCES
from kinerja.organization.models import Instance, Position, Unit
from kinerja.people.chain import superior_chain
from kinerja.people.models import Assignment, Employee, GradeHistory
from kinerja.rules import nip as nip_rules
from kinerja.rules.grades import PNS_CODES

ROLES = {"pegawai", "pegawai_revisi", "penilai", "admin_opd", "admin_bkpsdm", "monev", "pimpinan", "auditor"}


def _counts():
    return {model.__name__: model.objects.count()
            for model in (Instance, Unit, Position, Employee, Assignment, GradeHistory, User, RoleGrant, AuditEvent)}


def _login(username):
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=username, password=DEMO_PASSWORD)


@pytest.mark.django_db
def test_demo_world_is_complete_valid_and_idempotent():
    logins = load_demo()
    employees = list(Employee.objects.select_related("position__superior", "instance"))

    # size and mix
    assert len(employees) >= 150
    assert {e.position.kind for e in employees} == {"JPT", "ADMINISTRATOR", "PENGAWAS", "PELAKSANA", "FUNGSIONAL"}
    assert Counter(e.kind for e in employees)["PPPK"] >= 10
    assert {i.slug for i in Instance.objects.all()} == {"palembang", "padang", "semarang"}
    plaju = Unit.objects.get(name="Kecamatan Plaju")
    assert {u.name for u in Unit.objects.get_children(plaju) if u.kind == "kelurahan"} == {
        "Kelurahan " + k for k in ("Plaju Ulu", "Plaju Ilir", "Plaju Darat", "Bagus Kuning", "Talang Bubuk",
                                   "Komperta", "Talang Putri")}
    assert Unit.objects.filter(name="UPTD Puskesmas Kuranji", kind="puskesmas").exists()
    assert Unit.objects.filter(instance__slug="semarang", kind="bidang", name__startswith="Bidang").count() >= 13
    assert Unit.objects.find_problems() == ([], [], [], [], [])

    # every NIP valid for its kind and unique; grades present
    assert len({e.nip for e in employees}) == len(employees)
    for e in employees:
        nip_rules.parse(e.nip, e.kind)
        assert e.grade and e.unit_id == e.position.unit_id
        if e.kind == "PNS":  # grades fit the position kind and functional level
            override = ("IV/c", "IV/e") if e.position.name == "Sekretaris Daerah" else None
            level = level_of(e.position.name) if e.position.kind == "FUNGSIONAL" else None
            low, high = grade_range(e.position.kind, level, override)
            assert low <= PNS_CODES.index(e.grade) <= high, (e, e.position, e.grade)

    # everyone but the Sekretaris Daerah has an evaluating superior who is there (holder or Plt);
    # checked in bulk, and through superior_chain for one employee per position kind
    held = set(Employee.objects.filter(is_active=True).values_list("position_id", flat=True))
    acting = set(Assignment.objects.active_on(date.today()).acting().values_list("position_id", flat=True))
    tops = [e for e in employees if e.position.superior_id is None]
    assert sorted(e.position.name for e in tops) == ["Sekretaris Daerah"] * 3
    for e in employees:
        superior = e.position.superior
        if superior is not None:
            assert superior.pk in held | acting, (e, e.position)
            assert superior.instance_id == e.instance_id
    sample = {e.position.kind: e for e in employees if e.position.superior_id}
    for e in sample.values():
        chain = superior_chain(e)
        assert chain[0].holder is not None and chain[0].holder.instance_id == e.instance_id
    subordinate = Employee.objects.filter(position__superior__assignments__kind="plt").first()
    assert superior_chain(subordinate)[0].acting_kind == "plt"  # e.g. the staff of a vacant Lurah post

    # history: vacancies with a Plt, earlier posts, grade promotions
    assert Assignment.objects.filter(kind="plt", end_date__isnull=True).count() >= 3
    assert Assignment.objects.filter(kind="definitive", end_date__isnull=False).count() >= 10
    assert GradeHistory.objects.count() > len(employees)
    assert AuditEvent.objects.filter(source="cli", action="people.employee.transfer").count() >= 10

    # one login per role and instance, by username and (for employees) by NIP
    by_instance = Counter(login.instance for login in logins if login.role in ROLES)
    assert set(by_instance.values()) == {8} and len(by_instance) == 3
    for login in logins:
        user = _login(login.username)
        assert user is not None and user.username == login.username, login
        if login.nip:
            assert _login(login.nip) == user
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.instance_id is None
    # logins without an employee carry a proper name ("Admin OPD", "Auditor"), never a title-cased code
    names = {u.username.split(".")[-1]: str(u) for u in User.objects.filter(employee__isnull=True)}
    assert names["admin_opd"] == "Admin OPD" and names["admin_bkpsdm"] == "Admin BKPSDM"
    assert names["auditor"] == "Auditor" and names["admin"] == "Operator Platform" and "monev" not in names
    # the monev login is an employee of the regional secretariat (the tim monev's secretary: demo/monev.py)
    monev = User.objects.select_related("employee__unit").filter(username__endswith=".monev")
    assert monev.count() == 3 and all(u.employee.unit.name.startswith("Bagian ") for u in monev)
    smg = {login.role: login for login in logins if login.instance == "Pemerintah Kota Semarang"}
    pegawai = User.objects.get(username=smg["pegawai"].username).employee
    assert superior_chain(pegawai)[0].holder.nip == smg["penilai"].nip
    assert RoleGrant.objects.get(user__username="smg.admin_opd").unit.name == "Dinas Kesehatan"

    # loading again changes nothing
    before = _counts()
    assert load_demo() == logins
    assert _counts() == before


def test_demo_people_are_deterministic():
    for spec in INSTANCES:
        first, again = demo_people(spec), demo_people(spec)
        assert [(p.nip, p.full_name, p.grade) for p in first.values()] == [
            (p.nip, p.full_name, p.grade) for p in again.values()]


@pytest.mark.django_db
def test_loaded_instance_holds_exactly_the_generated_people():
    padang = next(spec for spec in INSTANCES if spec.slug == "padang")
    load_demo([padang])
    expected = {(p.nip, p.full_name, p.grade) for p in demo_people(padang).values()}
    assert {(e.nip, e.full_name, e.grade) for e in Employee.objects.filter(instance__slug="padang")} == expected
    assert User.objects.filter(instance__slug="padang").count() == 8
