"""/api/v1/alignment: cascade (instance, unit subtree), an SKP's chain, the report — scope and query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.api.testing import ApiClient

from .test_views import add_staff

pytestmark = pytest.mark.django_db


def api(user=None, **kwargs) -> ApiClient:
    return ApiClient(user, **kwargs)


def ok(response) -> dict:
    assert response.status_code == 200, response.json()
    return response.json()


def keys(node: dict) -> list:
    return [node["key"], *[keys(c) for c in node["children"]]]


def test_instance_cascade_for_an_employee(world, plan):
    p = plan
    data = ok(api(world.u_staff1).get("/alignment/cascade"))
    assert data["period"] == {"id": p.period.pk, "name": "Tahun 2026", "year": 2026}
    assert data["unit"] is None
    assert data["totals"]["rhk"] == 10 and data["totals"]["unlinked_rhk"] == 2
    m1 = data["missions"][0]
    assert m1["text"] == "Mewujudkan masyarakat yang sehat" and m1["counts"] == {"rhk": 6, "employees": 5, "iki": 7}
    iku = m1["children"][0]["children"][1]
    assert iku["key"] == f"i{p.i2.pk}" and iku["meta"]["target"] == "95"
    r2 = iku["children"][0]["children"][0]
    assert r2["employee"]["name"] == "Siti Aminah" and r2["perspective"] == "proses_bisnis"
    assert keys(r2) == [f"r{p.r2.pk}", [f"r{p.r4.pk}", [f"r{p.r5.pk}", [f"r{p.r6.pk}"]]]]
    assert {c["issue"] for c in data["unlinked"]["children"]} == {"no_parent", "no_pk_indicator"}


def test_depth_cuts_the_tree(world, plan):
    data = ok(api(world.u_monev).get("/alignment/cascade", {"depth": 1}))
    target = data["missions"][0]["children"][0]
    assert target["children"] == [] and target["truncated"] is True
    assert ok(api(world.u_monev).get("/alignment/cascade", {"depth": 0}))["missions"][0]["children"] == []
    assert api(world.u_monev).get("/alignment/cascade", {"depth": -1}).status_code == 422


def test_unit_cascade_brings_superiors_as_context(world, plan):
    p = plan
    data = ok(api(world.u_staff1).get(f"/alignment/units/{world.p2p.pk}/cascade"))
    assert data["unit"] == {"id": world.p2p.pk, "name": "Bidang P2P", "kind": "bidang"}
    r2 = data["missions"][0]["children"][0]["children"][0]["children"][0]["children"][0]
    assert r2["key"] == f"r{p.r2.pk}" and r2["in_scope"] is False and r2["counts"]["rhk"] == 3
    assert data["totals"]["employees"] == 3


def test_approved_only(world, plan):
    data = ok(api(world.u_monev).get("/alignment/cascade", {"approved_only": True}))
    assert data["totals"]["skps"] == 5


def test_cascade_scope(world, plan):
    assert api(world.u_nobody).get("/alignment/cascade").status_code == 403
    assert api(world.u_nobody).get(f"/alignment/units/{world.dinkes.pk}/cascade").status_code == 403
    assert api().get("/alignment/cascade").status_code == 401
    assert api(world.u_staff1).get(f"/alignment/units/{world.dinkes_b.pk}/cascade").status_code == 404
    response = api(world.u_staff1).get("/alignment/cascade", {"period": plan.period_b.pk})
    assert response.status_code == 422 and "period" in response.json()["errors"]
    data = ok(api(world.u_admin_b).get("/alignment/cascade"))
    assert [m["text"] for m in data["missions"]] == ["Misi rahasia Beta"]


def test_platform_operator_names_the_instance(world, plan):
    response = api(world.u_root).get("/alignment/cascade")
    assert response.status_code == 422 and "instance" in response.json()["errors"]
    data = ok(api(world.u_root).get("/alignment/cascade", {"instance": world.b.pk}))
    assert data["totals"]["rhk"] == 1
    assert api(world.u_root).get("/alignment/cascade", {"instance": 99999}).status_code == 422


def test_skp_chain(world, plan):
    p = plan
    data = ok(api(world.u_staff_disdik).get(f"/alignment/skps/{p.skp_staff1.pk}/chain"))
    assert data["skp"]["employee"]["name"] == "Andi Pratama" and data["skp"]["status"] == "approved"
    first, second = data["chains"]
    assert first["complete"] is True and first["rhk"]["text"] == "Laporan surveilans mingguan"
    assert [link["kind"] for link in first["links"]] == ["rhk", "rhk", "rhk", "pk", "iku", "target", "goal",
                                                         "mission"]
    assert first["links"][0]["employee"]["name"] == "Rina Wulandari"
    assert second == {"rhk": {"id": p.r7.pk, "text": "Membantu kegiatan kantor", "group": "tambahan",
                              "perspective": None},
                      "complete": False, "issue": "no_parent", "stops_at": None, "links": []}


def test_skp_chain_scope(world, plan):
    assert api(world.u_nobody).get(f"/alignment/skps/{plan.skp_staff1.pk}/chain").status_code == 403
    assert api(world.u_staff1).get(f"/alignment/skps/{plan.skp_b.pk}/chain").status_code == 404
    assert api(world.u_admin_b).get(f"/alignment/skps/{plan.skp_staff1.pk}/chain").status_code == 404
    assert api(world.u_staff1).get("/alignment/skps/999999/chain").status_code == 404


def test_report_for_the_instance_and_a_unit(world, plan):
    data = ok(api(world.u_admin_bkpsdm).get("/alignment/report"))
    assert data["counts"] == {"iku": 4, "iku_unsupported": 1, "rhk": 10, "rhk_unlinked": 2, "employees": 9,
                              "employees_approved": 5, "employees_without_approved_skp": 4}
    assert data["unsupported_ikus"][0]["name"] == "Persentase puskesmas terakreditasi"
    assert data["unsupported_ikus"][0]["target"] == "100"
    data = ok(api(world.u_kasi_surv).get(f"/alignment/units/{world.surv.pk}/report"))
    assert data["unit"]["name"] == "Seksi Surveilans"
    assert {r["name"] for r in data["employees_without_approved_skp"]} == {"Rina Wulandari", "Dewi Lestari"}
    data = ok(api(world.u_admin_opd).get(f"/alignment/units/{world.dinkes.pk}/report", {"limit": 1}))
    assert data["limit"] == 1 and len(data["employees_without_approved_skp"]) == 1
    assert data["counts"]["employees_without_approved_skp"] == 4


def test_report_scope(world, plan):
    assert api(world.u_staff1).get("/alignment/report").status_code == 403
    assert api(world.u_staff1).get(f"/alignment/units/{world.surv.pk}/report").status_code == 403
    assert api(world.u_nobody).get("/alignment/report").status_code == 403
    # an OPD admin or a superior asks for a unit, not the whole instance
    assert api(world.u_admin_opd).get("/alignment/report").status_code == 403
    assert api(world.u_admin_opd).get(f"/alignment/units/{world.disdik.pk}/report").status_code == 404
    assert api(world.u_kasi_surv).get(f"/alignment/units/{world.p2p.pk}/report").status_code == 404
    assert api(world.u_admin_b).get(f"/alignment/units/{world.dinkes.pk}/report").status_code == 404
    assert api(world.u_admin_bkpsdm).get("/alignment/report", {"limit": 5000}).status_code == 422


def test_api_query_counts_do_not_grow(world, plan):
    client = api(world.u_admin_bkpsdm)
    urls = ["/alignment/cascade", f"/alignment/units/{world.surv.pk}/cascade",
            f"/alignment/skps/{plan.skp_staff1.pk}/chain", f"/alignment/units/{world.dinkes.pk}/report"]

    def counts() -> list[int]:
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                ok(client.get(url))
            result.append(len(ctx.captured_queries))
        return result

    before = counts()
    add_staff(world, plan, 30)
    assert counts() == before
    assert ok(client.get("/alignment/cascade"))["totals"]["rhk"] == 70


def test_openapi_lists_the_alignment_operations(world):
    paths = ok(api(world.u_staff1).get("/openapi.json"))["paths"]
    for path in ("/api/v1/alignment/cascade", "/api/v1/alignment/units/{unit_id}/cascade",
                 "/api/v1/alignment/skps/{skp_id}/chain", "/api/v1/alignment/report",
                 "/api/v1/alignment/units/{unit_id}/report"):
        assert path in paths, path


@pytest.mark.parametrize("who", ["u_kabid_yankes", "u_kadinkes", "u_admin_bkpsdm", "u_admin_opd", "u_auditor",
                                 "u_root"])
def test_a_draft_skps_chain_is_shown_to_those_who_may_see_that_skp(world, plan, who):
    params = {"instance": world.a.pk} if who == "u_root" else {}
    data = ok(api(getattr(world, who)).get(f"/alignment/skps/{plan.skp_kabid_yankes.pk}/chain", params))
    assert data["skp"]["status"] == "draft"
    assert data["chains"][0]["rhk"]["text"] == "Meningkatnya pelayanan kesehatan ibu"


@pytest.mark.parametrize("who", ["u_staff1", "u_staff_disdik", "u_kadisdik", "u_kabid_p2p"])
def test_a_draft_or_submitted_skps_chain_is_not_found_for_anyone_else(world, plan, who):
    client = api(getattr(world, who))
    for skp in (plan.skp_kabid_yankes, plan.skp_kasi):  # draft; submitted
        if who == "u_kabid_p2p" and skp == plan.skp_kasi:
            continue  # kasi_surv's superior evaluates that SKP: they see it
        response = client.get(f"/alignment/skps/{skp.pk}/chain")
        assert response.status_code == 404, (who, skp.status)
        assert "Meningkatnya pelayanan" not in response.content.decode()
    # approved chains stay readable across the instance
    assert ok(client.get(f"/alignment/skps/{plan.skp_kadinkes.pk}/chain"))["skp"]["status"] == "approved"


def test_a_draft_skps_chain_of_another_instance_is_not_found(world, plan):
    plan.skp_b.status = "draft"
    plan.skp_b.save(update_fields=["status"])
    assert api(world.u_admin_bkpsdm).get(f"/alignment/skps/{plan.skp_b.pk}/chain").status_code == 404
    assert api(world.u_kadinkes).get(f"/alignment/skps/{plan.skp_b.pk}/chain").status_code == 404
    assert api(world.u_admin_b).get(f"/alignment/skps/{plan.skp_kabid_yankes.pk}/chain").status_code == 404
    assert ok(api(world.u_admin_b).get(f"/alignment/skps/{plan.skp_b.pk}/chain"))["skp"]["status"] == "draft"
