"""Acknowledgement coverage, computed in bulk: a constant number of queries however many
employees, units or items are involved.

Two GROUP BY queries give "active audience employees per unit path" and "acknowledgements per unit
path"; Python then adds them up into the rows shown (the audience units, the OPD of the instance,
or the children of the unit drilled into).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from kinerja.core.tree import in_subtrees, subtree_q
from kinerja.organization.models import Unit
from kinerja.people.models import Employee

from .models import Acknowledgement, Item, ItemAudience
from .permissions import ancestor_paths, audience_employee_q

NO_UNIT = ""


def percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def tone(pct: float) -> str:
    """The colour of a coverage bar: green from 80 %, amber from 50 %, else red."""
    return "success" if pct >= 80 else "warning" if pct >= 50 else "danger"


@dataclass
class Row:
    unit: Unit | None
    label: str
    audience: int = 0
    acknowledged: int = 0
    has_children: bool = False
    direct: bool = False  # the drilled unit's own employees (not its sub-units)

    @property
    def pending(self) -> int:
        return self.audience - self.acknowledged

    @property
    def percent(self) -> float:
        return percent(self.acknowledged, self.audience)

    @property
    def tone(self) -> str:
        return tone(self.percent)


@dataclass
class Coverage:
    item: Item
    unit: Unit | None
    rows: list[Row] = field(default_factory=list)
    trail: list[Unit] = field(default_factory=list)
    audience: int = 0
    acknowledged: int = 0

    @property
    def pending(self) -> int:
        return self.audience - self.acknowledged

    @property
    def percent(self) -> float:
        return percent(self.acknowledged, self.audience)

    @property
    def tone(self) -> str:
        return tone(self.percent)


def audience_paths(item: Item) -> list[str]:
    return sorted(ItemAudience.objects.filter(item=item).values_list("unit__path", flat=True))


def in_audience(item: Item, paths: list[str], unit: Unit) -> bool:
    return unit.instance_id == item.instance_id and (item.whole_instance or in_subtrees(unit.path, paths))


def _counts(item: Item, paths: list[str], under: str | None) -> tuple[dict[str, int], dict[str, int]]:
    """unit path → active audience employees, and → those who acknowledged (two queries)."""
    employees = Employee.objects.filter(audience_employee_q(item.instance_id, item.whole_instance, paths))
    acks = Acknowledgement.objects.filter(item=item).filter(
        audience_employee_q(item.instance_id, item.whole_instance, paths, prefix="employee__"))
    if under:
        employees = employees.filter(unit__path__startswith=under)
        acks = acks.filter(employee__unit__path__startswith=under)
    people = {row["unit__path"] or NO_UNIT: row["n"]
              for row in employees.order_by().values("unit__path").annotate(n=Count("id"))}
    read = {row["employee__unit__path"] or NO_UNIT: row["n"]
            for row in acks.order_by().values("employee__unit__path").annotate(n=Count("id"))}
    return people, read


def coverage(item: Item, unit: Unit | None = None, paths: list[str] | None = None) -> Coverage:
    """Coverage rows of ``item``: per audience unit (or per OPD for the whole instance), or per child
    of ``unit`` when drilling down (or of the only audience unit). At most five queries whatever the size."""
    paths = audience_paths(item) if paths is None else paths
    result = Coverage(item, unit)
    people, read = _counts(item, paths, unit.path if unit else None)
    split = unit  # the unit whose children are the rows (its own employees get a row of their own)
    if unit is not None:
        row_units = list(Unit.objects.filter(instance_id=item.instance_id, path__startswith=unit.path,
                                             depth=unit.depth + 1).order_by("path"))
        result.trail = [u for u in Unit.objects.filter(instance_id=item.instance_id,
                                                       path__in=ancestor_paths(unit.path)).order_by("path")
                        if item.whole_instance or in_subtrees(u.path, paths)]
    elif item.whole_instance:
        row_units = list(Unit.objects.filter(instance_id=item.instance_id, depth=1).order_by("path"))
    else:
        row_units = list(Unit.objects.filter(instance_id=item.instance_id, path__in=paths).order_by("path"))
        if len(row_units) == 1:  # one audience unit: its sub-units say more than a single row
            split = row_units[0]
            row_units = list(Unit.objects.filter(instance_id=item.instance_id, path__startswith=split.path,
                                                 depth=split.depth + 1).order_by("path"))
    rows = {u.path: Row(u, u.name) for u in row_units}
    direct = Row(split, split.name, direct=True) if split is not None else None
    loose = Row(None, "", direct=True)
    for path in set(people) | set(read):
        target = None
        if path == NO_UNIT:
            target = loose
        elif direct is not None and path == split.path:
            target = direct
        else:
            for candidate in ancestor_paths(path):
                if candidate in rows:
                    target = rows[candidate]
                    target.has_children = target.has_children or len(path) > len(candidate)
                    break
        if target is None:
            continue
        target.audience += people.get(path, 0)
        target.acknowledged += read.get(path, 0)
    shown = ([direct] if direct is not None else []) + list(rows.values()) + [loose]
    result.rows = [r for r in shown if r.audience]
    result.audience = sum(r.audience for r in result.rows)
    result.acknowledged = sum(r.acknowledged for r in result.rows)
    return result


def summaries(items: list[Item]) -> dict[int, tuple[int, int]]:
    """item id → (audience, acknowledged) for a page of items, in three queries."""
    if not items:
        return {}
    by_item: dict[int, list[str]] = defaultdict(list)
    for item_id, path in ItemAudience.objects.filter(item__in=items).values_list("item_id", "unit__path"):
        by_item[item_id].append(path)
    instance_ids = {i.instance_id for i in items}
    people: dict[tuple[int, str], int] = {}
    wanted_paths = {p for paths in by_item.values() for p in paths}
    employees = Employee.objects.filter(instance_id__in=instance_ids, is_active=True)
    if not any(i.whole_instance for i in items):
        employees = employees.filter(subtree_q(wanted_paths))
    for row in employees.order_by().values("instance_id", "unit__path").annotate(n=Count("id")):
        people[(row["instance_id"], row["unit__path"] or NO_UNIT)] = row["n"]
    read: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (Acknowledgement.objects.filter(item__in=items, employee__is_active=True).order_by()
                .values("item_id", "employee__unit__path").annotate(n=Count("id"))):
        read[row["item_id"]][row["employee__unit__path"] or NO_UNIT] = row["n"]
    result = {}
    for item in items:
        paths = by_item.get(item.pk, [])

        def reached(path: str, item=item, paths=paths) -> bool:
            return item.whole_instance or (path != NO_UNIT and in_subtrees(path, paths))

        total = sum(n for (inst, path), n in people.items() if inst == item.instance_id and reached(path))
        done = sum(n for path, n in read[item.pk].items() if reached(path))
        result[item.pk] = (total, done)
    return result
