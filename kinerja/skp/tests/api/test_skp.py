"""The SKP API: every endpoint with an allowed user, a user without the role and one outside the scope."""

from __future__ import annotations

from datetime import date

import pytest

from kinerja.api.testing import errors_of
from kinerja.audit.models import AuditEvent
from kinerja.skp import services
from kinerja.skp.models import Iki, Period, Rhk, Skp, SkpTemplate, SkpVersion

pytestmark = pytest.mark.django_db

SKP_PATHS = [
    "/api/v1/skp", "/api/v1/skp/{skp_id}", "/api/v1/skp/periods", "/api/v1/skp/periods/{period_id}/close",
    "/api/v1/skp/templates", "/api/v1/skp/overdue", "/api/v1/skp/{skp_id}/allowed-parents",
    "/api/v1/skp/{skp_id}/versions", "/api/v1/skp/{skp_id}/versions/{number}", "/api/v1/skp/{skp_id}/copy-previous",
    "/api/v1/skp/{skp_id}/apply-template", "/api/v1/skp/{skp_id}/appendix/{kind}", "/api/v1/skp/{skp_id}/expectations",
    "/api/v1/skp/{skp_id}/submit", "/api/v1/skp/{skp_id}/withdraw", "/api/v1/skp/{skp_id}/return",
    "/api/v1/skp/{skp_id}/approve", "/api/v1/skp/{skp_id}/revise", "/api/v1/skp/{skp_id}/rhk",
    "/api/v1/skp/rhk/{rhk_id}", "/api/v1/skp/rhk/{rhk_id}/acknowledge", "/api/v1/skp/rhk/{rhk_id}/iki",
    "/api/v1/skp/iki/{iki_id}", "/api/v1/skp/templates/{template_id}",
]


@pytest.fixture
def period(world):
    return Period.objects.create(instance=world.a, name="2026", year=2026, start_date=date(2026, 1, 1),
                                 end_date=date(2026, 12, 31), deadline=date(2026, 1, 31))


@pytest.fixture
def staff_skp(world, period):
    return services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)


@pytest.fixture
def filled(world, staff_skp):
    """Andi's SKP with one RHK (linked to the Kepala Seksi's) and one IKI."""
    top = services.create_skp(actor=world.u_kasi_surv, employee=world.kasi_surv, period=staff_skp.period)
    parent = services.add_rhk(actor=world.u_kasi_surv, skp=top, lock_version=0, text="Tersedianya data surveilans")
    rhk = services.add_rhk(actor=world.u_staff1, skp=staff_skp, lock_version=0, text="Laporan mingguan",
                           parent=parent)
    services.add_iki(actor=world.u_staff1, rhk=rhk, lock_version=1, text="Jumlah laporan", aspect="kuantitas",
                     target_value="52", measure_unit="laporan")
    return staff_skp


def put(client, path, data):
    return client._call("put", path, data)


def lock(skp) -> int:
    return Skp.objects.get(pk=skp.pk).lock_version


def state() -> tuple:
    return (list(Skp.objects.order_by("pk").values_list("pk", "status", "lock_version", "version")),
            list(Rhk.objects.order_by("pk").values_list("pk", "text", "parent_id")),
            list(Iki.objects.order_by("pk").values_list("pk", "text", "target_value", "target_min")),
            SkpVersion.objects.count(), AuditEvent.objects.count())


def test_openapi_has_every_skp_endpoint(api):
    schema = api().get("/openapi.json").json()
    assert set(SKP_PATHS) <= set(schema["paths"])
    assert {"put"} == set(schema["paths"]["/api/v1/skp/{skp_id}/expectations"])
    assert set(schema["paths"]["/api/v1/skp/rhk/{rhk_id}"]) == {"patch", "delete"}
    assert "409" in schema["paths"]["/api/v1/skp/{skp_id}/rhk"]["post"]["responses"]
    assert "SkpDetailOut" in schema["components"]["schemas"]


# --- periods ------------------------------------------------------------------------------------


def test_periods_list_is_per_instance(api, world, period):
    other = Period.objects.create(instance=world.b, name="2026", year=2026, start_date=date(2026, 1, 1),
                                  end_date=date(2026, 12, 31), deadline=date(2026, 1, 31))
    rows = api(world.u_staff1).get("/skp/periods").json()
    assert [p["id"] for p in rows] == [period.pk] and rows[0]["deadline"] == "2026-01-31"
    assert [p["id"] for p in api(world.u_admin_b).get("/skp/periods").json()] == [other.pk]
    assert api(world.u_staff1).get("/skp/periods", {"year": 2025}).json() == []
    assert {p["id"] for p in api(world.u_root).get("/skp/periods").json()} == {period.pk, other.pk}


def test_periods_create(api, world):
    response = api(world.u_admin_bkpsdm).post("/skp/periods", {"year": 2027})
    assert response.status_code == 201
    assert [(p["name"], p["start_date"], p["deadline"]) for p in response.json()] == [
        ("2027", "2027-01-01", "2027-01-31")]
    assert api(world.u_staff1).post("/skp/periods", {"year": 2028}).status_code == 403
    assert api(world.u_admin_opd).post("/skp/periods", {"year": 2028}).status_code == 403
    bad = api(world.u_admin_bkpsdm).post("/skp/periods", {"year": 1800})
    assert bad.status_code == 422 and "year" in errors_of(bad)
    bad = api(world.u_admin_bkpsdm).post("/skp/periods", {"year": "dua ribu"})
    assert bad.status_code == 422 and "year" in errors_of(bad)
    assert not Period.objects.filter(year__in=[1800, 2028]).exists()


def test_period_close(api, world, period):
    assert api(world.u_staff1).post(f"/skp/periods/{period.pk}/close", {"closed": True}).status_code == 403
    assert api(world.u_admin_b).post(f"/skp/periods/{period.pk}/close", {"closed": True}).status_code == 404
    response = api(world.u_admin_bkpsdm).post(f"/skp/periods/{period.pk}/close", {"closed": True})
    assert response.status_code == 200 and response.json()["is_closed"]


# --- list and detail ----------------------------------------------------------------------------


def test_list_is_scoped_filtered_and_paginated(api, world, period, staff_skp):
    services.create_skp(actor=world.u_staff2, employee=world.staff2, period=period)
    services.create_skp(actor=world.u_staff_disdik, employee=world.staff_disdik, period=period)
    names = lambda user, **params: [s["employee"]["name"] for s in api(user).get("/skp", params).json()["items"]]  # noqa: E731
    assert names(world.u_staff1) == ["Andi Pratama"]
    assert names(world.u_kasi_surv) == ["Andi Pratama", "Dewi Lestari"]
    assert names(world.u_admin_bkpsdm) == ["Agus Salim", "Andi Pratama", "Dewi Lestari"]
    assert names(world.u_admin_bkpsdm, unit=world.dinkes.pk) == ["Andi Pratama", "Dewi Lestari"]
    assert names(world.u_admin_bkpsdm, status="approved") == []
    assert names(world.u_admin_bkpsdm, period=period.pk, employee=world.staff2.pk) == ["Dewi Lestari"]
    assert names(world.u_admin_b) == [] and names(world.u_nobody) == []
    first = api(world.u_admin_bkpsdm).get("/skp", {"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = api(world.u_admin_bkpsdm).get("/skp", {"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [s["employee"]["name"] for s in second["items"]] == ["Dewi Lestari"] and not second["next_cursor"]
    assert api(world.u_admin_bkpsdm).get("/skp", {"status": "lost"}).status_code == 422
    assert api(world.u_admin_bkpsdm).get("/skp", {"cursor": "xx"}).status_code == 400


def test_detail(api, world, filled):
    data = api(world.u_staff1).get(f"/skp/{filled.pk}").json()
    assert data["employee"]["name"] == "Andi Pratama" and data["evaluator"]["name"] == "Rina Wulandari"
    assert data["rhks"][0]["parent"]["employee"] == "Rina Wulandari"
    assert data["rhks"][0]["ikis"][0]["target_display"] == "52 laporan"
    assert data["allowed_actions"] == ["submit"] and data["can_change"] and data["lock_version"] == 2
    assert len(data["expectations"]) == 7
    evaluator = api(world.u_kasi_surv).get(f"/skp/{filled.pk}").json()
    assert evaluator["allowed_actions"] == [] and not evaluator["can_change"]
    assert api(world.u_monev).get(f"/skp/{filled.pk}").status_code == 200
    for user in (world.u_staff2, world.u_admin_b, world.u_nobody, world.u_staff_disdik):
        assert api(user).get(f"/skp/{filled.pk}").status_code == 404
    assert api(world.u_staff1).get("/skp/999999").status_code == 404


def test_allowed_parents(api, world, filled):
    rows = api(world.u_staff1).get(f"/skp/{filled.pk}/allowed-parents").json()
    assert [(r["text"], r["employee"], r["skp_status"]) for r in rows] == [
        ("Tersedianya data surveilans", "Rina Wulandari", "draft")]
    assert api(world.u_staff2).get(f"/skp/{filled.pk}/allowed-parents").status_code == 404


# --- create -------------------------------------------------------------------------------------


def test_create(api, world, period):
    response = api(world.u_staff1).post("/skp", {"employee": world.staff1.pk, "period": period.pk})
    assert response.status_code == 201 and response.json()["status"] == "draft"
    assert api(world.u_kasi_surv).post("/skp", {"employee": world.staff2.pk, "period": period.pk}).status_code == 201
    admin = api(world.u_admin_bkpsdm).post("/skp", {"employee": world.staff_disdik.pk, "period": period.pk})
    assert admin.status_code == 201 and admin.json()["set_by_admin"]
    duplicate = api(world.u_staff1).post("/skp", {"employee": world.staff1.pk, "period": period.pk})
    assert duplicate.status_code == 422 and "period" in errors_of(duplicate)
    # without the right: the employee is not found in the caller's scope, or may not be given an SKP
    assert "employee" in errors_of(api(world.u_staff2).post("/skp", {"employee": world.kasi_surv.pk,
                                                                     "period": period.pk}))
    assert api(world.u_kasi_surv).post("/skp", {"employee": world.kabid_p2p.pk, "period": period.pk}).status_code \
        in (403, 422)
    assert api(world.u_monev).post("/skp", {"employee": world.kabid_p2p.pk, "period": period.pk}).status_code == 403
    out = api(world.u_admin_b).post("/skp", {"employee": world.kabid_p2p.pk, "period": period.pk})
    assert out.status_code == 422 and set(errors_of(out)) == {"employee"}
    other_period = api(world.u_staff_b).post("/skp", {"employee": world.staff_b.pk, "period": period.pk})
    assert other_period.status_code == 422 and set(errors_of(other_period)) == {"period"}
    assert Skp.objects.count() == 3


# --- content ------------------------------------------------------------------------------------


def test_add_rhk_and_the_bad_inputs(api, world, period, filled):
    client = api(world.u_staff1)
    yankes = services.create_skp(actor=world.u_kabid_yankes, employee=world.kabid_yankes, period=period)
    foreign = services.add_rhk(actor=world.u_kabid_yankes, skp=yankes, lock_version=0, text="Rahasia unit lain")
    before = state()
    bad = client.post(f"/skp/{filled.pk}/rhk", {"lock_version": 2, "text": "x", "parent": foreign.pk})
    assert bad.status_code == 422
    assert errors_of(bad)["parent"] == ["The chosen RHK is not your (acting) superior's RHK for this period."]
    assert "Rahasia" not in bad.content.decode()
    assert client.post(f"/skp/{filled.pk}/rhk", {"lock_version": 2, "text": " "}).status_code == 422
    assert client.post(f"/skp/{filled.pk}/rhk", {"lock_version": 2, "text": "x", "group": "lain"}).status_code == 422
    stale = client.post(f"/skp/{filled.pk}/rhk", {"lock_version": 1, "text": "x"})
    assert stale.status_code == 409
    assert "yours were not saved" in stale.json()["detail"] and "lock_version" in errors_of(stale)
    assert client.post(f"/skp/{filled.pk}/rhk", {"text": "x"}).status_code == 422  # no lock_version
    assert api(world.u_kasi_surv).post(f"/skp/{filled.pk}/rhk", {"lock_version": 2, "text": "x"}).status_code == 403
    assert api(world.u_staff2).post(f"/skp/{filled.pk}/rhk", {"lock_version": 2, "text": "x"}).status_code == 404
    assert api(world.u_admin_b).post(f"/skp/{filled.pk}/rhk", {"lock_version": 2, "text": "x"}).status_code == 404
    assert state() == before
    ok = client.post(f"/skp/{filled.pk}/rhk", {"lock_version": 2, "text": "Laporan bulanan", "group": "tambahan"})
    assert ok.status_code == 201 and ok.json()["lock_version"] == 3 and ok.json()["group"] == "tambahan"


def test_update_and_delete_rhk(api, world, filled):
    rhk = Rhk.objects.get(skp=filled)
    client = api(world.u_staff1)
    response = client.patch(f"/skp/rhk/{rhk.pk}", {"lock_version": 2, "text": "Laporan mingguan valid"})
    assert response.status_code == 200 and response.json()["text"] == "Laporan mingguan valid"
    assert response.json()["lock_version"] == 3 and response.json()["parent_id"] == rhk.parent_id
    unlinked = client.patch(f"/skp/rhk/{rhk.pk}", {"lock_version": 3, "parent": None})
    assert unlinked.status_code == 200 and unlinked.json()["parent_id"] is None
    assert client.patch(f"/skp/rhk/{rhk.pk}", {"lock_version": 3, "text": "x"}).status_code == 409
    assert api(world.u_staff2).patch(f"/skp/rhk/{rhk.pk}", {"lock_version": 4, "text": "x"}).status_code == 404
    assert api(world.u_kasi_surv).patch(f"/skp/rhk/{rhk.pk}", {"lock_version": 4, "text": "x"}).status_code == 403
    assert api(world.u_staff2).delete(f"/skp/rhk/{rhk.pk}?lock_version=4").status_code == 404
    assert api(world.u_kasi_surv).delete(f"/skp/rhk/{rhk.pk}?lock_version=4").status_code == 403
    assert client.delete(f"/skp/rhk/{rhk.pk}?lock_version=3").status_code == 409
    deleted = client.delete(f"/skp/rhk/{rhk.pk}?lock_version=4")
    assert deleted.status_code == 200 and deleted.json() == {"lock_version": 5}
    assert not Rhk.objects.filter(pk=rhk.pk).exists()


def test_acknowledge(api, world, filled):
    rhk = Rhk.objects.get(skp=filled)
    services.update_rhk(actor=world.u_kasi_surv, rhk=rhk.parent, lock_version=lock(rhk.parent.skp), text="Baru")
    assert api(world.u_staff2).post(f"/skp/rhk/{rhk.pk}/acknowledge").status_code == 404
    assert api(world.u_admin_b).post(f"/skp/rhk/{rhk.pk}/acknowledge").status_code == 404
    assert api(world.u_kasi_surv).post(f"/skp/rhk/{rhk.pk}/acknowledge").status_code == 403
    response = api(world.u_staff1).post(f"/skp/rhk/{rhk.pk}/acknowledge")
    assert response.status_code == 200 and response.json()["parent_changed_at"] is None


def test_iki_endpoints(api, world, filled):
    rhk = Rhk.objects.get(skp=filled)
    client = api(world.u_staff1)
    url = f"/skp/rhk/{rhk.pk}/iki"
    before = state()
    for payload, field in (
        ({"target_value": "dua belas", "measure_unit": "laporan"}, "target_value"),
        ({"target_value": -3, "measure_unit": "laporan"}, "target_value"),
        ({"target_kind": "range", "target_min": "90", "target_max": "80", "measure_unit": "%"}, "target_min"),
        ({"target_value": "1"}, "measure_unit"),
        ({"target_value": "1", "measure_unit": "x", "aspect": ""}, "aspect"),
    ):
        response = client.post(url, {"lock_version": 2, "text": "Kepuasan", "aspect": "kualitas"} | payload)
        assert response.status_code == 422 and field in errors_of(response), (payload, response.json())
    assert client.post(url, {"lock_version": 2, "text": "x", "target_kind": "pct"}).status_code == 422
    assert api(world.u_staff2).post(url, {"lock_version": 2, "text": "x"}).status_code == 404
    assert api(world.u_kasi_surv).post(url, {"lock_version": 2, "text": "x", "aspect": "waktu", "target_kind": "text",
                                             "target_text": "x"}).status_code == 403
    assert state() == before
    created = client.post(url, {"lock_version": 2, "text": "Kepuasan", "aspect": "kualitas", "target_kind": "range",
                                "target_min": "80", "target_max": "90,5", "measure_unit": "%"})
    assert created.status_code == 201
    iki = created.json()
    assert (iki["target_min"], iki["target_max"], iki["target_display"], iki["lock_version"]) == (
        "80", "90.5", "80–90,5 %", 3)
    patched = client.patch(f"/skp/iki/{iki['id']}", {"lock_version": 3, "target_max": 95})
    assert patched.status_code == 200 and patched.json()["target_max"] == "95"
    bad = client.patch(f"/skp/iki/{iki['id']}", {"lock_version": 4, "target_min": 99})
    assert bad.status_code == 422 and "target_min" in errors_of(bad)
    assert api(world.u_staff2).patch(f"/skp/iki/{iki['id']}", {"lock_version": 4, "text": "y"}).status_code == 404
    assert api(world.u_monev).patch(f"/skp/iki/{iki['id']}", {"lock_version": 4, "text": "y"}).status_code == 403
    assert api(world.u_monev).delete(f"/skp/iki/{iki['id']}?lock_version=4").status_code == 403
    assert api(world.u_admin_b).delete(f"/skp/iki/{iki['id']}?lock_version=4").status_code == 404
    assert client.delete(f"/skp/iki/{iki['id']}?lock_version=4").json() == {"lock_version": 5}


def test_appendix_and_expectations(api, world, filled):
    client = api(world.u_staff1)
    response = put(client, f"/skp/{filled.pk}/appendix/resources", {"lock_version": 2, "lines": ["Laptop", ""]})
    assert response.status_code == 200 and response.json()["appendix"]["resources"] == ["Laptop"]
    assert put(client, f"/skp/{filled.pk}/appendix/lain", {"lock_version": 3, "lines": []}).status_code == 422
    assert put(api(world.u_staff2), f"/skp/{filled.pk}/appendix/resources",
                                   {"lock_version": 3, "lines": []}).status_code == 404
    assert put(api(world.u_monev), f"/skp/{filled.pk}/appendix/resources",
                                  {"lock_version": 3, "lines": []}).status_code == 403
    expect = put(api(world.u_kasi_surv), f"/skp/{filled.pk}/expectations",
                                        {"lock_version": 3, "expectations": {"loyal": "Menjaga rahasia data"}})
    assert expect.status_code == 200
    assert {e["value"]: e["expectation"] for e in expect.json()["expectations"]}["loyal"] == "Menjaga rahasia data"
    bad = put(api(world.u_kasi_surv), f"/skp/{filled.pk}/expectations",
              {"lock_version": 4, "expectations": {"jujur": "x"}})
    assert bad.status_code == 422 and "expectations" in errors_of(bad)
    assert put(client, f"/skp/{filled.pk}/expectations",  # the employee never (issue 7, item 12)
               {"lock_version": 4, "expectations": {"loyal": "x"}}).status_code == 403
    assert put(api(world.u_monev), f"/skp/{filled.pk}/expectations",
                                  {"lock_version": 4, "expectations": {}}).status_code == 403
    assert put(api(world.u_admin_b), f"/skp/{filled.pk}/expectations",
                                    {"lock_version": 4, "expectations": {}}).status_code == 404


# --- workflow -----------------------------------------------------------------------------------


def test_workflow_round_trip(api, world, filled):
    employee, evaluator = api(world.u_staff1), api(world.u_kasi_surv)
    submitted = employee.post(f"/skp/{filled.pk}/submit", {"lock_version": 2})
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert employee.get(f"/skp/{filled.pk}").json()["allowed_actions"] == ["withdraw"]
    assert evaluator.get(f"/skp/{filled.pk}").json()["allowed_actions"] == ["return", "approve"]
    own = employee.post(f"/skp/{filled.pk}/approve", {"lock_version": 3})
    assert own.status_code == 422 and errors_of(own)["__all__"] == ["You cannot approve your own SKP."]
    assert api(world.u_kabid_p2p).post(f"/skp/{filled.pk}/approve", {"lock_version": 3}).status_code == 403
    assert api(world.u_monev).post(f"/skp/{filled.pk}/approve", {"lock_version": 3}).status_code == 403
    assert api(world.u_staff2).post(f"/skp/{filled.pk}/approve", {"lock_version": 3}).status_code == 404
    assert api(world.u_admin_b).post(f"/skp/{filled.pk}/approve", {"lock_version": 3}).status_code == 404
    for user, code in ((world.u_monev, 403), (world.u_staff1, 422), (world.u_staff2, 404), (world.u_admin_b, 404)):
        assert api(user).post(f"/skp/{filled.pk}/return", {"lock_version": 3, "reason": "x"}).status_code == code
    no_reason = evaluator.post(f"/skp/{filled.pk}/return", {"lock_version": 3, "reason": ""})
    assert no_reason.status_code == 422 and "reason" in errors_of(no_reason)
    returned = evaluator.post(f"/skp/{filled.pk}/return", {"lock_version": 3, "reason": "Target terlalu rendah"})
    assert returned.json()["status"] == "returned" and returned.json()["return_reason"] == "Target terlalu rendah"
    assert employee.post(f"/skp/{filled.pk}/submit", {"lock_version": 4}).json()["status"] == "submitted"
    stale = evaluator.post(f"/skp/{filled.pk}/approve", {"lock_version": 4})
    assert stale.status_code == 409 and "Andi Pratama" in stale.json()["detail"]
    approved = evaluator.post(f"/skp/{filled.pk}/approve", {"lock_version": 5}).json()
    assert approved["status"] == "approved" and approved["version"] == 1
    assert approved["approved_by"]["name"] == "Rina Wulandari"
    editing = employee.post(f"/skp/{filled.pk}/rhk", {"lock_version": 6, "text": "x"})
    assert editing.status_code == 422
    assert errors_of(editing)["status"] == ["An approved SKP changes only through a revision."]
    assert api(world.u_staff2).post(f"/skp/{filled.pk}/revise", {"lock_version": 6, "reason": "x"}).status_code == 404
    assert api(world.u_monev).post(f"/skp/{filled.pk}/revise", {"lock_version": 6, "reason": "x"}).status_code == 403
    revised = employee.post(f"/skp/{filled.pk}/revise", {"lock_version": 6, "reason": "Mutasi"}).json()
    assert revised["status"] == "draft" and revised["revision_reason"] == "Mutasi"
    versions = employee.get(f"/skp/{filled.pk}/versions").json()
    assert [(v["number"], v["action"], v["status"]) for v in versions] == [
        (5, "revise", "draft"), (4, "approve", "approved"), (3, "submit", "submitted"), (2, "return", "returned"),
        (1, "submit", "submitted")]
    assert versions[0]["by"] == "Andi Pratama"
    one = employee.get(f"/skp/{filled.pk}/versions/4").json()
    assert one["content"]["status"] == "approved" and one["content"]["rhks"][0]["text"] == "Laporan mingguan"
    assert employee.get(f"/skp/{filled.pk}/versions/99").status_code == 404
    assert api(world.u_staff2).get(f"/skp/{filled.pk}/versions").status_code == 404
    assert api(world.u_admin_b).get(f"/skp/{filled.pk}/versions/5").status_code == 404


def test_withdraw(api, world, filled):
    api(world.u_staff1).post(f"/skp/{filled.pk}/submit", {"lock_version": 2})
    assert api(world.u_kasi_surv).post(f"/skp/{filled.pk}/withdraw", {"lock_version": 3}).status_code == 403
    assert api(world.u_staff2).post(f"/skp/{filled.pk}/withdraw", {"lock_version": 3}).status_code == 404
    response = api(world.u_staff1).post(f"/skp/{filled.pk}/withdraw", {"lock_version": 3})
    assert response.status_code == 200 and response.json()["status"] == "draft"


def test_submit_errors_and_warnings(api, world, staff_skp):
    empty = api(world.u_staff1).post(f"/skp/{staff_skp.pk}/submit", {"lock_version": 0})
    assert empty.status_code == 422 and "rhks" in errors_of(empty)
    rhk = services.add_rhk(actor=world.u_staff1, skp=staff_skp, lock_version=0, text="x")
    services.add_iki(actor=world.u_staff1, rhk=rhk, lock_version=1, text="y", aspect="waktu", target_kind="text",
                     target_text="z")
    ok = api(world.u_staff1).post(f"/skp/{staff_skp.pk}/submit", {"lock_version": 2})
    assert ok.status_code == 200 and len(ok.json()["warnings"]) == 1
    assert api(world.u_monev).post(f"/skp/{staff_skp.pk}/submit", {"lock_version": 3}).status_code == 403
    assert api(world.u_staff2).post(f"/skp/{staff_skp.pk}/submit", {"lock_version": 3}).status_code == 404
    assert api(world.u_admin_b).post(f"/skp/{staff_skp.pk}/submit", {"lock_version": 3}).status_code == 404


# --- copy, templates, overdue -------------------------------------------------------------------


def test_copy_previous(api, world, filled):
    later = Period.objects.create(instance=world.a, name="2027", year=2027, start_date=date(2027, 1, 1),
                                  end_date=date(2027, 12, 31), deadline=date(2027, 1, 31))
    new = services.create_skp(actor=world.u_staff1, employee=world.staff1, period=later)
    assert api(world.u_staff2).post(f"/skp/{new.pk}/copy-previous", {"lock_version": 0}).status_code == 404
    assert api(world.u_kasi_surv).post(f"/skp/{new.pk}/copy-previous", {"lock_version": 0}).status_code == 403
    response = api(world.u_staff1).post(f"/skp/{new.pk}/copy-previous", {"lock_version": 0})
    assert response.status_code == 200 and [r["text"] for r in response.json()["rhks"]] == ["Laporan mingguan"]
    again = api(world.u_staff1).post(f"/skp/{new.pk}/copy-previous", {"lock_version": 1})
    assert again.status_code == 422 and "skp" in errors_of(again)


TEMPLATE = [{"group": "utama", "text": "Terlaksananya asuhan keperawatan", "ikis": [
    {"aspect": "kuantitas", "text": "Jumlah pasien", "target_kind": "number", "target_value": 120,
     "measure_unit": "pasien"}]}]


def test_templates(api, world, staff_skp):
    admin = api(world.u_admin_bkpsdm)
    created = admin.post("/skp/templates", {"name": "Perawat", "position_name": "Perawat Ahli Pertama",
                                            "content": TEMPLATE})
    assert created.status_code == 201
    template_id = created.json()["id"]
    bad = admin.post("/skp/templates", {"name": "x", "content": [{"text": "y", "ikis": [{"text": "z",
                                                                                         "target_value": "-1"}]}]})
    assert bad.status_code == 422 and "content" in errors_of(bad)
    assert api(world.u_staff1).post("/skp/templates", {"name": "x", "content": TEMPLATE}).status_code == 403
    assert api(world.u_admin_opd).post("/skp/templates", {"name": "x", "content": TEMPLATE}).status_code == 403
    assert [t["name"] for t in api(world.u_staff1).get("/skp/templates").json()] == ["Perawat"]
    assert api(world.u_staff1).get("/skp/templates", {"position_name": "perawat ahli pertama"}).json()[0]["id"] == \
        template_id
    assert api(world.u_admin_b).get("/skp/templates").json() == []
    b_template = SkpTemplate.objects.create(instance=world.b, name="B", content=TEMPLATE)
    foreign = api(world.u_staff1).post(f"/skp/{staff_skp.pk}/apply-template", {"lock_version": 0,
                                                                               "template": b_template.pk})
    assert foreign.status_code == 422 and "template" in errors_of(foreign)
    assert api(world.u_staff2).post(f"/skp/{staff_skp.pk}/apply-template",
                                    {"lock_version": 0, "template": template_id}).status_code == 404
    assert api(world.u_monev).post(f"/skp/{staff_skp.pk}/apply-template",
                                   {"lock_version": 0, "template": template_id}).status_code == 403
    offered = api(world.u_staff1).get("/skp/templates", {"skp": staff_skp.pk}).json()
    assert offered == []  # the template is for nurses; Andi is a Pengelola Data
    assert api(world.u_staff2).get("/skp/templates", {"skp": staff_skp.pk}).status_code == 404
    patched = admin.patch(f"/skp/templates/{template_id}", {"position_name": ""})
    assert patched.status_code == 200 and patched.json()["position_name"] == ""
    assert [t["id"] for t in api(world.u_staff1).get("/skp/templates", {"skp": staff_skp.pk}).json()] == [template_id]
    assert api(world.u_staff1).patch(f"/skp/templates/{template_id}", {"name": "x"}).status_code == 403
    assert api(world.u_admin_b).patch(f"/skp/templates/{template_id}", {"name": "x"}).status_code == 404
    bad_patch = admin.patch(f"/skp/templates/{template_id}", {"content": []})
    assert bad_patch.status_code == 422 and "content" in errors_of(bad_patch)
    applied = api(world.u_staff1).post(f"/skp/{staff_skp.pk}/apply-template",
                                       {"lock_version": 0, "template": template_id})
    assert applied.status_code == 200
    assert applied.json()["rhks"][0]["ikis"][0]["target_display"] == "120 pasien"


def test_overdue(api, world, period, filled):
    rows = api(world.u_admin_bkpsdm).get("/skp/overdue", {"period": period.pk}).json()["items"]
    names = {r["name"]: r["skp_status"] for r in rows}
    assert names["Andi Pratama"] == "draft" and names["Agus Salim"] is None and len(names) == 9
    unit = api(world.u_admin_bkpsdm).get("/skp/overdue", {"period": period.pk, "unit": world.surv.pk}).json()
    assert {r["name"] for r in unit["items"]} == {"Rina Wulandari", "Andi Pratama", "Dewi Lestari"}
    scoped = api(world.u_kasi_surv).get("/skp/overdue", {"period": period.pk}).json()["items"]
    assert {r["name"] for r in scoped} == {"Rina Wulandari", "Andi Pratama", "Dewi Lestari"}
    paged = api(world.u_admin_bkpsdm).get("/skp/overdue", {"period": period.pk, "limit": 4}).json()
    assert len(paged["items"]) == 4 and paged["next_cursor"]
    assert api(world.u_staff1).get("/skp/overdue", {"period": period.pk}).status_code == 403
    assert api(world.u_nobody).get("/skp/overdue", {"period": period.pk}).status_code == 403
    assert api(world.u_admin_b).get("/skp/overdue", {"period": period.pk}).status_code == 404
