"""Reports (realisasi): save a draft (autosave from any device), submit it to the evaluator.

``lock_version`` guards every save: a device holding a stale version gets :class:`ConflictError` and the
report keeps what the other device saved (nothing is lost, nothing merged silently).
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.audit.services import record, snapshot
from kinerja.core.actors import require_actor
from kinerja.core.compiled import CompiledQuery
from kinerja.core.errors import field_error
from kinerja.notifications.models import Kind
from kinerja.notifications.services import notify
from kinerja.people.models import Employee
from kinerja.skp.models import Skp, TargetKind

from ..models import Report, ReportStatus
from .common import (
    check_editable,
    check_reportable,
    check_reporter,
    clean_number,
    clean_text,
    conflict,
    load_iki,
    reporting_period,
    seen_version,
)

CONTENT = ("value", "value_text", "notes")
# the report of an IKI and period, locked (compiled once: every save asks it)
_LOCK_REPORT = CompiledQuery(Report, lambda iki_id, period_start: Report.objects.select_for_update(of=("self",))
                             .filter(iki_id=iki_id, period_start=period_start).order_by(),
                             iki_id=int, period_start=date)


def _clean(value, value_text, notes) -> dict:
    return {
        "value": clean_number(value, "value"),
        "value_text": clean_text(value_text, "value_text", Report.TEXT_LIMITS["value_text"]),
        "notes": clean_text(notes, "notes", Report.TEXT_LIMITS["notes"]),
    }


def _check_complete(iki, data: dict) -> None:
    """A submitted report says what was achieved: a number, or words for a qualitative target."""
    if iki.target_kind == TargetKind.TEXT:
        if not data["value_text"]:
            raise field_error("value_text", _("Describe what was achieved before submitting."), "required")
    elif data["value"] is None:
        raise field_error("value", _("Enter the realisation (a number) before submitting."), "required")


def _evaluator_users(skp) -> list[int]:
    """The evaluator's active user ids; read with the SKP (``rhk__skp__evaluator__user``) when the caller did."""
    if skp.evaluator_id is None:
        return []
    if Skp.evaluator.is_cached(skp) and Employee.user.is_cached(skp.evaluator):
        user = getattr(skp.evaluator, "user", None)
        return [user.pk] if user is not None and user.is_active else []
    return list(User.objects.filter(employee_id=skp.evaluator_id, is_active=True).values_list("pk", flat=True))


def _notify_submitted(actor, report: Report, skp, *, resubmitted: bool = False) -> None:
    """Tell the evaluator once per employee and reporting period ("Andi reported progress for November"): the
    month-end's further reports of that period wait in the team view without another notification or e-mail.
    A report resubmitted after the evaluator returned it always tells them again."""
    recipients = _evaluator_users(skp)
    if not recipients:
        return
    key = "" if resubmitted else notified_key(report)
    notify(actor=actor, instance_id=report.instance_id, recipients=recipients, kind=Kind.REPORT_SUBMITTED,
           title=submitted_title(skp.employee.name, report.period_start), body=str(report.iki.text)[:500],
           obj=report, dedupe_key=key)


def _submitted_title(name: str, period_start: date) -> str:
    return _("%(name)s reported progress for %(period)s") % {
        "name": name, "period": formats.date_format(period_start, "YEAR_MONTH_FORMAT")}


# "Andi reported progress for November 2026", written in the language active when it is read (each recipient's
# own: notifications/services.py); lazy() builds its proxy class once, here
submitted_title = lazy(_submitted_title, str)


def _write(report: Report, seen: int, fields: dict) -> None:
    """Save ``fields`` if the report is still at version ``seen``; else ConflictError (and nothing written)."""
    now = timezone.now()
    updated = Report.objects.filter(pk=report.pk, lock_version=seen).update(
        lock_version=F("lock_version") + 1, updated_at=now, **fields)
    if not updated:
        raise conflict(report)
    for key, value in fields.items():
        setattr(report, key, value)
    report.lock_version = seen + 1
    report.updated_at = now


def checked_save(*, actor, iki, period_start, value, value_text, notes, submit, settings=None) -> tuple:
    """Every check of a save before anything is read for writing: who, which SKP and period, the values.
    Returns the IKI (with its SKP), the SKP, the reporting period (start, end) and the cleaned values."""
    require_actor(actor)
    iki = load_iki(iki)
    skp = iki.rhk.skp
    check_reporter(actor, skp)
    check_reportable(skp, iki)
    period = reporting_period(skp, period_start, settings=settings)
    data = _clean(value, value_text, notes)
    if submit:
        _check_complete(iki, data)
    return iki, skp, period, data


def new_report(iki, skp, start, end, data: dict, submit: bool) -> Report:
    """The report a first save creates (not saved yet)."""
    return Report(instance_id=skp.instance_id, skp=skp, iki=iki, employee_id=skp.employee_id, unit_id=skp.unit_id,
                  period_start=start, period_end=end, **data,
                  status=ReportStatus.SUBMITTED if submit else ReportStatus.DRAFT,
                  submitted_at=timezone.now() if submit else None)


def notified_key(report: Report) -> str:
    """The dedupe key of the evaluator's "reported progress for <period>" notification."""
    return f"progress.submitted:{report.employee_id}:{report.period_start.isoformat()}"


def save_report(*, actor, iki, period_start, value=None, value_text="", notes="", lock_version=None,
                submit=False, settings=None, savepoint: bool = True) -> Report:
    """Create or update the draft (or returned) report of ``iki`` for the reporting period starting on
    ``period_start``; ``submit=True`` submits it in the same step.

    ``lock_version`` is None (or 0) only while no report exists yet; once one exists it must be the version the
    caller read, else :class:`ConflictError`. Saving unchanged content of a draft changes nothing.
    ``settings`` (the instance's :class:`ReportingSettings`) when the caller has read them already;
    ``savepoint=False`` from a caller whose own transaction ends with any error raised here (one round trip less
    each way)."""
    iki, skp, (start, end), data = checked_save(actor=actor, iki=iki, period_start=period_start, value=value,
                                                value_text=value_text, notes=notes, submit=submit, settings=settings)
    with transaction.atomic(savepoint=savepoint):
        # lock the report row only (of=self), unordered: the Meta ordering would join (and lock) the SKP's
        # period and employee rows, serialising every submission of the instance on the period row
        report = _LOCK_REPORT.first(iki_id=iki.pk, period_start=start)
        if report is not None:
            report.iki = iki
        if report is None:
            if lock_version not in (None, "", 0, "0"):
                raise conflict()
            report = new_report(iki, skp, start, end, data, submit)
            try:
                report.save(force_insert=True)
            except IntegrityError:  # another device created it a moment ago (the transaction rolls back)
                raise conflict() from None
            record("progress.report.submit" if submit else "progress.report.create", report, actor=actor,
                   after=snapshot(report))
            if submit:
                _notify_submitted(actor, report, skp)
            return report
        check_editable(report)
        if lock_version in (None, ""):  # a second device creating what the first one created meanwhile
            raise conflict(report)
        seen = seen_version(lock_version)
        if seen != report.lock_version:
            raise conflict(report)
        changes = {k: v for k, v in data.items() if getattr(report, k) != v}
        if not changes and not submit:
            return report
        before = snapshot(report)
        resubmitted = report.status == ReportStatus.RETURNED
        if submit:
            changes |= {"status": ReportStatus.SUBMITTED, "submitted_at": timezone.now()}
        _write(report, seen, changes)
        record("progress.report.submit" if submit else "progress.report.update", report, actor=actor,
               before=before, after=snapshot(report))
        if submit:
            _notify_submitted(actor, report, skp, resubmitted=resubmitted)
    return report


def submit_report(*, actor, report: Report, lock_version) -> Report:
    """Draft (or returned) → submitted: the evaluator is told and reviews it."""
    require_actor(actor)
    iki = load_iki(report.iki_id)
    skp = iki.rhk.skp
    check_reporter(actor, skp)
    check_reportable(skp, iki)
    seen = seen_version(lock_version)
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("iki").get(pk=report.pk)
        check_editable(report)
        if seen != report.lock_version:
            raise conflict(report)
        _check_complete(iki, {k: getattr(report, k) for k in CONTENT})
        before = snapshot(report)
        resubmitted = report.status == ReportStatus.RETURNED
        _write(report, seen, {"status": ReportStatus.SUBMITTED, "submitted_at": timezone.now()})
        record("progress.report.submit", report, actor=actor, before=before, after=snapshot(report))
        _notify_submitted(actor, report, skp, resubmitted=resubmitted)
    return report
