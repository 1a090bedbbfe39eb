"""/plan/…: every endpoint with an allowed user, a user without the role and a user of another instance."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.db import transaction

from kinerja.api.testing import errors_of
from kinerja.audit.models import AuditEvent
from kinerja.core.testing import SYSTEM
from kinerja.planning import services as s
from kinerja.planning.models import AgreementStatus, Iku, PerformanceAgreement, Rpjmd
from kinerja.planning.testing import plan_state

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _module_plan(_module_world, django_db_blocker):
    """The plan, built once per module inside the module world's transaction (rolled back with it)."""
    from kinerja.planning.testing import build_plan

    with django_db_blocker.unblock():
        yield build_plan(_module_world)


@pytest.fixture
def plan(_module_plan, world):
    return copy.deepcopy(_module_plan)


def _new_rpjmd(w, start=2030):
    return s.create_rpjmd(actor=SYSTEM, instance=w.a, title=f"RPJMD {start}", start_year=start, end_year=start + 4,
                          vision="Visi")


def _signed_pk(w, p):
    return s.sign_agreement(actor=SYSTEM, agreement=p.pk, signed_on=date(2026, 1, 15))


# --- reads ----------------------------------------------------------------------------------------

READS = {
    "rpjmd list": lambda w, p: "/plan/rpjmd",
    "rpjmd": lambda w, p: f"/plan/rpjmd/{p.rpjmd.pk}",
    "renstra list": lambda w, p: "/plan/renstra",
    "renstra": lambda w, p: f"/plan/renstra/{p.renstra.pk}",
    "iku list": lambda w, p: "/plan/iku",
    "iku": lambda w, p: f"/plan/iku/{p.iku1.pk}",
    "agreement list": lambda w, p: "/plan/agreements",
    "agreement": lambda w, p: f"/plan/agreements/{p.pk.pk}",
    "work plan list": lambda w, p: "/plan/work-plans",
    "work plan": lambda w, p: f"/plan/work-plans/{p.rkt.pk}",
}


def _ids(data) -> set[int]:
    items = data["items"] if isinstance(data, dict) else data
    return {item["id"] for item in items}


@pytest.mark.parametrize("name", sorted(READS))
@pytest.mark.parametrize("user", ["u_staff1", "u_nobody", "u_auditor", "u_admin_opd", "u_kadisdik"])
def test_everyone_in_the_instance_reads_the_plan(world, plan, api, name, user):
    response = api(getattr(world, user)).get(READS[name](world, plan))
    assert response.status_code == 200, response.json()


@pytest.mark.parametrize("name", sorted(READS))
def test_reads_need_a_login(world, plan, api, name):
    response = api().get(READS[name](world, plan))
    assert response.status_code == 401 and "detail" in response.json()


@pytest.mark.parametrize("name", sorted(READS))
def test_another_instance_reads_nothing_of_this_plan(world, plan, api, name):
    response = api(world.u_staff_b).get(READS[name](world, plan))
    if name.endswith("list"):
        assert response.status_code == 200
        own = {"rpjmd list": plan.rpjmd_b, "renstra list": plan.renstra_b, "iku list": plan.iku_b,
               "agreement list": plan.pk_b, "work plan list": plan.rkt_b}[name]
        assert _ids(response.json()) == {own.pk}
    else:
        assert response.status_code == 404 and response.json()["detail"]


def test_renstra_detail_nests_goals_targets_iku_and_yearly_targets(world, plan, api):
    data = api(world.u_staff1).get(f"/plan/renstra/{plan.renstra.pk}").json()
    assert data["unit"]["id"] == world.dinkes.pk
    assert [g["code"] for g in data["goals"]] == ["T1", "T2"]
    assert data["goals"][0]["mission"]["number"] == 1
    iku = data["goals"][0]["targets"][0]["ikus"][0]
    assert iku["name"] == "Angka keberhasilan pengobatan TBC"
    assert [(t["year"], float(t["target"])) for t in iku["targets"]][:2] == [(2025, 86.0), (2026, 87.0)]


def test_agreement_and_work_plan_details(world, plan, api):
    pk = api(world.u_staff1).get(f"/plan/agreements/{plan.pk.pk}").json()
    assert pk["status"] == "draft" and pk["position"]["id"] == world.pos_kadinkes.pk
    assert [i["name"] for i in pk["indicators"]] == ["Angka keberhasilan pengobatan TBC",
                                                     "Insiden DBD per 100.000 penduduk"]
    assert [a["quarter"] for a in pk["indicators"][0]["actions"]] == [1, 2]
    rkt = api(world.u_staff1).get(f"/plan/work-plans/{plan.rkt.pk}").json()
    assert float(rkt["total_budget"]) == 1_750_000_000
    programme = next(p for p in rkt["programmes"] if p["name"] == "Program Pemenuhan Upaya Kesehatan")
    assert float(programme["activities_total"]) == 1_350_000_000 and programme["warnings"] == []


def test_list_filters(world, plan, api):
    client = api(world.u_staff1)
    assert _ids(client.get("/plan/iku", {"unit": world.disdik.pk}).json()) == {plan.iku_disdik.pk}
    assert _ids(client.get("/plan/renstra", {"year": 2031}).json()) == set()
    assert _ids(client.get("/plan/agreements", {"year": 2026, "status": "draft"}).json()) == {plan.pk.pk}
    assert _ids(client.get("/plan/agreements", {"status": "signed"}).json()) == set()
    assert _ids(client.get("/plan/work-plans", {"unit": world.dinkes.pk}).json()) == {plan.rkt.pk}
    assert _ids(client.get("/plan/rpjmd", {"year": 2027}).json()) == {plan.rpjmd.pk}
    page = client.get("/plan/iku", {"limit": 2}).json()
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = client.get("/plan/iku", {"limit": 10, "cursor": page["next_cursor"]}).json()
    assert len(rest["items"]) == Iku.objects.filter(instance=world.a).count() - 2
    response = api(world.u_staff_b).get("/plan/iku", {"unit": world.dinkes.pk})
    assert response.status_code == 422 and "unit" in errors_of(response)


# --- writes ---------------------------------------------------------------------------------------

@dataclass
class Write:
    method: str
    url: Any  # (world, plan) → path; may create what the call needs
    body: Any = None  # (world, plan) → payload
    allowed: str = "u_admin_opd"
    status: int = 200
    denied: str = "u_staff1"  # visible to them, but no role that writes it
    outside: int = 404  # what the other instance's admin gets


WRITES = {
    "rpjmd create": Write("post", lambda w, p: "/plan/rpjmd",
                          lambda w, p: {"title": "RPJMD 2030", "start_year": 2030, "end_year": 2034, "vision": "V"},
                          "u_admin_bkpsdm", 201, "u_admin_opd", outside=0),
    "rpjmd update": Write("patch", lambda w, p: f"/plan/rpjmd/{p.rpjmd.pk}", lambda w, p: {"vision": "Visi baru"},
                          "u_admin_bkpsdm", denied="u_admin_opd"),
    "rpjmd delete": Write("delete", lambda w, p: f"/plan/rpjmd/{_new_rpjmd(w).pk}", None, "u_admin_bkpsdm", 204,
                          "u_admin_opd"),
    "mission create": Write("post", lambda w, p: f"/plan/rpjmd/{p.rpjmd.pk}/missions", lambda w, p: {"text": "Misi"},
                            "u_admin_bkpsdm", 201, "u_admin_opd"),
    "mission update": Write("patch", lambda w, p: f"/plan/missions/{p.m1.pk}", lambda w, p: {"text": "Misi satu"},
                            "u_admin_bkpsdm", denied="u_admin_opd"),
    "mission delete": Write("delete", lambda w, p: f"/plan/missions/{p.m3.pk}", None, "u_admin_bkpsdm", 204,
                            "u_admin_opd"),
    "renstra create": Write("post", lambda w, p: "/plan/renstra",
                            lambda w, p: {"unit": w.dinkes.pk, "rpjmd": _new_rpjmd(w).pk, "title": "Renstra 2030"},
                            status=201, outside=422),
    "renstra update": Write("patch", lambda w, p: f"/plan/renstra/{p.renstra.pk}", lambda w, p: {"title": "Renstra"}),
    "renstra delete": Write("delete", lambda w, p: f"/plan/renstra/{p.renstra_disdik.pk}", None, "u_admin_bkpsdm",
                            204, "u_admin_opd"),
    "goal create": Write("post", lambda w, p: f"/plan/renstra/{p.renstra.pk}/goals",
                         lambda w, p: {"mission": p.m3.pk, "text": "Tujuan baru"}, status=201),
    "goal update": Write("patch", lambda w, p: f"/plan/goals/{p.goal1.pk}", lambda w, p: {"code": "T1.A"}),
    "goal delete": Write("delete", lambda w, p: f"/plan/goals/{p.goal_disdik.pk}", None, "u_admin_bkpsdm", 204,
                         "u_admin_opd"),
    "strategic target create": Write("post", lambda w, p: f"/plan/goals/{p.goal2.pk}/strategic-targets",
                                     lambda w, p: {"text": "Sasaran baru", "code": "S2.2"}, status=201),
    "strategic target update": Write("patch", lambda w, p: f"/plan/strategic-targets/{p.st2.pk}",
                                     lambda w, p: {"text": "Sasaran"}),
    "strategic target delete": Write("delete", lambda w, p: f"/plan/strategic-targets/{p.st_disdik.pk}", None,
                                     "u_admin_bkpsdm", 204, "u_admin_opd"),
    "iku create": Write("post", lambda w, p: f"/plan/strategic-targets/{p.st2.pk}/iku",
                        lambda w, p: {"name": "Persentase puskesmas terakreditasi", "measure_unit": "%",
                                      "targets": {"2026": "60,5", "2027": 70}}, status=201),
    "iku update": Write("patch", lambda w, p: f"/plan/iku/{p.iku3.pk}", lambda w, p: {"data_source": "Survei"}),
    "iku targets": Write("put", lambda w, p: f"/plan/iku/{p.iku3.pk}/targets",
                         lambda w, p: {"targets": {"2027": "84", "2025": None}}),
    "iku delete": Write("delete", lambda w, p: f"/plan/iku/{p.iku4.pk}", None, status=204),
    "agreement create": Write("post", lambda w, p: "/plan/agreements", lambda w, p: {"unit": w.p2p.pk, "year": 2026},
                              "u_kabid_p2p", 201, outside=422),
    "agreement update": Write("patch", lambda w, p: f"/plan/agreements/{p.pk.pk}", lambda w, p: {"year": 2027}),
    "agreement delete": Write("delete", lambda w, p: f"/plan/agreements/{p.pk.pk}", None, status=204,
                              denied="u_kadinkes"),
    "agreement sign": Write("post", lambda w, p: f"/plan/agreements/{p.pk.pk}/sign",
                            lambda w, p: {"signed_on": "2026-01-15"}, "u_kadinkes"),
    "agreement reopen": Write("post", lambda w, p: f"/plan/agreements/{_signed_pk(w, p).pk}/reopen", None,
                              denied="u_kadinkes"),
    "pk indicator create": Write("post", lambda w, p: f"/plan/agreements/{p.pk.pk}/indicators",
                                 lambda w, p: {"iku": p.iku3.pk, "target": "82"}, "u_kadinkes", 201),
    "pk indicator update": Write("patch", lambda w, p: f"/plan/pk-indicators/{p.ind1.pk}",
                                 lambda w, p: {"target": 88}, "u_kadinkes"),
    "pk indicator delete": Write("delete", lambda w, p: f"/plan/pk-indicators/{p.ind2.pk}", None, status=204),
    "action plan create": Write("post", lambda w, p: f"/plan/pk-indicators/{p.ind1.pk}/actions",
                                lambda w, p: {"quarter": 4, "action": "Evaluasi akhir"}, "u_kadinkes", 201),
    "action plan update": Write("patch", lambda w, p: f"/plan/action-plans/{p.act2.pk}", lambda w, p: {"quarter": 3}),
    "action plan delete": Write("delete", lambda w, p: f"/plan/action-plans/{p.act3.pk}", None, status=204),
    "work plan create": Write("post", lambda w, p: "/plan/work-plans", lambda w, p: {"unit": w.dinkes.pk, "year": 2027},
                              status=201, outside=422),
    "work plan update": Write("patch", lambda w, p: f"/plan/work-plans/{p.rkt.pk}", lambda w, p: {"year": 2027}),
    "work plan delete": Write("delete", lambda w, p: f"/plan/work-plans/{p.rkt.pk}", None, status=204),
    "programme create": Write("post", lambda w, p: f"/plan/work-plans/{p.rkt.pk}/programmes",
                              lambda w, p: {"strategic_target": p.st2.pk, "name": "Program Mutu",
                                            "budget": "1.000.000"}, status=201),
    "programme update": Write("patch", lambda w, p: f"/plan/programmes/{p.prog2.pk}",
                              lambda w, p: {"budget": "300.000.000"}),
    "programme delete": Write("delete", lambda w, p: f"/plan/programmes/{p.prog2.pk}", None, status=204),
    "activity create": Write("post", lambda w, p: f"/plan/programmes/{p.prog1.pk}/activities",
                             lambda w, p: {"name": "Kegiatan baru", "budget": 5_000_000}, status=201),
    "activity update": Write("patch", lambda w, p: f"/plan/activities/{p.activity3.pk}",
                             lambda w, p: {"budget": "90.000.000,50"}),
    "activity delete": Write("delete", lambda w, p: f"/plan/activities/{p.activity3.pk}", None, status=204),
}


def _call(client, case: Write, world, plan):
    url = case.url(world, plan)
    body = case.body(world, plan) if case.body else None
    return lambda: client._call(case.method, url, body)


@pytest.mark.parametrize("name", sorted(WRITES))
def test_write_allowed(world, plan, api, name):
    case = WRITES[name]
    call = _call(api(getattr(world, case.allowed)), case, world, plan)
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    response = call()
    assert response.status_code == case.status, response.content
    assert AuditEvent.objects.filter(id__gt=last, action__startswith="planning.").exists()


@pytest.mark.parametrize("name", sorted(WRITES))
def test_write_without_the_role_is_403_and_writes_nothing(world, plan, api, name):
    case = WRITES[name]
    call = _call(api(getattr(world, case.denied)), case, world, plan)
    before = plan_state()
    response = call()
    assert response.status_code == 403, response.content
    assert response.json()["detail"]
    assert plan_state() == before


@pytest.mark.parametrize("name", sorted(n for n, c in WRITES.items() if c.outside))
def test_write_from_another_instance_is_refused_and_writes_nothing(world, plan, api, name):
    case = WRITES[name]
    call = _call(api(world.u_admin_b), case, world, plan)
    before = plan_state()
    response = call()
    assert response.status_code == case.outside, response.content
    if case.outside == 422:
        assert "unit" in errors_of(response)
    assert plan_state() == before


def test_writes_need_a_login(world, plan, api):
    assert api().post("/plan/rpjmd", {"title": "x"}).status_code == 401
    assert api().delete(f"/plan/activities/{plan.activity3.pk}").status_code == 401


def test_rpjmd_created_by_another_instance_lands_there(world, plan, api):
    response = api(world.u_admin_b).post("/plan/rpjmd", {"title": "RPJMD Beta 2030", "start_year": 2030,
                                                         "end_year": 2034, "vision": "V"})
    assert response.status_code == 201
    assert Rpjmd.objects.get(pk=response.json()["id"]).instance == world.b


# --- bad input: 422 with the field named, nothing written -----------------------------------------

BAD = [
    ("post", lambda p: f"/plan/agreements/{p.pk.pk}/indicators", lambda p: {"iku": p.iku3.pk, "target": "-1"},
     "target"),
    ("post", lambda p: f"/plan/agreements/{p.pk.pk}/indicators", lambda p: {"iku": p.iku_disdik.pk, "target": 1},
     "iku"),
    ("post", lambda p: f"/plan/agreements/{p.pk.pk}/indicators", lambda p: {"iku": p.iku_b.pk, "target": 1}, "iku"),
    ("post", lambda p: f"/plan/pk-indicators/{p.ind1.pk}/actions", lambda p: {"quarter": 5, "action": "x"},
     "quarter"),
    ("post", lambda p: f"/plan/programmes/{p.prog1.pk}/activities", lambda p: {"name": "x", "budget": "-1"},
     "budget"),
    ("post", lambda p: f"/plan/strategic-targets/{p.st2.pk}/iku",
     lambda p: {"name": "x", "measure_unit": "%", "targets": {"2026": "lima"}}, "target_2026"),
    ("post", lambda p: f"/plan/strategic-targets/{p.st2.pk}/iku",
     lambda p: {"name": "x", "measure_unit": "%", "targets": {"2040": 5}}, "target_2040"),
    ("post", lambda p: "/plan/work-plans", lambda p: {"unit": p.rkt.unit_id, "year": 2026}, "year"),
    ("patch", lambda p: f"/plan/renstra/{p.renstra.pk}", lambda p: {"end_year": 2035}, "end_year"),
    ("post", lambda p: f"/plan/rpjmd/{p.rpjmd.pk}/missions", lambda p: {"text": "x", "number": 1}, "number"),
    ("post", lambda p: f"/plan/renstra/{p.renstra.pk}/goals", lambda p: {"mission": p.m_b.pk, "text": "x"}, "mission"),
    ("post", lambda p: "/plan/agreements", lambda p: {"unit": p.pk.unit_id, "year": "tahun"}, "year"),
]


@pytest.mark.parametrize("index", range(len(BAD)))
def test_bad_input_is_422_naming_the_field(world, plan, api, index):
    method, url, body, field = BAD[index]
    before = plan_state()
    response = getattr(api(world.u_admin_bkpsdm), method)(url(plan), body(plan))
    assert response.status_code == 422, response.content
    assert field in errors_of(response), response.json()
    assert plan_state() == before


def test_activity_write_reports_a_budget_warning(world, plan, api):
    response = api(world.u_admin_opd).post(f"/plan/programmes/{plan.prog2.pk}/activities",
                                           {"name": "Mahal", "budget": "200.000.000"})
    assert response.status_code == 201
    assert "Rp 300.000.000" in response.json()["warnings"][0]


def test_sign_through_the_api(world, plan, api):
    response = api(world.u_kadinkes).post(f"/plan/agreements/{plan.pk.pk}/sign", {"signed_on": "2026-01-15"})
    data = response.json()
    assert data["status"] == "signed" and data["signed_on"] == "2026-01-15"
    assert data["signatory"]["id"] == world.kadinkes.pk and data["superior"] is None
    assert PerformanceAgreement.objects.get(pk=plan.pk.pk).status == AgreementStatus.SIGNED
    again = api(world.u_kadinkes).post(f"/plan/agreements/{plan.pk.pk}/sign")
    assert again.status_code == 422 and "status" in errors_of(again)


def test_protected_delete_is_422(world, plan, api):
    before = plan_state()
    response = api(world.u_admin_bkpsdm).delete(f"/plan/rpjmd/{plan.rpjmd.pk}")
    assert response.status_code == 422 and "__all__" in errors_of(response)
    assert plan_state() == before


def test_plan_endpoints_are_in_the_openapi_schema(api, world):
    schema = api(world.u_staff1).get("/openapi.json").json()
    paths = {path for path in schema["paths"] if "/plan/" in path}
    assert len(paths) == 29  # the 28 plan resources and actions, and the workbook export
    assert "/api/v1/plan/export" in paths
    assert "post" in schema["paths"]["/api/v1/plan/agreements/{agreement_id}/sign"]
    assert {"plan"} == set(schema["paths"]["/api/v1/plan/iku"]["get"]["tags"])


def test_module_plan_is_rolled_back_between_tests(world, plan):
    assert transaction.get_connection().in_atomic_block
