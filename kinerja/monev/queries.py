"""Reads shared by the pages, the API and the command line: lists with their owners in a fixed number of
queries, the dashboard's counts."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from kinerja.rules import monev as rules

from .models import Recommendation, RecommendationStatus

REC_RELATED = ("owner_employee", "owner_unit", "round", "session__employee", "session__unit")


def active_q() -> Q:
    return Q(status__in=sorted(rules.ACTIVE))


def overdue_q(today: dt.date) -> Q:
    return active_q() & Q(due_on__lt=today)


def recommendations(qs: QuerySet, today: dt.date, *, overdue: bool = False, status: str | None = None) -> QuerySet:
    qs = qs.select_related(*REC_RELATED)
    if overdue:
        qs = qs.filter(overdue_q(today))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("due_on", "pk")


def owner_name(rec: Recommendation) -> str:
    if rec.owner_employee_id:
        return rec.owner_employee.name
    return rec.owner_unit.name if rec.owner_unit_id else ""


def recommendation_rows(qs: QuerySet, today: dt.date, *, overdue: bool = False, status: str | None = None) -> list:
    """Plain rows (the CLI's JSON): one query."""
    labels = dict(RecommendationStatus.choices)
    rows = []
    for rec in recommendations(qs, today, overdue=overdue, status=status):
        rows.append({
            "id": rec.pk, "instance_id": rec.instance_id, "round": rec.round.name, "text": rec.text,
            "category": rec.category,
            "owner": {"kind": "employee" if rec.owner_employee_id else "unit",
                      "id": rec.owner_employee_id or rec.owner_unit_id, "name": owner_name(rec)},
            "due_on": rec.due_on.isoformat(), "status": rec.status, "status_label": str(labels[rec.status]),
            "overdue": rec.is_overdue(today), "days_late": rec.days_late(today), "lock_version": rec.lock_version,
        })
    return rows


def status_counts(qs: QuerySet, today: dt.date) -> dict:
    """{status: n, "overdue": n, "total": n} in one query."""
    agg = qs.aggregate(total=Count("pk"), overdue=Count("pk", filter=overdue_q(today)),
                       **{s: Count("pk", filter=Q(status=s)) for s in rules.STATUSES})
    return agg


def by_owner(qs: QuerySet, today: dt.date, limit: int = 20) -> list[dict]:
    """The active recommendations per owner (employee or unit), most first, with the overdue count: one query."""
    rows = (qs.filter(active_q()).values("owner_employee_id", "owner_employee__name", "owner_unit_id",
                                         "owner_unit__name")
            .annotate(n=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)),
                      in_progress=Count("pk", filter=Q(status=rules.IN_PROGRESS)))
            .order_by("-overdue", "-n", "owner_employee__name", "owner_unit__name")[:limit])
    return [{"name": r["owner_employee__name"] or r["owner_unit__name"],
             "kind": "employee" if r["owner_employee_id"] else "unit", "n": r["n"], "overdue": r["overdue"],
             "in_progress": r["in_progress"], "open": r["n"] - r["in_progress"]} for r in rows]
