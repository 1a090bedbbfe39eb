"""Progress: reports (realisasi) with their evidence, action plans and the daily log.

Whoever may see an SKP sees its reports, evidence, plans and log; only the SKP's own employee writes them
(another employee's report they may see answers 403; one they may not see 404). A stale ``lock_version``
answers 409 and keeps what was saved first; an evidence file over the size limit answers 413.
"""

from __future__ import annotations

from datetime import date

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from kinerja.api.errors import body
from kinerja.api.files import file_response_doc
from kinerja.api.lookups import actor, page, referenced
from kinerja.api.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut
from kinerja.api.types import Cursor, Id, Limit
from kinerja.core.errors import error_dict
from kinerja.progress import periods, permissions, services
from kinerja.progress.downloads import evidence_file_response
from kinerja.progress.models import ActionPlan, DailyLog, Evidence, Report, ReportStatus
from kinerja.skp.models import Iki, Rhk

from .schemas import (
    DailyLogIn,
    DailyLogOut,
    DailyLogPage,
    DailyLogPatchIn,
    DraftFromLogIn,
    EvidenceFormIn,
    EvidenceLinkIn,
    ProgressActionPlanIn,
    ProgressActionPlanOut,
    ProgressEvidenceOut,
    ProgressReportDetailOut,
    ProgressReportIn,
    ProgressReportPage,
    ProgressReportPatchIn,
    ReportingPeriodsOut,
    ReportLockIn,
    SubmitFormIn,
    SubmittedOut,
)

router = Router(tags=["progress"])
UPLOAD_ERRORS = {**WRITE_ERRORS, 413: ErrorOut}
REPORT_ORDERING = ["-period_start", "-id"]
LOG_ORDERING = ["-date", "-id"]
IKI_RELATED = ("rhk__skp__period", "rhk__skp__employee")
REPORT_RELATED = ("skp__period", "skp__employee")
SUBMIT_RELATED = (*IKI_RELATED, "rhk__skp__evaluator__user")  # + whom the submission notifies, same query


def install(api) -> None:
    """A stale ``lock_version``: 409 with ``errors.lock_version``; an evidence file too large: 413."""

    @api.exception_handler(services.ConflictError)
    def on_conflict(request, exc):
        return api.create_response(request, body(str(exc), error_dict(exc)), status=409)

    @api.exception_handler(services.FileTooLarge)
    def on_too_large(request, exc):
        errors = error_dict(exc)
        first = next(iter(errors.values()))[0]
        return api.create_response(request, body(first, errors), status=413)


# --- lookups ------------------------------------------------------------------------------------------


def _iki(request, pk: int, field: str = "iki_id", related=IKI_RELATED) -> Iki:
    """An IKI the caller may see (a 422 on ``field`` otherwise), read with its SKP for the service."""
    from django.utils.translation import gettext as _

    user = actor(request)
    iki = permissions.own_iki(user, pk, related)  # the usual case, without computing the scope
    if iki is None:
        qs = permissions.restrict_ikis(Iki.objects.select_related(*related), user)
        iki = referenced(qs, pk, field, _("Unknown indicator."))
    iki._fresh = True
    return iki


def _report(request, pk: int) -> Report:
    return get_object_or_404(permissions.restrict_reports(Report.objects.select_related(*REPORT_RELATED),
                                                          actor(request)), pk=pk)


def _evidence(request, pk: int) -> Evidence:
    return get_object_or_404(permissions.restrict_evidence(Evidence.objects.live(), actor(request)), pk=pk)


def _detail(request, report: Report) -> Report:
    report.evidence_list = list(Evidence.objects.live().filter(report=report).order_by("created_at", "pk"))
    report.can_edit = (permissions.can_report(actor(request), report.skp) and report.status in
                       (ReportStatus.DRAFT, ReportStatus.RETURNED) and not report.skp.period.is_closed)
    return report


# --- reports ------------------------------------------------------------------------------------------


@router.get("/progress/skp/{int:skp_id}/periods", response={200: ReportingPeriodsOut, **READ_ERRORS})
def reporting_periods(request, skp_id: Id):
    """The reporting periods of an SKP (months, or quarters), each with its due date, and the upload limit."""
    from django.utils import timezone

    from kinerja.skp.models import Skp
    from kinerja.skp.permissions import restrict_skps

    skp = get_object_or_404(restrict_skps(Skp.objects.select_related("period"), actor(request)), pk=skp_id)
    settings = periods.settings_for(skp.instance_id)
    today = timezone.localdate()
    return {"cadence": settings.cadence, "max_upload_mb": settings.max_upload_mb, "periods": [
        {"start": start, "end": end, "due": periods.due_date(end, settings), "begun": start <= today}
        for start, end in periods.reporting_periods(skp.period.start_date, skp.period.end_date, settings.cadence)]}


@router.get("/progress/reports", response={200: ProgressReportPage, **READ_ERRORS})
def list_reports(request, skp: Id | None = None, iki: Id | None = None, period_start: date | None = None,
                 status: ReportStatus | None = None, cursor: Cursor | None = None, limit: Limit | None = None):
    """Reports the caller may see (their own, their team's, their units'), newest period first."""
    qs = permissions.restrict_reports(Report.objects.all(), actor(request))
    if skp is not None:
        qs = qs.filter(skp_id=skp)
    if iki is not None:
        qs = qs.filter(iki_id=iki)
    if period_start is not None:
        qs = qs.filter(period_start=period_start)
    if status:
        qs = qs.filter(status=status)
    return page(qs, REPORT_ORDERING, limit, cursor)


@router.get("/progress/reports/{int:report_id}", response={200: ProgressReportDetailOut, **READ_ERRORS})
def get_report(request, report_id: Id):
    """One report with its live evidence."""
    return _report_answer(request, _report(request, report_id))


def _report_answer(request, report: Report) -> dict:
    report = _detail(request, report)
    data = {f: getattr(report, f) for f in ProgressReportDetailOut.model_fields if hasattr(report, f)}
    data["evidence"] = report.evidence_list
    data["can_edit"] = report.can_edit
    return data


@router.post("/progress/reports", response={200: ProgressReportDetailOut, 201: ProgressReportDetailOut, **WRITE_ERRORS})
def save_report(request, payload: ProgressReportIn):
    """Create or update the report of an IKI for a reporting period (autosave from a phone: send the
    `lock_version` of the last answer); `submit: true` submits it too. 201 when it was created."""
    iki = _iki(request, payload.iki_id)
    existed = Report.objects.filter(iki=iki, period_start=payload.period_start).exists()
    report = services.save_report(actor=actor(request), iki=iki, period_start=payload.period_start,
                                  value=payload.value, value_text=payload.value_text, notes=payload.notes,
                                  lock_version=payload.lock_version, submit=payload.submit)
    answer = _report_answer(request, _report(request, report.pk))
    return answer if existed else Status(201, answer)


@router.patch("/progress/reports/{int:report_id}", response={200: ProgressReportDetailOut, **WRITE_ERRORS})
def update_report(request, report_id: Id, payload: ProgressReportPatchIn):
    report = _report(request, report_id)
    data = payload.dict(exclude_unset=True)
    services.save_report(actor=actor(request), iki=report.iki_id, period_start=report.period_start,
                         value=data.get("value", report.value), value_text=data.get("value_text", report.value_text),
                         notes=data.get("notes", report.notes), lock_version=payload.lock_version)
    return _report_answer(request, _report(request, report_id))


@router.post("/progress/reports/{int:report_id}/submit", response={200: ProgressReportDetailOut, **WRITE_ERRORS})
def submit_report(request, report_id: Id, payload: ReportLockIn):
    """Draft (or returned) → submitted: the evaluator is notified."""
    report = _report(request, report_id)
    services.submit_report(actor=actor(request), report=report, lock_version=payload.lock_version)
    return _report_answer(request, _report(request, report_id))


@router.post("/progress/reports/submit", response={201: SubmittedOut, **UPLOAD_ERRORS})
def submit_with_files(request, payload: Form[SubmitFormIn], files: File[list[UploadedFile]] = None):
    """Save and submit a report with its evidence files in one multipart request (fields `iki_id`,
    `period_start`, `value`, `value_text`, `notes`, `lock_version` once the report exists; files `files`,
    0 to 10). Every file is checked before anything is written; a refused request leaves nothing behind.
    A file over the instance's limit answers 413; another employee's IKI 403 (one you cannot see: 422)."""
    iki = _iki(request, payload.iki_id, related=SUBMIT_RELATED)
    report, created = services.submit_with_evidence(
        actor=actor(request), iki=iki, period_start=payload.period_start, value=payload.value or None,
        value_text=payload.value_text, notes=payload.notes, lock_version=payload.lock_version, files=files or [])
    return Status(201, {"id": report.pk, "status": report.status, "lock_version": report.lock_version,
                        "evidence": [{"id": e.pk, "sha256": e.sha256, "size": e.size} for e in created]})


@router.post("/progress/reports/draft-from-log", response={200: ProgressReportDetailOut, **WRITE_ERRORS})
def draft_from_log(request, payload: DraftFromLogIn):
    """Draft the period's report of an IKI from the daily log: the quantities summed, the texts as notes."""
    iki = _iki(request, payload.iki_id)
    report = services.draft_from_log(actor=actor(request), iki=iki, period_start=payload.period_start)
    return _report_answer(request, _report(request, report.pk))


# --- evidence -----------------------------------------------------------------------------------------


def _replaced(request, report: Report, pk: int | None) -> Evidence | None:
    from django.utils.translation import gettext as _

    return referenced(Evidence.objects.live().filter(report=report), pk, "replaces",
                      _("The evidence to replace is not a current piece of evidence of this report."))


@router.post("/progress/reports/{int:report_id}/evidence", response={200: ProgressEvidenceOut, 201: ProgressEvidenceOut,
                                                                    **UPLOAD_ERRORS})
def upload_evidence(request, report_id: Id, file: File[UploadedFile], payload: Form[EvidenceFormIn]):
    """Upload one evidence file (multipart field `file`): PDF, JPEG, PNG, WebP, HEIC/HEIF (stored as JPEG), DOCX,
    XLSX, PPTX, ODT, ODS, DOC or XLS, checked by content; `client_token` (a UUID the device chose) makes a retry
    safe: the same token answers 200 with the evidence already stored. `replaces` soft-deletes an older piece."""
    report = _report(request, report_id)
    old = _replaced(request, report, payload.replaces)
    token = payload.client_token
    known = set(Evidence.objects.filter(report=report).values_list("pk", flat=True)) if token else None
    evidence = services.add_evidence(actor=actor(request), report=report, upload=file, caption=payload.caption,
                                     client_token=token, replaces=old)
    return evidence if known is not None and evidence.pk in known else Status(201, evidence)


@router.post("/progress/reports/{int:report_id}/links", response={200: ProgressEvidenceOut, 201: ProgressEvidenceOut,
                                                                 **WRITE_ERRORS})
def add_link(request, report_id: Id, payload: EvidenceLinkIn):
    """Add a link (http or https) as evidence."""
    report = _report(request, report_id)
    old = _replaced(request, report, payload.replaces)
    known = set(Evidence.objects.filter(report=report).values_list("pk", flat=True)) if payload.client_token \
        else None
    evidence = services.add_evidence(actor=actor(request), report=report, url=payload.url, caption=payload.caption,
                                     client_token=payload.client_token, replaces=old)
    return evidence if known is not None and evidence.pk in known else Status(201, evidence)


@router.delete("/progress/evidence/{int:evidence_id}", response={204: None, **WRITE_ERRORS})
def delete_evidence(request, evidence_id: Id):
    """Soft delete: the file is kept for the audit trail but no longer served nor counted."""
    services.delete_evidence(actor=actor(request), evidence=_evidence(request, evidence_id))
    return Status(204, None)


@router.get("/progress/evidence/{int:evidence_id}/file", response={200: None, **READ_ERRORS},
            openapi_extra=file_response_doc("application/octet-stream", "The evidence file as uploaded."))
def download_evidence(request, evidence_id: Id, download: bool = False) -> FileResponse:
    """The file of a piece of evidence the caller may see (a deleted one: 404); `download=true` as an
    attachment even when a browser could show it."""
    return evidence_file_response(_evidence(request, evidence_id), download=download)


# --- action plans -------------------------------------------------------------------------------------


@router.get("/progress/action-plans", response={200: list[ProgressActionPlanOut], **READ_ERRORS})
def list_action_plans(request, skp: Id | None = None, iki: Id | None = None):
    """Action plans of the IKI the caller may see (at most 500; filter by `skp` or `iki`)."""
    qs = permissions.restrict_action_plans(ActionPlan.objects.all(), actor(request))
    if skp is not None:
        qs = qs.filter(iki__rhk__skp_id=skp)
    if iki is not None:
        qs = qs.filter(iki_id=iki)
    return list(qs.order_by("iki_id", "quarter")[:500])


@router.put("/progress/action-plans", response={200: ProgressActionPlanOut, **WRITE_ERRORS})
def save_action_plan(request, payload: ProgressActionPlanIn):
    """Create or change the plan of an IKI for a quarter."""
    iki = _iki(request, payload.iki_id)
    return services.save_action_plan(actor=actor(request), iki=iki, quarter=payload.quarter, text=payload.text,
                                     target=payload.target)


@router.delete("/progress/action-plans/{int:plan_id}", response={204: None, **WRITE_ERRORS})
def delete_action_plan(request, plan_id: Id):
    plan = get_object_or_404(permissions.restrict_action_plans(ActionPlan.objects.all(), actor(request)), pk=plan_id)
    services.delete_action_plan(actor=actor(request), plan=plan)
    return Status(204, None)


# --- daily log ----------------------------------------------------------------------------------------


@router.get("/progress/daily-log", response={200: DailyLogPage, **READ_ERRORS})
def list_daily_log(request, skp: Id | None = None, rhk: Id | None = None, date_from: date | None = None,
                   date_to: date | None = None, cursor: Cursor | None = None, limit: Limit | None = None):
    """Daily log entries the caller may see, newest first."""
    qs = permissions.restrict_daily_logs(DailyLog.objects.all(), actor(request))
    if skp is not None:
        qs = qs.filter(skp_id=skp)
    if rhk is not None:
        qs = qs.filter(rhk_id=rhk)
    if date_from is not None:
        qs = qs.filter(date__gte=date_from)
    if date_to is not None:
        qs = qs.filter(date__lte=date_to)
    return page(qs, LOG_ORDERING, limit, cursor)


def _rhk(request, pk: int) -> Rhk:
    from django.utils.translation import gettext as _

    return referenced(permissions.restrict_rhks(Rhk.objects.all(), actor(request)), pk, "rhk_id", _("Unknown RHK."))


@router.post("/progress/daily-log", response={201: DailyLogOut, **WRITE_ERRORS})
def log_day(request, payload: DailyLogIn):
    entry = services.log_day(actor=actor(request), rhk=_rhk(request, payload.rhk_id), date=payload.date,
                             text=payload.text, quantity=payload.quantity, iki=payload.iki_id)
    return Status(201, entry)


def _entry(request, pk: int) -> DailyLog:
    return get_object_or_404(permissions.restrict_daily_logs(DailyLog.objects.all(), actor(request)), pk=pk)


@router.patch("/progress/daily-log/{int:entry_id}", response={200: DailyLogOut, **WRITE_ERRORS})
def update_log_entry(request, entry_id: Id, payload: DailyLogPatchIn):
    data = payload.dict(exclude_unset=True)
    if "iki_id" in data:
        data["iki"] = data.pop("iki_id")
    return services.update_entry(actor=actor(request), entry=_entry(request, entry_id), **data)


@router.delete("/progress/daily-log/{int:entry_id}", response={204: None, **WRITE_ERRORS})
def delete_log_entry(request, entry_id: Id):
    services.delete_entry(actor=actor(request), entry=_entry(request, entry_id))
    return Status(204, None)
