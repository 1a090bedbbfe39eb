"""Writes to the organisation's plan: RPJMD → Renstra → IKU → Perjanjian Kinerja → RKT.

Every function checks the actor's permission (:mod:`kinerja.planning.permissions`), validates all
of its input first (errors name the field), then writes in one transaction with its audit event.
A refused call leaves nothing written. Background work (CLI, demo loader) passes ``system_actor(...)``.

Numbers come raw from forms, the API or code: indicator values go through
:func:`kinerja.rules.plan.parse_target` (a decimal comma is fine; negative only for units such as
"% pertumbuhan"), money through :func:`kinerja.rules.plan.parse_amount` ("1.500.000").
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.audit.services import record, snapshot
from kinerja.core.actors import require_actor
from kinerja.core.errors import PermissionDenied, ValidationError, field_error
from kinerja.organization.models import OPD_KINDS, Instance, Position, Unit
from kinerja.people.chain import holder_of
from kinerja.rules import plan as plan_rules
from kinerja.rules.skp import RuleError

from . import permissions as perm
from .models import (
    ActionPlan,
    Activity,
    AgreementStatus,
    Goal,
    Iku,
    IkuTarget,
    Mission,
    PerformanceAgreement,
    PkIndicator,
    Programme,
    Renstra,
    Rpjmd,
    StrategicTarget,
    WorkPlan,
)

MIN_YEAR, MAX_YEAR = 2000, 2100


# --- validation helpers ---------------------------------------------------------------------------

def _number_message(code: str, measure_unit: str = "") -> str:
    if code == "required":
        return _("Enter a number.")
    if code == "negative":
        if measure_unit:
            return _("The value cannot be negative for the unit of measure “%(unit)s”.") % {"unit": measure_unit}
        return _("The value cannot be negative.")
    if code == "too_large":
        return _("The number is too large.")
    if code == "precision":
        return _("An amount has at most two decimals (sen).")
    return _("Enter a number, e.g. 12,5 or 1.500.000.")


def target_value(raw, field: str, measure_unit: str = "", *, required: bool = True) -> Decimal | None:
    """An indicator value (target, baseline, quarter target) as a Decimal, or a field error."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            raise field_error(field, _number_message("required"), "required")
        return None
    try:
        return plan_rules.parse_target(raw, field, measure_unit)
    except RuleError as exc:
        raise field_error(field, _number_message(exc.code, measure_unit), exc.code) from None


def amount_value(raw, field: str = "budget") -> Decimal:
    """A budget in Rupiah; empty means zero."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Decimal("0.00")
    try:
        return plan_rules.parse_amount(raw, field)
    except RuleError as exc:
        if exc.code == "negative":
            raise field_error(field, _("A budget cannot be negative."), exc.code) from None
        raise field_error(field, _number_message(exc.code), exc.code) from None


def _year(value, field: str) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise field_error(field, _("Enter a year, e.g. 2026."), "invalid") from None
    if isinstance(value, bool) or not MIN_YEAR <= year <= MAX_YEAR:
        raise field_error(field, _("Enter a year between %(min)d and %(max)d.") % {"min": MIN_YEAR, "max": MAX_YEAR},
                          "range")
    return year


def _text(value, field: str, *, required: bool = True, max_length: int | None = None) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if required and not text:
        raise field_error(field, _("This field is required."), "required")
    if max_length is not None and len(text) > max_length:
        raise field_error(field, _("At most %(max)d characters.") % {"max": max_length}, "max_length")
    return text


def _year_range(start, end, start_field: str = "start_year", end_field: str = "end_year") -> tuple[int, int]:
    start, end = _year(start, start_field), _year(end, end_field)
    if end < start:
        raise field_error(end_field, _("The last year comes before the first year."), "date_order")
    return start, end


@contextmanager
def _unique(field: str, message: str) -> Iterator[None]:
    """A unique constraint the database refused (a race past the check) becomes a field error."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        raise field_error(field, message, "duplicate") from None


def _forbid(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _pick(changes: dict, allowed: tuple[str, ...]) -> dict:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"cannot change {', '.join(sorted(unknown))}")
    return changes


def _create(obj, actor, action: str, unique: tuple[str, str] | None = None):
    with transaction.atomic():
        if unique:
            with _unique(*unique):
                obj.save()
        else:
            obj.save()
        record(action, obj, actor=actor, after=snapshot(obj))
    return obj


def _update(obj, actor, action: str, values: dict, unique: tuple[str, str] | None = None):
    """Apply ``values`` (already validated) and record before/after; no event when nothing changed."""
    changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
    if not changed:
        return obj
    with transaction.atomic():
        before = snapshot(obj)
        for key, value in changed.items():
            setattr(obj, key, value)
        if unique:
            with _unique(*unique):
                obj.save()
        else:
            obj.save()
        record(action, obj, actor=actor, before=before, after=snapshot(obj))
    return obj


def _delete(obj, actor, action: str) -> None:
    """Delete ``obj`` (and what cascades from it); refused while other plan rows still point at it."""
    try:
        with transaction.atomic():
            record(action, obj, actor=actor, before=snapshot(obj))
            obj.delete()
    except ProtectedError as exc:
        blocker = next(iter(exc.protected_objects), None)
        what = blocker._meta.verbose_name if blocker is not None else ""
        raise ValidationError({"__all__": [ValidationError(
            _("“%(object)s” is still used by %(count)d %(what)s; remove or relink those first.")
            % {"object": str(obj)[:80], "count": len(exc.protected_objects), "what": what}, code="protected")]}) \
            from None


# --- lookups used by services, views and the API ----------------------------------------------

def opd_of(unit: Unit) -> Unit | None:
    """The OPD a unit belongs to: itself when it is one, else its nearest OPD ancestor."""
    if unit.kind in OPD_KINDS:
        return unit
    step = Unit.steplen
    paths = [unit.path[:n] for n in range(step, len(unit.path), step)]
    return (Unit.objects.filter(instance_id=unit.instance_id, path__in=paths, kind__in=OPD_KINDS)
            .order_by("-depth").first())


def renstra_for(unit: Unit, year: int) -> Renstra | None:
    """The Renstra of the unit's OPD that covers ``year``."""
    opd = opd_of(unit)
    if opd is None:
        return None
    return (Renstra.objects.filter(unit=opd, start_year__lte=year, end_year__gte=year)
            .select_related("rpjmd", "unit").first())


def rpjmd_for(instance_id: int, year: int) -> Rpjmd | None:
    return Rpjmd.objects.filter(instance_id=instance_id, start_year__lte=year, end_year__gte=year).first()


def head_position(unit: Unit) -> Position | None:
    return Position.objects.filter(unit=unit, is_head=True, is_active=True).select_related("superior").first()


def _renstra_required(unit: Unit, year: int) -> Renstra:
    renstra = renstra_for(unit, year)
    if renstra is None:
        opd = opd_of(unit)
        raise field_error("year", _("No Renstra of %(opd)s covers %(year)d; create the Renstra first.")
                          % {"opd": opd.name if opd else unit.name, "year": year}, "no_renstra")
    return renstra


# --- RPJMD and missions ---------------------------------------------------------------------------

RPJMD_FIELDS = ("title", "start_year", "end_year", "vision")


def _clean_rpjmd(instance_id: int, data: dict, exclude_pk=None) -> dict:
    title = _text(data.get("title"), "title", max_length=255)
    start, end = _year_range(data.get("start_year"), data.get("end_year"))
    vision = _text(data.get("vision"), "vision")
    others = Rpjmd.objects.filter(instance_id=instance_id).exclude(pk=exclude_pk)
    overlap = others.filter(start_year__lte=end, end_year__gte=start).first()
    if overlap is not None:
        raise field_error("start_year", _("The years overlap %(other)s.") % {"other": overlap}, "overlap")
    return {"title": title, "start_year": start, "end_year": end, "vision": vision}


def create_rpjmd(*, actor, instance: Instance, title: str, start_year, end_year, vision: str) -> Rpjmd:
    require_actor(actor)
    _forbid(perm.can_edit_rpjmd(actor, instance.pk), _("Only the BKPSDM administrator sets the RPJMD."))
    data = _clean_rpjmd(instance.pk, {"title": title, "start_year": start_year, "end_year": end_year,
                                      "vision": vision})
    return _create(Rpjmd(instance=instance, **data), actor, "planning.rpjmd.create",
                   ("start_year", _("An RPJMD starting in that year already exists.")))


def update_rpjmd(*, actor, rpjmd: Rpjmd, **changes) -> Rpjmd:
    require_actor(actor)
    _forbid(perm.can_edit_rpjmd(actor, rpjmd.instance_id), _("Only the BKPSDM administrator sets the RPJMD."))
    _pick(changes, RPJMD_FIELDS)
    data = _clean_rpjmd(rpjmd.instance_id, {f: getattr(rpjmd, f) for f in RPJMD_FIELDS} | changes, rpjmd.pk)
    outside = rpjmd.renstras.exclude(start_year__gte=data["start_year"], end_year__lte=data["end_year"]).first()
    if outside is not None:
        field = "start_year" if outside.start_year < data["start_year"] else "end_year"
        raise field_error(field, _("The Renstra “%(renstra)s” (%(start)d–%(end)d) would fall outside these years.")
                          % {"renstra": outside.title, "start": outside.start_year, "end": outside.end_year},
                          "renstra_outside")
    return _update(rpjmd, actor, "planning.rpjmd.update", data,
                   ("start_year", _("An RPJMD starting in that year already exists.")))


def delete_rpjmd(*, actor, rpjmd: Rpjmd) -> None:
    require_actor(actor)
    _forbid(perm.can_edit_rpjmd(actor, rpjmd.instance_id), _("Only the BKPSDM administrator sets the RPJMD."))
    _delete(rpjmd, actor, "planning.rpjmd.delete")


def _mission_number(rpjmd: Rpjmd, number, exclude_pk=None) -> int:
    if number in (None, ""):
        last = rpjmd.missions.order_by("-number").values_list("number", flat=True).first()
        return (last or 0) + 1
    try:
        value = int(number)
    except (TypeError, ValueError):
        raise field_error("number", _("Enter a whole number."), "invalid") from None
    if value < 1 or value > 99:
        raise field_error("number", _("A mission number is between 1 and 99."), "range")
    if rpjmd.missions.filter(number=value).exclude(pk=exclude_pk).exists():
        raise field_error("number", _("Mission %(number)d already exists in this RPJMD.") % {"number": value},
                          "duplicate")
    return value


def create_mission(*, actor, rpjmd: Rpjmd, text: str, number=None) -> Mission:
    require_actor(actor)
    _forbid(perm.can_edit_rpjmd(actor, rpjmd.instance_id), _("Only the BKPSDM administrator sets the RPJMD."))
    text = _text(text, "text")
    number = _mission_number(rpjmd, number)
    return _create(Mission(instance_id=rpjmd.instance_id, rpjmd=rpjmd, number=number, text=text), actor,
                   "planning.mission.create", ("number", _("That mission number is taken.")))


def update_mission(*, actor, mission: Mission, **changes) -> Mission:
    require_actor(actor)
    _forbid(perm.can_edit_rpjmd(actor, mission.instance_id), _("Only the BKPSDM administrator sets the RPJMD."))
    _pick(changes, ("text", "number"))
    data = {}
    if "text" in changes:
        data["text"] = _text(changes["text"], "text")
    if "number" in changes:
        if changes["number"] in (None, ""):
            raise field_error("number", _("This field is required."), "required")
        data["number"] = _mission_number(mission.rpjmd, changes["number"], mission.pk)
    return _update(mission, actor, "planning.mission.update", data,
                   ("number", _("That mission number is taken.")))


def delete_mission(*, actor, mission: Mission) -> None:
    require_actor(actor)
    _forbid(perm.can_edit_rpjmd(actor, mission.instance_id), _("Only the BKPSDM administrator sets the RPJMD."))
    _delete(mission, actor, "planning.mission.delete")


# --- Renstra, goals, strategic targets ------------------------------------------------------------

def _renstra_forbid(actor, unit: Unit) -> None:
    _forbid(perm.can_edit_unit_plan(actor, unit), _("You may not change the plan of %(unit)s.") % {"unit": unit.name})


def _clean_renstra_years(unit: Unit, rpjmd: Rpjmd, start, end, exclude_pk=None) -> tuple[int, int]:
    start, end = _year_range(start, end)
    if start < rpjmd.start_year or end > rpjmd.end_year:
        field = "start_year" if start < rpjmd.start_year else "end_year"
        raise field_error(field, _("The Renstra must lie inside the RPJMD years %(start)d–%(end)d.")
                          % {"start": rpjmd.start_year, "end": rpjmd.end_year}, "outside_rpjmd")
    overlap = (Renstra.objects.filter(unit=unit, start_year__lte=end, end_year__gte=start)
               .exclude(pk=exclude_pk).first())
    if overlap is not None:
        raise field_error("start_year", _("%(unit)s already has the Renstra “%(other)s” for %(start)d–%(end)d.")
                          % {"unit": unit.name, "other": overlap.title, "start": overlap.start_year,
                             "end": overlap.end_year}, "overlap")
    return start, end


def create_renstra(*, actor, unit: Unit, rpjmd: Rpjmd, title: str, start_year=None, end_year=None) -> Renstra:
    require_actor(actor)
    _renstra_forbid(actor, unit)
    if unit.instance_id != rpjmd.instance_id:
        raise field_error("rpjmd", _("The RPJMD belongs to another instance."), "other_instance")
    if unit.kind not in OPD_KINDS:
        raise field_error("unit", _("A Renstra belongs to an OPD (dinas, badan, kecamatan or the secretariat), "
                                    "not to %(unit)s.") % {"unit": unit.name}, "not_opd")
    title = _text(title, "title", max_length=255)
    start, end = _clean_renstra_years(unit, rpjmd, start_year or rpjmd.start_year, end_year or rpjmd.end_year)
    return _create(Renstra(instance_id=unit.instance_id, unit=unit, rpjmd=rpjmd, title=title, start_year=start,
                           end_year=end), actor, "planning.renstra.create",
                   ("start_year", _("This OPD already has a Renstra starting in that year.")))


def update_renstra(*, actor, renstra: Renstra, **changes) -> Renstra:
    require_actor(actor)
    _renstra_forbid(actor, renstra.unit)
    _pick(changes, ("title", "start_year", "end_year"))
    data = {}
    if "title" in changes:
        data["title"] = _text(changes["title"], "title", max_length=255)
    if "start_year" in changes or "end_year" in changes:
        start, end = _clean_renstra_years(renstra.unit, renstra.rpjmd, changes.get("start_year", renstra.start_year),
                                          changes.get("end_year", renstra.end_year), renstra.pk)
        outside = (IkuTarget.objects.filter(iku__strategic_target__goal__renstra=renstra)
                   .exclude(year__gte=start, year__lte=end).order_by("year").first())
        if outside is not None:
            raise field_error("start_year" if outside.year < start else "end_year",
                              _("IKU targets exist for %(year)d; remove them before leaving that year out.")
                              % {"year": outside.year}, "targets_outside")
        data |= {"start_year": start, "end_year": end}
    return _update(renstra, actor, "planning.renstra.update", data,
                   ("start_year", _("This OPD already has a Renstra starting in that year.")))


def delete_renstra(*, actor, renstra: Renstra) -> None:
    require_actor(actor)
    _renstra_forbid(actor, renstra.unit)
    _delete(renstra, actor, "planning.renstra.delete")


def _goal_mission(renstra: Renstra, mission: Mission | None) -> Mission:
    if mission is None:
        raise field_error("mission", _("Choose the mission this goal serves."), "required")
    if mission.rpjmd_id != renstra.rpjmd_id:
        raise field_error("mission", _("The mission must be one of the RPJMD “%(rpjmd)s”.")
                          % {"rpjmd": renstra.rpjmd.title}, "other_rpjmd")
    return mission


def create_goal(*, actor, renstra: Renstra, mission: Mission | None, text: str, code: str = "") -> Goal:
    require_actor(actor)
    _renstra_forbid(actor, renstra.unit)
    mission = _goal_mission(renstra, mission)
    text, code = _text(text, "text"), _text(code, "code", required=False, max_length=30)
    return _create(Goal(instance_id=renstra.instance_id, renstra=renstra, mission=mission, text=text, code=code),
                   actor, "planning.goal.create")


def update_goal(*, actor, goal: Goal, **changes) -> Goal:
    require_actor(actor)
    _renstra_forbid(actor, goal.renstra.unit)
    _pick(changes, ("mission", "text", "code"))
    data = {}
    if "mission" in changes:
        data["mission"] = _goal_mission(goal.renstra, changes["mission"])
    if "text" in changes:
        data["text"] = _text(changes["text"], "text")
    if "code" in changes:
        data["code"] = _text(changes["code"], "code", required=False, max_length=30)
    return _update(goal, actor, "planning.goal.update", data)


def delete_goal(*, actor, goal: Goal) -> None:
    require_actor(actor)
    _renstra_forbid(actor, goal.renstra.unit)
    _delete(goal, actor, "planning.goal.delete")


def create_strategic_target(*, actor, goal: Goal, text: str, code: str = "") -> StrategicTarget:
    require_actor(actor)
    _renstra_forbid(actor, goal.renstra.unit)
    text, code = _text(text, "text"), _text(code, "code", required=False, max_length=30)
    return _create(StrategicTarget(instance_id=goal.instance_id, goal=goal, text=text, code=code), actor,
                   "planning.strategictarget.create")


def update_strategic_target(*, actor, target: StrategicTarget, **changes) -> StrategicTarget:
    require_actor(actor)
    _renstra_forbid(actor, target.goal.renstra.unit)
    _pick(changes, ("text", "code"))
    data = {}
    if "text" in changes:
        data["text"] = _text(changes["text"], "text")
    if "code" in changes:
        data["code"] = _text(changes["code"], "code", required=False, max_length=30)
    return _update(target, actor, "planning.strategictarget.update", data)


def delete_strategic_target(*, actor, target: StrategicTarget) -> None:
    require_actor(actor)
    _renstra_forbid(actor, target.goal.renstra.unit)
    _delete(target, actor, "planning.strategictarget.delete")


# --- IKU and their yearly targets -----------------------------------------------------------------

IKU_FIELDS = ("code", "name", "measure_unit", "baseline", "higher_is_better", "formula", "data_source")


def _clean_iku(data: dict) -> dict:
    measure_unit = _text(data.get("measure_unit"), "measure_unit", max_length=60)
    return {
        "code": _text(data.get("code"), "code", required=False, max_length=30),
        "name": _text(data.get("name"), "name"),
        "measure_unit": measure_unit,
        "baseline": target_value(data.get("baseline"), "baseline", measure_unit, required=False),
        "higher_is_better": bool(data.get("higher_is_better", True)),
        "formula": _text(data.get("formula"), "formula", required=False),
        "data_source": _text(data.get("data_source"), "data_source", required=False, max_length=255),
    }


def _clean_targets(renstra: Renstra, targets: dict, measure_unit: str) -> dict[int, Decimal | None]:
    """``{year: raw}`` → ``{year: Decimal or None (remove)}``; each year inside the Renstra."""
    cleaned: dict[int, Decimal | None] = {}
    for raw_year, raw in (targets or {}).items():
        year = _year(raw_year, "targets")
        field = f"target_{year}"
        if not renstra.start_year <= year <= renstra.end_year:
            raise field_error(field, _("%(year)d is outside the Renstra years %(start)d–%(end)d.")
                              % {"year": year, "start": renstra.start_year, "end": renstra.end_year}, "outside_renstra")
        cleaned[year] = target_value(raw, field, measure_unit, required=False)
    return cleaned


def create_iku(*, actor, strategic_target: StrategicTarget, name: str, measure_unit: str, targets=None,
               **data) -> Iku:
    """A new IKU, optionally with its yearly targets ``{year: value}`` in the same transaction."""
    require_actor(actor)
    renstra = strategic_target.goal.renstra
    _renstra_forbid(actor, renstra.unit)
    _pick(data, IKU_FIELDS)
    cleaned = _clean_iku({"name": name, "measure_unit": measure_unit, **data})
    yearly = _clean_targets(renstra, targets, cleaned["measure_unit"])
    with transaction.atomic():
        iku = _create(Iku(instance_id=renstra.instance_id, strategic_target=strategic_target, unit_id=renstra.unit_id,
                          **cleaned), actor, "planning.iku.create")
        for year, value in sorted(yearly.items()):
            if value is not None:
                _create(IkuTarget(instance_id=iku.instance_id, iku=iku, year=year, target=value), actor,
                        "planning.ikutarget.create")
    return iku


def update_iku(*, actor, iku: Iku, **changes) -> Iku:
    require_actor(actor)
    renstra = iku.strategic_target.goal.renstra
    _renstra_forbid(actor, renstra.unit)
    _pick(changes, (*IKU_FIELDS, "strategic_target"))
    new_unit = changes.get("measure_unit")
    if new_unit is not None and not plan_rules.may_be_negative(new_unit):
        kept_baseline = iku.baseline if "baseline" not in changes else None
        if iku.targets.filter(target__lt=0).exists() or (kept_baseline is not None and kept_baseline < 0):
            raise field_error("measure_unit", _("Some values of this IKU are negative, which this unit of measure "
                                                "does not allow."), "negative")
    data = _clean_iku({f: getattr(iku, f) for f in IKU_FIELDS} | {k: v for k, v in changes.items()
                                                                  if k != "strategic_target"})
    data = {k: v for k, v in data.items() if k in changes}
    if "strategic_target" in changes:
        target = changes["strategic_target"]
        if target is None or target.goal.renstra_id != renstra.pk:
            raise field_error("strategic_target", _("Choose a strategic target of the same Renstra."), "other_renstra")
        data["strategic_target"] = target
    return _update(iku, actor, "planning.iku.update", data)


def delete_iku(*, actor, iku: Iku) -> None:
    require_actor(actor)
    _renstra_forbid(actor, iku.strategic_target.goal.renstra.unit)
    _delete(iku, actor, "planning.iku.delete")


def create_iku_target(*, actor, iku: Iku, year, target) -> IkuTarget:
    require_actor(actor)
    renstra = iku.strategic_target.goal.renstra
    _renstra_forbid(actor, renstra.unit)
    year = _year(year, "year")
    if not renstra.start_year <= year <= renstra.end_year:
        raise field_error("year", _("%(year)d is outside the Renstra years %(start)d–%(end)d.")
                          % {"year": year, "start": renstra.start_year, "end": renstra.end_year}, "outside_renstra")
    if iku.targets.filter(year=year).exists():
        raise field_error("year", _("This IKU already has a target for %(year)d.") % {"year": year}, "duplicate")
    value = target_value(target, "target", iku.measure_unit)
    return _create(IkuTarget(instance_id=iku.instance_id, iku=iku, year=year, target=value), actor,
                   "planning.ikutarget.create", ("year", _("This IKU already has a target for that year.")))


def update_iku_target(*, actor, target: IkuTarget, value) -> IkuTarget:
    require_actor(actor)
    _renstra_forbid(actor, target.iku.strategic_target.goal.renstra.unit)
    cleaned = target_value(value, "target", target.iku.measure_unit)
    return _update(target, actor, "planning.ikutarget.update", {"target": cleaned})


def delete_iku_target(*, actor, target: IkuTarget) -> None:
    require_actor(actor)
    _renstra_forbid(actor, target.iku.strategic_target.goal.renstra.unit)
    _delete(target, actor, "planning.ikutarget.delete")


def set_iku_targets(*, actor, iku: Iku, targets: dict) -> list[IkuTarget]:
    """Set the yearly targets at once: ``{year: value}``; an empty value removes that year's target."""
    require_actor(actor)
    renstra = iku.strategic_target.goal.renstra
    _renstra_forbid(actor, renstra.unit)
    yearly = _clean_targets(renstra, targets, iku.measure_unit)
    existing = {t.year: t for t in iku.targets.all()}
    with transaction.atomic():
        for year, value in sorted(yearly.items()):
            current = existing.get(year)
            if value is None and current is not None:
                _delete(current, actor, "planning.ikutarget.delete")
            elif value is not None and current is None:
                _create(IkuTarget(instance_id=iku.instance_id, iku=iku, year=year, target=value), actor,
                        "planning.ikutarget.create", (f"target_{year}", _("This IKU already has a target for "
                                                                               "that year.")))
            elif value is not None:
                _update(current, actor, "planning.ikutarget.update", {"target": value})
    return list(iku.targets.order_by("year"))


# --- Performance agreement (PK), indicators, action plans ----------------------------------------

def _agreement_forbid(actor, agreement: PerformanceAgreement) -> None:
    _forbid(perm.can_edit_agreement(actor, agreement),
            _("You may not change the performance agreement of %(unit)s.") % {"unit": agreement.unit.name})


def _draft_required(agreement: PerformanceAgreement) -> None:
    if agreement.status != AgreementStatus.DRAFT:
        raise field_error("status", _("The performance agreement is signed; reopen it before changing it."), "signed")


def _clean_agreement_year(unit: Unit, year, exclude_pk=None) -> int:
    year = _year(year, "year")
    _renstra_required(unit, year)
    if PerformanceAgreement.objects.filter(unit=unit, year=year).exclude(pk=exclude_pk).exists():
        raise field_error("year", _("%(unit)s already has a performance agreement for %(year)d.")
                          % {"unit": unit.name, "year": year}, "duplicate")
    return year


def create_agreement(*, actor, unit: Unit, year) -> PerformanceAgreement:
    """A draft PK of ``unit`` for ``year``, to be signed by the holder of the unit's head position."""
    require_actor(actor)
    _forbid(perm.can_create_agreement(actor, unit),
            _("You may not draft the performance agreement of %(unit)s.") % {"unit": unit.name})
    position = head_position(unit)
    if position is None:
        raise field_error("unit", _("%(unit)s has no head position: a performance agreement is signed by the unit "
                                    "head.") % {"unit": unit.name}, "no_head")
    year = _clean_agreement_year(unit, year)
    return _create(PerformanceAgreement(instance_id=unit.instance_id, unit=unit, year=year, position=position),
                   actor, "planning.agreement.create",
                   ("year", _("This unit already has a performance agreement for that year.")))


def update_agreement(*, actor, agreement: PerformanceAgreement, year) -> PerformanceAgreement:
    require_actor(actor)
    _agreement_forbid(actor, agreement)
    _draft_required(agreement)
    year = _clean_agreement_year(agreement.unit, year, agreement.pk)
    if year != agreement.year:
        renstra = renstra_for(agreement.unit, year)
        stray = agreement.indicators.exclude(iku__isnull=True).exclude(iku__strategic_target__goal__renstra=renstra)
        if stray.exists():
            raise field_error("year", _("Some indicators link IKU of a Renstra that does not cover %(year)d.")
                              % {"year": year}, "iku_outside")
    return _update(agreement, actor, "planning.agreement.update", {"year": year},
                   ("year", _("This unit already has a performance agreement for that year.")))


def delete_agreement(*, actor, agreement: PerformanceAgreement) -> None:
    require_actor(actor)
    _forbid(perm.can_edit_unit_plan(actor, agreement.unit),
            _("Only an administrator deletes a performance agreement."))
    _draft_required(agreement)
    _delete(agreement, actor, "planning.agreement.delete")


def sign_agreement(*, actor, agreement: PerformanceAgreement, signed_on: date | None = None) -> PerformanceAgreement:
    """Sign the PK: the holder of the head position (acting official first) and that post's superior."""
    require_actor(actor)
    _forbid(perm.can_sign_agreement(actor, agreement),
            _("Only the head of %(unit)s or an administrator signs this agreement.") % {"unit": agreement.unit.name})
    with transaction.atomic():
        PerformanceAgreement.objects.select_for_update().filter(pk=agreement.pk).first()  # one signing at a time
        agreement.refresh_from_db()
        _draft_required(agreement)
        if not agreement.indicators.exists():
            raise field_error("indicators", _("Add at least one indicator before signing."), "empty")
        day = signed_on or timezone.localdate()
        if not isinstance(day, date):
            raise field_error("signed_on", _("Enter a valid date."), "invalid")
        if day.year not in (agreement.year - 1, agreement.year):
            raise field_error("signed_on", _("A performance agreement for %(year)d is signed late in %(prev)d or "
                                             "in %(year)d.") % {"year": agreement.year, "prev": agreement.year - 1},
                              "year")
        position = head_position(agreement.unit) or agreement.position
        signatory, _acting = holder_of(position, day)
        if signatory is None:
            raise field_error("position", _("%(position)s is vacant: appoint a holder or an acting official (Plt) "
                                            "first.") % {"position": position.name}, "vacant")
        superior = holder_of(position.superior, day)[0] if position.superior_id else None
        _update(agreement, actor, "planning.agreement.sign", {
            "status": AgreementStatus.SIGNED, "signed_on": day, "position": position, "signatory": signatory,
            "superior": superior,
        })
    return agreement


def reopen_agreement(*, actor, agreement: PerformanceAgreement) -> PerformanceAgreement:
    """Back to draft (to correct a signed PK); the signature is cleared and must be given again."""
    require_actor(actor)
    _forbid(perm.can_edit_unit_plan(actor, agreement.unit), _("Only an administrator reopens a signed agreement."))
    if agreement.status != AgreementStatus.SIGNED:
        raise field_error("status", _("The performance agreement is not signed."), "not_signed")
    return _update(agreement, actor, "planning.agreement.reopen", {
        "status": AgreementStatus.DRAFT, "signed_on": None, "signatory": None, "superior": None})


PK_INDICATOR_FIELDS = ("iku", "strategic_target", "name", "measure_unit", "target", "order")


def _clean_pk_indicator(agreement: PerformanceAgreement, data: dict, exclude_pk=None) -> dict:
    renstra = _renstra_required(agreement.unit, agreement.year)
    iku, target = data.get("iku"), data.get("strategic_target")
    if iku is not None:
        if iku.instance_id != agreement.instance_id or iku.strategic_target.goal.renstra_id != renstra.pk:
            raise field_error("iku", _("The IKU must be one of the Renstra “%(renstra)s”.")
                              % {"renstra": renstra.title}, "other_renstra")
        if agreement.indicators.filter(iku=iku).exclude(pk=exclude_pk).exists():
            raise field_error("iku", _("This IKU is already in the agreement."), "duplicate")
        if target is None:
            target = iku.strategic_target
        elif target.pk != iku.strategic_target_id:
            raise field_error("strategic_target", _("The IKU belongs to another strategic target."), "mismatch")
    if target is not None and (target.instance_id != agreement.instance_id or target.goal.renstra_id != renstra.pk):
        raise field_error("strategic_target", _("The strategic target must be one of the Renstra “%(renstra)s”.")
                          % {"renstra": renstra.title}, "other_renstra")
    name = _text(data.get("name") or (iku.name if iku else ""), "name")
    measure_unit = _text(data.get("measure_unit") or (iku.measure_unit if iku else ""), "measure_unit",
                         max_length=60)
    value = target_value(data.get("target"), "target", measure_unit)
    order = data.get("order")
    if order in (None, ""):
        last = agreement.indicators.order_by("-order").values_list("order", flat=True).first()
        order = (last or 0) + 1
    elif not isinstance(order, int) or order < 0 or order > 32767:
        raise field_error("order", _("Enter a whole number from 0."), "invalid")
    return {"iku": iku, "strategic_target": target, "name": name, "measure_unit": measure_unit, "target": value,
            "order": order}


def create_pk_indicator(*, actor, agreement: PerformanceAgreement, target, iku: Iku | None = None,
                        strategic_target: StrategicTarget | None = None, name: str = "", measure_unit: str = "",
                        order=None) -> PkIndicator:
    """A line of the PK; name, unit and strategic target default to the linked IKU's."""
    require_actor(actor)
    _agreement_forbid(actor, agreement)
    _draft_required(agreement)
    data = _clean_pk_indicator(agreement, {"iku": iku, "strategic_target": strategic_target, "name": name,
                                           "measure_unit": measure_unit, "target": target, "order": order})
    return _create(PkIndicator(instance_id=agreement.instance_id, agreement=agreement, **data), actor,
                   "planning.pkindicator.create")


def update_pk_indicator(*, actor, indicator: PkIndicator, **changes) -> PkIndicator:
    require_actor(actor)
    agreement = indicator.agreement
    _agreement_forbid(actor, agreement)
    _draft_required(agreement)
    _pick(changes, PK_INDICATOR_FIELDS)
    current = {f: getattr(indicator, f) for f in PK_INDICATOR_FIELDS}
    if "iku" in changes and "strategic_target" not in changes:
        current["strategic_target"] = None  # follows the new IKU
    data = _clean_pk_indicator(agreement, current | changes, indicator.pk)
    return _update(indicator, actor, "planning.pkindicator.update", data)


def delete_pk_indicator(*, actor, indicator: PkIndicator) -> None:
    require_actor(actor)
    _agreement_forbid(actor, indicator.agreement)
    _draft_required(indicator.agreement)
    _delete(indicator, actor, "planning.pkindicator.delete")


def _quarter(value) -> int:
    try:
        quarter = int(value)
    except (TypeError, ValueError):
        raise field_error("quarter", _("Choose a quarter from 1 to 4."), "invalid") from None
    if isinstance(value, bool) or not 1 <= quarter <= 4:
        raise field_error("quarter", _("Choose a quarter from 1 to 4."), "range")
    return quarter


def create_action_plan(*, actor, indicator: PkIndicator, quarter, action: str, target=None) -> ActionPlan:
    require_actor(actor)
    agreement = indicator.agreement
    _agreement_forbid(actor, agreement)
    _draft_required(agreement)
    data = {"quarter": _quarter(quarter), "action": _text(action, "action"),
            "target": target_value(target, "target", indicator.measure_unit, required=False)}
    return _create(ActionPlan(instance_id=indicator.instance_id, indicator=indicator, **data), actor,
                   "planning.actionplan.create")


def update_action_plan(*, actor, plan: ActionPlan, **changes) -> ActionPlan:
    require_actor(actor)
    agreement = plan.indicator.agreement
    _agreement_forbid(actor, agreement)
    _draft_required(agreement)
    _pick(changes, ("quarter", "action", "target"))
    data = {}
    if "quarter" in changes:
        data["quarter"] = _quarter(changes["quarter"])
    if "action" in changes:
        data["action"] = _text(changes["action"], "action")
    if "target" in changes:
        data["target"] = target_value(changes["target"], "target", plan.indicator.measure_unit, required=False)
    return _update(plan, actor, "planning.actionplan.update", data)


def delete_action_plan(*, actor, plan: ActionPlan) -> None:
    require_actor(actor)
    _agreement_forbid(actor, plan.indicator.agreement)
    _draft_required(plan.indicator.agreement)
    _delete(plan, actor, "planning.actionplan.delete")


# --- Annual work plan (RKT): programmes and activities --------------------------------------------

def _work_plan_forbid(actor, unit: Unit) -> None:
    _forbid(perm.can_edit_unit_plan(actor, unit),
            _("You may not change the work plan of %(unit)s.") % {"unit": unit.name})


def _clean_work_plan_year(unit: Unit, year, exclude_pk=None) -> int:
    year = _year(year, "year")
    _renstra_required(unit, year)
    if WorkPlan.objects.filter(unit=unit, year=year).exclude(pk=exclude_pk).exists():
        raise field_error("year", _("%(unit)s already has a work plan for %(year)d.")
                          % {"unit": unit.name, "year": year}, "duplicate")
    return year


def create_work_plan(*, actor, unit: Unit, year) -> WorkPlan:
    require_actor(actor)
    _work_plan_forbid(actor, unit)
    year = _clean_work_plan_year(unit, year)
    return _create(WorkPlan(instance_id=unit.instance_id, unit=unit, year=year), actor, "planning.workplan.create",
                   ("year", _("This unit already has a work plan for that year.")))


def update_work_plan(*, actor, work_plan: WorkPlan, year) -> WorkPlan:
    require_actor(actor)
    _work_plan_forbid(actor, work_plan.unit)
    year = _clean_work_plan_year(work_plan.unit, year, work_plan.pk)
    if year != work_plan.year:
        renstra = renstra_for(work_plan.unit, year)
        if work_plan.programmes.exclude(strategic_target__goal__renstra=renstra).exists():
            raise field_error("year", _("Some programmes serve strategic targets of a Renstra that does not cover "
                                        "%(year)d.") % {"year": year}, "target_outside")
    return _update(work_plan, actor, "planning.workplan.update", {"year": year},
                   ("year", _("This unit already has a work plan for that year.")))


def delete_work_plan(*, actor, work_plan: WorkPlan) -> None:
    require_actor(actor)
    _work_plan_forbid(actor, work_plan.unit)
    _delete(work_plan, actor, "planning.workplan.delete")


PROGRAMME_FIELDS = ("mission", "strategic_target", "code", "name", "budget")


def _clean_programme(work_plan: WorkPlan, data: dict) -> dict:
    renstra = _renstra_required(work_plan.unit, work_plan.year)
    target = data.get("strategic_target")
    if target is None:
        raise field_error("strategic_target", _("Choose the strategic target this programme serves."), "required")
    if target.instance_id != work_plan.instance_id or target.goal.renstra_id != renstra.pk:
        raise field_error("strategic_target", _("The strategic target must be one of the Renstra “%(renstra)s”.")
                          % {"renstra": renstra.title}, "other_renstra")
    mission = data.get("mission") or target.goal.mission
    if mission.rpjmd_id != renstra.rpjmd_id:
        raise field_error("mission", _("The mission must be one of the RPJMD “%(rpjmd)s”.")
                          % {"rpjmd": renstra.rpjmd.title}, "other_rpjmd")
    return {"strategic_target": target, "mission": mission,
            "code": _text(data.get("code"), "code", required=False, max_length=40),
            "name": _text(data.get("name"), "name", max_length=255),
            "budget": amount_value(data.get("budget"))}


def activities_total(programme: Programme) -> Decimal:
    return programme.activities.aggregate(total=Sum("budget"))["total"] or Decimal("0")


def budget_warnings(programme: Programme, total: Decimal | None = None) -> list[str]:
    """A warning (not an error) when the activities together cost more than the programme's budget."""
    total = activities_total(programme) if total is None else total
    if total > programme.budget:
        return [_("The activities of “%(programme)s” add up to %(total)s, more than its budget of %(budget)s.")
                % {"programme": programme.name, "total": plan_rules.format_rupiah(total),
                   "budget": plan_rules.format_rupiah(programme.budget)}]
    return []


def create_programme(*, actor, work_plan: WorkPlan, strategic_target: StrategicTarget | None, name: str,
                     code: str = "", budget=0, mission: Mission | None = None) -> Programme:
    """A programme of the RKT; the mission defaults to that of the strategic target's goal."""
    require_actor(actor)
    _work_plan_forbid(actor, work_plan.unit)
    data = _clean_programme(work_plan, {"strategic_target": strategic_target, "mission": mission, "code": code,
                                        "name": name, "budget": budget})
    programme = _create(Programme(instance_id=work_plan.instance_id, work_plan=work_plan, **data), actor,
                        "planning.programme.create")
    programme.warnings = []
    return programme


def update_programme(*, actor, programme: Programme, **changes) -> Programme:
    require_actor(actor)
    _work_plan_forbid(actor, programme.work_plan.unit)
    _pick(changes, PROGRAMME_FIELDS)
    current = {f: getattr(programme, f) for f in PROGRAMME_FIELDS}
    if "strategic_target" in changes and "mission" not in changes:
        current["mission"] = None  # follows the new target's goal
    data = _clean_programme(programme.work_plan, current | changes)
    data = {k: v for k, v in data.items() if k in changes or (k == "mission" and "strategic_target" in changes)}
    programme = _update(programme, actor, "planning.programme.update", data)
    programme.warnings = budget_warnings(programme)
    return programme


def delete_programme(*, actor, programme: Programme) -> None:
    require_actor(actor)
    _work_plan_forbid(actor, programme.work_plan.unit)
    _delete(programme, actor, "planning.programme.delete")


def create_activity(*, actor, programme: Programme, name: str, code: str = "", budget=0) -> Activity:
    require_actor(actor)
    _work_plan_forbid(actor, programme.work_plan.unit)
    data = {"name": _text(name, "name", max_length=255), "code": _text(code, "code", required=False, max_length=40),
            "budget": amount_value(budget)}
    activity = _create(Activity(instance_id=programme.instance_id, programme=programme, **data), actor,
                       "planning.activity.create")
    activity.warnings = budget_warnings(programme)
    return activity


def update_activity(*, actor, activity: Activity, **changes) -> Activity:
    require_actor(actor)
    programme = activity.programme
    _work_plan_forbid(actor, programme.work_plan.unit)
    _pick(changes, ("name", "code", "budget"))
    data = {}
    if "name" in changes:
        data["name"] = _text(changes["name"], "name", max_length=255)
    if "code" in changes:
        data["code"] = _text(changes["code"], "code", required=False, max_length=40)
    if "budget" in changes:
        data["budget"] = amount_value(changes["budget"])
    activity = _update(activity, actor, "planning.activity.update", data)
    activity.warnings = budget_warnings(programme)
    return activity


def delete_activity(*, actor, activity: Activity) -> None:
    require_actor(actor)
    _work_plan_forbid(actor, activity.programme.work_plan.unit)
    _delete(activity, actor, "planning.activity.delete")


__all__ = [
    "ValidationError", "PermissionDenied", "target_value", "amount_value", "opd_of", "renstra_for", "rpjmd_for",
    "head_position", "create_rpjmd", "update_rpjmd", "delete_rpjmd", "create_mission", "update_mission",
    "delete_mission", "create_renstra", "update_renstra", "delete_renstra", "create_goal", "update_goal",
    "delete_goal", "create_strategic_target", "update_strategic_target", "delete_strategic_target", "create_iku",
    "update_iku", "delete_iku", "create_iku_target", "update_iku_target", "delete_iku_target", "set_iku_targets",
    "create_agreement", "update_agreement", "delete_agreement", "sign_agreement", "reopen_agreement",
    "create_pk_indicator", "update_pk_indicator", "delete_pk_indicator", "create_action_plan", "update_action_plan",
    "delete_action_plan", "create_work_plan", "update_work_plan", "delete_work_plan", "create_programme",
    "update_programme", "delete_programme", "create_activity", "update_activity", "delete_activity",
    "activities_total", "budget_warnings",
]
