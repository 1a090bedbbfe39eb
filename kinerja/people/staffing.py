"""The organisation pages' and services' view of the people in the tree (``organization/staffing.py``),
registered from ``people/apps.py``."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import Substr

from kinerja.organization.models import Unit

from . import permissions
from .holders import current_holders
from .models import Employee


class PeopleStaffing:
    def current_holders(self, position_ids):
        return current_holders(position_ids)

    def subtree_counts(self, units, instance_id: int) -> dict[str, int]:
        """One GROUP BY query per distinct depth."""
        by_depth: dict[int, list[str]] = defaultdict(list)
        for unit in units:
            by_depth[unit.depth].append(unit.path)
        counts: dict[str, int] = {}
        for depth, paths in by_depth.items():
            rows = (Employee.objects.filter(instance_id=instance_id, is_active=True)
                    .annotate(prefix=Substr("unit__path", 1, depth * Unit.steplen))
                    .filter(prefix__in=paths).order_by().values("prefix").annotate(n=Count("id")))
            counts.update({row["prefix"]: row["n"] for row in rows})
        return counts

    def unit_count(self, unit) -> int:
        return Employee.objects.filter(unit=unit, is_active=True).count()

    def position_count(self, position) -> int:
        return Employee.objects.filter(position=position, is_active=True).count()

    def filled_q(self) -> Exists:
        return Exists(Employee.objects.filter(position_id=OuterRef("pk"), is_active=True))

    def visible_holders(self, user, position) -> list:
        return list(permissions.restrict_employees(Employee.objects.all(), user)
                    .filter(position=position, is_active=True).order_by("name", "id"))

    def visible_ids(self, user, employee_ids) -> set[int]:
        return set(permissions.restrict_employees(Employee.objects.filter(pk__in=list(employee_ids)), user)
                   .values_list("pk", flat=True))
