"""The progress API besides the multipart submit: reports, evidence, action plans, the daily log."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.api.testing import errors_of
from kinerja.progress import services
from kinerja.progress.models import ActionPlan, DailyLog, Evidence, Report

from ..conftest import PDF, image_bytes, stored_files

JAN = date(2026, 1, 1)


@pytest.fixture
def report(world, k):
    return services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="3")


def test_save_update_submit_and_conflict(world, k, api):
    me = api(world.u_staff1)
    created = me.post("/progress/reports", {"iki_id": k.iki.pk, "period_start": "2026-02-01", "value": "2,5",
                                            "notes": "Februari"})
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["value"] == 2.5 and data["status"] == "draft" and data["can_edit"] and data["evidence"] == []
    again = me.post("/progress/reports", {"iki_id": k.iki.pk, "period_start": "2026-02-01", "value": "3",
                                          "lock_version": 0})
    assert again.status_code == 200 and again.json()["lock_version"] == 1
    stale = me.patch(f"/progress/reports/{data['id']}", {"value": "9", "lock_version": 0})
    assert stale.status_code == 409 and "lock_version" in errors_of(stale)
    patched = me.patch(f"/progress/reports/{data['id']}", {"notes": "Revisi", "lock_version": 1})
    assert patched.status_code == 200 and patched.json()["notes"] == "Revisi" and patched.json()["value"] == 3
    submitted = me.post(f"/progress/reports/{data['id']}/submit", {"lock_version": 2})
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert not submitted.json()["can_edit"]
    refused = me.patch(f"/progress/reports/{data['id']}", {"notes": "lagi", "lock_version": 3})
    assert refused.status_code == 422 and "status" in errors_of(refused)


@pytest.mark.parametrize(("value", "field"), [("dua", "value"), ("NaN", "value"), ("-3", "value"),
                                              (float("inf"), "value")])
def test_bad_values(world, k, api, value, field):
    response = api(world.u_staff1).post("/progress/reports", {"iki_id": k.iki.pk, "period_start": "2026-01-01",
                                                              "value": value})
    assert response.status_code == 422 and any(key.startswith(field) for key in errors_of(response))
    assert not Report.objects.exists()


def test_list_filters_and_scope(world, k, api, report, django_assert_max_num_queries):
    reader = api(world.u_kasi_surv)
    reader.get("/progress/reports")  # the session and the scope: cached after the first request
    with django_assert_max_num_queries(30) as one:
        reader.get("/progress/reports", {"skp": k.skp.pk})
    for month in (2, 3, 4):
        services.save_report(actor=world.u_staff1, iki=k.iki, period_start=date(2026, month, 1), value="1")
    with django_assert_max_num_queries(len(one.captured_queries)):  # no query per row
        page = reader.get("/progress/reports", {"skp": k.skp.pk, "limit": 2})
    assert page.status_code == 200
    body = page.json()
    assert [r["period_start"] for r in body["items"]] == ["2026-04-01", "2026-03-01"] and body["next_cursor"]
    second = api(world.u_kasi_surv).get("/progress/reports", {"skp": k.skp.pk, "limit": 2,
                                                              "cursor": body["next_cursor"]}).json()
    assert [r["period_start"] for r in second["items"]] == ["2026-02-01", "2026-01-01"]
    assert api(world.u_staff1).get("/progress/reports", {"period_start": "2026-03-01"}).json()["items"][0]["value"] == 1
    assert api(world.u_staff2).get("/progress/reports").json()["items"] == []
    assert api(world.u_staff_b).get(f"/progress/reports/{report.pk}").status_code == 404


def test_evidence_upload_retry_replace_delete_download(world, k, api, report, evidence_dir, client):
    me = api(world.u_staff1)
    token = str(uuid.uuid4())
    url = f"/api/v1/progress/reports/{report.pk}/evidence"
    client.force_login(world.u_staff1)
    first = client.post(url, {"file": SimpleUploadedFile("IMG_1.jpg", image_bytes("JPEG")), "client_token": token,
                              "caption": "Foto kegiatan"})
    assert first.status_code == 201, first.content
    retry = client.post(url, {"file": SimpleUploadedFile("IMG_1.jpg", image_bytes("JPEG")), "client_token": token})
    assert retry.status_code == 200 and retry.json()["id"] == first.json()["id"]
    assert len(stored_files(evidence_dir)) == 1
    bad = client.post(url, {"file": SimpleUploadedFile("IMG_2.jpg", b"\x7fELF" + b"\0" * 80)})
    assert bad.status_code == 422 and "program" in errors_of(bad)["file"][0]
    replaced = client.post(url, {"file": SimpleUploadedFile("laporan.pdf", PDF), "replaces": first.json()["id"]})
    assert replaced.status_code == 201 and replaced.json()["replaces_id"] == first.json()["id"]
    detail = me.get(f"/progress/reports/{report.pk}").json()
    assert [e["original_name"] for e in detail["evidence"]] == ["laporan.pdf"]

    link = me.post(f"/progress/reports/{report.pk}/links", {"url": "https://drive.example.org/x"})
    assert link.status_code == 201 and link.json()["kind"] == "link"
    assert me.post(f"/progress/reports/{report.pk}/links", {"url": "javascript:alert(1)"}).status_code == 422

    evidence_id = replaced.json()["id"]
    download = api(world.u_kasi_surv).get(f"/progress/evidence/{evidence_id}/file")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff" and download["Cache-Control"] == "private, no-store"
    assert api(world.u_kasi_surv).delete(f"/progress/evidence/{evidence_id}").status_code == 403
    assert me.delete(f"/progress/evidence/{evidence_id}").status_code == 204
    assert me.get(f"/progress/evidence/{evidence_id}/file").status_code == 404
    assert Evidence.objects.filter(pk=evidence_id, deleted_at__isnull=False).exists()
    assert len(stored_files(evidence_dir)) == 2  # nothing removed from the storage


def test_download_headers_for_images_and_office_files(world, report, evidence_dir, client):
    png = services.add_evidence(actor=world.u_staff1, report=report,
                                upload=SimpleUploadedFile('foto "x";.png', image_bytes()))
    client.force_login(world.u_staff1)
    response = client.get(f"/progress/evidence/{png.pk}/file")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith('inline; filename="foto x.png"')
    assert "filename*=UTF-8''foto%20%22x%22%3B.png" in response["Content-Disposition"]
    assert response["Content-Security-Policy"].startswith("sandbox")
    download = client.get(f"/progress/evidence/{png.pk}/file?download=1")
    assert download["Content-Disposition"].startswith("attachment;")
    assert client.post(f"/progress/evidence/{png.pk}/file").status_code == 405


def test_too_large_upload_is_413(world, report, evidence_dir, client):
    from kinerja.progress.models import ReportingSettings

    ReportingSettings.objects.create(instance=world.a, max_upload_mb=1)
    client.force_login(world.u_staff1)
    response = client.post(f"/api/v1/progress/reports/{report.pk}/evidence",
                           {"file": SimpleUploadedFile("besar.pdf", PDF + b"0" * (1024 * 1024))})
    assert response.status_code == 413 and "file" in response.json()["errors"]
    assert stored_files(evidence_dir) == []


def test_action_plans(world, k, api):
    me = api(world.u_staff1)
    saved = me.put("/progress/action-plans", {"iki_id": k.iki.pk, "quarter": 1, "text": "Rekap", "target": "3"})
    assert saved.status_code == 200 and saved.json()["target"] == 3
    again = me.put("/progress/action-plans", {"iki_id": k.iki.pk, "quarter": 1, "text": "Rekap bulanan"})
    assert again.json()["id"] == saved.json()["id"] and again.json()["target"] is None
    assert me.put("/progress/action-plans", {"iki_id": k.iki.pk, "quarter": 5, "text": "x"}).status_code == 422
    assert api(world.u_kasi_surv).get("/progress/action-plans", {"skp": k.skp.pk}).json()[0]["text"] == "Rekap bulanan"
    assert api(world.u_kasi_surv).put("/progress/action-plans", {"iki_id": k.iki.pk, "quarter": 2,
                                                                 "text": "x"}).status_code == 403
    assert me.delete(f"/progress/action-plans/{saved.json()['id']}").status_code == 204
    assert not ActionPlan.objects.exists()


def test_daily_log_and_draft_from_log(world, k, api, django_assert_max_num_queries):
    me = api(world.u_staff1)
    for day, qty in ((5, "2"), (12, "3,5"), (20, None)):
        response = me.post("/progress/daily-log", {"rhk_id": k.rhk.pk, "date": f"2026-01-{day:02d}",
                                                   "text": f"Rekap {day}", "quantity": qty,
                                                   "iki_id": k.iki.pk if qty else None})
        assert response.status_code == 201, response.content
    future = me.post("/progress/daily-log", {"rhk_id": k.rhk.pk, "date": "2099-01-01", "text": "x"})
    assert future.status_code == 422 and "date" in errors_of(future)
    reader = api(world.u_kasi_surv)
    reader.get("/progress/daily-log", {"skp": k.skp.pk, "limit": 1})
    with django_assert_max_num_queries(30) as one:
        reader.get("/progress/daily-log", {"skp": k.skp.pk, "limit": 1})
    with django_assert_max_num_queries(len(one.captured_queries)):  # no query per row
        listing = reader.get("/progress/daily-log", {"skp": k.skp.pk})
    assert [e["date"] for e in listing.json()["items"]] == ["2026-01-20", "2026-01-12", "2026-01-05"]
    entry = listing.json()["items"][0]["id"]
    assert me.patch(f"/progress/daily-log/{entry}", {"text": "Rekap akhir"}).json()["text"] == "Rekap akhir"
    drafted = me.post("/progress/reports/draft-from-log", {"iki_id": k.iki.pk, "period_start": "2026-01-01"})
    assert drafted.status_code == 200, drafted.content
    assert drafted.json()["value"] == 5.5 and "Rekap akhir" in drafted.json()["notes"]
    assert me.delete(f"/progress/daily-log/{entry}").status_code == 204
    assert DailyLog.objects.count() == 2


def test_reporting_periods(world, k, api):
    from kinerja.progress.models import ReportingSettings

    body = api(world.u_staff1).get(f"/progress/skp/{k.skp.pk}/periods").json()
    assert body["cadence"] == "monthly" and body["max_upload_mb"] == 10 and len(body["periods"]) == 12
    assert body["periods"][0] == {"start": "2026-01-01", "end": "2026-01-31", "due": "2026-02-05", "begun": True}
    assert body["periods"][-1]["due"] == "2027-01-05"
    ReportingSettings.objects.create(instance=world.a, cadence="quarterly", deadline_day=10)
    body = api(world.u_kasi_surv).get(f"/progress/skp/{k.skp.pk}/periods").json()
    assert [p["end"] for p in body["periods"]] == ["2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31"]
    assert body["periods"][0]["due"] == "2026-04-10"
    assert api(world.u_staff2).get(f"/progress/skp/{k.skp.pk}/periods").status_code == 404
