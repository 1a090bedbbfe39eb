"""The review API (progress/review_api.py): team overview, review queue, accept / return / review evidence."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja.audit.models import AuditEvent
from kinerja.core.testing import SYSTEM, make_nip
from kinerja.notifications.models import Notification
from kinerja.progress.models import IkiAchievement, Report, ReportStatus

from .review_fixtures import approved, make_evidence, make_report

pytestmark = pytest.mark.django_db


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def test_team_overview(api, sup):
    w = sup.w
    IkiAchievement.objects.create(instance=w.a, iki=sup.iki1, skp=sup.skp1, employee=w.staff1, unit=w.staff1.unit,
                                  period_start=sup.last_month, achievement=Decimal("33.3"), expected=Decimal("83.3"),
                                  risk="at_risk", reason="Tren di bawah target")
    response = api(w.u_kasi_surv).get("/progress/team", {"period": sup.last_month.isoformat()})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["period_start"] == sup.last_month.isoformat() and data["cadence"] == "monthly"
    andi, dewi = data["members"]
    assert (andi["id"], andi["iki_count"], andi["reported"], andi["waiting"], andi["evidence_waiting"]) == (
        w.staff1.pk, 2, 1, 1, 2)
    assert andi["at_risk"] and andi["reasons"] == ["Jumlah laporan surveilans: Tren di bawah target"]
    assert andi["achievement"] == "33.3" or Decimal(str(andi["achievement"])) == Decimal("33.3")
    assert dewi["id"] == w.staff2.pk and dewi["achievement"] is None and dewi["urgency"] == 2
    assert api(w.u_kasi_surv).get("/progress/team").json()["period_start"] == sup.this_month.isoformat()
    bad = api(w.u_kasi_surv).get("/progress/team", {"period": "2026-11-15"})
    assert bad.status_code == 422 and "period" in bad.json()["errors"]


def test_a_unit_heads_overview(api, sup):
    w = sup.w
    data = api(w.u_kabid_p2p).get("/progress/team", {"scope": "unit"}).json()
    assert {m["id"] for m in data["members"]} == {w.kasi_surv.pk, w.staff1.pk, w.staff2.pk}
    refused = api(w.u_kasi_surv).get("/progress/team", {"scope": "unit"})
    assert refused.status_code == 200  # kasi_surv heads Seksi Surveilans
    refused = api(w.u_kabid_p2p).get("/progress/team", {"scope": "everyone"})
    assert refused.status_code == 422


def test_team_overview_costs_the_same_for_a_bigger_team(api, sup, django_assert_max_num_queries):
    from kinerja.accounts import services as accounts
    from kinerja.people import services as people

    w = sup.w
    client = api(w.u_kasi_surv)
    client.get("/progress/team")
    with django_assert_max_num_queries(12) as small:
        client.get("/progress/team")
    for seq in range(4):
        employee = people.create_employee(actor=SYSTEM, instance=w.a, nip=make_nip(seq=800 + seq),
                                          name=f"Pegawai {seq}", position=w.pos_data)
        user = accounts.create_user(actor=SYSTEM, instance=w.a, username=f"q{seq}", password=w.password,
                                    employee=employee, validate=False)
        s, (iki,) = approved(w, sup.period, employee, user, w.u_kasi_surv,
                             [{"text": "Jumlah", "target_value": "10", "measure_unit": "x"}])
        make_evidence(make_report(s, iki, sup.last_month))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(client.get("/progress/team").json()["members"]) == 6


def test_review_queue_pages(api, sup, django_assert_max_num_queries):
    w = sup.w
    second = make_report(sup.skp2, sup.iki2, sup.last_month)
    client = api(w.u_kasi_surv)
    with django_assert_max_num_queries(12):
        first = client.get("/progress/review-queue", {"limit": 1}).json()
    assert [i["id"] for i in first["items"]] == [sup.report.pk] and first["items"][0]["evidence_waiting"] == 2
    rest = client.get("/progress/review-queue", {"limit": 1, "cursor": first["next_cursor"]}).json()
    assert [i["id"] for i in rest["items"]] == [second.pk] and rest["next_cursor"] is None


def test_accept_through_the_api(api, sup):
    w = sup.w
    response = api(w.u_kasi_surv).post(f"/progress/reports/{sup.report.pk}/accept",
                                       {"lock_version": 0, "comment": "Baik"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["lock_version"], data["review_comment"]) == ("accepted", 1, "Baik")
    assert {e["status"] for e in data["evidence"]} == {"accepted"}
    assert Notification.objects.filter(kind="report_accepted").count() == 1 and sup.refreshed == [[sup.iki1.pk]]
    again = api(w.u_kasi_surv).post(f"/progress/reports/{sup.report.pk}/accept", {"lock_version": 0})
    assert again.status_code == 409 and again.json()["detail"]


def test_qualitative_accept_takes_a_number_or_a_decimal_comma(api, sup):
    report = make_report(sup.skp1, sup.iki_text, sup.last_month, value=None)
    client = api(sup.w.u_kasi_surv)
    missing = client.post(f"/progress/reports/{report.pk}/accept", {"lock_version": 0})
    assert missing.status_code == 422 and "judged_achievement" in missing.json()["errors"]
    ok = client.post(f"/progress/reports/{report.pk}/accept", {"lock_version": 0, "judged_achievement": "92,5"})
    assert ok.status_code == 200 and Decimal(str(ok.json()["judged_achievement"])) == Decimal("92.5")


def test_return_through_the_api(api, sup):
    w = sup.w
    client = api(w.u_kasi_surv)
    url = f"/progress/reports/{sup.report.pk}/return"
    assert client.post(url, {"lock_version": 0, "comment": ""}).status_code == 422
    assert client.post(url, {"lock_version": 0, "comment": "x", "evidence_ids": [999999]}).status_code == 422
    assert fresh(sup.report).status == ReportStatus.SUBMITTED
    response = client.post(url, {"lock_version": 0, "comment": "Foto buram", "evidence_ids": [sup.photo.pk]})
    assert response.status_code == 200 and response.json()["status"] == "returned"
    assert {e["id"]: e["status"] for e in response.json()["evidence"]} == {sup.photo.pk: "needs_fix",
                                                                          sup.link.pk: "pending"}


def test_review_evidence_through_the_api(api, sup):
    client = api(sup.w.u_kasi_surv)
    url = f"/progress/evidence/{sup.link.pk}/review"
    assert client.post(url, {"accept": False}).status_code == 422
    response = client.post(url, {"accept": False, "comment": "Tautan mati"})
    assert response.status_code == 200 and response.json() == {
        "id": sup.link.pk, "report_id": sup.report.pk, "status": "needs_fix", "review_comment": "Tautan mati"}


def test_refusals(api, sup):
    w = sup.w
    url = f"/progress/reports/{sup.report.pk}/accept"
    assert api(w.u_staff1).post(url, {"lock_version": 0}).status_code == 403  # own report: seen, not reviewed
    assert api(w.u_kabid_p2p).post(url, {"lock_version": 0}).status_code == 403
    assert api(w.u_staff2).post(url, {"lock_version": 0}).status_code == 404
    assert api(w.u_admin_b).post(url, {"lock_version": 0}).status_code == 404
    assert api(w.u_staff1).get("/progress/team").status_code == 403
    assert api(w.u_staff1).get("/progress/review-queue").status_code == 403
    assert fresh(sup.report).status == ReportStatus.SUBMITTED
    assert not AuditEvent.objects.filter(action__startswith="progress.").exists()
    assert Report.objects.filter(status=ReportStatus.ACCEPTED).count() == 0
