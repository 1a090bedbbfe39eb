"""The evaluations API: list in scope, start, rate (refusals as JSON), finalise, acknowledge, PDF."""

from __future__ import annotations

import pytest

from kinerja.evaluation.models import Evaluation
from kinerja.rules.skp import BERAKHLAK_CODES

pytestmark = pytest.mark.django_db


def test_start_rate_finalise_acknowledge(world, e, api):
    w = world
    evaluator = api(w.u_kasi_surv)
    answer = evaluator.post("/api/v1/evaluations/start", {"period_id": e.period.pk})
    assert answer.status_code == 201, answer.json()
    assert len(answer.json()["created"]) == 2
    ev = Evaluation.objects.get(employee=w.staff1)
    listed = evaluator.get("/api/v1/evaluations", {"mine": "true"}).json()["items"]
    assert {i["employee"]["id"] for i in listed} == {w.staff1.pk, w.staff2.pk}
    refused = evaluator.post(f"/api/v1/evaluations/{ev.pk}/ratings", {"lock_version": 0, "result_rating": "di_atas"})
    assert refused.status_code == 422 and "result_reason" in refused.json()["errors"]
    values = {c: {"rating": "sesuai", "feedback": "Baik."} for c in BERAKHLAK_CODES}
    rated = evaluator.post(f"/api/v1/evaluations/{ev.pk}/ratings", {"lock_version": 0, "result_rating": "sesuai",
                                                                    "values": values})
    assert rated.status_code == 200 and rated.json()["predikat"] == "baik"
    assert len(rated.json()["values"]) == 7
    stale = evaluator.post(f"/api/v1/evaluations/{ev.pk}/finalise", {"lock_version": 0})
    assert stale.status_code == 409
    done = evaluator.post(f"/api/v1/evaluations/{ev.pk}/finalise", {"lock_version": rated.json()["lock_version"]})
    assert done.status_code == 200 and done.json()["status"] == "final"
    employee = api(w.u_staff1)
    assert employee.post(f"/api/v1/evaluations/{ev.pk}/ratings",
                         {"lock_version": done.json()["lock_version"], "result_rating": "di_atas"}).status_code == 403
    ack = employee.post(f"/api/v1/evaluations/{ev.pk}/acknowledge",
                        {"lock_version": done.json()["lock_version"], "notes": "Terima kasih."})
    assert ack.status_code == 200 and ack.json()["status"] == "acknowledged"
    pdf = employee.get(f"/api/v1/evaluations/{ev.pk}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_out_of_scope_is_404(world, e, api):
    w = world
    api(w.u_kasi_surv).post("/api/v1/evaluations/start", {"period_id": e.period.pk})
    ev = Evaluation.objects.get(employee=w.staff1)
    assert api(w.u_staff2).get(f"/api/v1/evaluations/{ev.pk}").status_code == 404
    assert api(w.u_admin_b).get(f"/api/v1/evaluations/{ev.pk}").status_code == 404
    assert api(w.u_monev).get(f"/api/v1/evaluations/{ev.pk}").status_code == 200
    assert api(w.u_staff1).get(f"/api/v1/evaluations/{ev.pk}").status_code == 404  # a draft
