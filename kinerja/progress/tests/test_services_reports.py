"""Reports: drafts, submit, and every bad input the issue lists (SKP not approved, closed or future period,
not a number, another employee, two devices)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.audit.models import AuditEvent
from kinerja.core.testing import SYSTEM
from kinerja.notifications.models import Notification
from kinerja.progress import services
from kinerja.progress.models import Report, ReportingSettings, ReportStatus
from kinerja.skp.models import Period

JAN = date(2026, 1, 1)


def codes(exc) -> dict:
    return {field: [e.code for e in errors] for field, errors in exc.value.error_dict.items()}


def test_draft_then_update_then_submit(world, k):
    report = services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="3", notes="Januari")
    assert (report.status, report.lock_version, report.value) == (ReportStatus.DRAFT, 0, Decimal("3"))
    assert report.period_end == date(2026, 1, 31) and report.employee_id == world.staff1.pk
    report = services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="4,5", lock_version=0)
    assert report.lock_version == 1 and report.value == Decimal("4.5")
    report = services.submit_report(actor=world.u_staff1, report=report, lock_version=1)
    stored = Report.objects.get(pk=report.pk)
    assert stored.status == ReportStatus.SUBMITTED and stored.submitted_at and stored.lock_version == 2
    actions = list(AuditEvent.objects.filter(object_type="progress.report").order_by("id")
                   .values_list("action", flat=True))
    assert actions == ["progress.report.create", "progress.report.update", "progress.report.submit"]
    # the evaluator is told
    assert Notification.objects.filter(recipient=world.u_kasi_surv, kind="report_submitted").count() == 1


def test_saving_unchanged_content_writes_nothing(world, k):
    services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="3")
    events = AuditEvent.objects.count()
    again = services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="3.0", lock_version=0)
    assert again.lock_version == 0 and AuditEvent.objects.count() == events


def test_submit_in_one_step(world, k):
    report = services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value=5, submit=True)
    assert report.status == ReportStatus.SUBMITTED
    assert AuditEvent.objects.filter(action="progress.report.submit", object_id=str(report.pk)).count() == 1


def test_second_device_with_stale_version_gets_a_conflict_and_nothing_is_lost(world, k):
    services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="3")
    services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="7", notes="phone",
                         lock_version=0)
    with pytest.raises(services.ConflictError) as exc:
        services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="9", notes="laptop",
                             lock_version=0)
    assert "another device" in str(exc.value)
    stored = Report.objects.get(iki=k.iki, period_start=JAN)
    assert (stored.value, stored.notes, stored.lock_version) == (Decimal("7"), "phone", 1)


def test_second_device_creating_the_same_report_gets_a_conflict(world, k):
    services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="3")
    with pytest.raises(services.ConflictError):
        services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="4")
    assert Report.objects.get(iki=k.iki, period_start=JAN).value == Decimal("3")


def test_a_version_for_a_report_that_does_not_exist_is_a_conflict(world, k):
    with pytest.raises(services.ConflictError):
        services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="3", lock_version=4)
    assert not Report.objects.exists()


def test_skp_not_approved(world, k):
    with pytest.raises(ValidationError) as exc:
        services.save_report(actor=world.u_staff2, iki=k.draft_iki, period_start=JAN, value="1")
    assert codes(exc) == {"skp": ["skp_not_approved"]}
    assert "not approved" in str(exc.value)
    assert not Report.objects.exists()


def test_closed_period(world, k):
    Period.objects.filter(pk=k.period.pk).update(is_closed=True)
    with pytest.raises(ValidationError) as exc:
        services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="1")
    assert codes(exc) == {"period": ["closed"]}


@pytest.mark.parametrize(("start", "code"), [
    (date(2027, 1, 1), "outside_period"), (date(2025, 12, 1), "outside_period"),
    (date(2026, 1, 15), "not_period_start"), ("2026-13-01", "invalid"), ("januari", "invalid"),
])
def test_period_outside_or_not_a_period(world, k, start, code):
    with pytest.raises(ValidationError) as exc:
        services.save_report(actor=world.u_staff1, iki=k.iki, period_start=start, value="1")
    assert codes(exc) == {"period_start": [code]}


def test_future_period(world, k, monkeypatch):
    from kinerja.progress.services import common

    monkeypatch.setattr(common, "today", lambda: date(2026, 3, 10))
    services.save_report(actor=world.u_staff1, iki=k.iki, period_start=date(2026, 3, 1), value="1")  # current
    with pytest.raises(ValidationError) as exc:
        services.save_report(actor=world.u_staff1, iki=k.iki, period_start=date(2026, 4, 1), value="1")
    assert codes(exc) == {"period_start": ["future"]}


def test_quarterly_cadence(world, k):
    ReportingSettings.objects.create(instance=world.a, cadence="quarterly")
    report = services.save_report(actor=world.u_staff1, iki=k.iki, period_start=date(2026, 4, 1), value="2")
    assert report.period_end == date(2026, 6, 30)
    with pytest.raises(ValidationError) as exc:
        services.save_report(actor=world.u_staff1, iki=k.iki, period_start=date(2026, 5, 1), value="2")
    assert codes(exc) == {"period_start": ["not_period_start"]}


@pytest.mark.parametrize(("value", "code"), [
    ("dua belas", "not_a_number"), ("NaN", "not_a_number"), ("Infinity", "not_a_number"), ("-inf", "not_a_number"),
    (float("nan"), "not_a_number"), (float("inf"), "not_a_number"), ("-1", "negative"), ("1e20", "too_large"),
    ("12,5,5", "not_a_number"), ([1], "not_a_number"),
])
def test_value_not_a_number(world, k, value, code):
    with pytest.raises(ValidationError) as exc:
        services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value=value)
    assert codes(exc) == {"value": [code]}
    assert not Report.objects.exists()


def test_decimal_comma_and_thousands(world, k):
    report = services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="1.250,5")
    assert report.value == Decimal("1250.5")


@pytest.mark.parametrize("user", ["u_staff2", "u_kasi_surv", "u_admin_bkpsdm", "u_root", "u_staff_b"])
def test_only_the_owner_reports(world, k, user):
    with pytest.raises(PermissionDenied):
        services.save_report(actor=getattr(world, user), iki=k.iki, period_start=JAN, value="1")
    assert not Report.objects.exists()


def test_system_actor_may_report(world, k):
    assert services.save_report(actor=SYSTEM, iki=k.iki, period_start=JAN, value="1").pk


def test_submitted_and_accepted_cannot_be_edited_returned_can(world, k):
    report = services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="3", submit=True)
    with pytest.raises(ValidationError) as exc:
        services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="4", lock_version=0)
    assert codes(exc) == {"status": ["not_editable"]}
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.ACCEPTED)
    with pytest.raises(ValidationError):
        services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="4", lock_version=0)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RETURNED)
    fixed = services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="4", lock_version=0)
    assert fixed.value == Decimal("4") and fixed.status == ReportStatus.RETURNED
    again = services.submit_report(actor=world.u_staff1, report=fixed, lock_version=fixed.lock_version)
    assert again.status == ReportStatus.SUBMITTED


def test_submit_needs_the_realisation(world, k):
    report = services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, notes="belum")
    with pytest.raises(ValidationError) as exc:
        services.submit_report(actor=world.u_staff1, report=report, lock_version=0)
    assert codes(exc) == {"value": ["required"]}
    with pytest.raises(ValidationError) as exc:
        services.save_report(actor=world.u_staff1, iki=k.iki_text, period_start=JAN, value="3", submit=True)
    assert codes(exc) == {"value_text": ["required"]}
    ok = services.save_report(actor=world.u_staff1, iki=k.iki_text, period_start=JAN, value_text="Lengkap",
                              submit=True)
    assert ok.status == ReportStatus.SUBMITTED


def test_submit_with_stale_version(world, k):
    report = services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="3")
    services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="4", lock_version=0)
    with pytest.raises(services.ConflictError):
        services.submit_report(actor=world.u_staff1, report=report, lock_version=0)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_texts_are_bounded(world, k):
    with pytest.raises(ValidationError) as exc:
        services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, notes="x" * 10_001)
    assert codes(exc) == {"notes": ["too_long"]}
    with pytest.raises(ValidationError):
        services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, notes="a\x00b")
