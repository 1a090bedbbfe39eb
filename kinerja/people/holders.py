"""Who exercises a position today: the definitive holder or an acting official (Plt/Plh), in bulk.

Shown by the organisation pages and the plan (docs/architecture.md, "Layers": not in a views module).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from .models import Assignment, Employee


@dataclass(frozen=True)
class Holding:
    """Someone exercising a position: the definitive holder or an acting official (Plt/Plh)."""

    employee: Employee
    acting_kind: str | None = None

    @property
    def prefix(self) -> str:
        return {"plt": "Plt.", "plh": "Plh."}.get(self.acting_kind or "", "")


def current_holders(position_ids, day=None) -> dict[int, list[Holding]]:
    """position id → people exercising it on ``day``, acting officials first.

    The bulk form of :func:`kinerja.people.chain.holder_of`: two queries for any number of positions.
    """
    ids = list(position_ids)
    result: dict[int, list[Holding]] = defaultdict(list)
    if not ids:
        return result
    day = day or timezone.localdate()
    acting = (Assignment.objects.active_on(day).acting().filter(position_id__in=ids)
              .select_related("employee").order_by("position_id", "-start_date", "-id"))
    for assignment in acting:
        result[assignment.position_id].append(Holding(assignment.employee, assignment.kind))
    for employee in Employee.objects.filter(position_id__in=ids, is_active=True).order_by("name", "id"):
        result[employee.position_id].append(Holding(employee))
    return result
