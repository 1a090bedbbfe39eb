"""/api/v1/achievement: the figures of the roll-up, scoped like the dashboard, with query counts."""

from __future__ import annotations

import pytest

from kinerja.api.testing import ApiClient

pytestmark = pytest.mark.django_db


def ok(response):
    assert response.status_code == 200, response.content
    return response.json()


def test_indicators_with_their_trend(world, cascade, django_assert_max_num_queries):
    client = ApiClient(world.u_pimpinan)
    with django_assert_max_num_queries(12):
        data = ok(client.get("/api/v1/achievement/indicators"))
    pk = next(i for i in data if i["level"] == "pk" and i["id"] == cascade.rhk_head.pk_indicator_id)
    assert pk["unit"]["name"] == "Dinas Kesehatan" and pk["contributors"] == 4
    june = next(p for p in pk["trend"] if p["period_start"] == "2026-06-01")
    assert june["achievement"] == 90.0 and june["projected"] == 102.5
    assert {i["level"] for i in ok(client.get("/api/v1/achievement/indicators?level=iku"))} == {"iku"}
    assert ok(ApiClient(world.u_kadisdik).get("/api/v1/achievement/indicators")) == []


def test_an_iki_and_an_employee(world, cascade):
    data = ok(ApiClient(world.u_kasi_surv).get(f"/api/v1/achievement/ikis/{cascade.count.pk}"))
    assert data["target"] == "120 laporan" and len(data["trend"]) == 7
    assert data["trend"][5]["achievement"] == 50.0
    employee = ok(ApiClient(world.u_kasi_surv).get(f"/api/v1/achievement/employees/{world.staff1.pk}"))
    assert employee["trend"][5]["achievement"] == 90.0 and employee["trend"][5]["reported"] == 4
    assert ApiClient(world.u_staff2).get(f"/api/v1/achievement/ikis/{cascade.count.pk}").status_code == 404
    assert ApiClient(world.u_admin_b).get(f"/api/v1/achievement/employees/{world.staff1.pk}").status_code == 404


def test_a_unit_subtree(world, cascade):
    data = ok(ApiClient(world.u_kadinkes).get(f"/api/v1/achievement/units/{world.dinkes.pk}"))
    june = next(p for p in data["trend"] if p["period_start"] == "2026-06-01")
    assert june["achievement"] is not None and june["employees"] == 3
    assert {i["level"] for i in data["indicators"]} == {"pk", "iku"}
    assert ApiClient(world.u_kadisdik).get(f"/api/v1/achievement/units/{world.dinkes.pk}").status_code == 404
