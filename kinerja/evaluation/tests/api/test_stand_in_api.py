"""The evaluations API for the HR stand-in: start with ``stand_in=true`` and rate while the superior post is vacant
(refusals: no vacancy 422, a read-only role 403, another instance 404)."""

from __future__ import annotations

import pytest

from kinerja.evaluation.models import Evaluation

from ..test_stand_in import vacate

pytestmark = pytest.mark.django_db


def test_the_api_starts_and_rates_as_stand_in(world, e, api):
    w = world
    admin = api(w.u_admin_opd)
    refused = admin.post("/api/v1/evaluations/start", {"period_id": e.period.pk, "stand_in": True})
    assert refused.status_code == 422 and "period" in refused.json()["errors"]
    vacate(w)
    assert api(w.u_auditor).post("/api/v1/evaluations/start",
                                 {"period_id": e.period.pk, "stand_in": True}).status_code == 403
    assert api(w.u_admin_b).post("/api/v1/evaluations/start",
                                 {"period_id": e.period.pk, "stand_in": True}).status_code == 404
    answer = admin.post("/api/v1/evaluations/start", {"period_id": e.period.pk, "stand_in": True})
    assert answer.status_code == 201, answer.json()
    assert len(answer.json()["created"]) == 2
    ev = Evaluation.objects.get(employee=w.staff1)
    rated = admin.post(f"/api/v1/evaluations/{ev.pk}/ratings", {"lock_version": ev.lock_version,
                                                                "result_rating": "sesuai"})
    assert rated.status_code == 200, rated.json()
    assert (rated.json()["evaluator_acting"], rated.json()["stand_in_id"]) == ("hr", w.u_admin_opd.pk)
    assert api(w.u_auditor).post(f"/api/v1/evaluations/{ev.pk}/ratings",
                                 {"lock_version": rated.json()["lock_version"]}).status_code == 403
    assert api(w.u_admin_b).post(f"/api/v1/evaluations/{ev.pk}/ratings",
                                 {"lock_version": rated.json()["lock_version"]}).status_code == 404
