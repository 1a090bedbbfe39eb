"""What every progress write shares: who may write, whether the SKP and its period take reports, the
reporting period a date names, numbers and texts, the optimistic lock of a report."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from kinerja.audit.models import AuditEvent
from kinerja.core import errors as core_errors
from kinerja.core.errors import PermissionDenied, ValidationError, field_error
from kinerja.rules import skp as skp_rules
from kinerja.skp.models import Iki, Rhk

from .. import periods, permissions, reportable
from ..models import Report, ReportStatus

IKI_RELATED = ("rhk__skp__period", "rhk__skp__employee")
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
FOUR_PLACES = Decimal("0.0001")


class ConflictError(core_errors.ConflictError, ValidationError):
    """Someone else (another device) saved the report since the caller read it: a ValidationError on
    ``lock_version`` with code ``conflict`` for forms, a ``core.errors.ConflictError`` for the API (409)."""

    def __init__(self, message: str):
        ValidationError.__init__(self, {"lock_version": [ValidationError(message, code="conflict")]})
        self.message_text = message

    def __str__(self) -> str:
        return self.message_text


class FileTooLarge(ValidationError):
    """An evidence file over the instance's limit (the API answers 413)."""

    def __init__(self, message: str, field: str = "file"):
        super().__init__({field: [ValidationError(message, code="file_size")]})


def load_iki(iki) -> Iki:
    """The IKI with its RHK, SKP, period and employee, read now (one query). An IKI this module has just
    read for the same write (``_fresh``) is taken as it is."""
    if isinstance(iki, Iki) and getattr(iki, "_fresh", False):
        return iki
    pk = iki.pk if isinstance(iki, Iki) else int(iki)
    try:
        return Iki.objects.select_related(*IKI_RELATED).get(pk=pk)
    except Iki.DoesNotExist:
        raise field_error("iki", _("Unknown indicator."), "does_not_exist") from None


def load_rhk(rhk) -> Rhk:
    pk = rhk.pk if isinstance(rhk, Rhk) else int(rhk)
    return Rhk.objects.select_related("skp__period", "skp__employee").get(pk=pk)


def check_reporter(actor, skp) -> None:
    if not permissions.can_report(actor, skp):
        raise PermissionDenied(_("Only the employee whose SKP it is reports progress on it."))


def check_open(skp) -> None:
    if skp.period.is_closed:
        raise field_error("period", _("The SKP period is closed; its progress can no longer change."), "closed")


def check_reportable(skp, iki=None) -> None:
    """Progress is reported against an SKP of an open period that was approved at least once: an approved one,
    or one reopened for a revision, against its last approved version (``reportable.py``) — so an IKI added in
    the revision waits for the revision's approval."""
    check_open(skp)
    if not reportable.is_reportable(skp):
        raise field_error("skp", _("The SKP is not approved (it is “%(status)s”): progress is reported against "
                                   "an approved SKP.") % {"status": skp.get_status_display()}, "skp_not_approved")
    if iki is not None:
        approved = reportable.approved_ikis(skp)
        if approved is not None and iki.pk not in approved:
            raise field_error("iki", _("This indicator was added in the SKP's revision: you report on it once the "
                                       "revision is approved."), "iki_not_approved")


def today() -> date:
    return timezone.localdate()


def as_date(value, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        parsed = parse_date(value.strip()) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise field_error(field, _("Enter a valid date (YYYY-MM-DD)."), "invalid")
    return parsed


def reporting_period(skp, period_start, field: str = "period_start", settings=None) -> tuple[date, date]:
    """The reporting period of ``skp`` starting on ``period_start``: inside the SKP period, begun by today."""
    start = as_date(period_start, field)
    settings = settings or periods.settings_for(skp.instance_id)
    found = periods.period_containing(start, skp.period.start_date, skp.period.end_date, settings.cadence)
    if found is None:
        raise field_error(field, _("%(day)s lies outside the SKP period (%(start)s – %(end)s).") % {
            "day": formats.date_format(start), "start": formats.date_format(skp.period.start_date),
            "end": formats.date_format(skp.period.end_date)}, "outside_period")
    if found[0] != start:
        raise field_error(field, _("A reporting period starts on %(start)s, not %(day)s.") % {
            "start": formats.date_format(found[0]), "day": formats.date_format(start)}, "not_period_start")
    if start > today():
        raise field_error(field, _("The reporting period starting %(day)s has not begun yet.")
                          % {"day": formats.date_format(start)}, "future")
    return found


def clean_number(raw, field: str) -> Decimal | None:
    """A realisation or target: empty → None; a decimal comma is fine; not a number, NaN, infinite, negative or
    too large → a field error."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = skp_rules.parse_number(raw, field)
    except skp_rules.RuleError as exc:
        message = {
            "negative": _("The number cannot be negative."),
            "too_large": _("The number is too large."),
        }.get(exc.code, _("Enter a number, e.g. 12 or 12,5."))
        raise field_error(field, message, exc.code) from None
    return value.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def clean_text(value, field: str, limit: int, *, required: bool = False, label: str = "") -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise field_error(field, _("Enter text."), "invalid")
    text = value.replace("\r\n", "\n").strip()
    if "\x00" in text:
        raise field_error(field, _("The text contains a NUL character."), "invalid")
    if required and not text:
        raise field_error(field, _("%(label)s is required.") % {"label": label or field}, "required")
    if len(text) > limit:
        raise field_error(field, _("At most %(max)d characters.") % {"max": limit}, "too_long")
    return text


def seen_version(lock_version, field: str = "lock_version") -> int:
    try:
        return int(lock_version)
    except (TypeError, ValueError):
        raise field_error(field, _("The version the change is based on is missing; reload."), "required") from None


def conflict(report: Report | None = None) -> ConflictError:
    if report is not None:
        last = (AuditEvent.objects.filter(object_type="progress.report", object_id=str(report.pk))
                .order_by("-id").values("actor_label", "at").first())
        if last is not None:
            when = formats.date_format(timezone.localtime(last["at"]), "DATETIME_FORMAT")
            return ConflictError(_("This report was saved elsewhere (%(name)s, %(time)s), e.g. on another device. "
                                   "Reload it; your changes were not saved.") % {"name": last["actor_label"],
                                                                                  "time": when})
    return ConflictError(_("This report was saved elsewhere meanwhile, e.g. on another device. Reload it; your "
                           "changes were not saved."))


def check_editable(report: Report) -> None:
    if report.status not in EDITABLE:
        raise field_error("status", _("The report is “%(status)s”: it can no longer be changed.")
                          % {"status": report.get_status_display()}, "not_editable")
