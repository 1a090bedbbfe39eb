"""The SKP's content: RHK, IKI, the lampiran and the superior's expectations per BerAKHLAK value."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.audit.services import record
from kinerja.core.actors import require_actor
from kinerja.core.errors import PermissionDenied, field_error
from kinerja.planning.models import PkIndicator
from kinerja.rules import skp as rules

from .. import permissions, queries
from ..models import (
    Appendix,
    BehaviourExpectation,
    Iki,
    Rhk,
    Skp,
    SkpStatus,
)
from .common import (
    MAX_LINES,
    MAX_TEXT,
    _bump,
    _check_change,
    _check_open,
    _iki_data,
    _json,
    _next_order,
    _record,
    _rhk_data,
    _rule_error,
    _text,
    _unknown_fields,
)


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
    require_actor(actor)
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




def update_rhk(*, actor, rhk: Rhk, lock_version, **fields) -> Rhk:
    """Change an RHK. When its text changes, every RHK intervening it is flagged (``parent_changed_at``)."""
    require_actor(actor)
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


# Apps that keep work against an IKI register a guard (progress/apps.py: its reports and evidence): an IKI with
# such work is not deleted — during a revision that would cascade the employee's reports away. A guard takes the
# IKI ids and returns why they may not go (None when they may). skp imports nothing of those apps.
_DELETE_GUARDS: list = []


def register_delete_guard(guard) -> None:
    if guard not in _DELETE_GUARDS:
        _DELETE_GUARDS.append(guard)


def _guard_delete(iki_ids: list[int]) -> None:
    for guard in _DELETE_GUARDS:
        reason = guard(iki_ids)
        if reason:
            raise field_error("iki", reason, "has_work")


def delete_rhk(*, actor, rhk: Rhk, lock_version) -> None:
    """Delete an RHK with its IKI; RHK that intervened it lose their link and are flagged. Refused when one of
    its IKI has work recorded against it (a registered guard)."""
    require_actor(actor)
    skp = rhk.skp
    _check_change(actor, skp)
    _guard_delete(list(rhk.ikis.values_list("id", flat=True)))
    before = _rhk_data(rhk)
    with transaction.atomic():
        _bump(skp, lock_version)
        now = timezone.now()
        Rhk.objects.filter(parent=rhk).update(parent=None, parent_changed_at=now, updated_at=now)
        rhk.delete()
        _record("skp.rhk.delete", skp, actor, before=before)


def acknowledge_parent_change(*, actor, rhk: Rhk) -> None:
    """The employee has seen that the superior's RHK this one intervenes changed: clear the flag."""
    require_actor(actor)
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
    require_actor(actor)
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
    require_actor(actor)
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
    require_actor(actor)
    skp = iki.rhk.skp
    _check_change(actor, skp)
    _guard_delete([iki.pk])
    before = _iki_data(iki)
    with transaction.atomic():
        _bump(skp, lock_version)
        iki.delete()
        _record("skp.iki.delete", skp, actor, before=before)


# --- lampiran and expected behaviour ------------------------------------------------------------


def set_appendix(*, actor, skp: Skp, lock_version, kind: str, lines: list[str]) -> None:
    """Replace the lines of one part of the lampiran (empty lines are dropped)."""
    require_actor(actor)
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
    require_actor(actor)
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
