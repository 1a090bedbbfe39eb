"""The roll-up writes: IKI → employee, and RHK → PK indicator → IKU, from the counted reports.

The rules (formulas, accumulation, projection, warning, roll-up) are ``kinerja/rules/achievement.py``;
this module reads the rows they need with a fixed number of ``values_list`` queries per chunk, and writes
the results in bulk (COPY on PostgreSQL); on PostgreSQL the bulk of the work is set-based (sql.py).

* :func:`refresh_for_ikis` — incremental, called inside the reviewing transaction: those IKI's rows for
  every reporting period, their employees' rows, and the PK indicators (and their IKU) whose cascade
  reaches those IKI's RHK.
* :func:`advance` — nightly: the reporting periods whose rows the date changed, every IKI from its reports.
* :func:`rebuild` — the whole instance: every IKI's current standing (the periods still open at the last run),
  the closed periods' rows kept; ``history=True`` (or one SKP period, or SQLite) every period again.

Only reports the settings count are used (``ReportingSettings.count_unreviewed``: accepted only by
default, else submitted ones too). Newly at-risk IKI tell the employee's superior and the unit head
(``notifications.services.notify``, once per IKI and period).
"""

from __future__ import annotations

import contextlib
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
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
    RhkAchievement,
    Risk,
    RollupMark,
)
from kinerja.rules import achievement as rules

from .reasons import LazyReason
from .sql import IKI_COLUMNS

CHUNK_SKPS = 2_000


@dataclass
class Stats:
    ikis: int = 0
    iki_rows: int = 0  # computed
    iki_rows_written: int = 0  # written: on PostgreSQL ``advance`` writes only the rows that differ
    employee_rows: int = 0
    indicator_rows: int = 0
    rhk_rows: int = 0
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


IKI_FIELDS = ("id", "rhk_id", "rhk__parent_id", "rhk__pk_indicator_id", "rhk__skp_id", "rhk__skp__employee_id",
              "rhk__skp__unit_id",
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
    rhk_meta: dict[int, tuple] = {}
    for (iki_id, rhk_id, parent_id, pk_indicator_id, skp_id, employee_id, unit_id, p_start, p_end, scheme, kind,
         target, low, high, measure, lower, instance_id) in ikis:
        rhk_meta[rhk_id] = (parent_id, pk_indicator_id)
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
    rhk_own: dict[int, dict[date, rules.Standing]] = {}
    for skp_id, rhks in per_skp.items():
        by_period: dict[date, list[rules.Standing]] = defaultdict(list)
        for rhk_id, periods in rhks.items():
            own = rhk_own[rhk_id] = {}
            for start, parts in periods.items():
                own[start] = rules.combine(parts)
                by_period[start].append(own[start])
        employee_id, unit_id, instance_id = skp_meta[skp_id]
        for start, parts in by_period.items():
            indicators = sum(1 for rhk in rhks.values() for _ in rhk.get(start, ()))
            reported = sum(p.contributors for p in parts)
            at_risk = sum(p.at_risk for p in parts)
            st = rules.combine(parts)
            employee_out.append((skp_id, employee_id, unit_id, instance_id, start, st.achievement, st.projected,
                                 indicators, reported, at_risk))
    return iki_out, employee_out, rhk_own, rhk_meta


def _write_iki_rows(iki_out, now) -> None:
    bulk.insert(IkiAchievement, IKI_COLUMNS,
                ([inst, iki, skp, emp, unit, r.period_start, r.realisation, r.achievement, r.expected, r.projected,
                  str(r.risk), r.reason, now, now] for iki, skp, emp, unit, inst, r in iki_out))


def _write_employee_rows(employee_out, now) -> None:
    bulk.insert(EmployeeAchievement, ["instance_id", "skp_id", "employee_id", "unit_id", "period_start",
                                      "achievement", "projected", "indicators", "reported", "at_risk",
                                      "created_at", "updated_at"],
                ([inst, skp, emp, unit, start, ach, proj, n, rep, risk, now, now]
                 for skp, emp, unit, inst, start, ach, proj, n, rep, risk in employee_out))


# --- the cascade: RHK → PK indicator → IKU ---------------------------------------------------------

RHK_COLUMNS = ["instance_id", "rhk_id", "period_start", "achievement", "projected", "rolled_achievement",
               "rolled_projected", "contributors", "at_risk", "created_at", "updated_at"]


def _rhk_row(instance_id: int, rhk_id: int, start: date, own: rules.Standing | None, rolled: rules.Standing, now):
    return [instance_id, rhk_id, start, own.achievement if own else None, own.projected if own else None,
            rolled.achievement, rolled.projected, rolled.contributors, rolled.at_risk, now, now]


def _stored_own(achievement, projected, contributors, at_risk) -> rules.Standing:
    """An RHK's own standing from its stored row: when its own IKI are reported the rolled figures are its own."""
    if achievement is None:
        return rules.Standing(None, _f(projected), 0, 0)
    return rules.Standing(_f(achievement), _f(projected), contributors, at_risk)


def _indicator_rows(instance_id: int, pk_acc: dict[int, dict[date, rules.Accumulator]], pk_ids: Iterable[int],
                    periods: Iterable[date], settings: ReportingSettings):
    """PK indicator rows (one per period, NO_DATA where nothing supports it yet) and their IKU rows."""
    from kinerja.planning.models import PkIndicator

    meta = {pk: (unit, iku) for pk, unit, iku in PkIndicator.objects.filter(pk__in=list(pk_ids))
            .values_list("id", "agreement__unit_id", "iku_id")}
    iku_ids = {iku for _unit, iku in meta.values() if iku}
    from kinerja.planning.models import Iku

    iku_units = dict(Iku.objects.filter(pk__in=iku_ids).values_list("id", "unit_id"))
    threshold = float(settings.at_risk_below)
    rows: list[tuple] = []
    ikus: dict[int, dict[date, rules.Accumulator]] = defaultdict(lambda: defaultdict(rules.Accumulator))
    for pk_id, (unit_id, iku_id) in meta.items():
        accs = pk_acc.get(pk_id, {})
        for start in periods:
            st = accs[start].standing() if start in accs else rules.Standing()
            risk, reason = rules.indicator_warning(st, threshold)
            rows.append((IndicatorLevel.PK, pk_id, None, unit_id, start, st, risk, reason))
            if iku_id:
                ikus[iku_id][start].add(st)
    for iku_id, accs in ikus.items():
        for start, acc in accs.items():
            st = acc.standing()
            risk, reason = rules.indicator_warning(st, threshold)
            rows.append((IndicatorLevel.IKU, None, iku_id, iku_units[iku_id], start, st, risk, reason))
    return rows, set(ikus)


def _write_indicator_rows(instance_id: int, rows: list[tuple], now) -> None:
    bulk.insert(IndicatorAchievement, ["instance_id", "level", "pk_indicator_id", "iku_id", "unit_id", "period_start",
                                       "achievement", "projected", "contributors", "at_risk", "risk", "reason",
                                       "created_at", "updated_at"],
                ([instance_id, str(level), pk, iku, unit, start, st.achievement, st.projected, st.contributors,
                  st.at_risk, str(risk), reason, now, now] for level, pk, iku, unit, start, st, risk, reason in rows))


class _BulkRollup:
    """The rebuild's roll-up in one pass: leaves are written as their chunk is computed and summed into their
    parent; RHK others intervene (fewer) wait in memory and are rolled deepest first at the end."""

    def __init__(self, instance_id: int, now, period_id: int | None = None):
        from kinerja.skp.models import Rhk

        self.instance_id, self.now = instance_id, now
        approved = Rhk.objects.filter(instance_id=instance_id, skp__version__gte=1)
        if period_id is not None:
            approved = approved.filter(skp__period_id=period_id)
        parents = set(approved.filter(parent__isnull=False).values_list("parent_id", flat=True).distinct().order_by())
        self.inner = {rhk: (parent, pk) for rhk, parent, pk in
                      approved.filter(pk__in=parents).values_list("id", "parent_id", "pk_indicator_id").order_by()}
        self.inner_own: dict[int, dict[date, rules.Standing]] = {}
        self.acc: dict[int, dict[date, rules.Accumulator]] = defaultdict(lambda: defaultdict(rules.Accumulator))
        self.pk_acc: dict[int, dict[date, rules.Accumulator]] = defaultdict(lambda: defaultdict(rules.Accumulator))
        self.periods: set[date] = set()
        self.rows = 0

    def _lift(self, rhk_id, parent_id, pk_id, start, rolled):
        if parent_id and parent_id in self.inner:
            self.acc[parent_id][start].add(rolled)
        if pk_id:
            self.pk_acc[pk_id][start].add(rolled)

    def add_chunk(self, rhk_own, rhk_meta) -> None:
        out = []
        for rhk_id, periods in rhk_own.items():
            self.periods.update(periods)
            if rhk_id in self.inner:
                self.inner_own[rhk_id] = periods
                continue
            parent_id, pk_id = rhk_meta[rhk_id]
            for start, own in periods.items():
                out.append(_rhk_row(self.instance_id, rhk_id, start, own, own, self.now))
                self._lift(rhk_id, parent_id, pk_id, start, own)
        bulk.insert(RhkAchievement, RHK_COLUMNS, out)
        self.rows += len(out)

    def add_set_based(self, period_id: int | None, starts: list[date] | None = None) -> int:
        """Feed it from the stored IKI rows set-based (sql.rhk_and_employee_rows, which also writes the employee
        rows and the rows of the RHK nobody intervenes; only the periods beginning on ``starts``, if given).
        Returns the employee rows written."""
        from kinerja.progress.achievement import sql as set_based

        inner_own, parent_sums, pk_sums, periods, rhk_rows, employee_rows = set_based.rhk_and_employee_rows(
            instance_id=self.instance_id, period_id=period_id, inner=set(self.inner), now=self.now, starts=starts)
        self.inner_own.update(inner_own)
        for owner, accs in parent_sums.items():
            self.acc[owner].update(accs)
        for owner, accs in pk_sums.items():
            self.pk_acc[owner].update(accs)
        self.periods |= periods
        self.rows += rhk_rows
        return employee_rows

    def finish(self) -> None:
        depth: dict[int, int] = {}
        for node in self.inner:
            chain, cur = [], node
            while cur in self.inner and cur not in depth and cur not in chain:
                chain.append(cur)
                cur = self.inner[cur][0]
            base = depth.get(cur, 0) if cur in depth else 0
            for i, n in enumerate(reversed(chain), start=1):
                depth[n] = base + i
        out = []
        for node in sorted(self.inner, key=lambda n: -depth.get(n, 0)):
            parent_id, pk_id = self.inner[node]
            own = self.inner_own.get(node, {})
            kids = self.acc.get(node, {})
            for start in sorted(set(own) | set(kids)):
                rolled = rules.rolled_from(own.get(start), kids.get(start))
                out.append(_rhk_row(self.instance_id, node, start, own.get(start), rolled, self.now))
                self._lift(node, parent_id, pk_id, start, rolled)
        bulk.insert(RhkAchievement, RHK_COLUMNS, out)
        self.rows += len(out)


def _refresh_chain(instance_id: int, rhk_own: dict[int, dict[date, rules.Standing]], start_ids: set[int],
                   now) -> set[int]:
    """Recompute the RHK ``start_ids`` (own standing fresh in ``rhk_own``) and every RHK above them, from the
    stored rows of their children; the PK indicators met on the way."""
    from kinerja.skp.models import Rhk

    pk_ids: set[int] = set()
    frontier = set(start_ids)
    seen: set[int] = set()
    while frontier:
        seen |= frontier
        meta = {rhk: (parent, pk) for rhk, parent, pk in Rhk.objects.filter(pk__in=frontier, skp__version__gte=1)
                .values_list("id", "parent_id", "pk_indicator_id")}
        stored_own: dict[int, dict[date, rules.Standing]] = defaultdict(dict)
        stored = [m for m in meta if m not in rhk_own]
        for rhk_id, start, a, p, n, r in (RhkAchievement.objects.filter(rhk_id__in=stored)
                                          .values_list("rhk_id", "period_start", "achievement", "projected",
                                                       "contributors", "at_risk")):
            stored_own[rhk_id][start] = _stored_own(a, p, n, r)
        kids: dict[int, dict[date, rules.Accumulator]] = defaultdict(lambda: defaultdict(rules.Accumulator))
        for parent_id, start, a, p, n, r in (RhkAchievement.objects.filter(rhk__parent_id__in=list(meta),
                                                                           rhk__skp__version__gte=1)
                                             .values_list("rhk__parent_id", "period_start", "rolled_achievement",
                                                          "rolled_projected", "contributors", "at_risk")):
            kids[parent_id][start].add(rules.Standing(_f(a), _f(p), n, r))
        out = []
        for rhk_id, (_parent_id, pk_id) in meta.items():
            own = rhk_own.get(rhk_id, stored_own.get(rhk_id, {}))
            for start in sorted(set(own) | set(kids.get(rhk_id, {}))):
                rolled = rules.rolled_from(own.get(start), kids.get(rhk_id, {}).get(start))
                out.append(_rhk_row(instance_id, rhk_id, start, own.get(start), rolled, now))
            if pk_id:
                pk_ids.add(pk_id)
        RhkAchievement.objects.filter(rhk_id__in=list(meta)).delete()
        bulk.insert(RhkAchievement, RHK_COLUMNS, out)
        frontier = {parent for parent, _pk in meta.values() if parent and parent not in seen}
    return pk_ids


def _refresh_indicators(instance_id: int, pk_ids: set[int], settings: ReportingSettings, now) -> int:
    """The PK indicators ``pk_ids`` from the stored rows of the RHK carrying them, then their IKU."""
    from kinerja.planning.models import PkIndicator

    pk_acc: dict[int, dict[date, rules.Accumulator]] = defaultdict(lambda: defaultdict(rules.Accumulator))
    periods: set[date] = set()
    for pk_id, start, a, p, n, r in (RhkAchievement.objects.filter(rhk__pk_indicator_id__in=pk_ids,
                                                                   rhk__skp__version__gte=1)
                                     .values_list("rhk__pk_indicator_id", "period_start", "rolled_achievement",
                                                  "rolled_projected", "contributors", "at_risk")):
        pk_acc[pk_id][start].add(rules.Standing(_f(a), _f(p), n, r))
        periods.add(start)
    rows, iku_ids = _indicator_rows(instance_id, pk_acc, pk_ids, sorted(periods), settings)
    pk_rows = [row for row in rows if row[0] == IndicatorLevel.PK]
    IndicatorAchievement.objects.filter(level=IndicatorLevel.PK, pk_indicator_id__in=pk_ids).delete()
    _write_indicator_rows(instance_id, pk_rows, now)
    # an IKU: every PK indicator carrying it, from their stored rows (the fresh ones included)
    iku_ids |= set(PkIndicator.objects.filter(pk__in=pk_ids, iku__isnull=False).values_list("iku_id", flat=True))
    acc: dict[int, dict[date, rules.Accumulator]] = defaultdict(lambda: defaultdict(rules.Accumulator))
    for iku_id, start, a, p, n, r in (IndicatorAchievement.objects.filter(level=IndicatorLevel.PK,
                                                                          pk_indicator__iku_id__in=iku_ids)
                                      .values_list("pk_indicator__iku_id", "period_start", "achievement", "projected",
                                                   "contributors", "at_risk")):
        acc[iku_id][start].add(rules.Standing(_f(a), _f(p), n, r))
    from kinerja.planning.models import Iku

    units = dict(Iku.objects.filter(pk__in=iku_ids).values_list("id", "unit_id"))
    threshold = float(settings.at_risk_below)
    iku_rows = []
    for iku_id, accs in acc.items():
        for start, a in accs.items():
            st = a.standing()
            risk, reason = rules.indicator_warning(st, threshold)
            iku_rows.append((IndicatorLevel.IKU, None, iku_id, units[iku_id], start, st, risk, reason))
    IndicatorAchievement.objects.filter(level=IndicatorLevel.IKU, iku_id__in=iku_ids).delete()
    _write_indicator_rows(instance_id, iku_rows, now)
    return len(pk_rows) + len(iku_rows)


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
                         body=LazyReason(row.reason), url=f"/skp/{skp_id}/",
                         dedupe_key=f"at_risk:iki:{iki_id}:{row.period_start:%Y-%m-%d}")
        sent += len(created)
    return sent


# --- the two entry points ------------------------------------------------------------------------

def refresh_for_ikis(iki_ids: Iterable[int], *, today: date | None = None, actor=None,
                     notify_risks: bool = True) -> Stats:
    """Recompute ``iki_ids`` for every reporting period, their employees and the cascade above them."""
    started = time.perf_counter()
    stats = Stats()
    ids = sorted(set(iki_ids))
    if not ids:
        return stats
    today = today or timezone.localdate()
    actor = actor or system_actor("achievement")
    from kinerja.skp.models import Iki

    found = list(Iki.objects.filter(pk__in=ids).values_list("instance_id", "rhk__skp_id", "rhk_id"))
    if not found:
        return stats
    instance_id = found[0][0]
    settings = reporting_settings(instance_id)
    skp_ids = {skp for _i, skp, _r in found}
    rhk_ids = {rhk for _i, _s, rhk in found}
    ikis = list(_iki_queryset().filter(rhk__skp_id__in=skp_ids).values_list(*IKI_FIELDS))
    with transaction.atomic():
        now = timezone.now()
        before = _latest_risk(ids, instance_id)
        iki_out, employee_out, rhk_own, _meta = _compute(ikis, settings, today)
        wanted = set(ids)
        iki_out = [row for row in iki_out if row[0] in wanted]
        IkiAchievement.objects.filter(iki_id__in=ids).delete()
        _write_iki_rows(iki_out, now)
        EmployeeAchievement.objects.filter(skp_id__in=skp_ids).delete()
        _write_employee_rows(employee_out, now)
        fresh = {rhk: rhk_own.get(rhk, {}) for rhk in rhk_ids}
        pk_ids = _refresh_chain(instance_id, fresh, rhk_ids, now)
        stats.indicator_rows = _refresh_indicators(instance_id, pk_ids, settings, now) if pk_ids else 0
        if notify_risks:
            stats.notified = _notify_new_risks(instance_id, before, iki_out, actor)
    stats.ikis, stats.iki_rows, stats.employee_rows = len(ids), len(iki_out), len(employee_out)
    stats.iki_rows_written = stats.iki_rows
    stats.seconds = time.perf_counter() - started
    return stats


def _rebuild_in_sql(rollup: _BulkRollup, stats: Stats, *, instance_id: int, period_id: int | None,
                    settings: ReportingSettings, today: date, now, skp_ids: list[int]) -> None:
    """The IKI, employee and un-intervened RHK rows set-based (sql.py); the rest of ``rollup`` is fed from them."""
    from kinerja.progress.achievement import sql as set_based

    with connection.cursor() as cursor:  # a rebuild can be re-run from scratch: no need to wait for the WAL flush
        cursor.execute("SET LOCAL synchronous_commit = off")
        # one statement computes every IKI row (window functions, sorts, hash joins): room for them in memory
        cursor.execute("SET LOCAL work_mem = '256MB'")
    stats.iki_rows = set_based.write_iki_rows(instance_id=instance_id, period_id=period_id, skp_ids=skp_ids,
                                              settings=settings, statuses=counted_statuses(settings), today=today,
                                              now=now) if skp_ids else 0
    planned = set_based.plan_iki_ids(instance_id=instance_id, period_id=period_id)
    if planned:  # their expected-by-now follows the plan: the rules score them, whole SKPs at a time
        ikis = list(_iki_queryset().filter(pk__in=planned).values_list(*IKI_FIELDS).order_by())
        iki_out = _compute(ikis, settings, today)[0]
        _write_iki_rows(iki_out, now)
        stats.iki_rows += len(iki_out)
    stats.ikis = _iki_queryset().filter(rhk__skp_id__in=skp_ids).count() if skp_ids else 0
    stats.employee_rows = rollup.add_set_based(period_id)


def _rebuild_in_python(rollup: _BulkRollup, stats: Stats, *, instance_id: int, settings: ReportingSettings,
                       today: date, now, skp_ids: list[int], before, actor, progress) -> None:
    """The reference: the rules in Python, chunk by chunk of SKPs, written with COPY."""
    for i in range(0, len(skp_ids), CHUNK_SKPS):
        chunk = skp_ids[i:i + CHUNK_SKPS]
        ikis = list(_iki_queryset().filter(rhk__skp_id__in=chunk).values_list(*IKI_FIELDS).order_by())
        iki_out, employee_out, rhk_own, rhk_meta = _compute(ikis, settings, today)
        _write_iki_rows(iki_out, now)
        _write_employee_rows(employee_out, now)
        rollup.add_chunk(rhk_own, rhk_meta)
        if before is not None:
            stats.notified += _notify_new_risks(instance_id, before, iki_out, actor)
        stats.ikis += len(ikis)
        stats.iki_rows += len(iki_out)
        stats.employee_rows += len(employee_out)
        if progress:
            progress(min(len(skp_ids), i + CHUNK_SKPS), len(skp_ids))


def rebuild(*, instance_id: int, period=None, today: date | None = None, actor=None, progress=None,
            notify_risks: bool = True, sql: bool | None = None, history: bool = False) -> Stats:
    """Recompute the instance's achievement from the counted reports (or one SKP ``period``'s: a Period or its id).

    On PostgreSQL (``sql``: set-based inside the database, sql.py, the default there), when the stored rows are
    sound (:func:`history_kept`), only what can still change is recomputed: the rows of every reporting period
    whose deadline had not passed at the last run (the current one, the one before until its deadline, those closed
    since), every IKI from all its reports, and their employees, RHK, PK indicators and IKU
    (:func:`_advance_periods`). A closed period's rows stay as written: a report of theirs that is reviewed
    later rolls up at once (:func:`refresh_for_ikis`). ``history`` (or no sound rows, another SKP period, SQLite,
    ``sql=False``): every row of every begun period is written again (set-based with window functions, or in
    Python with the rules chunk by chunk: the reference).

    ``progress(done, total)`` is called after each chunk of SKPs (the CLI's progress bar)."""
    from kinerja.planning.models import PkIndicator
    from kinerja.skp.models import Skp

    started = time.perf_counter()
    stats = Stats()
    today = today or timezone.localdate()
    actor = actor or system_actor("achievement")
    settings = reporting_settings(instance_id)
    period_id = getattr(period, "pk", period)
    if sql is None:
        sql = connection.vendor == "postgresql"
    if sql and period_id is None and not history and history_kept(instance_id, today, settings):
        stats = advance(instance_id=instance_id, today=today, actor=actor, notify_risks=notify_risks,
                        every_open_period=True)
        if progress:
            progress(1, 1)
        return stats
    skps = Skp.objects.filter(instance_id=instance_id, version__gte=1)
    if period_id is not None:
        skps = skps.filter(period_id=period_id)
    skp_ids = list(skps.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        now = timezone.now()
        before: dict[int, tuple[date, str]] = {}
        if notify_risks:
            for iki_id, start, risk in (IkiAchievement.objects.filter(instance_id=instance_id, risk=Risk.AT_RISK)
                                        .values_list("iki_id", "period_start", "risk")
                                        .order_by("iki_id", "period_start")):
                before[iki_id] = (start, risk)
        aside = contextlib.nullcontext()
        if sql:  # one DELETE (or TRUNCATE) per table, no rows fetched
            from kinerja.progress.achievement import sql as set_based

            if set_based.delete_rows(instance_id=instance_id, period_id=period_id):
                # emptied: their indexes are built once over the new rows instead of row by row
                aside = bulk.indexes_set_aside([IkiAchievement, EmployeeAchievement, RhkAchievement])
        elif period_id is None:
            for model in (IkiAchievement, EmployeeAchievement, RhkAchievement, IndicatorAchievement):
                model.objects.filter(instance_id=instance_id).delete()
        else:  # the period's rows; the indicators are rewritten below from every period's RHK rows
            IkiAchievement.objects.filter(instance_id=instance_id, skp__period_id=period_id).delete()
            EmployeeAchievement.objects.filter(instance_id=instance_id, skp__period_id=period_id).delete()
            RhkAchievement.objects.filter(instance_id=instance_id, rhk__skp__period_id=period_id).delete()
        rollup = _BulkRollup(instance_id, now, period_id)
        with aside:
            if sql:
                _rebuild_in_sql(rollup, stats, instance_id=instance_id, period_id=period_id, settings=settings,
                                today=today, now=now, skp_ids=skp_ids)
            else:
                _rebuild_in_python(rollup, stats, instance_id=instance_id, settings=settings, today=today, now=now,
                                   skp_ids=skp_ids, before=before if notify_risks else None, actor=actor,
                                   progress=progress)
            rollup.finish()
        if sql:
            if notify_risks:
                stats.notified += _notify_new_risks(instance_id, before, set_based.latest_at_risk(
                    instance_id=instance_id, period_id=period_id), actor)
            if progress:
                progress(len(skp_ids), len(skp_ids))
        pk_ids = set(PkIndicator.objects.filter(instance_id=instance_id).values_list("pk", flat=True))
        if period_id is None:
            rows, _ikus = _indicator_rows(instance_id, rollup.pk_acc, pk_ids, sorted(rollup.periods), settings)
            _write_indicator_rows(instance_id, rows, now)
            stats.indicator_rows = len(rows)
        else:
            stats.indicator_rows = _refresh_indicators(instance_id, pk_ids, settings, now) if pk_ids else 0
        stats.rhk_rows = rollup.rows
        if period_id is None:
            _set_mark(instance_id, today, settings)
    stats.iki_rows_written = stats.iki_rows
    bulk.refresh_statistics([IkiAchievement, EmployeeAchievement, RhkAchievement, IndicatorAchievement],
                            stats.iki_rows)
    stats.seconds = time.perf_counter() - started
    return stats



# --- advancing to a later day --------------------------------------------------------------------

# Bump when the rules or the SQL change what a stored row holds: the next ``advance`` rebuilds instead.
ROWS_VERSION = "2"  # 2: the trend from sums over the reports (rules.trend_sxy), no running state
MAX_ASIDE_IKIS = 20_000  # IKI without the rows of the closed periods, scored in Python; more: rebuild


def _mark_key(settings: ReportingSettings) -> str:
    """What the stored rows were computed with: the rows' version and the settings that change them."""
    return "|".join([ROWS_VERSION, settings.cadence, str(settings.deadline_day), str(float(settings.achievement_cap)),
                     str(float(settings.at_risk_below)), str(settings.count_unreviewed)])


def _set_mark(instance_id: int, today: date, settings: ReportingSettings) -> None:
    RollupMark.objects.update_or_create(instance_id=instance_id,
                                        defaults={"as_of": today, "key": _mark_key(settings)})


def history_kept(instance_id: int, today: date, settings: ReportingSettings | None = None) -> RollupMark | None:
    """The RollupMark of the stored rows if they may be kept up to ``today`` (computed before with the same rows'
    version and settings, on a day not after ``today``), else None."""
    settings = settings or reporting_settings(instance_id)
    mark = RollupMark.objects.filter(instance_id=instance_id).first()
    return mark if mark is not None and mark.key == _mark_key(settings) and mark.as_of <= today else None


def changed_periods(start: date, end: date, settings: ReportingSettings, since: date, today: date) -> list[tuple]:
    """(number, start) of the reporting periods of the SKP period ``start`` – ``end`` whose row computed on ``since``
    differs on ``today`` though no report changed: one begun since, or at or after one whose deadline passed since
    (a row counts the periods overdue up to it). Empty on most days."""
    reporting = tuple(rules.reporting_periods(start, end, settings.cadence))
    if not reporting:
        return []
    begun = rules._calendar(reporting, today, settings.deadline_day)
    dues = [rules.due_date(p_end, settings.deadline_day) for _s, p_end in reporting]
    passed = [k for k, due in enumerate(dues, start=1) if since <= due < today]
    first = min(passed) if passed else None
    return [(index, p_start) for index, p_start, _e, _o, _s in begun
            if p_start > since or (first is not None and index >= first)]


def open_periods(start: date, end: date, settings: ReportingSettings, since: date, today: date) -> list[tuple]:
    """(number, start) of the reporting periods of the SKP period ``start`` – ``end`` begun by ``today`` whose rows
    computed on ``since`` were not final: their deadline had not passed then (a row no longer depends on the date
    once its own deadline has passed). What a rebuild recomputes when the history is kept."""
    reporting = tuple(rules.reporting_periods(start, end, settings.cadence))
    if not reporting:
        return []
    begun = rules._calendar(reporting, today, settings.deadline_day)
    return [(index, p_start) for index, p_start, p_end, _o, _s in begun
            if rules.due_date(p_end, settings.deadline_day) >= since]


class _Changed(NamedTuple):
    """What ``advance`` recomputes of one SKP period."""

    start: date
    end: date
    todo: list[tuple[int, date]]  # (number, start) of the reporting periods to recompute
    reporting: list[tuple[date, date]]  # every reporting period of the SKP period
    latest_before: date | None  # the start of the latest one begun at the last run


def advance(*, instance_id: int, today: date | None = None, actor=None, notify_risks: bool = True,
            every_open_period: bool = False) -> Stats:
    """Bring the instance's roll-up up to ``today``: the rows whose standing depends on the date (a reporting
    period that has begun, a deadline that has passed: expected-by-now, the trend, "no data" warnings), with the
    early warnings they raise. What the nightly job runs.

    Reports are rolled up as they are reviewed (:func:`refresh_for_ikis`), so a later day changes only the periods
    :func:`changed_periods` names (``every_open_period``: those :func:`open_periods` names, what ``rebuild`` asks
    for). On PostgreSQL each of them is computed set-based for every IKI from its counted reports
    (sql.write_open_rows); IKI with a plan, or without the stored rows of the periods before (a new SKP version), are
    scored by the rules in Python. A full :func:`rebuild` instead when nothing was computed yet, the settings or the
    rows' version changed (:func:`history_kept`), or on SQLite. The IKI of SKPs approved since the last run are
    rolled up like a reviewed report (:func:`refresh_for_ikis`)."""
    from kinerja.skp.models import Iki, Skp

    today = today or timezone.localdate()
    actor = actor or system_actor("achievement")
    settings = reporting_settings(instance_id)
    mark = history_kept(instance_id, today, settings) if connection.vendor == "postgresql" else None
    if mark is None:
        return rebuild(instance_id=instance_id, today=today, actor=actor, notify_risks=notify_risks, history=True)
    started = time.perf_counter()
    stats = Stats()
    plan: list[_Changed] = []
    todo_of = open_periods if every_open_period else changed_periods
    for start, end in sorted(set(Skp.objects.filter(instance_id=instance_id, version__gte=1)  # periods with work
                                 .values_list("period__start_date", "period__end_date").distinct().order_by())):
        todo = todo_of(start, end, settings, mark.as_of, today)
        if todo:
            reporting = rules.reporting_periods(start, end, settings.cadence)
            begun = rules._calendar(tuple(reporting), mark.as_of, settings.deadline_day)
            plan.append(_Changed(start, end, todo, reporting, begun[-1][1] if begun else None))
    # SKPs approved since (a new one, a new version): their IKI have no rows yet, whatever the date changes (an
    # hour before the mark too: one approved while the last run was computing); and, where submitted reports count,
    # the IKI with one submitted since (a reviewed report rolls up as it is reviewed)
    since = mark.updated_at - timedelta(hours=1)
    fresh = set(Iki.objects.filter(instance_id=instance_id, rhk__skp__version__gte=1,
                                   rhk__skp__approved_at__gte=since).values_list("pk", flat=True))
    if settings.count_unreviewed:  # submitted reports count, and a submission rolls nothing up by itself
        fresh |= set(Report.objects.filter(instance_id=instance_id, status=ReportStatus.SUBMITTED,
                                           submitted_at__gte=since).values_list("iki_id", flat=True).distinct())
    fresh = sorted(fresh)
    if len(fresh) > MAX_ASIDE_IKIS:
        return rebuild(instance_id=instance_id, today=today, actor=actor, notify_risks=notify_risks, history=True)
    with transaction.atomic():
        if plan:
            try:
                _advance_periods(instance_id, plan, settings, today, actor, notify_risks, stats)
            except _RebuildInstead:  # rolled back (its own savepoint): too many IKI to score in Python
                return rebuild(instance_id=instance_id, today=today, actor=actor, notify_risks=notify_risks,
                               history=True)
        if fresh:  # every period of theirs, their employees and the cascade above them
            more = refresh_for_ikis(fresh, today=today, actor=actor, notify_risks=notify_risks)
            stats.notified += more.notified
            stats.iki_rows_written += more.iki_rows
            if not plan:  # else they were counted with the periods recomputed
                stats.ikis += more.ikis
                stats.iki_rows += more.iki_rows
        _set_mark(instance_id, today, settings)
    stats.seconds = time.perf_counter() - started
    return stats


class _RebuildInstead(Exception):
    pass


def _without_earlier_rows(instance_id: int, changed: _Changed, aside: set[int]) -> set[int]:
    """The IKI of the SKP period ``changed`` without the stored row of the period before the first one recomputed (a
    new SKP version, rows never computed): the rules in Python score all their periods. A count says whether there
    are any; only then are they looked for."""
    from kinerja.skp.models import Iki

    first = changed.todo[0][0]
    if first == 1:
        return set()
    prev_start = changed.reporting[first - 2][0]
    scope = Iki.objects.filter(instance_id=instance_id, rhk__skp__version__gte=1,
                               rhk__skp__period__start_date=changed.start, rhk__skp__period__end_date=changed.end)
    stored = IkiAchievement.objects.filter(instance_id=instance_id, period_start=prev_start,
                                           skp__period__start_date=changed.start,
                                           skp__period__end_date=changed.end).count()
    if stored >= scope.count():
        return set()
    return set(scope.exclude(Exists(IkiAchievement.objects.filter(iki_id=OuterRef("pk"), period_start=prev_start)))
               .exclude(pk__in=aside).values_list("pk", flat=True))


def _advance_periods(instance_id: int, plan: list[_Changed], settings: ReportingSettings, today: date, actor,
                     notify_risks: bool, stats: Stats) -> None:
    """``advance``'s writes for the SKP periods ``plan``, in one transaction (a savepoint inside the caller's)."""
    from kinerja.planning.models import PkIndicator
    from kinerja.progress.achievement import sql as set_based

    with transaction.atomic():
        now = timezone.now()
        starts = sorted({p_start for changed in plan for _i, p_start in changed.todo})
        latest_before = {changed.latest_before for changed in plan if changed.latest_before}
        before = {iki: (start, Risk.AT_RISK) for iki, start in IkiAchievement.objects.filter(
            instance_id=instance_id, period_start__in=latest_before, risk=Risk.AT_RISK).values_list(
            "iki_id", "period_start")} if notify_risks else {}
        # the IKI rows are written over in place (sql.write_open_rows); the others are fewer
        for model in (EmployeeAchievement, RhkAchievement, IndicatorAchievement):
            model.objects.filter(instance_id=instance_id, period_start__in=starts).delete()
        with connection.cursor() as cursor:  # a pass over every report: room for its sorts and joins in memory
            cursor.execute("SET LOCAL work_mem = '256MB'")
            # the aggregates add floats in the order they read the reports (sql._open_levels): no parallel plan, whose
            # workers would each add a share and then add the shares together
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            cursor.execute("SET LOCAL synchronous_commit = off")  # derived rows: a crash loses nothing to redo
        params = set_based.prepare(instance_id=instance_id, period_id=None, settings=settings,
                                   statuses=counted_statuses(settings), today=today, now=now)
        aside = set(set_based.plan_iki_ids(instance_id=instance_id, period_id=None))  # scored in Python
        for changed in plan:
            aside |= _without_earlier_rows(instance_id, changed, aside)
        if len(aside) > MAX_ASIDE_IKIS:
            raise _RebuildInstead
        if aside:
            set_based.set_aside(aside)
        at_risk: list[tuple] = []
        for changed in plan:
            starts_of = [p_start for p_start, _e in changed.reporting if p_start <= today]
            for index, p_start in changed.todo:
                computed, written, risky = set_based.write_open_rows(
                    params, skp_start=changed.start, skp_end=changed.end, idx=index, p_start=p_start,
                    starts=starts_of, aside=bool(aside))
                stats.iki_rows += computed
                stats.iki_rows_written += written
                if index == changed.todo[-1][0]:
                    stats.ikis += computed
                    at_risk += risky
        latest_after = {changed.todo[-1][1] for changed in plan}
        if aside:
            IkiAchievement.objects.filter(iki_id__in=aside).delete()
            ikis = list(_iki_queryset().filter(pk__in=aside).values_list(*IKI_FIELDS).order_by())
            iki_out = _compute(ikis, settings, today)[0]
            _write_iki_rows(iki_out, now)
            recomputed = sum(1 for row in iki_out if row[5].period_start in starts)
            stats.iki_rows += recomputed
            stats.iki_rows_written += recomputed
            stats.ikis += len(ikis)
            at_risk += [row for row in iki_out if row[5].period_start in latest_after
                        and row[5].risk == rules.Risk.AT_RISK]
        rollup = _BulkRollup(instance_id, now)
        employee_rows = rollup.add_set_based(None, starts)
        rollup.finish()
        pk_ids = set(PkIndicator.objects.filter(instance_id=instance_id).values_list("pk", flat=True))
        rows, _ikus = _indicator_rows(instance_id, rollup.pk_acc, pk_ids, starts, settings)
        _write_indicator_rows(instance_id, rows, now)
        if notify_risks:
            stats.notified = _notify_new_risks(instance_id, before, at_risk, actor)
        stats.employee_rows, stats.rhk_rows, stats.indicator_rows = employee_rows, rollup.rows, len(rows)
