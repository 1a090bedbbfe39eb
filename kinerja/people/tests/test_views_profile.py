"""Employee profile and "my profile": data shown, the evaluation chain, histories, scope (404)."""

from datetime import date

from django.urls import reverse

from kinerja.core.testing import SYSTEM
from kinerja.people import services
from kinerja.people.models import Employee


def profile_url(employee) -> str:
    return reverse("people:profile", args=[employee.pk])


def test_profile_shows_personal_data_position_unit_and_grade(world, client_for):
    services.update_employee(actor=SYSTEM, employee=world.staff1, front_title="Ir.", back_title="M.T.",
                             tmt_cpns=date(2005, 1, 1))
    response = client_for(world.u_admin_bkpsdm).get(profile_url(world.staff1))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ir. Andi Pratama, M.T." in html
    assert "19800101 200501 1 004" in html
    assert "III/a – Penata Muda" in html
    assert "1 January 1980" in html or "1 Januari 1980" in html
    assert "Pengelola Data" in html and "badge-PELAKSANA" in html
    trail = [step["unit"].name for step in response.context["unit_trail"]]
    assert trail == ["Dinas Kesehatan", "Bidang P2P", "Seksi Surveilans"]


def test_unit_trail_links_to_the_unit_pages(world, client_for):
    html = client_for(world.u_admin_bkpsdm).get(profile_url(world.staff1)).content.decode()
    from kinerja.people.views import unit_url

    for unit in (world.dinkes, world.p2p, world.surv):
        url = unit_url(unit.pk)
        assert not url or f'href="{url}"' in html


def test_chain_shows_penilai_and_their_superior(world, client_for):
    response = client_for(world.u_admin_bkpsdm).get(profile_url(world.staff1))
    chain = response.context["chain"]
    assert [link["holder"].name for link in chain] == ["Rina Wulandari", "Budi Santoso"]
    assert [link["acting_label"] for link in chain] == ["", ""]
    assert chain[0]["url"] == profile_url(world.kasi_surv)


def test_chain_marks_an_acting_superior(world, client_for):
    services.set_active(actor=SYSTEM, employee=world.kasi_surv, active=False)
    services.assign_acting(actor=SYSTEM, employee=world.staff2, position=world.pos_kasi_surv, kind="plt",
                           start_date=date(2020, 1, 1))
    response = client_for(world.u_admin_bkpsdm).get(profile_url(world.staff1))
    first = response.context["chain"][0]
    assert first["holder"].name == "Dewi Lestari" and first["acting_label"] == "Plt."
    html = response.content.decode()
    assert '<span class="acting-tag">Plt.</span>' in html


def test_chain_links_only_to_profiles_the_user_may_open(world, client_for):
    chain = client_for(world.u_staff1).get(reverse("people:me")).context["chain"]
    assert [link["holder"].name for link in chain] == ["Rina Wulandari", "Budi Santoso"]
    assert [link["url"] for link in chain] == ["", ""]  # staff1 may not open their superiors' profiles


def test_position_history_lists_definitive_and_acting_posts(world, client_for):
    services.transfer_employee(actor=SYSTEM, employee=world.staff1, position=world.pos_perawat,
                               start_date=date(2024, 7, 1), decree_number="800/1/2024")
    services.assign_acting(actor=SYSTEM, employee=Employee.objects.get(pk=world.staff1.pk),
                           position=world.pos_kasi_surv, kind="plh", start_date=date(2025, 1, 6),
                           end_date=date(2025, 1, 10))
    response = client_for(world.u_admin_bkpsdm).get(profile_url(world.staff1))
    rows = [(a.position.name, a.kind, a.end_date) for a in response.context["assignments"]]
    assert rows == [("Kepala Seksi Surveilans", "plh", date(2025, 1, 10)),
                    ("Perawat Ahli Pertama", "definitive", None),
                    ("Pengelola Data", "definitive", date(2024, 6, 30))]
    html = response.content.decode()
    assert "800/1/2024" in html and '<span class="acting-tag">Plh.</span>' in html


def test_grade_history(world, client_for):
    services.update_employee(actor=SYSTEM, employee=world.staff1, grade="III/b", tmt_grade=date(2019, 4, 1))
    response = client_for(world.u_admin_bkpsdm).get(profile_url(world.staff1))
    assert [(g.grade, g.tmt) for g in response.context["grades"]] == [("III/b", date(2019, 4, 1)),
                                                                     ("III/a", date(2015, 4, 1))]
    assert "Penata Muda Tingkat I" in response.content.decode()


def test_unknown_profile_is_404(world, client_for):
    assert client_for(world.u_root).get(reverse("people:profile", args=[999999])).status_code == 404


def test_me_shows_the_own_profile(world, client_for):
    response = client_for(world.u_staff1).get(reverse("people:me"))
    assert response.status_code == 200
    assert response.context["employee"] == world.staff1 and response.context["is_me"]
    assert response.context["active_menu"] == "me"


def test_me_still_works_when_inactive(world, client_for):
    services.set_active(actor=SYSTEM, employee=world.staff1, active=False)
    response = client_for(world.u_staff1).get(reverse("people:me"))
    assert response.status_code == 200 and 'data-testid="inactive-badge"' in response.content.decode()


def test_history_section_only_for_audit_readers(world, client_for):
    services.update_employee(actor=world.u_admin_bkpsdm, employee=world.staff1, phone="0812")
    response = client_for(world.u_auditor).get(profile_url(world.staff1))
    actions = [e.action for e in response.context["history"]]
    assert actions == ["people.employee.update", "people.employee.create"]
    assert 'data-testid="history"' in response.content.decode()
    for user in (world.u_staff1, world.u_monev, world.u_admin_opd):
        response = client_for(user).get(profile_url(world.staff1))
        assert response.context["history"] == [] and 'data-testid="history"' not in response.content.decode()


def test_history_includes_acting_assignments(world, client_for):
    services.assign_acting(actor=world.u_admin_bkpsdm, employee=world.staff1, position=world.pos_kasi_surv,
                           kind="plh", start_date=date(2025, 1, 6), end_date=date(2025, 1, 10))
    response = client_for(world.u_admin_bkpsdm).get(profile_url(world.staff1))
    assert "people.assignment.acting" in [e.action for e in response.context["history"]]


def test_manage_menu_only_for_those_who_may_change(world, client_for):
    assert 'data-testid="manage-menu"' in client_for(world.u_admin_opd).get(profile_url(world.staff1)).content.decode()
    for user in (world.u_staff1, world.u_kasi_surv, world.u_auditor, world.u_monev):
        html = client_for(user).get(profile_url(world.staff1)).content.decode()
        assert 'data-testid="manage-menu"' not in html
        assert reverse("people:edit", args=[world.staff1.pk]) not in html


def test_profile_query_count_is_bounded(world, client_for, django_assert_max_num_queries):
    client = client_for(world.u_auditor)
    client.get(profile_url(world.staff1))
    with django_assert_max_num_queries(20):
        client.get(profile_url(world.staff1))
