"""Organisation predikat, calibration (read the check, adjust, lock) and the results reports."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router

from kinerja.api.lookups import actor, page
from kinerja.api.schemas import READ_ERRORS, WRITE_ERRORS
from kinerja.api.types import Cursor, Id, Limit
from kinerja.organization.models import Unit
from kinerja.skp import permissions as skp_permissions

from .. import permissions, reports, results
from ..models import Evaluation
from ..results_schemas import (
    AdjustIn,
    CalibrationLockIn,
    CalibrationOut,
    LeadershipOut,
    NotEvaluatedPage,
    RecapUnitOut,
    TrendOut,
    UnitRatingIn,
    UnitRatingOut,
)
from ..services import calibration as service
from ..services import unit_ratings

router = Router(tags=["calibration"])
reports_router = Router(tags=["evaluation-reports"])


def _reader(request):
    if not permissions.can_read_results(actor(request)):
        raise Http404


def _period(request, period_id: int):
    return get_object_or_404(skp_permissions.user_periods(actor(request)), pk=period_id)


def _unit(request, unit_id: int) -> Unit:
    return get_object_or_404(permissions.restrict_result_units(Unit.objects.all(), actor(request)), pk=unit_id)


def _finding(f) -> dict:
    return {"code": f.code, "severity": f.severity.value, "message": f.message, "count": f.count, "limit": f.limit}


def calibration_out(unit, period) -> dict:
    d = results.distribution(unit, period)
    check = d.check
    evaluations = results.members(unit, period).select_related("employee").order_by("employee__name", "pk")
    return {
        "unit_id": unit.pk, "period_id": period.pk, "org_predikat": d.rating.predikat if d.rating else None,
        "status": "locked" if d.locked else "open", "counts": d.curve_counts, "other": d.other, "total": d.total,
        "not_final": d.not_final,
        "violations": [_finding(f) for f in check.violations] if check else [],
        "warnings": [_finding(f) for f in check.warnings] if check else [],
        "allowed": [{"code": a.constraint.code, "severity": a.constraint.severity.value, "min_count": a.min_count,
                     "max_count": a.max_count} for a in check.allowed] if check else [],
        "feasible": check.feasible if check else None,
        "lock_problems": [str(p) for p in service.lock_problems(d)] if not d.locked else [],
        "evaluations": [{"id": e.pk, "employee": e.employee, "status": e.status, "result_rating": e.result_rating,
                         "behaviour_rating": e.behaviour_rating, "proposed_predikat": e.proposed_predikat,
                         "predikat": e.predikat, "locked": e.is_locked, "lock_version": e.lock_version}
                        for e in evaluations],
    }


@router.get("/evaluation/periods/{int:period_id}/units/{int:unit_id}/calibration",
            response={200: CalibrationOut, **READ_ERRORS})
def get_calibration(request, period_id: Id, unit_id: Id):
    """The unit's proposed predikat against the distribution curve: counts, each violation and warning in words,
    the allowed ranges, why the lock would be refused, and the evaluations."""
    _reader(request)
    return calibration_out(_unit(request, unit_id), _period(request, period_id))


@router.put("/evaluation/periods/{int:period_id}/units/{int:unit_id}/org-predikat",
            response={200: UnitRatingOut, **WRITE_ERRORS})
def set_org_predikat(request, period_id: Id, unit_id: Id, payload: UnitRatingIn):
    """Set the unit's organisation predikat (the level above); a reason when departing from the suggestion."""
    _reader(request)
    rating = unit_ratings.set_unit_rating(actor=actor(request), unit=_unit(request, unit_id),
                                          period=_period(request, period_id), predikat=payload.predikat,
                                          reason=payload.reason)
    return {"unit_id": rating.unit_id, "period_id": rating.period_id, "predikat": rating.predikat,
            "suggested": rating.suggested, "achievement": rating.achievement, "reason": rating.reason}


@router.post("/evaluation/evaluations/{int:evaluation_id}/calibration-adjust",
             response={200: CalibrationOut, **WRITE_ERRORS})
def adjust(request, evaluation_id: Id, payload: AdjustIn):
    """Adjust one evaluation's predikat in the calibration meeting (directly, or via the ratings) with a reason;
    answers the unit's calibration after it."""
    _reader(request)
    user = actor(request)
    evaluation = get_object_or_404(
        Evaluation.objects.filter(permissions.result_units_q(user, "unit__path")).select_related("period", "unit"),
        pk=evaluation_id)
    service.adjust(actor=user, evaluation=evaluation, reason=payload.reason, predikat=payload.predikat or "",
                   result_rating=payload.result_rating or "", behaviour_rating=payload.behaviour_rating or "",
                   lock_version=payload.lock_version)
    return calibration_out(service.home_unit(evaluation), evaluation.period)


@router.post("/evaluation/periods/{int:period_id}/units/{int:unit_id}/calibration/lock",
             response={200: CalibrationOut, **WRITE_ERRORS})
def lock(request, period_id: Id, unit_id: Id, payload: CalibrationLockIn):
    """Lock the unit's calibration: refused while an evaluation is not final or a violation remains."""
    _reader(request)
    unit, period = _unit(request, unit_id), _period(request, period_id)
    service.lock(actor=actor(request), unit=unit, period=period, notes=payload.notes)
    return calibration_out(unit, period)


@reports_router.get("/evaluation/periods/{int:period_id}/recap", response={200: list[RecapUnitOut], **READ_ERRORS})
def recap(request, period_id: Id, unit_id: Id | None = None):
    """Per rated unit in your scope: organisation predikat, count per employee predikat, curve violations."""
    _reader(request)
    period = _period(request, period_id)
    unit = _unit(request, unit_id) if unit_id else None
    return _recap_in_scope(period, unit, permissions.result_units_q(actor(request)))


def _recap_in_scope(period, unit, allowed):
    rows = results.recap(period, unit)
    ids = set(Unit.objects.filter(allowed, pk__in=[r["unit_id"] for r in rows]).values_list("pk", flat=True))
    return [row for row in rows if row["unit_id"] in ids]


@reports_router.get("/evaluation/trends", response={200: list[TrendOut], **READ_ERRORS})
def trends(request):
    """Count per predikat of the annual evaluations in your scope, per period (oldest first)."""
    _reader(request)
    user = actor(request)
    instance_id = skp_permissions.working_instance_id(user)
    if instance_id is None:
        return []
    return results.trends(instance_id, units_q=permissions.result_units_q(user, "unit__path"))


@reports_router.get("/evaluation/periods/{int:period_id}/not-evaluated",
                    response={200: NotEvaluatedPage, **READ_ERRORS})
def not_evaluated(request, period_id: Id, cursor: Cursor | None = None, limit: Limit | None = None):
    """Active employees in your scope without a final annual evaluation for the period (keyset by name)."""
    _reader(request)
    period = _period(request, period_id)
    qs = reports.not_evaluated(period, permissions.result_units_q(actor(request), "unit__path"))
    result = page(qs, reports.EMPLOYEE_ORDER, limit, cursor)
    result["items"] = [{"id": e.pk, "nip": e.nip, "full_name": e.full_name, "unit_id": e.unit_id,
                        "position_id": e.position_id} for e in result["items"]]
    return result


@reports_router.get("/evaluation/periods/{int:period_id}/leadership", response={200: LeadershipOut, **READ_ERRORS})
def leadership(request, period_id: Id):
    """The leadership view: units and PK indicators that need attention, each with its evidence page."""
    if not permissions.can_see_leadership(actor(request)):
        raise Http404
    period = _period(request, period_id)
    data = reports.leadership(period, permissions.result_units_q(actor(request)))
    return {
        "units": [{"unit_id": i.unit.pk, "unit": i.unit.name, "reasons": i.reasons,
                   "evidence": reverse("evaluation:calibration", args=[period.pk, i.unit.pk])} for i in data["units"]],
        "indicators": [{"pk_indicator_id": r["pk_indicator_id"], "name": r["pk_indicator__name"],
                        "unit": r["unit__name"], "achievement": r["achievement"], "risk": r["risk"],
                        "reason": r["reason"], "evidence": reverse("dashboard:indicator", args=[r["pk_indicator_id"]])}
                       for r in data["indicators"]],
    }
