"""Writes about SKPs: periods, the SKP and its content, templates, and the workflow (DOMAIN §1–§3).

Every function checks permissions, validates everything first (raising a ValidationError that names
the field at fault), then writes in one ``transaction.atomic()`` and records an audit event, so a
refused write leaves nothing behind.

Optimistic concurrency: every call that changes an SKP takes the ``lock_version`` the caller saw. The
first write of the transaction bumps it only if it is still the same; otherwise :class:`ConflictError`
names who changed the SKP meanwhile and nothing is written (the caller keeps its input and reloads).

Audit events of an SKP's content and workflow are recorded on the SKP itself (object ``skp.skp``), with
the changed part in ``before``/``after``, so an SKP's whole history is one indexed query.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kinerja.accounts import scope
from kinerja.audit.models import AuditEvent
from kinerja.audit.services import record, snapshot
from kinerja.core import errors as core_errors
from kinerja.core.errors import PermissionDenied, ValidationError, field_error
from kinerja.people.chain import superior_chain
from kinerja.planning.models import PkIndicator
from kinerja.rules import skp as rules

from . import permissions, queries
from .models import (
    Appendix,
    BehaviourExpectation,
    Iki,
    Period,
    Rhk,
    Skp,
    SkpKind,
    SkpSettings,
    SkpStatus,
    SkpTemplate,
    SkpVersion,
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


# --- serialization ------------------------------------------------------------------------------


def _person(employee) -> dict | None:
    if employee is None:
        return None
    return {"id": employee.pk, "nip": employee.nip, "name": employee.full_name, "grade": employee.grade,
            "rank": employee.rank_name}


def _position(position) -> dict | None:
    if position is None:
        return None
    return {"id": position.pk, "name": position.name, "kind": position.kind}


def serialize(skp: Skp | int) -> dict:
    """The whole SKP as plain JSON-safe data: header, RHK with IKI, lampiran and expected behaviour.

    Used for version snapshots, the API, the PDF and Excel. Loads what it needs itself (constant queries).
    """
    skp = queries.skp_detail(skp)
    period = skp.period
    rhks = []
    for rhk in skp.rhks.all():
        parent = rhk.parent
        rhks.append({
            **_rhk_data(rhk),
            "parent": None if parent is None else {
                "id": parent.pk, "text": parent.text, "skp_id": parent.skp_id,
                "employee": parent.skp.employee.full_name},
            "pk_indicator": None if rhk.pk_indicator is None else {
                "id": rhk.pk_indicator.pk, "name": rhk.pk_indicator.name,
                "measure_unit": rhk.pk_indicator.measure_unit, "target": _json(rhk.pk_indicator.target)},
            "parent_changed_at": _json(rhk.parent_changed_at),
            "return_comment": rhk.return_comment,
            "ikis": [{**_iki_data(iki), "target_display": iki.target_display} for iki in rhk.ikis.all()],
        })
    appendix = {kind.value: [] for kind in rules.AppendixKind}
    for line in skp.appendix.all():
        appendix.setdefault(line.kind, []).append(line.text)
    given = {e.value: e.expectation for e in skp.expectations.all()}
    expectations = [{"value": value.code, "name": value.name, "guides": list(value.guides),
                     "guides_en": list(value.guides_en), "expectation": given.get(value.code, "")}
                    for value in rules.BERAKHLAK]
    return {
        "id": skp.pk,
        "instance_id": skp.instance_id,
        "kind": skp.kind,
        "status": skp.status,
        "version": skp.version,
        "lock_version": skp.lock_version,
        "set_by_admin": skp.set_by_admin,
        "return_reason": skp.return_reason,
        "revision_reason": skp.revision_reason,
        "submitted_at": _json(skp.submitted_at),
        "approved_at": _json(skp.approved_at),
        "approved_by": _person(skp.approved_by),
        "period": {"id": period.pk, "name": period.name, "kind": period.kind, "year": period.year,
                   "start_date": _json(period.start_date), "end_date": _json(period.end_date),
                   "deadline": _json(period.deadline), "is_closed": period.is_closed},
        "employee": _person(skp.employee),
        "position": _position(skp.position),
        "unit": {"id": skp.unit.pk, "name": skp.unit.name},
        "evaluator": _person(skp.evaluator),
        "evaluator_position": _position(skp.evaluator_position),
        "evaluator_acting": skp.evaluator_acting,
        "evaluator_superior": _person(skp.evaluator_superior),
        "evaluator_superior_position": _position(skp.evaluator_superior_position),
        "rhks": rhks,
        "appendix": appendix,
        "expectations": expectations,
    }


# --- periods ------------------------------------------------------------------------------------


def _period_name(kind: str, year: int, number: int) -> str:
    if kind == rules.PeriodKind.SEMESTER:
        return _("%(year)d semester %(n)d") % {"year": year, "n": number}
    if kind == rules.PeriodKind.QUARTERLY:
        return _("%(year)d quarter %(n)d") % {"year": year, "n": number}
    return str(year)


def ensure_period(*, actor, instance, year: int, index: int = 0) -> Period:
    """Create the instance's SKP period(s) of ``year`` (per SkpSettings.period_kind) that do not exist
    yet, and return the ``index``-th period of the year (0: the first)."""
    if not scope.can_manage_instance(actor, instance.pk):
        raise PermissionDenied(_("Only BKPSDM administrators manage SKP periods."))
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise field_error("year", _("Enter a year, e.g. 2026."), "invalid") from None
    if not 2000 <= year <= 2100:
        raise field_error("year", _("The year must be between 2000 and 2100."), "range")
    settings = _settings(instance.pk)
    bounds = rules.period_bounds(settings.period_kind, year)
    if not 0 <= index < len(bounds):
        raise field_error("index", _("The year has %(n)d periods; choose 0 to %(last)d.")
                          % {"n": len(bounds), "last": len(bounds) - 1}, "range")
    existing = {(p.start_date, p.end_date): p
                for p in Period.objects.filter(instance=instance, year=year)}
    with transaction.atomic():
        periods = []
        for number, (start, end) in enumerate(bounds, start=1):
            period = existing.get((start, end))
            if period is None:
                period = Period.objects.create(
                    instance=instance, name=_period_name(settings.period_kind, year, number),
                    kind=settings.period_kind, year=year, start_date=start, end_date=end,
                    deadline=rules.default_deadline(start, settings.deadline_months_after_start,
                                                    settings.deadline_day))
                record("skp.period.create", period, actor=actor, after=snapshot(period))
            periods.append(period)
    return periods[index]


def set_period_closed(*, actor, period: Period, closed: bool = True) -> Period:
    """Close a period (its SKPs can no longer change) or reopen it."""
    if not scope.can_manage_instance(actor, period.instance_id):
        raise PermissionDenied(_("Only BKPSDM administrators manage SKP periods."))
    if period.is_closed == closed:
        return period
    with transaction.atomic():
        before = snapshot(period)
        period.is_closed = closed
        period.save(update_fields=["is_closed", "updated_at"])
        record("skp.period.close" if closed else "skp.period.reopen", period, actor=actor, before=before,
               after=snapshot(period))
    return period


# --- the SKP ------------------------------------------------------------------------------------


def _header_values(employee) -> dict:
    chain = superior_chain(employee, levels=2)
    evaluator = chain[0] if chain else None
    above = chain[1] if len(chain) > 1 else None
    return {
        "position": employee.position,
        "unit": employee.unit or employee.position.unit,
        "evaluator": evaluator.holder if evaluator else None,
        "evaluator_position": evaluator.position if evaluator else None,
        "evaluator_acting": (evaluator.acting_kind or "") if evaluator else "",
        "evaluator_superior": above.holder if above else None,
        "evaluator_superior_position": above.position if above else None,
    }


def create_skp(*, actor, employee, period: Period) -> Skp:
    """Start an SKP for ``employee`` in ``period``: by the employee, their evaluator or an HR admin
    (then ``set_by_admin``). Fills the header from the org tree and the seven BerAKHLAK rows."""
    own = actor is not None and actor.employee_id == employee.pk
    admin = actor is not None and not own and scope.can_change_employee(actor, employee)
    if actor is not None and not (own or admin):
        evaluates = (employee.position_id is not None and employee.position.superior_id is not None
                     and employee.position.superior_id in scope.get_scope(actor).my_position_ids)
        if not evaluates:
            raise PermissionDenied(_("You may not start an SKP for this employee."))
    if period.instance_id != employee.instance_id:
        raise field_error("period", _("The period belongs to another instance."), "other_instance")
    if period.is_closed:
        raise field_error("period", _("The period is closed; its SKPs can no longer change."), "closed")
    if not employee.is_active:
        raise field_error("employee", _("The employee is not active."), "inactive")
    if employee.position_id is None:
        raise field_error("employee", _("%(name)s has no position; assign one before starting an SKP.")
                          % {"name": employee.full_name}, "no_position")
    if Skp.objects.filter(period=period, employee=employee).exists():
        raise field_error("period", _("%(name)s already has an SKP for %(period)s.")
                          % {"name": employee.full_name, "period": period.name}, "duplicate")
    header = _header_values(employee)
    kind = SkpKind.JPT if rules.is_jpt(employee.position.kind) else SkpKind.STANDARD
    with transaction.atomic():
        skp = Skp.objects.create(instance_id=employee.instance_id, period=period, employee=employee, kind=kind,
                                 set_by_admin=admin, **header)
        BehaviourExpectation.objects.bulk_create(
            [BehaviourExpectation(instance_id=skp.instance_id, skp=skp, value=code) for code in rules.BERAKHLAK_CODES])
        _record("skp.skp.create", skp, actor, after=snapshot(skp))
    return skp


def _next_order(model, **filters) -> int:
    current = model.objects.filter(**filters).aggregate(top=Max("order"))["top"]
    return 0 if current is None else current + 1


# --- RHK ----------------------------------------------------------------------------------------


def _clean_group(group) -> str:
    if group not in {g.value for g in rules.Group}:
        raise field_error("group", _("Choose main (utama) or additional (tambahan)."), "invalid_choice")
    return str(group)


def _clean_perspective(skp: Skp, perspective) -> str:
    if not skp.is_jpt:
        return ""
    if not perspective:
        raise field_error("perspective", _("Choose the perspective of this RHK."), "required")
    if perspective not in {p.value for p in rules.Perspective}:
        raise field_error("perspective", _("Choose a valid perspective."), "invalid_choice")
    return str(perspective)


def _clean_parent(skp: Skp, parent) -> Rhk | None:
    """The superior's RHK that an RHK of ``skp`` intervenes. The message never shows another RHK's text:
    an id of an RHK the caller may not see reads the same as an unknown one."""
    if parent is None or parent == "":
        return None
    not_superior = field_error("parent", _("The chosen RHK is not your (acting) superior's RHK for this period."),
                               "not_superior")
    parent_id = parent.pk if isinstance(parent, Rhk) else parent
    if not str(parent_id).isdigit():
        raise not_superior
    if isinstance(parent, Rhk) and parent.skp_id == skp.pk:
        raise field_error("parent", _("An RHK cannot intervene an RHK of the same SKP."), "same_skp")
    found = queries.allowed_parents(skp).filter(pk=parent_id).first()
    if found is None:
        raise not_superior
    return found


def _clean_pk_indicator(skp: Skp, indicator) -> PkIndicator | None:
    if indicator is None or indicator == "":
        return None
    if not skp.is_jpt:
        raise field_error("pk_indicator", _("Only a JPT's RHK carries a performance agreement indicator."),
                          "not_jpt")
    if not isinstance(indicator, PkIndicator):
        found = (PkIndicator.objects.filter(pk=indicator).select_related("agreement").first()
                 if str(indicator).isdigit() else None)
        if found is None:
            raise field_error("pk_indicator", _("Unknown PK indicator %(id)s.") % {"id": indicator}, "does_not_exist")
        indicator = found
    agreement = indicator.agreement
    if agreement.instance_id != skp.instance_id or agreement.year != skp.period.year:
        raise field_error("pk_indicator", _("The indicator is not in a performance agreement of %(year)d.")
                          % {"year": skp.period.year}, "other_year")
    return indicator


def add_rhk(*, actor, skp: Skp, lock_version, text, group=rules.Group.UTAMA, parent=None, perspective="",
            pk_indicator=None) -> Rhk:
    _check_change(actor, skp)
    text = _text(text, "text", _("The RHK"))
    group = _clean_group(group)
    perspective = _clean_perspective(skp, perspective)
    parent = _clean_parent(skp, parent)
    indicator = _clean_pk_indicator(skp, pk_indicator)
    with transaction.atomic():
        _bump(skp, lock_version)
        rhk = Rhk.objects.create(instance_id=skp.instance_id, skp=skp, group=group, perspective=perspective,
                                 text=text, parent=parent, pk_indicator=indicator,
                                 order=_next_order(Rhk, skp=skp, group=group))
        _record("skp.rhk.create", skp, actor, after=_rhk_data(rhk))
    return rhk


RHK_FIELDS = ("text", "group", "parent", "perspective", "pk_indicator", "order")


def _unknown_fields(fields: dict, allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise field_error(unknown[0], _("Unknown field."), "unknown")


def update_rhk(*, actor, rhk: Rhk, lock_version, **fields) -> Rhk:
    """Change an RHK. When its text changes, every RHK intervening it is flagged (``parent_changed_at``)."""
    _unknown_fields(fields, RHK_FIELDS)
    skp = rhk.skp
    _check_change(actor, skp)
    before = _rhk_data(rhk)
    changes = {}
    if "text" in fields:
        changes["text"] = _text(fields["text"], "text", _("The RHK"))
    if "group" in fields:
        changes["group"] = _clean_group(fields["group"])
    if "perspective" in fields:
        changes["perspective"] = _clean_perspective(skp, fields["perspective"])
    if "parent" in fields:
        changes["parent"] = _clean_parent(skp, fields["parent"])
    if "pk_indicator" in fields:
        changes["pk_indicator"] = _clean_pk_indicator(skp, fields["pk_indicator"])
    if "order" in fields:
        try:
            changes["order"] = int(fields["order"])
        except (TypeError, ValueError):
            raise field_error("order", _("Enter a whole number."), "invalid") from None
        if not 0 <= changes["order"] <= 32767:
            raise field_error("order", _("Enter a whole number."), "invalid")
    text_changed = "text" in changes and changes["text"] != rhk.text
    with transaction.atomic():
        _bump(skp, lock_version)
        for key, value in changes.items():
            setattr(rhk, key, value)
        if "parent" in changes:
            rhk.parent_changed_at = None  # re-linked (or unlinked): the employee has dealt with the change
        rhk.save()
        if text_changed:
            Rhk.objects.filter(parent=rhk).update(parent_changed_at=timezone.now(), updated_at=timezone.now())
        _record("skp.rhk.update", skp, actor, before=before, after=_rhk_data(rhk))
    return rhk


def delete_rhk(*, actor, rhk: Rhk, lock_version) -> None:
    """Delete an RHK with its IKI; RHK that intervened it lose their link and are flagged."""
    skp = rhk.skp
    _check_change(actor, skp)
    before = _rhk_data(rhk)
    with transaction.atomic():
        _bump(skp, lock_version)
        now = timezone.now()
        Rhk.objects.filter(parent=rhk).update(parent=None, parent_changed_at=now, updated_at=now)
        rhk.delete()
        _record("skp.rhk.delete", skp, actor, before=before)


def acknowledge_parent_change(*, actor, rhk: Rhk) -> None:
    """The employee has seen that the superior's RHK this one intervenes changed: clear the flag."""
    skp = rhk.skp
    if not permissions.can_change(actor, skp):
        raise PermissionDenied(_("You may not change this SKP."))
    if rhk.parent_changed_at is None:
        return
    with transaction.atomic():
        before = {"id": rhk.pk, "parent_changed_at": _json(rhk.parent_changed_at)}
        Rhk.objects.filter(pk=rhk.pk).update(parent_changed_at=None)
        rhk.parent_changed_at = None
        record("skp.rhk.acknowledge", rhk, actor=actor, before=before,
               after={"id": rhk.pk, "parent_changed_at": None})


# --- IKI ----------------------------------------------------------------------------------------


IKI_FIELDS = ("text", "aspect", "target_kind", "target_value", "target_min", "target_max", "target_text",
              "measure_unit", "lower_is_better", "order")


def _clean_iki(skp: Skp, data: dict) -> dict:
    """Validated IKI values (text, aspect, target) from ``data``; raises a field error."""
    text = _text(data.get("text"), "text", _("The indicator"))
    aspect = data.get("aspect") or ""
    if aspect and aspect not in {a.value for a in rules.Aspect}:
        raise field_error("aspect", _("Choose quantity, quality, time or cost."), "invalid_choice")
    if not aspect and not skp.is_jpt:
        raise field_error("aspect", _("Choose the aspect of this indicator."), "required")
    measure_unit = (data.get("measure_unit") or "").strip()
    if len(measure_unit) > 60:
        raise field_error("measure_unit", _("%(label)s is too long (at most %(max)d characters).")
                          % {"label": _("The unit of measure"), "max": 60}, "too_long")
    target_text = data.get("target_text") or ""
    if len(target_text) > 255:
        raise field_error("target_text", _("%(label)s is too long (at most %(max)d characters).")
                          % {"label": _("The target"), "max": 255}, "too_long")
    try:
        target = rules.clean_target(data.get("target_kind") or rules.TargetKind.NUMBER,
                                    value=data.get("target_value"), low=data.get("target_min"),
                                    high=data.get("target_max"), text=target_text, measure_unit=measure_unit)
    except rules.RuleError as exc:
        raise _rule_error(exc) from None
    lower = data.get("lower_is_better", False)
    if not isinstance(lower, bool):
        raise field_error("lower_is_better", _("Choose yes or no."), "invalid")
    return {"text": text, "aspect": aspect, "target_kind": target.kind.value, "target_value": target.value,
            "target_min": target.low, "target_max": target.high, "target_text": target.text,
            "measure_unit": target.measure_unit, "lower_is_better": lower}


def add_iki(*, actor, rhk: Rhk, lock_version, text, aspect="", target_kind=rules.TargetKind.NUMBER,
            target_value=None, target_min=None, target_max=None, target_text="", measure_unit="",
            lower_is_better=False) -> Iki:
    skp = rhk.skp
    _check_change(actor, skp)
    values = _clean_iki(skp, {"text": text, "aspect": aspect, "target_kind": target_kind,
                              "target_value": target_value, "target_min": target_min, "target_max": target_max,
                              "target_text": target_text, "measure_unit": measure_unit,
                              "lower_is_better": lower_is_better})
    with transaction.atomic():
        _bump(skp, lock_version)
        iki = Iki.objects.create(instance_id=skp.instance_id, rhk=rhk, order=_next_order(Iki, rhk=rhk), **values)
        _record("skp.iki.create", skp, actor, after=_iki_data(iki))
    return iki


def update_iki(*, actor, iki: Iki, lock_version, **fields) -> Iki:
    _unknown_fields(fields, IKI_FIELDS)
    skp = iki.rhk.skp
    _check_change(actor, skp)
    before = _iki_data(iki)
    merged = {key: getattr(iki, key) for key in IKI_FIELDS if key != "order"} | {
        k: v for k, v in fields.items() if k != "order"}
    values = _clean_iki(skp, merged)
    if "order" in fields:
        try:
            values["order"] = int(fields["order"])
        except (TypeError, ValueError):
            raise field_error("order", _("Enter a whole number."), "invalid") from None
    with transaction.atomic():
        _bump(skp, lock_version)
        for key, value in values.items():
            setattr(iki, key, value)
        iki.save()
        _record("skp.iki.update", skp, actor, before=before, after=_iki_data(iki))
    return iki


def delete_iki(*, actor, iki: Iki, lock_version) -> None:
    skp = iki.rhk.skp
    _check_change(actor, skp)
    before = _iki_data(iki)
    with transaction.atomic():
        _bump(skp, lock_version)
        iki.delete()
        _record("skp.iki.delete", skp, actor, before=before)


# --- lampiran and expected behaviour ------------------------------------------------------------


def set_appendix(*, actor, skp: Skp, lock_version, kind: str, lines: list[str]) -> None:
    """Replace the lines of one part of the lampiran (empty lines are dropped)."""
    _check_change(actor, skp)
    if kind not in {k.value for k in rules.AppendixKind}:
        raise field_error("kind", _("Unknown part of the appendix."), "invalid_choice")
    if isinstance(lines, str) or not isinstance(lines, list | tuple):
        raise field_error("lines", _("Give a list of lines."), "invalid")
    cleaned = []
    for line in lines:
        if not isinstance(line, str):
            raise field_error("lines", _("Give a list of lines."), "invalid")
        if line.strip():
            cleaned.append(_text(line, "lines", _("A line")))
    if len(cleaned) > MAX_LINES:
        raise field_error("lines", _("At most %(max)d lines.") % {"max": MAX_LINES}, "too_many")
    with transaction.atomic():
        _bump(skp, lock_version)
        existing = Appendix.objects.filter(skp=skp, kind=kind)
        before = list(existing.order_by("order", "pk").values_list("text", flat=True))
        existing.delete()
        Appendix.objects.bulk_create([Appendix(instance_id=skp.instance_id, skp=skp, kind=kind, text=text, order=i)
                                      for i, text in enumerate(cleaned)])
        _record("skp.appendix.update", skp, actor, before={"kind": kind, "lines": before},
                after={"kind": kind, "lines": cleaned})


EXPECTATION_STATUSES = (SkpStatus.DRAFT, SkpStatus.RETURNED, SkpStatus.SUBMITTED)


def set_expectations(*, actor, skp: Skp, lock_version, expectations: dict[str, str]) -> None:
    """The superior's specific expectation per BerAKHLAK value (ekspektasi khusus pimpinan).

    Only the evaluator (the holder or acting Plt/Plh of the superior position; an HR admin only when nobody
    exercises it) sets them, while the SKP is a draft, returned or submitted — never the employee.
    """
    if not permissions.can_set_expectations(actor, skp):
        raise PermissionDenied(_("Only the evaluating official (or an acting Plt/Plh) sets the specific "
                                 "expectations of the superior."))
    _check_open(skp)
    if skp.status not in EXPECTATION_STATUSES:
        raise field_error("status", _("An approved SKP changes only through a revision."), "not_editable")
    if not isinstance(expectations, dict):
        raise field_error("expectations", _("Give one text per core value."), "invalid")
    unknown = sorted(set(expectations) - set(rules.BERAKHLAK_CODES))
    if unknown:
        raise field_error("expectations", _("Unknown core value %(code)s.") % {"code": unknown[0]}, "invalid_choice")
    cleaned = {}
    for code, text in expectations.items():
        if text is not None and not isinstance(text, str):
            raise field_error(code, _("%(label)s must be text.") % {"label": rules.BERAKHLAK_BY_CODE[code].name},
                              "invalid")
        text = (text or "").strip()
        if len(text) > MAX_TEXT:
            raise field_error(code, _("%(label)s is too long (at most %(max)d characters).")
                              % {"label": rules.BERAKHLAK_BY_CODE[code].name, "max": MAX_TEXT}, "too_long")
        cleaned[code] = text
    with transaction.atomic():
        _bump(skp, lock_version)
        rows = {row.value: row for row in BehaviourExpectation.objects.filter(skp=skp)}
        before = {code: row.expectation for code, row in rows.items()}
        changed, new = [], []
        for code, text in cleaned.items():
            row = rows.get(code)
            if row is None:
                new.append(BehaviourExpectation(instance_id=skp.instance_id, skp=skp, value=code, expectation=text))
            elif row.expectation != text:
                row.expectation, row.updated_at = text, timezone.now()  # bulk_update skips auto_now
                changed.append(row)
        if changed:
            BehaviourExpectation.objects.bulk_update(changed, ["expectation", "updated_at"])
        if new:
            BehaviourExpectation.objects.bulk_create(new)
        _record("skp.expectations.update", skp, actor, before=before, after=before | cleaned)


# --- bulk content: copy, templates ----------------------------------------------------------------


def _insert_content(skp: Skp, items: list[dict]) -> int:
    """Append RHK (with their IKI) from cleaned ``items``; three queries whatever their number."""
    order = {g.value: _next_order(Rhk, skp=skp, group=g.value) for g in rules.Group}
    rhks = []
    for item in items:
        rhks.append(Rhk(instance_id=skp.instance_id, skp=skp, group=item["group"], perspective=item["perspective"],
                        text=item["text"], parent_id=item.get("parent_id"), order=order[item["group"]]))
        order[item["group"]] += 1
    Rhk.objects.bulk_create(rhks)
    ikis = []
    for rhk, item in zip(rhks, items, strict=True):
        ikis.extend(Iki(instance_id=skp.instance_id, rhk=rhk, order=i, **values)
                    for i, values in enumerate(item["ikis"]))
    Iki.objects.bulk_create(ikis)
    return len(rhks)


def clean_template_content(content, jpt: bool | None = None) -> list[dict]:
    """A template's RHK list, validated like an SKP's. Errors name the field ``content`` and the row.

    ``jpt`` True requires a perspective on each RHK; None (saving a template) checks it only if given.
    """
    if not isinstance(content, list) or not content:
        raise field_error("content", _("A template needs at least one RHK."), "required")
    # aspects are required on a standard SKP's indicators, optional in a template and on a JPT's SKP
    probe = Skp(kind=SkpKind.STANDARD if jpt is False else SkpKind.JPT)
    cleaned = []
    for n, item in enumerate(content, start=1):
        try:
            if not isinstance(item, dict):
                raise field_error("content", _("Each RHK must be an object."), "invalid")
            text = _text(item.get("text"), "text", _("The RHK"))
            group = _clean_group(item.get("group") or rules.Group.UTAMA)
            perspective = item.get("perspective") or ""
            if perspective and perspective not in {p.value for p in rules.Perspective}:
                raise field_error("perspective", _("Choose a valid perspective."), "invalid_choice")
            if jpt and not perspective:
                raise field_error("perspective", _("Choose the perspective of this RHK."), "required")
            ikis = item.get("ikis") or []
            if not isinstance(ikis, list):
                raise field_error("ikis", _("Give a list of indicators."), "invalid")
            cleaned_ikis = []
            for m, iki in enumerate(ikis, start=1):
                try:
                    if not isinstance(iki, dict):
                        raise field_error("ikis", _("Each indicator must be an object."), "invalid")
                    cleaned_ikis.append(_clean_iki(probe, iki))
                except ValidationError as exc:
                    raise _prefixed(exc, _("IKI %(n)d") % {"n": m}) from None
        except ValidationError as exc:
            raise _prefixed(exc, _("RHK %(n)d") % {"n": n}) from None
        cleaned.append({"text": text, "group": group, "perspective": perspective if jpt is not False else "",
                        "ikis": cleaned_ikis})
    return cleaned


def _prefixed(exc: ValidationError, where: str) -> ValidationError:
    """``{"field": [m]}`` → ``{"content": ["where, field: m"]}`` (a template's row, for the person fixing it)."""
    messages = []
    for field, errors in core_errors.error_dict(exc).items():
        for message in errors:
            label = where if field in ("content", "__all__") else f"{where}, {field}"
            messages.append(f"{label}: {message}")
    return ValidationError({"content": [ValidationError(m, code="invalid") for m in messages]})


def _check_template_fields(name, position_name, position_kind) -> tuple[str, str, str]:
    from kinerja.organization.models import PositionKind

    name = _text(name, "name", _("The name"), 200)
    position_name = (position_name or "").strip()
    if len(position_name) > 200:
        raise field_error("position_name", _("%(label)s is too long (at most %(max)d characters).")
                          % {"label": _("The position name"), "max": 200}, "too_long")
    if position_kind and position_kind not in PositionKind.values:
        raise field_error("position_kind", _("Choose a valid position kind."), "invalid_choice")
    return name, position_name, position_kind or ""


def _stored_content(content) -> list[dict]:
    cleaned = clean_template_content(content)
    return [{**item, "ikis": [{k: _json(v) for k, v in iki.items()} for iki in item["ikis"]]} for item in cleaned]


def create_template(*, actor, instance, name: str, content: list, position_name: str = "",
                    position_kind: str = "", is_active: bool = True) -> SkpTemplate:
    """A set of standard RHK and IKI offered to positions of a name or kind (BKPSDM admin)."""
    if not scope.can_manage_instance(actor, instance.pk):
        raise PermissionDenied(_("Only BKPSDM administrators manage SKP templates."))
    name, position_name, position_kind = _check_template_fields(name, position_name, position_kind)
    stored = _stored_content(content)
    with transaction.atomic():
        template = SkpTemplate.objects.create(instance=instance, name=name, position_name=position_name,
                                              position_kind=position_kind, content=stored, is_active=bool(is_active))
        record("skp.template.create", template, actor=actor, after=snapshot(template))
    return template


TEMPLATE_FIELDS = ("name", "position_name", "position_kind", "content", "is_active")


def update_template(*, actor, template: SkpTemplate, **fields) -> SkpTemplate:
    """Change a template (BKPSDM admin); ``content`` is validated again. SKPs it was applied to keep theirs."""
    _unknown_fields(fields, TEMPLATE_FIELDS)
    if not scope.can_manage_instance(actor, template.instance_id):
        raise PermissionDenied(_("Only BKPSDM administrators manage SKP templates."))
    merged = {key: getattr(template, key) for key in TEMPLATE_FIELDS} | fields
    name, position_name, position_kind = _check_template_fields(merged["name"], merged["position_name"],
                                                                 merged["position_kind"])
    changes = {"name": name, "position_name": position_name, "position_kind": position_kind,
               "is_active": bool(merged["is_active"])}
    if "content" in fields:
        changes["content"] = _stored_content(fields["content"])
    with transaction.atomic():
        before = snapshot(template)
        for key, value in changes.items():
            setattr(template, key, value)
        template.save()
        record("skp.template.update", template, actor=actor, before=before, after=snapshot(template))
    return template


def apply_template(*, actor, skp: Skp, template: SkpTemplate, lock_version) -> Skp:
    """Append the template's RHK and IKI to the SKP (links to the superior's RHK are set afterwards)."""
    _check_change(actor, skp)
    if template.instance_id != skp.instance_id or not template.is_active:
        raise field_error("template", _("Unknown template."), "does_not_exist")
    items = clean_template_content(template.content, jpt=skp.is_jpt)
    with transaction.atomic():
        _bump(skp, lock_version)
        count = _insert_content(skp, items)
        _record("skp.skp.apply_template", skp, actor, before={"template": None},
                after={"template": template.pk, "name": template.name, "rhks": count})
    return skp


def previous_skp(skp: Skp) -> Skp | None:
    """The employee's latest SKP of an earlier period."""
    return (Skp.objects.filter(employee_id=skp.employee_id, period__start_date__lt=skp.period.start_date)
            .order_by("-period__start_date").first())


def copy_from_previous(*, actor, skp: Skp, lock_version) -> Skp:
    """Copy RHK, IKI and lampiran from the employee's latest earlier SKP into an empty one (not the superior's
    expectations: only the evaluator sets those).

    Links to the superior's RHK are re-pointed to the superior's RHK of this period with the same text
    when there is one, else left empty. Queries do not grow with the number of RHK.
    """
    _check_change(actor, skp)
    source = previous_skp(skp)
    if source is None:
        raise field_error("skp", _("There is no earlier SKP of this employee to copy from."), "no_previous")
    if skp.rhks.exists():
        raise field_error("skp", _("This SKP already has RHK; copying works only on an empty SKP."), "not_empty")
    source = queries.skp_detail(source)
    parents = {}
    for parent_id, parent_text in queries.allowed_parents(skp).values_list("pk", "text"):
        parents.setdefault(parent_text.strip(), parent_id)
    items = []
    for rhk in source.rhks.all():
        parent_id = parents.get(rhk.parent.text.strip()) if rhk.parent_id else None
        items.append({"group": rhk.group, "perspective": rhk.perspective if skp.is_jpt else "", "text": rhk.text,
                      "parent_id": parent_id,
                      "ikis": [{key: getattr(iki, key) for key in IKI_FIELDS if key != "order"}
                               for iki in rhk.ikis.all()]})
    with transaction.atomic():
        _bump(skp, lock_version)
        count = _insert_content(skp, items)
        if not skp.appendix.exists():
            Appendix.objects.bulk_create([Appendix(instance_id=skp.instance_id, skp=skp, kind=line.kind,
                                                   text=line.text, order=line.order)
                                          for line in source.appendix.all()])
        # not the expectations: they are the (new) evaluator's word, never the employee's to bring in
        _record("skp.skp.copy", skp, actor, before={"source": None},
                after={"source": source.pk, "period": source.period.name, "rhks": count})
    return skp


# --- workflow -----------------------------------------------------------------------------------


def _transition(skp: Skp, action: str) -> str:
    try:
        return rules.next_status(skp.status, action)
    except rules.RuleError:
        raise field_error("status", _("You cannot %(action)s an SKP that is %(status)s.") % {
            "action": _action_labels().get(action, action), "status": skp.get_status_display().lower()},
            "transition") from None


def _action_labels() -> dict:
    return {rules.Action.SUBMIT: _("submit"), rules.Action.RETURN: _("return"), rules.Action.APPROVE: _("approve"),
            rules.Action.REVISE: _("revise"), rules.Action.WITHDRAW: _("withdraw")}


def _snapshot_version(skp: Skp, action: str, actor, note: str = "") -> SkpVersion:
    number = (SkpVersion.objects.filter(skp=skp).aggregate(top=Max("number"))["top"] or 0) + 1
    return SkpVersion.objects.create(instance_id=skp.instance_id, skp=skp, number=number, action=action,
                                     status=skp.status, note=note, content=serialize(skp.pk),
                                     by=actor if actor is not None and actor.pk else None)


def _step(skp: Skp, actor, action: str, lock_version, updates: dict, note: str = "",
          comments: dict[int, str] | None = None) -> Skp:
    """Apply a workflow transition: bump the lock, save, write the evaluator's comments per RHK (``comments``:
    a return sets them, an approval clears them; None leaves them), snapshot a version, record the event."""
    new_status = _transition(skp, action)
    before = _skp_header(skp)
    with transaction.atomic():
        _bump(skp, lock_version)
        skp.status = new_status
        for key, value in updates.items():
            setattr(skp, key, value)
        skp.save(update_fields=["status", *updates, "updated_at"])
        after = _skp_header(skp)
        if comments is not None:
            before["comments"] = _set_return_comments(skp, comments)
            after["comments"] = {str(pk): text for pk, text in comments.items()}
        _snapshot_version(skp, action, actor, note)
        _record(f"skp.skp.{action}", skp, actor, before=before, after=after)
    return skp


def _set_return_comments(skp: Skp, comments: dict[int, str]) -> dict[str, str]:
    """Replace the RHK comments of ``skp`` by ``comments`` (two queries); returns the previous ones."""
    rhks = list(Rhk.objects.filter(skp=skp).only("pk", "return_comment"))
    previous = {str(r.pk): r.return_comment for r in rhks if r.return_comment}
    changed = []
    for rhk in rhks:
        text = comments.get(rhk.pk, "")
        if rhk.return_comment != text:
            rhk.return_comment = text
            changed.append(rhk)
    if changed:
        Rhk.objects.bulk_update(changed, ["return_comment"])
    return previous


def _clean_comments(skp: Skp, comments) -> dict[int, str]:
    """``{rhk_id: text}`` (or a list of ``{"rhk", "comment"}``) for RHK of ``skp``; empty texts are dropped."""
    if comments is None:
        return {}
    if isinstance(comments, dict):
        pairs = list(comments.items())
    elif isinstance(comments, list | tuple):
        pairs = []
        for item in comments:
            if not isinstance(item, dict) or "rhk" not in item:
                raise field_error("comments", _("Give each comment as an RHK and a text."), "invalid")
            pairs.append((item.get("rhk"), item.get("comment")))
    else:
        raise field_error("comments", _("Give each comment as an RHK and a text."), "invalid")
    own = set(Rhk.objects.filter(skp=skp).values_list("pk", flat=True))
    cleaned: dict[int, str] = {}
    for raw_pk, text in pairs:
        try:
            pk = int(raw_pk)
        except (TypeError, ValueError):
            pk = None
        if pk not in own:
            raise field_error("comments", _("RHK %(id)s is not part of this SKP.") % {"id": raw_pk}, "invalid_choice")
        if text is not None and not isinstance(text, str):
            raise field_error("comments", _("A comment must be text."), "invalid")
        if text and text.strip():
            cleaned[pk] = _text(text, "comments", _("A comment"))
    return cleaned


def _check_submittable(skp: Skp) -> list[str]:
    """Errors that block a submit; returns warnings that do not."""
    rhks = list(Rhk.objects.filter(skp=skp).annotate(iki_count=Count("ikis")).order_by("group", "order"))
    if not any(r.group == rules.Group.UTAMA for r in rhks):
        raise field_error("rhks", _("Add at least one main (utama) RHK before submitting."), "no_rhk")
    for rhk in rhks:
        if not rhk.iki_count:
            raise field_error("rhks", _("The RHK “%(text)s” has no indicator (IKI).") % {"text": rhk.text[:80]},
                              "no_iki")
    warnings = []
    unlinked = [r for r in rhks if r.group == rules.Group.UTAMA and r.parent_id is None]
    if skp.is_jpt:
        missing = [r for r in rhks if not r.perspective]
        if missing:
            raise field_error("rhks", _("The RHK “%(text)s” has no perspective.") % {"text": missing[0].text[:80]},
                              "no_perspective")
    elif unlinked and skp.position.superior_id is not None:
        if queries.superior_skps(skp).exists():
            raise field_error("rhks", _("The main RHK “%(text)s” does not name the superior's RHK it intervenes.")
                              % {"text": unlinked[0].text[:80]}, "no_parent")
        warnings.append(_("Your superior has no SKP for this period yet; link your main RHK to theirs once it "
                          "exists."))
    return warnings


def _refresh_header(skp: Skp) -> dict:
    """The header values from today's org tree (while the SKP is still editable)."""
    employee = skp.employee
    if employee.position_id is None:
        return {}
    values = _header_values(employee)
    return {key: value for key, value in values.items() if getattr(skp, key) != value}


def submit(*, actor, skp: Skp, lock_version) -> Skp:
    """The employee (or an HR admin on their behalf) sends the SKP to the evaluator.

    Sets ``skp.warnings`` (a list of messages) when something is worth telling but does not block.
    """
    if not permissions.can_change(actor, skp):
        raise PermissionDenied(_("You may not submit this SKP."))
    _check_open(skp)
    _transition(skp, rules.Action.SUBMIT)
    warnings = _check_submittable(skp)
    updates = {"submitted_at": timezone.now(), **_refresh_header(skp)}
    _step(skp, actor, rules.Action.SUBMIT, lock_version, updates)
    skp.warnings = warnings
    return skp


def withdraw(*, actor, skp: Skp, lock_version) -> Skp:
    """Take a submitted SKP back to draft before the evaluator acts."""
    if not permissions.can_change(actor, skp):
        raise PermissionDenied(_("You may not withdraw this SKP."))
    _check_open(skp)
    return _step(skp, actor, rules.Action.WITHDRAW, lock_version, {"submitted_at": None})


def _check_evaluator(actor, skp: Skp, own_message: str) -> None:
    if permissions.is_own(actor, skp):
        raise field_error("__all__", own_message, "own_skp")
    if not permissions.can_evaluate(actor, skp):
        raise PermissionDenied(_("Only the evaluating official (or an acting Plt/Plh) can do this."))
    _check_open(skp)


def return_skp(*, actor, skp: Skp, lock_version, reason: str, comments=None) -> Skp:
    """The evaluator sends the SKP back to the employee with a reason and, per RHK, what to correct
    (``comments``: ``{rhk_id: text}`` or ``[{"rhk", "comment"}]``; shown at each RHK until the next return or the
    approval, and kept in the version)."""
    _check_evaluator(actor, skp, _("You cannot return your own SKP."))
    reason = _text(reason, "reason", _("The reason"))
    cleaned = _clean_comments(skp, comments)
    _transition(skp, rules.Action.RETURN)
    return _step(skp, actor, rules.Action.RETURN, lock_version, {"return_reason": reason}, note=reason,
                 comments=cleaned)


def approve(*, actor, skp: Skp, lock_version) -> Skp:
    """The evaluator (holder or acting Plt/Plh of the superior position) approves; the version goes up and
    the comments of the last return are cleared (the return's version keeps them)."""
    _check_evaluator(actor, skp, _("You cannot approve your own SKP."))
    _transition(skp, rules.Action.APPROVE)
    approver = actor.employee if actor is not None and actor.employee_id else None
    return _step(skp, actor, rules.Action.APPROVE, lock_version, {
        "version": skp.version + 1, "approved_at": timezone.now(), "approved_by": approver, "return_reason": ""},
        comments={})


def start_revision(*, actor, skp: Skp, lock_version, reason: str) -> Skp:
    """Reopen an approved SKP (mid-year transfer, changed targets); the evaluator approves it again."""
    if not (permissions.can_change(actor, skp) or permissions.is_current_evaluator(actor, skp)):
        raise PermissionDenied(_("You may not revise this SKP."))
    _check_open(skp)
    reason = _text(reason, "reason", _("The reason"))
    _transition(skp, rules.Action.REVISE)
    return _step(skp, actor, rules.Action.REVISE, lock_version, {"revision_reason": reason}, note=reason)


__all__ = [
    "ConflictError", "ensure_period", "set_period_closed", "create_skp", "copy_from_previous", "apply_template",
    "create_template", "update_template", "add_rhk", "update_rhk", "delete_rhk", "acknowledge_parent_change",
    "add_iki", "update_iki", "delete_iki", "set_appendix", "set_expectations", "submit", "withdraw", "return_skp",
    "approve", "start_revision", "serialize", "previous_skp", "clean_template_content",
]
