"""The roll-up writes: IKI → employee, and RHK → PK indicator → IKU, from the counted reports.

The rules (formulas, accumulation, projection, warning, roll-up) are ``kinerja/rules/achievement.py``;
this module reads the rows they need with a fixed number of ``values_list`` queries per chunk, and writes
the results in bulk (COPY on PostgreSQL): old rows of what is recomputed are deleted and written again.

* :func:`refresh_for_ikis` — incremental, called inside the reviewing transaction: those IKI's rows for
  every reporting period, their employees' rows, and the PK indicators (and their IKU) whose cascade
  reaches those IKI's RHK.
* :func:`rebuild` — the whole instance (or one SKP period), chunked by SKP.

Only reports the settings count are used (``ReportingSettings.count_unreviewed``: accepted only by
default, else submitted ones too). Newly at-risk IKI tell the employee's superior and the unit head
(``notifications.services.notify``, once per IKI and period).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from kinerja.core import bulk
from kinerja.core.actors import system_actor
from kinerja.progress.models import (
    ActionPlan,
    EmployeeAchievement,
    IkiAchievement,
    IndicatorAchievement,
    IndicatorLevel,
    Report,
    ReportingSettings,
    ReportStatus,
    Risk,
)
from kinerja.rules import achievement as rules

CHUNK_SKPS = 2_000


@dataclass
class Stats:
    ikis: int = 0
    iki_rows: int = 0
    employee_rows: int = 0
    indicator_rows: int = 0
    notified: int = 0
    seconds: float = 0.0


def reporting_settings(instance_id: int) -> ReportingSettings:
    return (ReportingSettings.objects.filter(instance_id=instance_id).first()
            or ReportingSettings(instance_id=instance_id))


def rule_settings(settings: ReportingSettings) -> rules.Settings:
    return rules.Settings(cap=float(settings.achievement_cap), at_risk_below=float(settings.at_risk_below),
                          cadence=settings.cadence, deadline_day=settings.deadline_day)


def counted_statuses(settings: ReportingSettings) -> list[str]:
    if settings.count_unreviewed:
        return [ReportStatus.ACCEPTED, ReportStatus.SUBMITTED]
    return [ReportStatus.ACCEPTED]


def _f(value) -> float | None:
    return None if value is None else float(value)


IKI_FIELDS = ("id", "rhk_id", "rhk__skp_id", "rhk__skp__employee_id", "rhk__skp__unit_id",
              "rhk__skp__period__start_date", "rhk__skp__period__end_date", "rhk__skp__period__scoring_scheme",
              "target_kind", "target_value", "target_min", "target_max", "measure_unit", "lower_is_better",
              "instance_id")


def _iki_queryset():
    from kinerja.skp.models import Iki

    return Iki.objects.filter(rhk__skp__version__gte=1)  # approved at least once


def _compute(ikis: list[tuple], settings: ReportingSettings, today: date):
    """IKI rows and employee rows for ``ikis`` (tuples of IKI_FIELDS; whole SKPs for employee rows)."""
    ids = [row[0] for row in ikis]
    reports: dict[int, dict[date, rules.Reported]] = defaultdict(dict)
    for iki_id, start, value, judged in (Report.objects.filter(iki_id__in=ids, status__in=counted_statuses(settings))
                                         .values_list("iki_id", "period_start", "value", "judged_achievement")
                                         .order_by()):
        reports[iki_id][start] = rules.Reported(_f(value), _f(judged))
    plans: dict[int, dict[int, float]] = defaultdict(dict)
    for iki_id, quarter, target in (ActionPlan.objects.filter(iki_id__in=ids, target__isnull=False)
                                    .values_list("iki_id", "quarter", "target").order_by()):
        plans[iki_id][quarter] = float(target)
    rs = rule_settings(settings)
    period_cache: dict[tuple[date, date], list] = {}
    iki_out: list[tuple] = []
    # per SKP: rhk → period → [standings]
    per_skp: dict[int, dict[int, dict[date, list[rules.Standing]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list)))
    skp_meta: dict[int, tuple] = {}
    for (iki_id, rhk_id, skp_id, employee_id, unit_id, p_start, p_end, scheme, kind, target, low, high, measure,
         lower, instance_id) in ikis:
        key = (p_start, p_end)
        if key not in period_cache:
            period_cache[key] = rules.reporting_periods(p_start, p_end, settings.cadence)
        spec = rules.Spec(rules.Kind(kind), _f(target), _f(low), _f(high), lower, measure)
        rows = rules.iki_rows(spec, period_cache[key], reports.get(iki_id, {}), today=today, settings=rs,
                              plans=plans.get(iki_id), scheme=scheme)
        skp_meta[skp_id] = (employee_id, unit_id, instance_id)
        for r in rows:
            iki_out.append((iki_id, skp_id, employee_id, unit_id, instance_id, r))
            per_skp[skp_id][rhk_id][r.period_start].append(
                rules.Standing(r.achievement, r.projected, 1 if r.achievement is not None else 0,
                               1 if r.risk == rules.Risk.AT_RISK else 0))
    employee_out: list[tuple] = []
    for skp_id, rhks in per_skp.items():
        by_period: dict[date, list[rules.Standing]] = defaultdict(list)
        for periods in rhks.values():
            for start, parts in periods.items():
                by_period[start].append(rules.combine(parts))
        employee_id, unit_id, instance_id = skp_meta[skp_id]
        for start, parts in by_period.items():
            indicators = sum(1 for rhk in rhks.values() for _ in rhk.get(start, ()))
            reported = sum(p.contributors for p in parts)
            at_risk = sum(p.at_risk for p in parts)
            st = rules.combine(parts)
            employee_out.append((skp_id, employee_id, unit_id, instance_id, start, st.achievement, st.projected,
                                 indicators, reported, at_risk))
    return iki_out, employee_out


def _write_iki_rows(iki_out, now) -> None:
    bulk.insert(IkiAchievement, ["instance_id", "iki_id", "skp_id", "employee_id", "unit_id", "period_start",
                                 "realisation", "achievement", "expected", "projected", "risk", "reason",
                                 "created_at", "updated_at"],
                ([inst, iki, skp, emp, unit, r.period_start, r.realisation, r.achievement, r.expected, r.projected,
                  str(r.risk), r.reason, now, now] for iki, skp, emp, unit, inst, r in iki_out))


def _write_employee_rows(employee_out, now) -> None:
    bulk.insert(EmployeeAchievement, ["instance_id", "skp_id", "employee_id", "unit_id", "period_start",
                                      "achievement", "projected", "indicators", "reported", "at_risk",
                                      "created_at", "updated_at"],
                ([inst, skp, emp, unit, start, ach, proj, n, rep, risk, now, now]
                 for skp, emp, unit, inst, start, ach, proj, n, rep, risk in employee_out))


# --- the cascade: RHK → PK indicator → IKU ---------------------------------------------------------

def _own_standings(rhk_ids: Iterable[int] | None, instance_id: int, periods: Iterable[date] | None = None):
    """(rhk, period) → Standing of the RHK's own IKI, from the stored IKI rows (one GROUP BY)."""
    from django.db.models import Avg, Count, Q

    qs = IkiAchievement.objects.filter(instance_id=instance_id)
    if rhk_ids is not None:
        qs = qs.filter(iki__rhk_id__in=list(rhk_ids))
    if periods is not None:
        qs = qs.filter(period_start__in=list(periods))
    out: dict[date, dict[int, rules.Standing]] = defaultdict(dict)
    for rhk_id, start, ach, proj, n, risky in (
            qs.values_list("iki__rhk_id", "period_start").order_by()
            .annotate(a=Avg("achievement"), p=Avg("projected"), n=Count("achievement"),
                      r=Count("id", filter=Q(risk=Risk.AT_RISK)))):
        out[start][rhk_id] = rules.Standing(None if ach is None else round(float(ach), 2),
                                            None if proj is None else round(float(proj), 2), n, risky)
    return out


def _indicators(instance_id: int, pk_ids: Iterable[int] | None, today: date, settings: ReportingSettings,
                rhk_children: dict[int, list[int]] | None = None, carriers: dict[int, list[int]] | None = None):
    """Rows of the PK indicators ``pk_ids`` (None: all of the instance) and of their IKU."""
    from kinerja.planning.models import PkIndicator
    from kinerja.skp.models import Rhk

    pk_qs = PkIndicator.objects.filter(instance_id=instance_id)
    if pk_ids is not None:
        pk_qs = pk_qs.filter(pk__in=list(pk_ids))
    pk_meta = {pk: (unit, iku) for pk, unit, iku in pk_qs.values_list("id", "agreement__unit_id", "iku_id")}
    if not pk_meta:
        return [], set()
    if carriers is None:
        carriers = defaultdict(list)
        for rhk_id, pk_id in (Rhk.objects.filter(pk_indicator_id__in=list(pk_meta), skp__version__gte=1)
                              .values_list("id", "pk_indicator_id")):
            carriers[pk_id].append(rhk_id)
    if rhk_children is None:
        rhk_children = _subtree_children([r for ids in carriers.values() for r in ids])
    roots = [r for ids in carriers.values() for r in ids]
    nodes = None if pk_ids is None else (
        set(rhk_children) | {c for kids in rhk_children.values() for c in kids} | set(roots))
    rows: list[tuple] = []
    ikus: dict[int, dict[date, list[rules.Standing]]] = defaultdict(lambda: defaultdict(list))
    at_risk_below = float(settings.at_risk_below)
    periods = sorted(IkiAchievement.objects.filter(instance_id=instance_id).values_list("period_start", flat=True)
                     .distinct().order_by())
    for start in periods:
        standings = _own_standings(nodes, instance_id, [start]).get(start, {})
        rolled = rules.roll_tree(standings, rhk_children, roots)
        for pk_id, (unit_id, iku_id) in pk_meta.items():
            parts = [rolled[r] for r in carriers.get(pk_id, ()) if r in rolled]
            st = rules.combine(parts) if parts else rules.Standing()
            risk, reason = rules.indicator_warning(st, at_risk_below)
            rows.append((IndicatorLevel.PK, pk_id, None, unit_id, start, st, risk, reason))
            if iku_id:
                ikus[iku_id][start].append(st)
    return rows, set(ikus)


def _subtree_children(roots: list[int]) -> dict[int, list[int]]:
    """rhk → the RHK intervening it, for everything below ``roots`` (one query per level)."""
    from kinerja.skp.models import Rhk

    children: dict[int, list[int]] = defaultdict(list)
    frontier, seen = list(set(roots)), set(roots)
    while frontier:
        nxt = []
        for i in range(0, len(frontier), 20_000):
            for rhk_id, parent_id in (Rhk.objects.filter(parent_id__in=frontier[i:i + 20_000], skp__version__gte=1)
                                      .values_list("id", "parent_id").order_by()):
                children[parent_id].append(rhk_id)
                if rhk_id not in seen:
                    seen.add(rhk_id)
                    nxt.append(rhk_id)
        frontier = nxt
    return children


def _iku_rows(instance_id: int, iku_ids: set[int], settings: ReportingSettings) -> list[tuple]:
    """IKU rows from the stored PK indicator rows of all their PK indicators."""
    from kinerja.planning.models import Iku

    units = dict(Iku.objects.filter(pk__in=iku_ids).values_list("id", "unit_id"))
    parts: dict[tuple[int, date], list[rules.Standing]] = defaultdict(list)
    for iku_id, start, ach, proj, n, risky in (
            IndicatorAchievement.objects.filter(instance_id=instance_id, level=IndicatorLevel.PK,
                                                pk_indicator__iku_id__in=iku_ids)
            .values_list("pk_indicator__iku_id", "period_start", "achievement", "projected", "contributors",
                         "at_risk").order_by()):
        parts[(iku_id, start)].append(rules.Standing(_f(ach), _f(proj), n, risky))
    rows = []
    for (iku_id, start), standings in parts.items():
        st = rules.combine(standings)
        risk, reason = rules.indicator_warning(st, float(settings.at_risk_below))
        rows.append((IndicatorLevel.IKU, None, iku_id, units[iku_id], start, st, risk, reason))
    return rows


def _write_indicator_rows(instance_id: int, rows: list[tuple], now) -> None:
    bulk.insert(IndicatorAchievement, ["instance_id", "level", "pk_indicator_id", "iku_id", "unit_id", "period_start",
                                       "achievement", "projected", "contributors", "at_risk", "risk", "reason",
                                       "created_at", "updated_at"],
                ([instance_id, str(level), pk, iku, unit, start, st.achievement, st.projected, st.contributors,
                  st.at_risk, str(risk), reason, now, now] for level, pk, iku, unit, start, st, risk, reason in rows))


def _replace_indicators(instance_id: int, pk_ids: set[int] | None, today, settings, now) -> int:
    pk_rows, iku_ids = _indicators(instance_id, pk_ids, today, settings)
    target = IndicatorAchievement.objects.filter(instance_id=instance_id, level=IndicatorLevel.PK)
    if pk_ids is not None:
        target = target.filter(pk_indicator_id__in=pk_ids)
    target.delete()
    _write_indicator_rows(instance_id, pk_rows, now)
    if pk_ids is None:
        from kinerja.planning.models import PkIndicator

        iku_ids = set(PkIndicator.objects.filter(instance_id=instance_id, iku__isnull=False)
                      .values_list("iku_id", flat=True))
    IndicatorAchievement.objects.filter(instance_id=instance_id, level=IndicatorLevel.IKU,
                                        iku_id__in=iku_ids).delete()
    iku_rows = _iku_rows(instance_id, iku_ids, settings)
    _write_indicator_rows(instance_id, iku_rows, now)
    return len(pk_rows) + len(iku_rows)


def _pk_indicators_above(rhk_ids: Iterable[int]) -> set[int]:
    """The PK indicators carried by ``rhk_ids`` or by any RHK they intervene (walking ``parent`` up)."""
    from kinerja.skp.models import Rhk

    found: set[int] = set()
    frontier, seen = set(rhk_ids), set()
    while frontier:
        seen |= frontier
        nxt = set()
        for parent_id, pk_id in Rhk.objects.filter(pk__in=frontier).values_list("parent_id", "pk_indicator_id"):
            if pk_id:
                found.add(pk_id)
            if parent_id and parent_id not in seen:
                nxt.add(parent_id)
        frontier = nxt
    return found


# --- early warning -------------------------------------------------------------------------------

def _latest_risk(iki_ids, instance_id) -> dict[int, tuple[date, str]]:
    """iki → (period, risk) of its latest stored row."""
    out: dict[int, tuple[date, str]] = {}
    for iki_id, start, risk in (IkiAchievement.objects.filter(instance_id=instance_id, iki_id__in=iki_ids)
                                .values_list("iki_id", "period_start", "risk").order_by("iki_id", "period_start")):
        out[iki_id] = (start, risk)
    return out


def _notify_new_risks(instance_id: int, before: dict[int, tuple[date, str]], iki_out, actor) -> int:
    """Tell the superior and the unit head of each IKI whose latest row turned at risk."""
    from kinerja.accounts.models import User
    from kinerja.notifications.services import notify
    from kinerja.organization.models import Position
    from kinerja.people.holders import current_holders
    from kinerja.skp.models import Iki, Skp

    latest: dict[int, tuple] = {}
    for iki, skp, _emp, unit, _inst, r in iki_out:
        latest[iki] = (skp, unit, r)
    new = {iki: v for iki, v in latest.items()
           if v[2].risk == rules.Risk.AT_RISK and before.get(iki, (None, ""))[1] != Risk.AT_RISK}
    if not new:
        return 0
    skps = {s.pk: s for s in Skp.objects.filter(pk__in={v[0] for v in new.values()}).select_related("employee")}
    heads = dict(Position.objects.filter(unit_id__in={v[1] for v in new.values()}, is_head=True)
                 .values_list("unit_id", "id"))
    holders = current_holders(heads.values())
    head_employee = {unit: holders[pos][0].employee.pk for unit, pos in heads.items() if holders.get(pos)}
    people = {s.evaluator_id for s in skps.values()} | set(head_employee.values()) | {
        s.employee_id for s in skps.values()}
    users = dict(User.objects.filter(employee_id__in=people).values_list("employee_id", "id"))
    texts = dict(Iki.objects.filter(pk__in=new).values_list("id", "text"))
    sent = 0
    for iki_id, (skp_id, unit_id, row) in new.items():
        skp = skps[skp_id]
        recipients = {users.get(skp.evaluator_id), users.get(head_employee.get(unit_id))}
        recipients.discard(users.get(skp.employee_id))
        created = notify(actor=actor, instance_id=instance_id, recipients=[r for r in recipients if r],
                         kind="at_risk", title=f"{skp.employee.name}: {texts.get(iki_id, '')}"[:200],
                         body=row.reason, url=f"/skp/{skp_id}/",
                         dedupe_key=f"at_risk:iki:{iki_id}:{row.period_start:%Y-%m-%d}")
        sent += len(created)
    return sent


# --- the two entry points ------------------------------------------------------------------------

def refresh_for_ikis(iki_ids: Iterable[int], *, today: date | None = None, actor=None) -> Stats:
    """Recompute ``iki_ids`` for every reporting period, their employees and the cascade above them."""
    started = time.perf_counter()
    stats = Stats()
    ids = sorted(set(iki_ids))
    if not ids:
        return stats
    today = today or timezone.localdate()
    actor = actor or system_actor("achievement")
    from kinerja.skp.models import Iki

    first = Iki.objects.filter(pk__in=ids).values_list("instance_id", flat=True).first()
    if first is None:
        return stats
    instance_id = first
    settings = reporting_settings(instance_id)
    skp_ids = set(Iki.objects.filter(pk__in=ids).values_list("rhk__skp_id", flat=True))
    ikis = list(_iki_queryset().filter(rhk__skp_id__in=skp_ids).values_list(*IKI_FIELDS))
    with transaction.atomic():
        now = timezone.now()
        before = _latest_risk(ids, instance_id)
        iki_out, employee_out = _compute(ikis, settings, today)
        wanted = set(ids)
        iki_out = [row for row in iki_out if row[0] in wanted]
        IkiAchievement.objects.filter(iki_id__in=ids).delete()
        _write_iki_rows(iki_out, now)
        EmployeeAchievement.objects.filter(skp_id__in=skp_ids).delete()
        _write_employee_rows(employee_out, now)
        pk_ids = _pk_indicators_above({row[1] for row in ikis if row[0] in wanted})
        stats.indicator_rows = _replace_indicators(instance_id, pk_ids, today, settings, now) if pk_ids else 0
        stats.notified = _notify_new_risks(instance_id, before, iki_out, actor)
    stats.ikis, stats.iki_rows, stats.employee_rows = len(ids), len(iki_out), len(employee_out)
    stats.seconds = time.perf_counter() - started
    return stats


def rebuild(*, instance_id: int, period=None, today: date | None = None, actor=None, progress=None,
            notify_risks: bool = True) -> Stats:
    """Recompute every achievement row of the instance (or of one SKP ``period``: a Period or its id).

    ``progress(done, total)`` is called after each chunk of SKPs (the CLI's progress bar)."""
    from kinerja.skp.models import Skp

    started = time.perf_counter()
    stats = Stats()
    today = today or timezone.localdate()
    actor = actor or system_actor("achievement")
    settings = reporting_settings(instance_id)
    period_id = getattr(period, "pk", period)
    skps = Skp.objects.filter(instance_id=instance_id, version__gte=1)
    if period_id is not None:
        skps = skps.filter(period_id=period_id)
    skp_ids = list(skps.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        now = timezone.now()
        old_iki = IkiAchievement.objects.filter(instance_id=instance_id)
        old_emp = EmployeeAchievement.objects.filter(instance_id=instance_id)
        if period_id is not None:
            old_iki, old_emp = old_iki.filter(skp__period_id=period_id), old_emp.filter(skp__period_id=period_id)
        before: dict[int, tuple[date, str]] = {}
        if notify_risks:
            for iki_id, start, risk in (old_iki.filter(risk=Risk.AT_RISK).values_list("iki_id", "period_start", "risk")
                                        .order_by("iki_id", "period_start")):
                before[iki_id] = (start, risk)
        old_iki.delete()
        old_emp.delete()
        for i in range(0, len(skp_ids), CHUNK_SKPS):
            chunk = skp_ids[i:i + CHUNK_SKPS]
            ikis = list(_iki_queryset().filter(rhk__skp_id__in=chunk).values_list(*IKI_FIELDS).order_by())
            iki_out, employee_out = _compute(ikis, settings, today)
            _write_iki_rows(iki_out, now)
            _write_employee_rows(employee_out, now)
            if notify_risks:
                stats.notified += _notify_new_risks(instance_id, before, iki_out, actor)
            stats.ikis += len(ikis)
            stats.iki_rows += len(iki_out)
            stats.employee_rows += len(employee_out)
            if progress:
                progress(min(len(skp_ids), i + CHUNK_SKPS), len(skp_ids))
        stats.indicator_rows = _replace_indicators(instance_id, None, today, settings, now)
    bulk.refresh_statistics([IkiAchievement, EmployeeAchievement, IndicatorAchievement], stats.iki_rows)
    stats.seconds = time.perf_counter() - started
    return stats
