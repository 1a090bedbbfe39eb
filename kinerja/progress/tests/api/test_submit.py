"""POST /api/v1/progress/reports/submit: the multipart endpoint the month-end rush uses."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.accounts import services as accounts
from kinerja.core.testing import SYSTEM
from kinerja.progress.models import Evidence, Report, ReportingSettings

from ..conftest import PDF, image_bytes, stored_files

URL = "/api/v1/progress/reports/submit"


def post(client, data, files=(), token=None):
    payload = dict(data)
    if files:
        payload["files"] = list(files)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(URL, payload, headers=headers)


def f(data=PDF, name="bukti.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def token(world):
    return accounts.create_token(actor=SYSTEM, user=world.u_staff1, name="phone")[1]


def test_submit_with_two_files_by_bearer_token(world, k, client, token, evidence_dir, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        response = post(client, {"iki_id": k.iki.pk, "period_start": "2026-01-01", "value": "3,5",
                                 "notes": "Januari"}, [f(), f(image_bytes(), "foto.png")], token=token)
    assert response.status_code == 201, response.content
    data = response.json()
    report = Report.objects.get(pk=data["id"])
    assert data["status"] == "submitted" and data["lock_version"] == report.lock_version
    assert [e["sha256"] for e in data["evidence"]] == [hashlib.sha256(PDF).hexdigest(),
                                                        hashlib.sha256(image_bytes()).hexdigest()]
    assert {e["size"] for e in data["evidence"]} == {len(PDF), len(image_bytes())}
    assert len(stored_files(evidence_dir)) == 2 and Evidence.objects.count() == 2


def test_submit_without_files_and_with_session(world, k, client, evidence_dir):
    client.force_login(world.u_staff1)
    response = post(client, {"iki_id": k.iki.pk, "period_start": "2026-02-01", "value": "1"})
    assert response.status_code == 201 and response.json()["evidence"] == []


@pytest.mark.parametrize(("data", "files", "status", "field"), [
    ({"value": "banyak"}, (), 422, "value"),
    ({"value": "NaN"}, (), 422, "value"),
    ({"period_start": "2027-01-01"}, (), 422, "period_start"),
    ({"period_start": "kemarin"}, (), 422, "period_start"),
    ({}, [f(b"\x7fELF" + b"\0" * 40, "laporan.pdf")], 422, "files"),
    ({}, [f(b"<svg><script>alert(1)</script></svg>", "a.svg")], 422, "files"),
    ({}, [f(b"", "kosong.pdf")], 422, "files"),
    ({}, [f(), f(b"plain text", "b.txt")], 422, "files"),
])
def test_bad_input_leaves_nothing(world, k, client, token, evidence_dir, data, files, status, field):
    payload = {"iki_id": k.iki.pk, "period_start": "2026-01-01", "value": "3", **data}
    response = post(client, payload, files, token=token)
    assert response.status_code == status, response.content
    assert field in response.json()["errors"]
    assert not Report.objects.exists() and not Evidence.objects.exists() and stored_files(evidence_dir) == []


def test_too_large_is_413(world, k, client, token, evidence_dir):
    ReportingSettings.objects.create(instance=world.a, max_upload_mb=1)
    response = post(client, {"iki_id": k.iki.pk, "period_start": "2026-01-01", "value": "3"},
                    [f(PDF + b"0" * (1024 * 1024 + 1))], token=token)
    assert response.status_code == 413 and "files" in response.json()["errors"]
    assert not Report.objects.exists() and stored_files(evidence_dir) == []


def test_skp_not_approved_is_422(world, k, client, evidence_dir):
    client.force_login(world.u_staff2)
    response = post(client, {"iki_id": k.draft_iki.pk, "period_start": "2026-01-01", "value": "3"}, [f()])
    assert response.status_code == 422 and "skp" in response.json()["errors"]
    assert stored_files(evidence_dir) == []


def test_another_employee(world, k, client, evidence_dir):
    client.force_login(world.u_kasi_surv)  # sees staff1's SKP (evaluator) but may not report on it
    response = post(client, {"iki_id": k.iki.pk, "period_start": "2026-01-01", "value": "3"}, [f()])
    assert response.status_code == 403
    client.force_login(world.u_staff2)  # does not see it at all
    response = post(client, {"iki_id": k.iki.pk, "period_start": "2026-01-01", "value": "3"}, [f()])
    assert response.status_code == 422 and "iki_id" in response.json()["errors"]
    assert not Report.objects.exists() and stored_files(evidence_dir) == []


def test_second_submit_of_a_submitted_report_and_stale_version(world, k, client, token, evidence_dir):
    first = post(client, {"iki_id": k.iki.pk, "period_start": "2026-01-01", "value": "3"}, [f()], token=token)
    assert first.status_code == 201
    again = post(client, {"iki_id": k.iki.pk, "period_start": "2026-01-01", "value": "4"}, [f()], token=token)
    assert again.status_code == 422 and "status" in again.json()["errors"]
    Report.objects.update(status="returned")
    phone = post(client, {"iki_id": k.iki.pk, "period_start": "2026-01-01", "value": "4", "lock_version": "0"},
                 [f()], token=token)
    assert phone.status_code == 201 and phone.json()["lock_version"] == 1
    Report.objects.update(status="returned")
    laptop = post(client, {"iki_id": k.iki.pk, "period_start": "2026-01-01", "value": "5", "lock_version": "0"},
                  [f(image_bytes(), "x.png")], token=token)
    assert laptop.status_code == 409 and "lock_version" in laptop.json()["errors"]
    missing = post(client, {"iki_id": k.iki.pk, "period_start": "2026-01-01", "value": "5"}, [f()], token=token)
    assert missing.status_code == 409
    assert Report.objects.get().value == 4 and len(stored_files(evidence_dir)) == 2  # what the phone sent stays


def test_anonymous_is_401(k, client):
    assert post(client, {"iki_id": k.iki.pk, "period_start": "2026-01-01"}).status_code == 401


def test_a_rush_submission_costs_four_queries_on_postgresql_nine_on_sqlite(world, k, client, token, evidence_dir):
    """The month-end rush endpoint, warm (the token's last_used_at written a moment ago): the token with its
    user and employee; the IKI with its SKP, period, employee and the evaluator's user (own IKI: no scope
    computed); the reporting settings. Then on PostgreSQL ONE statement (services/submission.py): the report,
    the evidence, both audit events and whether the evaluator was told of this period already. On SQLite (the
    ORM path): the report locked (its row only); the report, its audit event, the check that the evaluator was
    told, the evidence and its audit event. No savepoint of its own (the test's transaction makes the
    submission's one atomic block a savepoint here); the e-mail is one task enqueued after commit."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    jpeg = image_bytes("JPEG", (64, 64))
    first = post(client, {"iki_id": k.iki.pk, "period_start": "2026-01-01", "value": "1"}, [f(jpeg, "a.jpg")],
                 token=token)
    assert first.status_code == 201, first.content
    with CaptureQueriesContext(connection) as ctx:
        response = post(client, {"iki_id": k.iki_text.pk, "period_start": "2026-01-01", "value_text": "baik"},
                        [f(jpeg, "b.jpg")], token=token)
    assert response.status_code == 201, response.content
    sql = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(ctx.captured_queries) - len(sql) <= 2  # the test transaction's savepoint around the submission
    if connection.vendor == "postgresql":
        assert len(sql) == 4, "\n".join(s[:120] for s in sql)
        assert sql[-1].startswith('WITH r AS (INSERT INTO "progress_report"')
        assert not any(s.startswith(("INSERT", "UPDATE")) or "FOR UPDATE" in s for s in sql)
        return
    assert len(sql) <= 9, "\n".join(s[:120] for s in sql)
    assert not any("FOR UPDATE" in s and "JOIN" in s for s in sql)  # only the report row is locked
    assert sum(s.startswith("INSERT") for s in sql) == 4  # the evaluator was told of January already


def test_the_evaluator_is_told_once_per_employee_and_period(world, k, client, token, evidence_dir):
    from kinerja.notifications.models import Notification

    for iki, data in ((k.iki, {"value": "1"}), (k.iki_text, {"value_text": "baik"})):
        assert post(client, {"iki_id": iki.pk, "period_start": "2026-03-01", **data}, token=token).status_code == 201
    assert post(client, {"iki_id": k.iki.pk, "period_start": "2026-04-01", "value": "2"},
                token=token).status_code == 201
    told = Notification.objects.filter(recipient=world.u_kasi_surv, kind="report_submitted").order_by("pk")
    assert len(told) == 2 and told[0].title != told[1].title  # March once (two reports), April once
    assert {n.object_id for n in told} == {str(r.pk) for r in Report.objects.filter(iki=k.iki)}
