"""Plan pages: everyone in the instance reads, the admins (and the unit head for their PK) write; another
instance's plan is a 404; bad input shows on the form and writes nothing; the overview's query count
does not grow with the number of IKU."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.core.context_processors import menu_for
from kinerja.core.testing import SYSTEM
from kinerja.planning import services as s
from kinerja.planning.models import ActionPlan, AgreementStatus, Goal, Iku, PerformanceAgreement, Programme

pytestmark = pytest.mark.django_db


def url(name, *args) -> str:
    return reverse(f"planning:{name}", args=args)


READ_PAGES = {
    "overview": lambda p: url("overview") + "?year=2026",
    "renstra": lambda p: url("renstra", p.renstra.pk),
    "iku": lambda p: url("iku", p.iku1.pk),
    "agreements": lambda p: url("agreements") + "?year=2026",
    "agreement": lambda p: url("agreement", p.pk.pk),
    "work plans": lambda p: url("work_plans") + "?year=2026",
    "work plan": lambda p: url("work_plan", p.rkt.pk),
}


@pytest.mark.parametrize("page", sorted(READ_PAGES))
@pytest.mark.parametrize("user", ["u_staff1", "u_nobody", "u_auditor", "u_kadisdik"])
def test_everyone_in_the_instance_reads_the_plan(world, plan, client_for, page, user):
    response = client_for(getattr(world, user)).get(READ_PAGES[page](plan))
    assert response.status_code == 200
    assert "RPJMD Kota Beta" not in response.content.decode()


@pytest.mark.parametrize("page", sorted(READ_PAGES))
def test_pages_need_a_login(plan, client, page):
    response = client.get(READ_PAGES[page](plan))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("page", ["renstra", "iku", "agreement", "work plan"])
def test_another_instance_gets_404(world, plan, client_for, page):
    assert client_for(world.u_staff_b).get(READ_PAGES[page](plan)).status_code == 404


def test_overview_shows_vision_missions_goals_targets_and_iku(world, plan, client_for):
    html = client_for(world.u_staff1).get(url("overview") + "?year=2026").content.decode()
    assert "Kota Alpha yang sehat, cerdas dan sejahtera" in html
    for text in ("Meningkatkan kualitas sumber daya manusia", "Meningkatnya derajat kesehatan masyarakat",
                 "Menurunnya angka kesakitan penyakit menular", "Angka keberhasilan pengobatan TBC",
                 "Renstra Dinas Pendidikan 2025–2029", "52,5", "70,5", "Rp 1.750.000.000"):
        assert text in html, text
    assert "Kota Beta maju" not in html
    # the OPD filter keeps one OPD
    html = client_for(world.u_staff1).get(url("overview"), {"year": 2026, "unit": world.disdik.pk}).content.decode()
    assert "Angka partisipasi murni SMP" in html and "Angka keberhasilan pengobatan TBC" not in html


def test_overview_without_an_rpjmd_invites_the_admin(world, client_for):
    from kinerja.accounts import services as accounts
    from kinerja.accounts.models import Role
    from kinerja.organization import services as org

    gamma = org.create_instance(actor=SYSTEM, name="Pemerintah Kota Gamma", slug="gamma")
    admin = accounts.create_user(actor=SYSTEM, instance=gamma, username="admin_gamma", password=world.password,
                                 validate=False)
    accounts.grant_role(actor=SYSTEM, user=admin, role=Role.ADMIN_BKPSDM)
    reader = accounts.create_user(actor=SYSTEM, instance=gamma, username="reader_gamma", password=world.password,
                                  validate=False)
    html = client_for(admin).get(url("overview")).content.decode()
    assert 'data-testid="no-plan"' in html and url("rpjmd_add") in html
    html = client_for(reader).get(url("overview")).content.decode()
    assert 'data-testid="no-plan"' in html and url("rpjmd_add") not in html


def test_editing_controls_only_for_editors(world, plan, client_for):
    goal_add = url("goal_add", plan.renstra.pk)
    assert goal_add in client_for(world.u_admin_opd).get(url("renstra", plan.renstra.pk)).content.decode()
    for user in (world.u_staff1, world.u_kadinkes, world.u_auditor):
        assert goal_add not in client_for(user).get(url("renstra", plan.renstra.pk)).content.decode()
    indicator_add = url("indicator_add", plan.pk.pk)
    assert indicator_add in client_for(world.u_kadinkes).get(url("agreement", plan.pk.pk)).content.decode()
    assert indicator_add not in client_for(world.u_kadisdik).get(url("agreement", plan.pk.pk)).content.decode()


def test_work_plan_page_shows_rupiah_totals_and_budget_warning(world, plan, client_for):
    html = client_for(world.u_staff1).get(url("work_plan", plan.rkt.pk)).content.decode()
    assert "Rp 1.500.000.000" in html and "Rp 1.750.000.000" in html and "Rp 450.000.000" in html
    assert 'data-testid="budget-warning"' not in html
    s.create_activity(actor=SYSTEM, programme=plan.prog2, name="Tambahan", budget="200.000.000")
    html = client_for(world.u_staff1).get(url("work_plan", plan.rkt.pk)).content.decode()
    assert 'data-testid="budget-warning"' in html and "Rp 300.000.000" in html


def test_menu_entry_for_everyone(world):
    for user in (world.u_staff1, world.u_nobody, world.u_admin_bkpsdm, world.u_auditor):
        assert "plan" in [item.key for item in menu_for(user)]


# --- forms: allowed / no role / out of scope -------------------------------------------------------

@dataclass
class Form:
    url: Any  # plan → path
    data: Any  # (world, plan) → POST data
    allowed: str = "u_admin_opd"
    denied: str = "u_staff1"
    check: Any = None  # (world, plan) → bool: the write happened


FORMS = {
    "rpjmd add": Form(lambda p: url("rpjmd_add"), lambda w, p: {"title": "RPJMD 2030", "start_year": 2030,
                                                                "end_year": 2034, "vision": "Visi"},
                      "u_admin_bkpsdm", "u_admin_opd"),
    "rpjmd edit": Form(lambda p: url("rpjmd_edit", p.rpjmd.pk),
                       lambda w, p: {"title": p.rpjmd.title, "start_year": 2025, "end_year": 2029, "vision": "Baru"},
                       "u_admin_bkpsdm", "u_admin_opd"),
    "mission add": Form(lambda p: url("mission_add", p.rpjmd.pk), lambda w, p: {"text": "Misi keempat"},
                        "u_admin_bkpsdm", "u_admin_opd"),
    "mission edit": Form(lambda p: url("mission_edit", p.m3.pk), lambda w, p: {"number": 3, "text": "Misi tiga"},
                         "u_admin_bkpsdm", "u_admin_opd"),
    "mission delete": Form(lambda p: url("mission_delete", p.m3.pk), lambda w, p: {}, "u_admin_bkpsdm",
                           "u_admin_opd"),
    "renstra edit": Form(lambda p: url("renstra_edit", p.renstra.pk),
                         lambda w, p: {"title": "Renstra baru", "start_year": 2025, "end_year": 2029}),
    "renstra delete": Form(lambda p: url("renstra_delete", p.renstra_disdik.pk), lambda w, p: {}, "u_admin_bkpsdm",
                           "u_admin_opd"),
    "goal add": Form(lambda p: url("goal_add", p.renstra.pk), lambda w, p: {"text": "Tujuan", "mission": p.m3.pk}),
    "goal edit": Form(lambda p: url("goal_edit", p.goal1.pk),
                      lambda w, p: {"code": "T1", "text": "Tujuan satu", "mission": p.m1.pk}),
    "goal delete": Form(lambda p: url("goal_delete", p.goal_disdik.pk), lambda w, p: {}, "u_admin_bkpsdm",
                        "u_admin_opd"),
    "target add": Form(lambda p: url("target_add", p.goal2.pk), lambda w, p: {"text": "Sasaran"}),
    "target edit": Form(lambda p: url("target_edit", p.st2.pk), lambda w, p: {"code": "S1.2", "text": "Sasaran"}),
    "target delete": Form(lambda p: url("target_delete", p.st_disdik.pk), lambda w, p: {}, "u_admin_bkpsdm",
                          "u_admin_opd"),
    "iku add": Form(lambda p: url("iku_add", p.st2.pk),
                    lambda w, p: {"name": "Rasio dokter", "measure_unit": "per 1.000", "direction": "higher",
                                  "target_2026": "0,5", "target_2027": "0,6"}),
    "iku edit": Form(lambda p: url("iku_edit", p.iku3.pk),
                     lambda w, p: {"code": "IKU 3", "name": "Indeks kepuasan", "measure_unit": "indeks",
                                   "baseline": "78", "direction": "higher"}),
    "iku targets": Form(lambda p: url("iku_targets", p.iku3.pk), lambda w, p: {"target_2027": "84"}),
    "iku delete": Form(lambda p: url("iku_delete", p.iku4.pk), lambda w, p: {}),
    "agreement add": Form(lambda p: url("agreement_add"), lambda w, p: {"unit": w.p2p.pk, "year": 2026},
                          "u_kabid_p2p"),
    "agreement sign": Form(lambda p: url("agreement_sign", p.pk.pk), lambda w, p: {"signed_on": "2026-01-15"},
                           "u_kadinkes"),
    "agreement delete": Form(lambda p: url("agreement_delete", p.pk.pk), lambda w, p: {}, denied="u_kadinkes"),
    "indicator add": Form(lambda p: url("indicator_add", p.pk.pk), lambda w, p: {"iku": p.iku3.pk, "target": "82"},
                          "u_kadinkes"),
    "indicator edit": Form(lambda p: url("indicator_edit", p.ind1.pk),
                           lambda w, p: {"iku": p.iku1.pk, "name": p.ind1.name, "measure_unit": "%", "target": "88",
                                         "order": 1}, "u_kadinkes"),
    "indicator delete": Form(lambda p: url("indicator_delete", p.ind2.pk), lambda w, p: {}),
    "action add": Form(lambda p: url("action_add", p.ind1.pk), lambda w, p: {"quarter": 4, "action": "Evaluasi"},
                       "u_kadinkes"),
    "action edit": Form(lambda p: url("action_edit", p.act2.pk), lambda w, p: {"quarter": 3, "action": "Supervisi"}),
    "action delete": Form(lambda p: url("action_delete", p.act3.pk), lambda w, p: {}),
    "work plan add": Form(lambda p: url("work_plan_add"), lambda w, p: {"unit": w.dinkes.pk, "year": 2027}),
    "work plan delete": Form(lambda p: url("work_plan_delete", p.rkt.pk), lambda w, p: {}),
    "programme add": Form(lambda p: url("programme_add", p.rkt.pk),
                          lambda w, p: {"name": "Program Mutu", "strategic_target": p.st2.pk, "budget": "1.000.000"}),
    "programme edit": Form(lambda p: url("programme_edit", p.prog2.pk),
                           lambda w, p: {"name": p.prog2.name, "code": "1.02.01", "strategic_target": p.st3.pk,
                                         "budget": "300.000.000"}),
    "programme delete": Form(lambda p: url("programme_delete", p.prog2.pk), lambda w, p: {}),
    "activity add": Form(lambda p: url("activity_add", p.prog1.pk), lambda w, p: {"name": "Kegiatan", "budget": "5"}),
    "activity edit": Form(lambda p: url("activity_edit", p.activity3.pk),
                          lambda w, p: {"name": "Perencanaan", "budget": "90.000.000"}),
    "activity delete": Form(lambda p: url("activity_delete", p.activity3.pk), lambda w, p: {}),
}


@pytest.mark.parametrize("name", sorted(FORMS))
def test_form_allowed_user_writes(world, plan, client_for, name):
    form = FORMS[name]
    client = client_for(getattr(world, form.allowed))
    assert client.get(form.url(plan)).status_code == 200
    from kinerja.audit.models import AuditEvent

    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    response = client.post(form.url(plan), form.data(world, plan))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AuditEvent.objects.filter(id__gt=last, action__startswith="planning.").exists()


@pytest.mark.parametrize("name", sorted(FORMS))
def test_form_without_the_role_is_403(world, plan, client_for, unchanged, name):
    form = FORMS[name]
    client = client_for(getattr(world, form.denied))
    with unchanged():
        assert client.get(form.url(plan)).status_code == 403
        assert client.post(form.url(plan), form.data(world, plan)).status_code == 403


@pytest.mark.parametrize("name", sorted(set(FORMS) - {"rpjmd add"}))
def test_form_of_another_instance(world, plan, client_for, unchanged, name):
    form = FORMS[name]
    client = client_for(world.u_admin_b)
    with unchanged():
        response = client.post(form.url(plan), form.data(world, plan))
        if form.url(plan) in (url("agreement_add"), url("work_plan_add")):
            # instance-level forms: the other instance's admin works in their own instance, where the
            # units of this instance are not even offered
            assert response.status_code == 200 and "unit" in response.context["form"].errors
        else:
            assert response.status_code == 404


def test_rpjmd_created_by_another_instance_lands_there(world, plan, client_for):
    from kinerja.planning.models import Rpjmd

    client_for(world.u_admin_b).post(url("rpjmd_add"), {"title": "RPJMD Beta 2030", "start_year": 2030,
                                                        "end_year": 2034, "vision": "V"})
    assert Rpjmd.objects.get(title="RPJMD Beta 2030").instance == world.b


# --- bad input on the web ------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "field"), [
    ("indicator add", {"iku": "", "name": "Indikator", "measure_unit": "%", "target": "-5"}, "target"),
    ("iku targets", {"target_2027": "banyak"}, "target_2027"),
    ("action add", {"quarter": 5, "action": "x"}, "quarter"),
    ("activity add", {"name": "x", "budget": "-1"}, "budget"),
    ("programme add", {"name": "x", "strategic_target": "", "budget": "1"}, "strategic_target"),
    ("rpjmd edit", {"title": "x", "start_year": 2025, "end_year": 2026, "vision": "v"}, "end_year"),
])
def test_bad_input_shows_on_the_form_and_writes_nothing(world, plan, client_for, unchanged, name, data, field):
    form = FORMS[name]
    client = client_for(world.u_admin_bkpsdm)
    with unchanged():
        response = client.post(form.url(plan), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    assert f'data-field-error="{field}"' in response.content.decode()


def test_iku_created_with_its_yearly_targets(world, plan, client_for):
    client_for(world.u_admin_opd).post(url("iku_add", plan.st2.pk), FORMS["iku add"].data(world, plan))
    iku = Iku.objects.get(name="Rasio dokter")
    assert {t.year: str(t.target) for t in iku.targets.all()} == {2026: "0.5000", 2027: "0.6000"}


# --- htmx inline forms -----------------------------------------------------------------------------

def test_inline_form_fragment_and_redirect(world, plan, client_for):
    client = client_for(world.u_admin_opd)
    target = url("goal_add", plan.renstra.pk)
    fragment = client.get(target, headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert "<html" not in html and 'data-testid="inline-form"' in html and f'hx-post="{target}"' in html
    invalid = client.post(target, {"text": ""}, headers={"HX-Request": "true"})
    assert invalid.status_code == 200 and 'data-testid="inline-form"' in invalid.content.decode()
    done = client.post(target, {"text": "Tujuan baru", "mission": plan.m3.pk}, headers={"HX-Request": "true"})
    goal = Goal.objects.get(text="Tujuan baru")
    assert done.status_code == 204
    expected = f"{url('renstra', plan.renstra.pk)}#goal-{goal.pk}"
    assert json.loads(done["HX-Trigger"]) == {"plan-saved": {"url": expected}}


def test_sign_through_the_page(world, plan, client_for):
    client = client_for(world.u_kadinkes)
    page = client.get(url("agreement", plan.pk.pk)).content.decode()
    assert 'data-testid="sign-form"' in page
    response = client.post(url("agreement_sign", plan.pk.pk), {"signed_on": "2026-01-15"})
    assert response.status_code == 302
    agreement = PerformanceAgreement.objects.get(pk=plan.pk.pk)
    assert agreement.status == AgreementStatus.SIGNED and agreement.signatory == world.kadinkes
    page = client.get(url("agreement", plan.pk.pk)).content.decode()
    assert 'data-testid="sign-form"' not in page and "15" in page and world.kadinkes.full_name in page
    # signed: the head no longer gets the editing forms
    assert client.get(url("action_add", plan.ind1.pk)).status_code == 403


def test_budget_warning_as_a_message(world, plan, client_for):
    response = client_for(world.u_admin_opd).post(url("activity_add", plan.prog2.pk),
                                                  {"name": "Mahal", "budget": "200.000.000"}, follow=True)
    texts = [str(m) for m in response.context["messages"]]
    assert any("Rp 300.000.000" in t for t in texts)


def test_delete_refused_while_used_shows_the_reason(world, plan, client_for, unchanged):
    with unchanged():
        response = client_for(world.u_admin_bkpsdm).post(url("mission_delete", plan.m1.pk))
    assert response.status_code == 200
    assert "still used" in response.content.decode()


# --- query counts ---------------------------------------------------------------------------------

def _grow(world, plan, n: int) -> None:
    renstra = plan.renstra
    for g in range(n):
        goal = s.create_goal(actor=SYSTEM, renstra=renstra, mission=plan.m1, text=f"Tujuan tambahan {g}")
        target = s.create_strategic_target(actor=SYSTEM, goal=goal, text=f"Sasaran tambahan {g}")
        for i in range(3):
            s.create_iku(actor=SYSTEM, strategic_target=target, name=f"IKU tambahan {g}.{i}", measure_unit="%",
                         targets={2025: 1, 2026: 2, 2027: 3})
    for unit in (world.p2p, world.yankes):
        agreement = s.create_agreement(actor=SYSTEM, unit=unit, year=2026)
        s.create_pk_indicator(actor=SYSTEM, agreement=agreement, iku=plan.iku1, target=1)


def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["overview", "renstra", "agreements", "work plan"])
def test_query_count_does_not_grow_with_the_plan(world, plan, client_for, page):
    client = client_for(world.u_staff1)
    path = READ_PAGES[page](plan)
    client.get(path)  # warm the session and caches
    before = _count(client, path)
    _grow(world, plan, 6)
    after = _count(client, path)
    assert after == before, f"{page}: {before} → {after} queries"
    assert Iku.objects.filter(instance=world.a).count() > 20


def test_agreement_and_work_plan_query_counts_are_constant(world, plan, client_for):
    client = client_for(world.u_staff1)
    client.get(url("agreement", plan.pk.pk))
    before = (_count(client, url("agreement", plan.pk.pk)), _count(client, url("work_plan", plan.rkt.pk)))
    for i in range(5):
        indicator = s.create_pk_indicator(actor=SYSTEM, agreement=plan.pk, iku=None, name=f"Indikator {i}",
                                          measure_unit="%", strategic_target=plan.st2, target=i)
        for quarter in (1, 2, 3, 4):
            s.create_action_plan(actor=SYSTEM, indicator=indicator, quarter=quarter, action=f"Aksi {i}.{quarter}")
        programme = s.create_programme(actor=SYSTEM, work_plan=plan.rkt, strategic_target=plan.st2, name=f"P{i}",
                                       budget=10)
        s.create_activity(actor=SYSTEM, programme=programme, name=f"K{i}", budget=1)
    assert ActionPlan.objects.filter(indicator__agreement=plan.pk).count() > 20
    assert Programme.objects.filter(work_plan=plan.rkt).count() == 7
    after = (_count(client, url("agreement", plan.pk.pk)), _count(client, url("work_plan", plan.rkt.pk)))
    assert after == before


def test_overview_year_selection(world, plan, client_for):
    html = client_for(world.u_staff1).get(url("overview"), {"year": 2028}).content.decode()
    assert 'data-year="2028"' in html and "Organisation plan" in html
    # a year outside the RPJMD falls back to one inside it
    response = client_for(world.u_staff1).get(url("overview"), {"year": 1990})
    assert response.context["year"] in range(2025, 2030)

