"""What every SKP write shares: text and rule checks, the optimistic lock (``lock_version``), the
editable/open checks, the audit record and the JSON form of RHK, IKI and the SKP header."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import F, Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kinerja.audit.models import AuditEvent
from kinerja.audit.services import record
from kinerja.core import errors as core_errors
from kinerja.core.errors import PermissionDenied, ValidationError, field_error
from kinerja.rules import skp as rules

from .. import permissions
from ..models import (
    Iki,
    Rhk,
    Skp,
    SkpSettings,
    SkpStatus,
)

MAX_TEXT = 2000
MAX_LINES = 50


class ConflictError(core_errors.ConflictError, ValidationError):
    """Someone else changed the SKP since the caller read it (stale ``lock_version``).

    A ValidationError on the field ``lock_version`` with code ``conflict`` (forms show it on top), and a
    ``kinerja.core.errors.ConflictError`` (the API answers 409).
    """

    def __init__(self, message: str):
        ValidationError.__init__(self, {"lock_version": [ValidationError(message, code="conflict")]})
        self.message_text = message

    def __str__(self) -> str:
        return self.message_text


# --- helpers ------------------------------------------------------------------------------------


def _rule_message(exc: rules.RuleError) -> str:
    """The translated message for a pure rule's error (the rules module has no gettext)."""
    messages = {
        "not_a_number": _("Enter a number, e.g. 12 or 12,5."),
        "negative": _("A target cannot be negative."),
        "too_large": _("The number is too large."),
        "range_order": _("The minimum is above the maximum."),
        "invalid_choice": _("Choose a valid option."),
    }
    if exc.code == "required":
        return {
            "measure_unit": _("A numeric target needs a unit of measure."),
            "target_text": _("A qualitative target needs its text."),
        }.get(exc.field, _("A number is required."))
    return messages.get(exc.code, str(exc))


def _rule_error(exc: rules.RuleError) -> ValidationError:
    return field_error(exc.field, _rule_message(exc), exc.code)


def _text(value, field: str, label: str, max_length: int = MAX_TEXT) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise field_error(field, _("%(label)s must be text.") % {"label": label}, "invalid")
    if not text:
        raise field_error(field, _("%(label)s is required.") % {"label": label}, "required")
    if len(text) > max_length:
        raise field_error(field, _("%(label)s is too long (at most %(max)d characters).")
                          % {"label": label, "max": max_length}, "too_long")
    return text


def _settings(instance_id: int) -> SkpSettings:
    return SkpSettings.objects.filter(instance_id=instance_id).first() or SkpSettings(instance_id=instance_id)


def _bump(skp: Skp, lock_version) -> None:
    """Take the SKP for this write if nobody changed it since ``lock_version``; else ConflictError."""
    try:
        seen = int(lock_version)
    except (TypeError, ValueError):
        raise field_error("lock_version", _("The form is missing its version; reload the page."),
                          "required") from None
    updated = Skp.objects.filter(pk=skp.pk, lock_version=seen).update(lock_version=F("lock_version") + 1,
                                                                      updated_at=timezone.now())
    if not updated:
        raise ConflictError(_conflict_message(skp))
    skp.lock_version = seen + 1


def _conflict_message(skp: Skp) -> str:
    last = (AuditEvent.objects.filter(object_type="skp.skp", object_id=str(skp.pk))
            .order_by("-id").values("actor_label", "at").first())
    if last is None:
        return _("Someone else changed this SKP meanwhile. Reload to see their changes; yours were not saved.")
    when = formats.date_format(timezone.localtime(last["at"]), "DATETIME_FORMAT")
    return _("%(name)s changed this SKP at %(time)s. Reload to see their changes; yours were not saved.") % {
        "name": last["actor_label"], "time": when}


def _check_open(skp: Skp) -> None:
    if skp.period.is_closed:
        raise field_error("period", _("The period is closed; its SKPs can no longer change."), "closed")


def _check_editable(skp: Skp) -> None:
    _check_open(skp)
    if skp.status == SkpStatus.APPROVED:
        raise field_error("status", _("An approved SKP changes only through a revision."), "not_editable")
    if not rules.is_editable(skp.status):
        raise field_error("status", _("The SKP is waiting for approval; withdraw it to change it."), "not_editable")


def _check_change(actor, skp: Skp) -> None:
    if not permissions.can_change(actor, skp):
        raise PermissionDenied(_("You may not change this SKP."))
    _check_editable(skp)


def _record(action: str, skp: Skp, actor, before=None, after=None) -> None:
    record(action, skp, actor=actor, before=before, after=after)


def _json(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _rhk_data(rhk: Rhk) -> dict:
    return {"id": rhk.pk, "group": rhk.group, "perspective": rhk.perspective, "text": rhk.text,
            "parent_id": rhk.parent_id, "pk_indicator_id": rhk.pk_indicator_id, "order": rhk.order}


def _iki_data(iki: Iki) -> dict:
    return {"id": iki.pk, "rhk_id": iki.rhk_id, "aspect": iki.aspect, "text": iki.text,
            "target_kind": iki.target_kind, "target_value": _json(iki.target_value),
            "target_min": _json(iki.target_min), "target_max": _json(iki.target_max),
            "target_text": iki.target_text, "measure_unit": iki.measure_unit,
            "lower_is_better": iki.lower_is_better, "order": iki.order}


def _skp_header(skp: Skp) -> dict:
    return {"id": skp.pk, "status": skp.status, "version": skp.version, "return_reason": skp.return_reason,
            "revision_reason": skp.revision_reason, "evaluator_id": skp.evaluator_id,
            "position_id": skp.position_id}




def _next_order(model, **filters) -> int:
    current = model.objects.filter(**filters).aggregate(top=Max("order"))["top"]
    return 0 if current is None else current + 1



def _unknown_fields(fields: dict, allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise field_error(unknown[0], _("Unknown field."), "unknown")
