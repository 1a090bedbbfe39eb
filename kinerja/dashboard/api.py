"""Achievement (capaian) API: per IKU and PK indicator, per IKI, per employee and per unit, with the trend.

Read-only views of the roll-up tables (progress/achievement). Who sees what is the dashboard's rule
(dashboard/permissions.py): indicators and units of the caller's scope; an IKI's or an employee's figures
only to those who may see that SKP. Anything else answers 404.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Avg, Count, Q
from django.http import Http404
from ninja import Field as NinjaField
from ninja import Query, Router, Schema

from kinerja.api.lookups import actor
from kinerja.api.schemas import READ_ERRORS
from kinerja.api.types import Id
from kinerja.core.tree import subtree_q
from kinerja.dashboard import permissions
from kinerja.progress.achievement.reasons import reason_text
from kinerja.progress.models import EmployeeAchievement, IkiAchievement, IndicatorAchievement

from .schemas import EmployeeAchievementOut, IkiAchievementOut, IndicatorOut, UnitAchievementOut

router = Router(tags=["achievement"])


class PeriodQuery(Schema):
    period: Id | None = NinjaField(None, description="SKP period id; default: the one running today.")


class IndicatorQuery(PeriodQuery):
    level: str | None = NinjaField(None, pattern="^(iku|pk)$", max_length=3,
                                   description='"iku" or "pk"; default: both.')


def _user(request):
    user = actor(request)
    if not permissions.can_view_dashboard(user):
        raise Http404
    return user


def _period(user, period: int | None):
    from kinerja.dashboard.board import pick_period

    found, _all = pick_period(user, str(period) if period is not None else None)
    if found is None:
        raise Http404
    return found


def _f(value):
    return None if value is None else float(value)


def _indicators(qs) -> list[dict]:
    out: dict[tuple, dict] = {}
    for row in qs.select_related("pk_indicator", "iku", "unit").order_by("period_start"):
        key = (row.level, row.pk_indicator_id or row.iku_id)
        name = row.pk_indicator.name if row.pk_indicator_id else row.iku.name
        item = out.setdefault(key, {"level": row.level, "id": key[1], "name": name,
                                    "unit": {"id": row.unit_id, "name": row.unit.name}, "trend": []})
        point = {"period_start": row.period_start, "achievement": _f(row.achievement), "projected": _f(row.projected),
                 "risk": row.risk, "reason": reason_text(row.reason)}
        item["trend"].append(point)
        item.update(achievement=point["achievement"], projected=point["projected"], risk=row.risk,
                    reason=point["reason"], contributors=row.contributors, at_risk=row.at_risk)
    return list(out.values())


@router.get("/achievement/indicators", response={200: list[IndicatorOut], **READ_ERRORS})
def indicators(request, q: Query[IndicatorQuery]):
    """Each IKU and PK indicator of the caller's units: achievement now, projection, warning, trend per month."""
    user = _user(request)
    period = _period(user, q.period)
    qs = permissions.restrict_unit_rows(IndicatorAchievement.objects.filter(
        instance_id=period.instance_id, period_start__range=(period.start_date, period.end_date)), user)
    if q.level:
        qs = qs.filter(level=q.level)
    return _indicators(qs)


@router.get("/achievement/ikis/{int:iki_id}", response={200: IkiAchievementOut, **READ_ERRORS})
def iki(request, iki_id: Id):
    """One IKI's achievement per reporting period (cumulative), with the projection and the warning."""
    user = actor(request)
    rows = list(permissions.restrict_people_rows(IkiAchievement.objects.filter(iki_id=iki_id), user)
                .select_related("iki").order_by("period_start"))
    if not rows:
        raise Http404
    first = rows[0]
    return {"id": first.iki_id, "text": first.iki.text, "target": first.iki.target_display,
            "employee_id": first.employee_id, "skp_id": first.skp_id,
            "trend": [{"period_start": r.period_start, "achievement": _f(r.achievement),
                       "projected": _f(r.projected), "risk": r.risk, "reason": reason_text(r.reason)} for r in rows]}


@router.get("/achievement/employees/{int:employee_id}", response={200: EmployeeAchievementOut, **READ_ERRORS})
def employee(request, employee_id: Id, q: Query[PeriodQuery]):
    """An employee's achievement (mean of their RHK) per reporting period of one SKP period."""
    from kinerja.skp.models import Skp
    from kinerja.skp.permissions import restrict_skps

    user = actor(request)
    skps = restrict_skps(Skp.objects.filter(employee_id=employee_id), user).select_related("employee", "period")
    if q.period is not None:
        skps = skps.filter(period_id=q.period)
    skp = skps.order_by("-period__start_date").first()
    if skp is None:
        raise Http404
    rows = EmployeeAchievement.objects.filter(skp=skp).order_by("period_start")
    return {"id": skp.employee_id, "name": skp.employee.name, "skp_id": skp.pk,
            "trend": [{"period_start": r.period_start, "achievement": _f(r.achievement), "projected": _f(r.projected),
                       "indicators": r.indicators, "reported": r.reported, "at_risk": r.at_risk} for r in rows]}


@router.get("/achievement/units/{int:unit_id}", response={200: UnitAchievementOut, **READ_ERRORS})
def unit(request, unit_id: Id, q: Query[PeriodQuery]):
    """A unit subtree: the mean achievement of its employees per period, and its own IKU and PK indicators."""
    from kinerja.organization.models import Unit

    user = _user(request)
    found = permissions.restrict_units(Unit.objects.filter(pk=unit_id), user).first()
    if found is None:
        raise Http404
    period = _period(user, q.period)
    span = {"period_start__range": (period.start_date, period.end_date)}
    trend: dict = defaultdict(dict)
    for start, avg, n, risky in (EmployeeAchievement.objects.filter(
            subtree_q([found.path], "unit__path"), instance_id=found.instance_id, **span)
            .values_list("period_start").order_by("period_start")
            .annotate(a=Avg("achievement"), n=Count("id"), r=Count("id", filter=Q(at_risk__gt=0)))):
        trend[start] = {"period_start": start, "achievement": None if avg is None else round(float(avg), 2),
                        "employees": n, "at_risk": risky}
    indicators = _indicators(IndicatorAchievement.objects.filter(unit=found, **span))
    return {"unit": {"id": found.pk, "name": found.name}, "trend": list(trend.values()), "indicators": indicators}

