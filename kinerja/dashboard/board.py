"""What the organisation dashboard shows, read from the roll-up tables in a fixed number of queries.

* :func:`board` — each IKU and PK indicator of the units in the user's scope: achievement now, projection,
  early warning, the trend per month; the units compared; the early-warning list (IKU, PK indicators,
  employees, IKI at risk with the reason).
* :func:`indicator_detail` — a PK indicator: the JPT RHK that carry it and the RHK intervening them, rolled.
* :func:`rhk_detail` — an RHK: its own IKI, the RHK intervening it and the people behind the number.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from kinerja.dashboard import permissions
from kinerja.progress.achievement.queries import rolled_standings
from kinerja.progress.models import EmployeeAchievement, IkiAchievement, IndicatorAchievement, IndicatorLevel, Risk

WARNING_ROWS = 12
TREND_LINES = 6


@dataclass
class Indicator:
    level: str
    pk: int
    name: str
    code: str
    unit_name: str
    measure_unit: str = ""
    achievement: float | None = None
    projected: float | None = None
    risk: str = ""
    reason: str = ""
    contributors: int = 0
    at_risk: int = 0
    trend: list = field(default_factory=list)  # (period_start, achievement)
    children: list = field(default_factory=list)  # an IKU's PK indicators


def _f(value) -> float | None:
    return None if value is None else float(value)


def pick_period(user, wanted: str | None):
    """The SKP period shown: the one asked for (of the user's instance), else the one holding today, else the
    latest."""
    from kinerja.skp.models import Period

    if not permissions.can_view_dashboard(user):
        raise Http404
    instance_id = permissions.dashboard_instance_id(user)
    if instance_id is None:  # a platform operator who has not picked an instance
        return None, []
    periods = list(Period.objects.filter(instance_id=instance_id).order_by("-start_date"))
    if wanted:
        chosen = next((p for p in periods if str(p.pk) == wanted), None)
        if chosen is None:
            raise Http404
        return chosen, periods
    today = timezone.localdate()
    chosen = next((p for p in periods if p.start_date <= today <= p.end_date), periods[0] if periods else None)
    return chosen, periods


def _rows(user, period) -> QuerySet:
    qs = IndicatorAchievement.objects.filter(instance_id=period.instance_id, period_start__gte=period.start_date,
                                             period_start__lte=period.end_date)
    return permissions.restrict_unit_rows(qs, user)


def board(user, period) -> dict:
    """Everything the board shows for ``period``."""
    ikus: dict[int, Indicator] = {}
    pks: dict[int, Indicator] = {}
    pk_iku: dict[int, int | None] = {}
    months: set[date] = set()
    today = timezone.localdate()
    rows = (_rows(user, period).order_by("period_start")
            .values_list("level", "pk_indicator_id", "pk_indicator__name", "pk_indicator__iku_id",
                         "pk_indicator__measure_unit", "iku_id", "iku__name", "iku__code", "iku__measure_unit",
                         "unit__name", "period_start", "achievement", "projected", "risk", "reason", "contributors",
                         "at_risk"))
    for (level, pk_id, pk_name, pk_iku_id, pk_measure, iku_id, iku_name, iku_code, iku_measure, unit_name, start,
         ach, proj, risk, reason, contributors, at_risk) in rows:
        if start > today:
            continue
        months.add(start)
        if level == IndicatorLevel.IKU:
            item = ikus.setdefault(iku_id, Indicator("iku", iku_id, iku_name, iku_code, unit_name, iku_measure))
        else:
            item = pks.setdefault(pk_id, Indicator("pk", pk_id, pk_name, "", unit_name, pk_measure))
            pk_iku[pk_id] = pk_iku_id
        item.trend.append((start, _f(ach)))
        item.achievement, item.projected, item.risk, item.reason = _f(ach), _f(proj), risk, reason
        item.contributors, item.at_risk = contributors, at_risk
    loose = []
    for pk_id, item in pks.items():
        parent = ikus.get(pk_iku[pk_id] or 0)
        (parent.children if parent else loose).append(item)
    iku_list = sorted(ikus.values(), key=lambda i: (i.unit_name, i.code, i.name))
    labels = sorted(months)
    latest = labels[-1] if labels else _latest_start(period)

    units: dict[str, list[float]] = defaultdict(list)
    for item in pks.values():
        if item.achievement is not None:
            units[item.unit_name].append(item.achievement)
    compared = sorted(((name, round(sum(v) / len(v), 2)) for name, v in units.items()), key=lambda x: -x[1])

    # the headline: the IKU (the organisation's goals); the PK indicators where no IKU is rolled up
    values = ([i.achievement for i in ikus.values() if i.achievement is not None]
              or [i.achievement for i in pks.values() if i.achievement is not None])
    headline = ([i for i in iku_list if i.trend][:TREND_LINES]
                or sorted(pks.values(), key=lambda i: i.name)[:TREND_LINES])
    trend = {"labels": [d.strftime("%Y-%m") for d in labels],
             "series": [{"label": (f"{i.code} " if i.code else "") + i.name[:60],
                         "data": [dict(i.trend).get(d) for d in labels]} for i in headline]}
    warnings = {
        "indicators": [i for i in [*iku_list, *sorted(pks.values(), key=lambda i: i.name)] if i.risk == Risk.AT_RISK],
        "employees": [], "ikis": [],
    }
    if latest:
        warnings["employees"] = list(
            permissions.restrict_people_rows(permissions.restrict_unit_rows(
                EmployeeAchievement.objects.filter(instance_id=period.instance_id, period_start=latest,
                                                   at_risk__gt=0), user), user)
            .select_related("employee", "unit").order_by("projected", "employee__name")[:WARNING_ROWS])
        warnings["ikis"] = list(
            permissions.restrict_people_rows(permissions.restrict_unit_rows(
                IkiAchievement.objects.filter(instance_id=period.instance_id, period_start=latest,
                                              risk=Risk.AT_RISK), user), user)
            .select_related("iki", "employee").order_by("projected", "pk")[:WARNING_ROWS])
    return {
        "ikus": iku_list, "loose_pks": sorted(loose, key=lambda i: (i.unit_name, i.name)), "latest": latest,
        "mean": round(sum(values) / len(values), 2) if values else None,
        "indicator_total": len(ikus) + len(pks),
        "at_risk_total": sum(1 for i in [*ikus.values(), *pks.values()] if i.risk == Risk.AT_RISK),
        "trend": json.dumps(trend),
        "compared": json.dumps({"labels": [n for n, _ in compared], "data": [v for _, v in compared]}),
        "unit_count": len(compared),
        "warnings": warnings,
    }


def _latest_start(period) -> date | None:
    today = timezone.localdate()
    return (IkiAchievement.objects.filter(instance_id=period.instance_id, period_start__gte=period.start_date,
                                          period_start__lte=min(today, period.end_date))
            .order_by("-period_start").values_list("period_start", flat=True).first())


def indicator_detail(user, pk_id: int) -> dict:
    """A PK indicator of the user's scope: its trend and the JPT RHK carrying it, rolled up."""
    from kinerja.planning.models import PkIndicator
    from kinerja.skp.models import Rhk

    qs = PkIndicator.objects.select_related("agreement__unit", "iku").filter(
        permissions.units_q(user, "agreement__unit"))
    indicator = qs.filter(pk=pk_id).first()
    if indicator is None:
        raise Http404
    trend = list(IndicatorAchievement.objects.filter(level=IndicatorLevel.PK, pk_indicator=indicator)
                 .order_by("period_start").values_list("period_start", "achievement", "projected", "risk", "reason"))
    carriers = list(Rhk.objects.filter(pk_indicator=indicator, skp__version__gte=1)
                    .select_related("skp__employee", "skp__unit", "skp__period").order_by("skp__period__start_date",
                                                                                          "pk"))
    latest = None
    rolled = {}
    if carriers:
        latest = _latest_start(carriers[-1].skp.period)
        if latest:
            rolled = rolled_standings([r.pk for r in carriers], latest)
    return {"indicator": indicator, "trend": trend, "latest": latest,
            "carriers": [(r, rolled.get(r.pk)) for r in carriers],
            "chart": json.dumps({"labels": [d.strftime("%Y-%m") for d, *_ in trend],
                                 "series": [{"label": indicator.name[:60], "data": [_f(a) for _, a, *_ in trend]}]})}


def rhk_detail(user, rhk_id: int) -> dict:
    """An RHK the user may reach (its unit in scope): own IKI, the RHK intervening it with the people."""
    from kinerja.skp.models import Rhk

    rhk = (Rhk.objects.select_related("skp__employee", "skp__unit", "skp__period", "parent", "pk_indicator")
           .filter(permissions.units_q(user, "skp__unit"), pk=rhk_id, skp__version__gte=1).first())
    if rhk is None:
        raise Http404
    latest = _latest_start(rhk.skp.period)
    children = list(Rhk.objects.filter(parent=rhk, skp__version__gte=1)
                    .select_related("skp__employee", "skp__unit").order_by("skp__unit__path", "skp__employee__name"))
    rolled = rolled_standings([rhk.pk, *(c.pk for c in children)], latest) if latest else {}
    own = list(IkiAchievement.objects.filter(iki__rhk=rhk, period_start=latest).select_related("iki")
               .order_by("iki__order", "iki_id")) if latest else []
    people = {}
    if latest:
        people = {e.skp_id: e for e in EmployeeAchievement.objects.filter(
            skp_id__in={c.skp_id for c in children}, period_start=latest)}
    visible = set(permissions.restrict_people_rows(
        EmployeeAchievement.objects.filter(skp_id__in={c.skp_id for c in children} | {rhk.skp_id}), user)
        .values_list("skp_id", flat=True))
    return {"rhk": rhk, "latest": latest, "standing": rolled.get(rhk.pk), "own": own,
            "children": [(c, rolled.get(c.pk), people.get(c.skp_id), c.skp_id in visible) for c in children],
            "own_visible": rhk.skp_id in visible}
