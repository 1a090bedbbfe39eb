"""Issue 7, item 3: "my team" has one definition (``people.permissions.team_q``: the people one evaluates) and every
place that shows a team shows the same people: the home page, "My team", the team's SKPs, the SKP home card
and the API."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse

from kinerja.accounts import scope
from kinerja.core.testing import SYSTEM
from kinerja.people import permissions as people_permissions
from kinerja.people import services as people
from kinerja.people.models import Employee
from kinerja.skp import services as skp_services
from kinerja.skp.home import skp_home
from kinerja.skp.models import Period

EXPECTED = {
    "u_kadinkes": {"Budi Santoso", "Hendra Gunawan"},
    "u_kabid_p2p": {"Rina Wulandari"},  # not the seksi's staff: their evaluator is the kasi
    "u_kasi_surv": {"Andi Pratama", "Dewi Lestari"},  # not herself, though she is in the unit she heads
    "u_kabid_yankes": {"Maya Sari"},
    "u_kadisdik": {"Agus Salim"},
}


@pytest.fixture
def period(world):
    today = date.today()
    period = Period.objects.create(instance=world.a, name="Berjalan", year=today.year,
                                   start_date=date(today.year, 1, 1), end_date=date(today.year, 12, 31),
                                   deadline=date(today.year, 1, 31))
    for name in ("kabid_p2p", "kasi_surv", "staff1", "staff_yankes", "staff_disdik", "kadisdik"):
        skp_services.create_skp(actor=SYSTEM, employee=getattr(world, name), period=period)
    return period


def everywhere(world, client, user, period) -> dict[str, object]:
    """What each surface says of ``user``'s team."""
    client.force_login(user)
    home = client.get(reverse("home:home"))
    stat = {s.key: s.value for s in home.context["stats"]}
    team_page = {e.name for e in client.get(reverse("people:team")).context["page"].items}
    skp_team = {m.name for m in client.get(reverse("skp:team"), {"period": period.pk}).context["rows"]}
    api_people = {e["name"] for e in json.loads(client.get("/api/v1/employees", {"team": "true"}).content)["items"]}
    api_skps = json.loads(client.get("/api/v1/skp", {"team": "true", "period": period.pk}).content)["items"]
    me = json.loads(client.get("/api/v1/me").content)
    card = skp_home(user, user.employee, date.today()).team
    return {"home": stat.get("team"), "team_page": team_page, "skp_team": skp_team, "api_people": api_people,
            "api_skps": {s["employee"]["name"] for s in api_skps} if api_skps else set(),
            "me": me["team_size"], "card": card.total,
            "query": {e.name for e in people_permissions.team_employees(Employee.objects.all(), user)}}


@pytest.mark.parametrize("user", sorted(EXPECTED))
def test_every_surface_shows_the_same_team(world, client, period, user):
    expected = EXPECTED[user]
    seen = everywhere(world, client, getattr(world, user), period)
    with_skp = {e.name for e in Employee.objects.filter(skps__period=period)}
    assert seen == {"home": len(expected), "team_page": expected, "skp_team": expected, "api_people": expected,
                    "api_skps": expected & with_skp, "me": len(expected), "card": len(expected),
                    "query": expected}


def test_the_home_card_says_what_my_team_lists(world, client):
    """The finding: a head's home counted everyone in the unit they head, themself included (3), while
    "My team" listed 2."""
    client.force_login(world.u_kasi_surv)
    html = client.get(reverse("home:home")).content.decode()
    assert 'data-stat="team"' in html and 'data-stat="employees"' not in html
    stats = {s.key: (s.value, s.url) for s in client.get(reverse("home:home")).context["stats"]}
    assert stats["team"] == (2, reverse("people:team"))


def test_acting_official_gets_the_team_of_the_post(world, client, period):
    """A Plh of the kasi evaluates the kasi's staff (not the kasi), on top of their own team."""
    people.assign_acting(actor=SYSTEM, employee=world.kabid_yankes, position=world.pos_kasi_surv, kind="plh",
                         start_date=date(2020, 1, 1))
    seen = everywhere(world, client, world.u_kabid_yankes, period)
    expected = {"Maya Sari", "Andi Pratama", "Dewi Lestari"}
    assert seen["team_page"] == seen["skp_team"] == seen["api_people"] == seen["query"] == expected
    assert seen["home"] == seen["me"] == seen["card"] == 3


def test_team_leaves_out_inactive_people_and_other_instances(world, client, period):
    people.set_active(actor=SYSTEM, employee=world.staff2, active=False)
    assert everywhere(world, client, world.u_kasi_surv, period)["team_page"] == {"Andi Pratama"}
    assert not Employee.objects.filter(people_permissions.team_q(world.u_kadinkes_b), instance=world.a).exists()


def test_nobody_else_has_a_team(world):
    for user in (world.u_staff1, world.u_admin_bkpsdm, world.u_auditor, world.u_nobody, world.u_root):
        assert not scope.get_scope(user).is_penilai
        assert not people_permissions.team_employees(Employee.objects.all(), user).exists()


def test_a_head_with_nobody_reporting_is_no_evaluating_official(world, client):
    """Heading a unit is not enough: someone's position must report to theirs (else "My team" is empty)."""
    from kinerja.organization import services as org
    from kinerja.organization.models import PositionKind, UnitKind

    unit = org.create_unit(actor=SYSTEM, instance=world.a, parent=world.disdik, name="UPTD Kosong",
                           kind=UnitKind.UPTD)
    post = org.create_position(actor=SYSTEM, unit=unit, name="Kepala UPTD", kind=PositionKind.PENGAWAS, is_head=True)
    people.transfer_employee(actor=SYSTEM, employee=world.staff_disdik, position=post, start_date=date(2024, 1, 2))
    client.force_login(world.u_staff_disdik)
    assert not scope.get_scope(world.u_staff_disdik).is_penilai
    assert client.get(reverse("people:team")).status_code == 403
    assert client.get(reverse("skp:team")).status_code == 403
