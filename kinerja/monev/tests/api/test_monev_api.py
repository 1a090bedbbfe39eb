"""The tim monev's API: reading in scope, the member writes, the owner's steps, bad input (422 naming the field),
a non-member (403), a stale lock_version (409), query counts of the lists."""

from __future__ import annotations

from datetime import timedelta

from kinerja.audit.models import AuditEvent
from kinerja.monev import services as mv
from kinerja.monev.models import Recommendation


def test_list_and_detail_in_scope(api, mw):
    data = api(mw.u_pimpinan).get("/monev/recommendations").json()
    assert {r["id"] for r in data["items"]} == {mw.mv_rec.pk, mw.mv_rec_late.pk}
    late = api(mw.u_pimpinan).get("/monev/recommendations", {"overdue": "true"}).json()["items"]
    assert [r["id"] for r in late] == [mw.mv_rec_late.pk] and late[0]["days_late"] == 10
    assert late[0]["owner"] == {"kind": "unit", "id": mw.yankes.pk, "name": mw.yankes.name}
    mine = api(mw.u_staff_yankes).get("/monev/recommendations", {"mine": "true"}).json()["items"]
    assert [r["id"] for r in mine] == [mw.mv_rec.pk]
    assert api(mw.u_kadisdik).get(f"/monev/recommendations/{mw.mv_rec.pk}").status_code == 404
    detail = api(mw.u_staff_yankes).get(f"/monev/recommendations/{mw.mv_rec.pk}").json()
    assert detail["training_needs"][0]["competency"] == mw.mv_need.competency
    session = api(mw.u_kabid_yankes).get(f"/monev/sessions/{mw.mv_session.pk}").json()
    assert session["findings"][0]["severity"] == "high" and len(session["links"]) == 2


def test_create_recommendation_bad_input(api, mw):
    client = api(mw.u_monev_chair)
    body = {"session_id": mw.mv_session.pk, "text": "Bimtek pelaporan",
            "due_on": (mw.mv_session.held_on + timedelta(days=7)).isoformat()}
    before = (Recommendation.objects.count(), AuditEvent.objects.count())
    response = client.post("/monev/recommendations", body)
    assert response.status_code == 422 and "owner" in response.json()["errors"]
    early = (mw.mv_session.held_on - timedelta(days=1)).isoformat()
    response = client.post("/monev/recommendations", {**body, "owner_employee_id": mw.staff1.pk, "due_on": early})
    assert response.status_code == 422 and "due_on" in response.json()["errors"]
    response = api(mw.u_monev).post("/monev/recommendations", {**body, "owner_employee_id": mw.staff1.pk})
    assert response.status_code == 403 and "tim monev" in response.json()["detail"]
    assert (Recommendation.objects.count(), AuditEvent.objects.count()) == before
    response = client.post("/monev/recommendations", {**body, "owner_unit_id": mw.p2p.pk, "category": "training"})
    assert response.status_code == 201, response.content
    assert response.json()["owner"]["kind"] == "unit" and response.json()["status"] == "open"


def test_status_steps_and_conflicts(api, mw):
    owner = api(mw.u_staff_yankes)
    url = f"/monev/recommendations/{mw.mv_rec.pk}/status"
    response = owner.post(url, {"status": "done"})
    assert response.status_code == 422 and "status" in response.json()["errors"]
    seen = mw.mv_rec.lock_version
    response = owner.post(url, {"status": "in_progress", "note": "Mulai", "lock_version": seen})
    assert response.status_code == 200 and response.json()["status"] == "in_progress"
    response = owner.post(url, {"status": "done", "lock_version": seen})  # stale
    assert response.status_code == 409
    response = owner.post(f"/monev/recommendations/{mw.mv_rec.pk}/notes", {"note": "Selesai modul 1"})
    assert response.status_code == 201
    response = api(mw.u_monev_chair).post(url, {"status": "dropped"})
    assert response.status_code == 422 and "reason" in response.json()["errors"]
    trail = owner.get(f"/monev/recommendations/{mw.mv_rec.pk}").json()["updates"]
    assert [(u["status_from"], u["status_to"]) for u in trail] == [("open", "in_progress"), ("", "")]


def test_rounds_sessions_findings_and_training_needs(api, mw):
    client = api(mw.u_monev_chair)
    response = client.post("/monev/rounds", {"period_id": mw.mv_period.pk, "name": "Monev Dinkes",
                                             "start_date": "2026-03-01", "end_date": "2026-02-01"})
    assert response.status_code == 422 and "end_date" in response.json()["errors"]
    response = client.post("/monev/sessions", {"round_id": mw.mv_round.pk, "held_on": mw.mv_session.held_on.isoformat(),
                                               "employee_id": mw.staff1.pk, "unit_id": mw.yankes.pk})
    assert response.status_code == 422 and "employee" in response.json()["errors"]
    response = client.post(f"/monev/sessions/{mw.mv_session.pk}/findings",
                           {"text": "x", "category": "other", "links": ["ftp://example.org/x"]})
    assert response.status_code == 422 and "url" in response.json()["errors"]
    response = client.post(f"/monev/recommendations/{mw.mv_rec.pk}/training-needs",
                           {"competency": "Komunikasi", "reason": "Keluhan"})
    assert response.status_code == 422 and "target_unit" in response.json()["errors"]
    response = client.patch(f"/monev/rounds/{mw.mv_round.pk}", {"status": "closed"})
    assert response.status_code == 200 and response.json()["status"] == "closed"
    response = client.post("/monev/sessions", {"round_id": mw.mv_round.pk, "unit_id": mw.yankes.pk,
                                               "held_on": mw.mv_session.held_on.isoformat()})
    assert response.status_code == 422


def test_team_is_managed_by_the_bkpsdm_admin(api, mw):
    assert api(mw.u_monev_chair).post("/monev/team", {"employee_id": mw.staff1.pk}).status_code == 403
    response = api(mw.u_admin_bkpsdm).post("/monev/team", {"employee_id": mw.staff1.pk, "role": "chair"})
    assert response.status_code == 422 and "role" in response.json()["errors"]  # one chair at a time
    response = api(mw.u_admin_bkpsdm).post("/monev/team", {"employee_id": mw.staff1.pk, "role": "secretary"})
    assert response.status_code == 201 and response.json()["active"] is True
    stale = mw.mv_member.lock_version
    assert api(mw.u_admin_bkpsdm).patch(f"/monev/team/{mw.mv_member.pk}", {"note": "a", "lock_version": stale}
                                        ).status_code == 200
    assert api(mw.u_admin_bkpsdm).patch(f"/monev/team/{mw.mv_member.pk}", {"note": "b", "lock_version": stale}
                                        ).status_code == 409


def test_list_query_counts_do_not_grow(api, mw, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api(mw.u_pimpinan)
    paths = ["/monev/recommendations", "/monev/sessions", "/monev/rounds", "/monev/training-needs", "/monev/team"]
    for path in paths:
        client.get(path)
    counts = {}
    for path in paths:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        counts[path] = len(ctx.captured_queries)
    for i in range(8):
        session = mv.create_session(actor=mw.u_monev_chair, round_=mw.mv_round, unit=mw.yankes,
                                    held_on=mw.mv_session.held_on, participants=[mw.staff1, mw.staff2])
        rec = mv.create_recommendation(actor=mw.u_monev_chair, session=session, text=f"R{i}", owner_employee=mw.staff1,
                                       due_on=session.held_on)
        mv.add_training_need(actor=mw.u_monev_chair, rec=rec, competency=f"K{i}", reason="x",
                             target_employees=[mw.staff1, mw.staff2])
        mv.add_member(actor=mw.u_admin_bkpsdm, instance=mw.a, employee=[mw.staff1, mw.staff2, mw.kasi_surv,
                                                                        mw.kabid_p2p, mw.kadisdik, mw.kadinkes,
                                                                        mw.staff_disdik, mw.kabid_yankes][i],
                      start_date=session.held_on)
    for path in paths:
        with django_assert_max_num_queries(counts[path]):
            assert client.get(path).status_code == 200
