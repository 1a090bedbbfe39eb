"""Workflow buttons (submit, withdraw, return with a reason, approve, revision) and the team's SKP page."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from kinerja.core.testing import SYSTEM, make_nip
from kinerja.people import services as people
from kinerja.skp import services
from kinerja.skp.models import Skp, SkpStatus

from .conftest import approved_skp, fill, lock_of, status_of


def html_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def kasi(world, period):
    return approved_skp(world, period, world.kasi_surv, world.u_kasi_surv, world.u_kabid_p2p)


@pytest.fixture
def staff(world, period, kasi):
    skp = services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)
    fill(skp, world.u_staff1, parent=kasi.rhks.get())
    return Skp.objects.get(pk=skp.pk)


def submit(client, skp):
    return client.post(reverse("skp:submit", args=[skp.pk]), {"lock_version": lock_of(skp)}, follow=True)


# --- submit and withdraw ----------------------------------------------------------------------------


def test_the_owner_submits_and_withdraws(world, staff, client_for):
    client = client_for(world.u_staff1)
    response = submit(client, staff)
    assert status_of(staff) == SkpStatus.SUBMITTED
    assert "was submitted to Rina Wulandari" in html_of(response)
    assert 'data-testid="withdraw-skp"' in html_of(response) and 'data-testid="edit-skp"' not in html_of(response)
    response = client.post(reverse("skp:withdraw", args=[staff.pk]), {"lock_version": lock_of(staff)}, follow=True)
    assert status_of(staff) == SkpStatus.DRAFT and "draft again" in html_of(response)


def test_submitting_an_empty_skp_says_what_is_missing(world, period, client_for):
    skp = services.create_skp(actor=world.u_staff2, employee=world.staff2, period=period)
    response = submit(client_for(world.u_staff2), skp)
    assert "Add at least one main (utama) RHK" in html_of(response)
    assert status_of(skp) == SkpStatus.DRAFT


def test_submitting_with_a_stale_version_is_a_conflict(world, staff, client_for):
    seen = lock_of(staff)
    services.set_appendix(actor=world.u_admin_bkpsdm, skp=staff, lock_version=seen, kind="resources",
                          lines=["Laptop"])
    response = client_for(world.u_staff1).post(reverse("skp:submit", args=[staff.pk]), {"lock_version": seen},
                                               follow=True)
    assert "yours were not saved" in html_of(response) and status_of(staff) == SkpStatus.DRAFT


def test_unknown_workflow_action_is_404(world, staff, client_for):
    assert client_for(world.u_staff1).post(f"/skp/{staff.pk}/explode/").status_code == 404


# --- return and approve -----------------------------------------------------------------------------


def test_the_superior_returns_with_a_required_reason(world, staff, client_for):
    submit(client_for(world.u_staff1), staff)
    client = client_for(world.u_kasi_surv)
    page = client.get(reverse("skp:detail", args=[staff.pk]))
    assert 'data-testid="approve-skp"' in html_of(page) and 'data-testid="waiting-note"' in html_of(page)
    empty = client.post(reverse("skp:return", args=[staff.pk]), {"reason": "  ", "lock_version": lock_of(staff)})
    assert empty.status_code == 200 and empty.context["form"].errors["reason"]
    assert 'data-field-error="reason"' in html_of(empty)
    assert status_of(staff) == SkpStatus.SUBMITTED
    response = client.post(reverse("skp:return", args=[staff.pk]),
                           {"reason": "Target laporan terlalu rendah", "lock_version": lock_of(staff)}, follow=True)
    assert status_of(staff) == SkpStatus.RETURNED
    assert "was returned with your note" in html_of(response)
    mine = html_of(client_for(world.u_staff1).get(reverse("skp:mine")))
    assert 'data-testid="return-note"' in mine and "Target laporan terlalu rendah" in mine


def test_the_superior_approves(world, staff, client_for):
    submit(client_for(world.u_staff1), staff)
    response = client_for(world.u_kasi_surv).post(reverse("skp:approve", args=[staff.pk]),
                                                  {"lock_version": lock_of(staff), "confirmed": "True"}, follow=True)
    assert status_of(staff) == SkpStatus.APPROVED and "is approved" in html_of(response)
    skp = Skp.objects.get(pk=staff.pk)
    assert skp.version == 1 and skp.approved_by == world.kasi_surv
    steps = [s["action"] for s in response.context["steps"]]
    assert steps == ["create", "submit", "approve"]


def test_the_owner_cannot_approve_their_own_skp(world, staff, client_for):
    submit(client_for(world.u_staff1), staff)
    response = client_for(world.u_staff1).post(reverse("skp:approve", args=[staff.pk]),
                                               {"lock_version": lock_of(staff)}, follow=True)
    assert "cannot approve your own SKP" in html_of(response)
    assert status_of(staff) == SkpStatus.SUBMITTED


def test_an_acting_plt_approves_in_place_of_the_holder(world, staff, client_for):
    submit(client_for(world.u_staff1), staff)
    people.set_active(actor=SYSTEM, employee=world.kasi_surv, active=False)
    people.assign_acting(actor=SYSTEM, employee=world.kabid_yankes, position=world.pos_kasi_surv, kind="plt",
                         start_date=date(2025, 1, 1))
    client = client_for(world.u_kabid_yankes)
    team = client.get(reverse("skp:team"))
    assert team.status_code == 200
    assert 'data-testid="acting-banner"' in html_of(team) and "Andi Pratama" in html_of(team)
    client.post(reverse("skp:approve", args=[staff.pk]), {"lock_version": lock_of(staff), "confirmed": "True"})
    assert status_of(staff) == SkpStatus.APPROVED
    assert Skp.objects.get(pk=staff.pk).approved_by == world.kabid_yankes


def test_return_page_when_nothing_to_return_goes_back_to_the_skp(world, staff, client_for):
    response = client_for(world.u_kasi_surv).get(reverse("skp:return", args=[staff.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("skp:detail", args=[staff.pk])


# --- revision ----------------------------------------------------------------------------------------


def test_start_a_revision_needs_a_reason_then_the_skp_is_a_draft_again(world, kasi, client_for):
    client = client_for(world.u_kasi_surv)
    page = client.get(reverse("skp:revise", args=[kasi.pk]))
    assert page.status_code == 200 and 'data-testid="revise-form"' in html_of(page)
    empty = client.post(reverse("skp:revise", args=[kasi.pk]), {"reason": "", "lock_version": lock_of(kasi)})
    assert empty.context["form"].errors["reason"] and status_of(kasi) == SkpStatus.APPROVED
    response = client.post(reverse("skp:revise", args=[kasi.pk]),
                           {"reason": "Mutasi tengah tahun", "lock_version": lock_of(kasi)})
    assert response.status_code == 302 and response["Location"] == reverse("skp:edit", args=[kasi.pk])
    skp = Skp.objects.get(pk=kasi.pk)
    assert skp.status == SkpStatus.DRAFT and skp.version == 1 and skp.revision_reason == "Mutasi tengah tahun"
    html = html_of(client.get(reverse("skp:detail", args=[kasi.pk])))
    assert 'data-testid="revision-note"' in html


# --- the team's SKPs ----------------------------------------------------------------------------------


def test_team_page_lists_the_subordinates_waiting_ones_first(world, period, staff, client_for):
    services.create_skp(actor=world.u_staff2, employee=world.staff2, period=period)
    submit(client_for(world.u_staff1), staff)
    response = client_for(world.u_kasi_surv).get(reverse("skp:team"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r.name, r.skp_status) for r in rows] == [("Andi Pratama", "submitted"), ("Dewi Lestari", "draft")]
    assert response.context["counts"] == {"all": 2, "waiting": 1, "approved": 0, "none": 0, "in_progress": 1}
    html = html_of(response)
    assert f'href="{reverse("skp:detail", args=[staff.pk])}"' in html


def test_team_page_filters_by_status_and_name(world, period, staff, client_for):
    client = client_for(world.u_kasi_surv)
    rows = client.get(reverse("skp:team"), {"period": period.pk, "status": "none"}).context["rows"]
    assert [r.name for r in rows] == ["Dewi Lestari"]  # no SKP yet
    rows = client.get(reverse("skp:team"), {"period": period.pk, "q": "andi"}).context["rows"]
    assert [r.name for r in rows] == ["Andi Pratama"]
    rows = client.get(reverse("skp:team"), {"period": period.pk, "status": "approved"}).context["rows"]
    assert rows == []


def test_team_page_shows_only_ones_own_team(world, period, staff, client_for):
    rows = client_for(world.u_kabid_yankes).get(reverse("skp:team")).context["rows"]
    assert [r.name for r in rows] == ["Maya Sari"]


def test_team_page_queries_do_not_grow_with_the_team(world, period, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.create_skp(actor=world.u_staff2, employee=world.staff2, period=period)
    client = client_for(world.u_kasi_surv)
    client.get(reverse("skp:team"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("skp:team"))
    for n in range(8):
        employee = people.create_employee(actor=SYSTEM, instance=world.a, nip=make_nip("19900101", "201501", 1, n + 1),
                                          kind="PNS", name=f"Pegawai {n}", position=world.pos_data, grade="II/a",
                                          tmt_grade=date(2015, 4, 1), tmt_position=date(2020, 1, 2))
        skp = services.create_skp(actor=SYSTEM, employee=employee, period=period)
        fill(skp, SYSTEM)
    with CaptureQueriesContext(connection) as big:
        response = client.get(reverse("skp:team"))
    assert len(response.context["rows"]) == 10
    assert len(big.captured_queries) == len(small.captured_queries)
