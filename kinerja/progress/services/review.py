"""The superior's review of progress reports (issue 9 item 3): accept a report, return it for a fix with a
comment, accept one piece of evidence or ask for a fix of it.

Only the SKP's current evaluator reviews (``permissions.can_review``: whoever holds or acts in the superior
position today, or the HR admin standing in when nobody does); never the employee. Accepting and returning
carry the ``lock_version`` the reviewer saw: a report the employee changed meanwhile raises
:class:`ConflictError` (``services.common``) and nothing is written. Each write records its audit event, tells
the employee (``notifications.notify``) and refreshes the achievement roll-up of the IKI, all in one transaction.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.audit.services import record
from kinerja.core.actors import is_system, require_actor
from kinerja.core.errors import PermissionDenied, field_error
from kinerja.notifications.models import Kind
from kinerja.notifications.services import notify

from .. import permissions
from ..achievement import refresh_for_ikis
from ..models import Evidence, EvidenceStatus, Report, ReportingSettings, ReportStatus
from .common import ConflictError

QUALITATIVE = "text"  # skp.TargetKind.TEXT: the superior judges the achievement
REVIEWABLE_EVIDENCE = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


# --- helpers ------------------------------------------------------------------------------------


def _fresh(report: Report | int, lock: bool = False) -> Report:
    qs = Report.objects.select_related("skp__position", "skp__period", "iki", "employee")
    if lock:
        qs = qs.select_for_update(of=("self",))
    return qs.get(pk=report.pk if isinstance(report, Report) else report)


def _check_reviewer(actor, report: Report) -> None:
    if not permissions.can_review(actor, report.skp):
        raise PermissionDenied(_("Only the evaluating official of this SKP reviews its progress reports."))


def _check_open(report: Report) -> None:
    if report.skp.period.is_closed:
        raise field_error("period", _("The period is closed; its reports can no longer change."), "closed")


def _check_lock(report: Report, lock_version) -> None:
    try:
        seen = int(lock_version)
    except (TypeError, ValueError):
        raise field_error("lock_version", _("The form is missing its version; reload the page."),
                          "required") from None
    if seen != report.lock_version:
        raise ConflictError(_("The report was changed meanwhile (by the employee or another reviewer). Reload "
                              "to see the changes; your review was not saved."))


def _text(value, field: str, label: str, required: bool) -> str:
    if value is not None and not isinstance(value, str):
        raise field_error(field, _("%(label)s must be text.") % {"label": label}, "invalid")
    text = (value or "").strip()
    if required and not text:
        raise field_error(field, _("%(label)s is required.") % {"label": label}, "required")
    limit = Report.TEXT_LIMITS["review_comment"]
    if len(text) > limit:
        raise field_error(field, _("%(label)s is too long (at most %(max)d characters).")
                          % {"label": label, "max": limit}, "too_long")
    return text


def _cap(instance_id: int) -> Decimal:
    settings = ReportingSettings.objects.filter(instance_id=instance_id).first()
    return Decimal(str(settings.achievement_cap if settings is not None else ReportingSettings().achievement_cap))


def _judged(report: Report, value) -> Decimal | None:
    """The achievement the superior judges for a qualitative IKI: required there, 0..cap; refused elsewhere."""
    qualitative = report.iki.target_kind == QUALITATIVE
    if value is None or (isinstance(value, str) and not value.strip()):
        if qualitative:
            raise field_error("judged_achievement", _("A qualitative indicator needs the achievement you judge "
                                                      "(0–%(cap)s%%).") % {"cap": _plain(_cap(report.instance_id))},
                              "required")
        return None
    if not qualitative:
        raise field_error("judged_achievement", _("Only a qualitative indicator is judged; this one is computed "
                                                  "from its realisation."), "not_qualitative")
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise field_error("judged_achievement", _("Enter a number, e.g. 90 or 87,5."), "not_a_number") from None
    cap = _cap(report.instance_id)
    if not number.is_finite() or number < 0 or number > cap:
        raise field_error("judged_achievement", _("The achievement must be between 0 and %(cap)s%%.")
                          % {"cap": _plain(cap)}, "range")
    return number.quantize(Decimal("0.01"))


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text.replace(".", ",")


def _json(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def _state(report: Report) -> dict:
    return {"status": report.status, "review_comment": report.review_comment,
            "judged_achievement": _json(report.judged_achievement), "lock_version": report.lock_version}


def _reviewer_employee_id(actor) -> int | None:
    return None if is_system(actor) else getattr(actor, "employee_id", None)


def _employee_users(report: Report) -> list[int]:
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(employee_id=report.employee_id, is_active=True)
                .values_list("pk", flat=True))


def _period_label(report: Report) -> str:
    from django.utils import formats

    if report.period_start.month == report.period_end.month:
        return formats.date_format(report.period_start, "F Y")
    return f"{formats.date_format(report.period_start, 'M')}–{formats.date_format(report.period_end, 'M Y')}"


def _employee_url(report: Report) -> str:
    """The employee's page of the report (``progress:report``, the employee's side) where they fix it; this
    read-only review page until that page exists."""
    try:
        return reverse("progress:report", kwargs={"iki_pk": report.iki_id, "period": report.period_start.isoformat()})
    except NoReverseMatch:
        return reverse("progress:review", args=[report.pk])


def _tell(actor, report: Report, kind: Kind, title: str, body: str = "") -> None:
    notify(actor=actor, instance_id=report.instance_id, recipients=_employee_users(report), kind=kind,
           title=title, body=body, url=_employee_url(report), obj=report)


def _refresh_achievement(report: Report) -> None:
    """The roll-up of the reviewed IKI (helper "achievement": ``progress/achievement``), in this transaction."""
    refresh_for_ikis([report.iki_id])


def _evidence_of(report: Report, evidence_ids) -> list[Evidence]:
    if evidence_ids is None:
        return []
    if isinstance(evidence_ids, str | bytes) or not hasattr(evidence_ids, "__iter__"):
        raise field_error("evidence_ids", _("Choose the evidence that needs a fix from the list."), "invalid")
    ids = set()
    for raw in evidence_ids:
        try:
            ids.add(int(raw))
        except (TypeError, ValueError):
            raise field_error("evidence_ids", _("Evidence %(id)s is not part of this report.") % {"id": raw},
                              "invalid_choice") from None
    if not ids:
        return []
    found = {e.pk: e for e in Evidence.objects.live().filter(report_id=report.pk, pk__in=ids)}
    missing = sorted(ids - set(found))
    if missing:
        raise field_error("evidence_ids", _("Evidence %(id)s is not part of this report.") % {"id": missing[0]},
                          "invalid_choice")
    return [found[pk] for pk in sorted(found)]


def _submitted_for_review(actor, report: Report, lock_version, not_submitted: str) -> Report:
    """The report locked afresh, once the actor may review it, the lock version matches, it is submitted
    (else ``not_submitted`` with its status) and its period is open."""
    report = _fresh(report, lock=True)
    _check_reviewer(actor, report)
    _check_lock(report, lock_version)
    if report.status != ReportStatus.SUBMITTED:
        raise field_error("status", not_submitted % {"status": report.get_status_display().lower()}, "not_submitted")
    _check_open(report)
    return report


def _mark_reviewed(actor, report: Report, status: str, comment: str, judged) -> datetime:
    """Writes the review's outcome on the report (one UPDATE) and returns when it happened."""
    now = timezone.now()
    report.status = status
    report.review_comment = comment
    report.judged_achievement = judged
    report.reviewed_at = now
    report.reviewed_by_id = _reviewer_employee_id(actor)
    report.lock_version += 1
    report.save(update_fields=["status", "review_comment", "judged_achievement", "reviewed_at", "reviewed_by",
                               "lock_version", "updated_at"])
    return now


# --- the services -------------------------------------------------------------------------------


def accept_report(*, actor, report: Report, lock_version, comment: str = "", judged_achievement=None) -> Report:
    """Accept a submitted report: its evidence still waiting is accepted with it; a qualitative IKI takes the
    achievement the superior judges (0..the instance's cap). Tells the employee; refreshes the roll-up."""
    require_actor(actor)
    with transaction.atomic():
        report = _submitted_for_review(actor, report, lock_version,
                                       _("Only a submitted report can be accepted; this one is %(status)s."))
        comment = _text(comment, "comment", _("The comment"), required=False)
        judged = _judged(report, judged_achievement)
        before = _state(report)
        now = _mark_reviewed(actor, report, ReportStatus.ACCEPTED, comment, judged)
        pending = list(Evidence.objects.live().filter(report_id=report.pk, status=EvidenceStatus.PENDING)
                       .values_list("pk", flat=True))
        if pending:
            Evidence.objects.filter(pk__in=pending).update(status=EvidenceStatus.ACCEPTED, updated_at=now)
        record("progress.report.accept", report, actor=actor, before=before,
               after={**_state(report), "evidence_accepted": pending})
        _tell(actor, report, Kind.REPORT_ACCEPTED,
              _("Your report “%(iki)s” for %(period)s was accepted")
              % {"iki": report.iki.text[:80], "period": _period_label(report)}, comment)
        _refresh_achievement(report)
    return report


def return_report(*, actor, report: Report, lock_version, comment: str, evidence_ids=()) -> Report:
    """Return a submitted report for a fix, with the reviewer's comment (required); the chosen evidence is
    marked as needing a fix with that comment. Tells the employee; refreshes the roll-up."""
    require_actor(actor)
    with transaction.atomic():
        report = _submitted_for_review(actor, report, lock_version,
                                       _("Only a submitted report can be returned; this one is %(status)s."))
        comment = _text(comment, "comment", _("The comment"), required=True)
        chosen = _evidence_of(report, evidence_ids)
        before = _state(report)
        now = _mark_reviewed(actor, report, ReportStatus.RETURNED, comment, None)
        ids = [e.pk for e in chosen]
        if ids:
            Evidence.objects.filter(pk__in=ids).update(status=EvidenceStatus.NEEDS_FIX, review_comment=comment,
                                                       updated_at=now)
        record("progress.report.return", report, actor=actor, before=before,
               after={**_state(report), "evidence_needs_fix": ids})
        _tell(actor, report, Kind.EVIDENCE_RETURNED,
              _("Your report “%(iki)s” for %(period)s needs a fix")
              % {"iki": report.iki.text[:80], "period": _period_label(report)}, comment)
        _refresh_achievement(report)
    return report


def review_evidence(*, actor, evidence: Evidence, accept: bool, comment: str = "") -> Evidence:
    """Accept one piece of evidence, or ask for a fix of it with a comment (required then). The report keeps
    its status; the employee is told of a fix."""
    require_actor(actor)
    if not isinstance(accept, bool):
        raise field_error("accept", _("Say whether the evidence is accepted."), "invalid")
    with transaction.atomic():
        evidence = (Evidence.objects.select_for_update(of=("self",))
                    .select_related("report").get(pk=evidence.pk))
        report = _fresh(evidence.report_id)
        _check_reviewer(actor, report)
        if evidence.is_deleted:
            raise field_error("evidence", _("This evidence was deleted."), "deleted")
        if report.status not in REVIEWABLE_EVIDENCE:
            raise field_error("status", _("Evidence is reviewed once its report is submitted; this report is "
                                          "%(status)s.") % {"status": report.get_status_display().lower()},
                              "not_submitted")
        _check_open(report)
        comment = _text(comment, "comment", _("The comment"), required=not accept)
        before = {"status": evidence.status, "review_comment": evidence.review_comment}
        evidence.status = EvidenceStatus.ACCEPTED if accept else EvidenceStatus.NEEDS_FIX
        evidence.review_comment = comment
        evidence.save(update_fields=["status", "review_comment", "updated_at"])
        record("progress.evidence.review", evidence, actor=actor, before=before,
               after={"status": evidence.status, "review_comment": evidence.review_comment,
                      "report_id": report.pk})
        if not accept:
            _tell(actor, report, Kind.EVIDENCE_RETURNED,
                  _("Evidence “%(name)s” of your report “%(iki)s” needs a fix")
                  % {"name": str(evidence)[:60], "iki": report.iki.text[:60]}, comment)
    return evidence
