"""The API of the organisation predikat, calibration, appeals and reports: the same services, errors as JSON."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kinerja.api.testing import errors_of
from kinerja.evaluation.models import Appeal, Evaluation, PredikatChange, UnitRating


def _base(r, w):
    return f"/evaluation/periods/{r.period.pk}/units/{w.dinkes.pk}"


def test_calibration_flow_over_the_api(world, r, api):
    w = world
    admin = api(w.u_admin_bkpsdm)
    response = admin.put(f"{_base(r, w)}/org-predikat", {"predikat": "baik"})
    assert response.status_code == 200 and response.json()["predikat"] == "baik"
    head = api(w.u_kadinkes)
    body = head.get(f"{_base(r, w)}/calibration").json()
    assert body["org_predikat"] == "baik" and body["counts"]["baik"] == 5 and body["total"] == 7
    assert {v["code"] for v in body["violations"]} == {"baik_max_70", "butuh_perbaikan_or_kurang_min_1"}
    assert body["lock_problems"] and len(body["evaluations"]) == 7
    # lock refused while violations remain
    response = head.post(f"{_base(r, w)}/calibration/lock", {})
    assert response.status_code == 422 and "Baik paling banyak 70%" in str(response.json())
    ev = r.ev["staff2"]
    # adjusting without a reason
    response = head.post(f"/evaluation/evaluations/{ev.pk}/calibration-adjust", {"predikat": "butuh_perbaikan",
                                                                                 "reason": ""})
    assert response.status_code == 422 and "reason" in errors_of(response)
    response = head.post(f"/evaluation/evaluations/{ev.pk}/calibration-adjust",
                         {"result_rating": "di_bawah", "reason": "Rapat", "lock_version": ev.lock_version})
    assert response.status_code == 200 and response.json()["violations"] == []
    stale = head.post(f"/evaluation/evaluations/{ev.pk}/calibration-adjust",
                      {"predikat": "kurang", "reason": "Rapat", "lock_version": ev.lock_version})
    assert stale.status_code == 409
    response = head.post(f"{_base(r, w)}/calibration/lock", {"notes": "Rapat"})
    assert response.status_code == 200 and response.json()["status"] == "locked"
    # editing after the lock
    response = head.post(f"/evaluation/evaluations/{r.ev['staff1'].pk}/calibration-adjust",
                         {"predikat": "sangat_baik", "reason": "Terlambat"})
    assert response.status_code == 422 and "locked" in str(response.json())
    assert PredikatChange.objects.count() == 1
    response = admin.put(f"{_base(r, w)}/org-predikat", {"predikat": "istimewa", "reason": "x"})
    assert response.status_code == 422 and UnitRating.objects.get(unit=w.dinkes).predikat == "baik"


def test_calibration_permissions_over_the_api(world, r, api):
    w = world
    assert api(w.u_pimpinan).get(f"{_base(r, w)}/calibration").status_code == 200
    assert api(w.u_staff1).get(f"{_base(r, w)}/calibration").status_code == 404
    assert api(w.u_admin_b).get(f"{_base(r, w)}/calibration").status_code == 404
    assert api(w.u_kadinkes).put(f"{_base(r, w)}/org-predikat", {"predikat": "baik"}).status_code == 403
    assert api(w.u_pimpinan).post(f"/evaluation/evaluations/{r.ev['staff2'].pk}/calibration-adjust",
                                  {"predikat": "kurang", "reason": "x"}).status_code == 403
    assert api(w.u_kadinkes).put(f"{_base(r, w)}/org-predikat", {"predikat": "hebat"}).status_code == 422


def _locked(w, r, api):
    api(w.u_admin_bkpsdm).put(f"{_base(r, w)}/org-predikat", {"predikat": "baik"})
    head = api(w.u_kadinkes)
    head.post(f"/evaluation/evaluations/{r.ev['staff2'].pk}/calibration-adjust",
              {"predikat": "butuh_perbaikan", "reason": "Rapat"})
    assert head.post(f"{_base(r, w)}/calibration/lock", {}).status_code == 200


def test_appeals_over_the_api(world, r, api):
    w = world
    _locked(w, r, api)
    ev = r.ev["staff2"]
    # by someone else
    response = api(w.u_staff1).post("/evaluation/appeals", {"evaluation_id": ev.pk, "reason": "Untuk rekan"})
    assert response.status_code == 422 and "evaluation_id" in errors_of(response)
    response = api(w.u_staff2).post("/evaluation/appeals", {"evaluation_id": ev.pk, "reason": "Data belum dihitung",
                                                            "requested_predikat": "baik"})
    assert response.status_code == 201, response.content
    appeal = response.json()
    assert appeal["status"] == "filed" and appeal["decider"]["id"] == w.kabid_p2p.pk and appeal["deadline"]
    # not the evaluator's superior
    url = f"/evaluation/appeals/{appeal['id']}/decide"
    assert api(w.u_kasi_surv).post(url, {"grant": True, "reason": "ok"}).status_code == 404  # cannot even see it
    assert api(w.u_admin_bkpsdm).post(url, {"grant": True, "reason": "ok"}).status_code == 403
    response = api(w.u_kabid_p2p).post(url, {"grant": True, "reason": ""})
    assert response.status_code == 422 and Appeal.objects.get().status == "filed"
    response = api(w.u_kabid_p2p).post(url, {"grant": True, "reason": "Terbukti"})
    assert response.status_code == 200 and response.json()["predikat"] == "baik"
    assert Evaluation.objects.get(pk=ev.pk).predikat == "baik"
    listing = api(w.u_staff2).get("/evaluation/appeals").json()
    assert [a["id"] for a in listing["items"]] == [appeal["id"]]
    assert api(w.u_staff1).get(f"/evaluation/appeals/{appeal['id']}").status_code == 404


def test_an_appeal_after_the_deadline_over_the_api(world, r, api):
    w = world
    _locked(w, r, api)
    Evaluation.objects.filter(pk=r.ev["staff1"].pk).update(locked_at=timezone.now() - timedelta(days=30))
    response = api(w.u_staff1).post("/evaluation/appeals", {"evaluation_id": r.ev["staff1"].pk, "reason": "x"})
    assert response.status_code == 422 and "window closed" in str(response.json())
    assert not Appeal.objects.exists()


def test_reports_over_the_api(world, r, api, django_assert_max_num_queries):
    w = world
    api(w.u_admin_bkpsdm).put(f"{_base(r, w)}/org-predikat", {"predikat": "baik"})
    reader = api(w.u_pimpinan)
    with django_assert_max_num_queries(12):
        rows = reader.get(f"/evaluation/periods/{r.period.pk}/recap").json()
    dinkes = next(row for row in rows if row["unit_id"] == w.dinkes.pk)
    assert dinkes["org_predikat"] == "baik" and len(dinkes["violations"]) == 2
    assert reader.get("/evaluation/trends").json()[0]["total"] == 7
    pending = reader.get(f"/evaluation/periods/{r.period.pk}/not-evaluated", {"limit": 1}).json()
    assert len(pending["items"]) == 1 and pending["next_cursor"]
    lead = reader.get(f"/evaluation/periods/{r.period.pk}/leadership").json()
    assert any(u["unit_id"] == w.dinkes.pk and u["evidence"].startswith("/evaluation/calibration/")
               for u in lead["units"])
    assert api(w.u_kadinkes).get(f"/evaluation/periods/{r.period.pk}/leadership").status_code == 404
    assert api(w.u_staff1).get(f"/evaluation/periods/{r.period.pk}/recap").status_code == 404
    assert api(w.u_admin_b).get(f"/evaluation/periods/{r.period.pk}/recap").status_code == 404
