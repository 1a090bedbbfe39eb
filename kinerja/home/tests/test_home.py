"""The role-aware home dashboard and the health check."""

from datetime import date

import pytest
from django.urls import reverse

from kinerja.core.testing import SYSTEM
from kinerja.organization import services as org
from kinerja.organization.models import PositionKind
from kinerja.people import services as people

HOME = reverse("home:home")


def stats(response):
    return {stat.key: stat.value for stat in response.context["stats"]}


def test_anonymous_goes_to_login(client, db):
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_employee_sees_position_and_evaluators(world, client_for):
    response = client_for(world.u_staff1).get(HOME)
    assert response.status_code == 200
    assert response.context["employee"] == world.staff1
    assert [link.holder for link in response.context["chain"]] == [world.kasi_surv, world.kabid_p2p]
    assert stats(response) == {"units": 5, "colleagues": 3}
    html = response.content.decode()
    for text in ("Andi Pratama", "Pengelola Data", "Seksi Surveilans", "Rina Wulandari", "Budi Santoso",
                 "Kepala Bidang P2P", 'data-link="org"'):
        assert text in html
    assert 'data-link="users"' not in html and 'data-testid="recent-activity"' not in html


def test_acting_superior_is_shown_with_plt(world, client_for):
    people.set_active(actor=SYSTEM, employee=world.kasi_surv, active=False)
    people.assign_acting(actor=SYSTEM, employee=world.kabid_yankes, position=world.pos_kasi_surv, kind="plt",
                         start_date=date(2024, 1, 1))
    response = client_for(world.u_staff1).get(HOME)
    first = response.context["chain"][0]
    assert first.holder == world.kabid_yankes and first.acting_label == "Plt."
    assert "Plt." in response.content.decode()


def test_acting_post_of_the_user_is_listed(world, client_for):
    people.assign_acting(actor=SYSTEM, employee=world.kasi_surv, position=world.pos_kabid_yankes, kind="plh",
                         start_date=date(2024, 1, 1))
    response = client_for(world.u_kasi_surv).get(HOME)
    assert [a.position for a in response.context["acting_posts"]] == [world.pos_kabid_yankes]
    assert "Also acting as" in response.content.decode()


@pytest.mark.parametrize(("user", "expected"), [
    ("u_admin_bkpsdm", {"employees": 9, "units": 5, "vacant": 0, "acting": 0}),
    ("u_auditor", {"employees": 9, "units": 5, "vacant": 0, "acting": 0}),
    ("u_admin_opd", {"employees": 7, "units": 4, "vacant": 0, "acting": 0}),
    ("u_kabid_p2p", {"team": 1, "units": 2, "vacant": 0, "acting": 0}),  # whom they evaluate: the kasi
    ("u_admin_b", {"employees": 2, "units": 1, "vacant": 0, "acting": 0}),
])
def test_scope_cards(world, client_for, user, expected):
    response = client_for(getattr(world, user)).get(HOME)
    assert response.status_code == 200 and stats(response) == expected


def test_cards_count_vacancies_and_acting_in_scope(world, client_for):
    org.create_position(actor=SYSTEM, unit=world.yankes, name="Kepala Seksi Rujukan", kind=PositionKind.PENGAWAS)
    org.create_position(actor=SYSTEM, unit=world.yankes, name="Perawat Ahli Muda", kind=PositionKind.FUNGSIONAL)
    people.set_active(actor=SYSTEM, employee=world.kadisdik, active=False)
    people.assign_acting(actor=SYSTEM, employee=world.staff_disdik, position=world.pos_kadisdik, kind="plt",
                         start_date=date(2024, 1, 1))
    assert stats(client_for(world.u_admin_bkpsdm).get(HOME))["vacant"] == 2
    assert stats(client_for(world.u_admin_bkpsdm).get(HOME))["acting"] == 1
    opd = stats(client_for(world.u_admin_opd).get(HOME))
    assert opd["vacant"] == 1 and opd["acting"] == 0
    assert stats(client_for(world.u_admin_b).get(HOME))["vacant"] == 0


def test_user_without_employee_or_role(world, client_for):
    response = client_for(world.u_nobody).get(HOME)
    assert response.status_code == 200 and stats(response) == {"units": 5}
    assert 'data-testid="no-role"' in response.content.decode()


def test_superuser_home(world, client_for):
    response = client_for(world.u_root).get(HOME)
    assert response.status_code == 200 and stats(response)["units"] == 6


def test_auditor_sees_recent_activity_of_the_instance_only(world, client_for):
    response = client_for(world.u_auditor).get(HOME)
    recent = response.context["recent"]
    assert recent and all(event.instance_id == world.a.pk for event in recent)
    assert 'data-testid="recent-activity"' in response.content.decode()


def test_admin_quick_links(world, client_for):
    html = client_for(world.u_admin_bkpsdm).get(HOME).content.decode()
    for key in ("org", "positions", "users", "audit"):
        assert f'data-link="{key}"' in html


def test_home_query_count_is_bounded(world, client_for, django_assert_max_num_queries):
    client = client_for(world.u_admin_bkpsdm)
    client.get(HOME)
    with django_assert_max_num_queries(16):
        client.get(HOME)


def test_healthz(client, db):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200 and response.json() == {"status": "ok"}
