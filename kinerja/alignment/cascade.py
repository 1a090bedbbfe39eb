"""The cascade map: regional mission → strategic target → IKU → PK indicator → RHK of each level.

DOMAIN.md §1. The organisation's plan (kinerja.planning) is linked to the employees' SKP
(kinerja.skp) in two ways: a JPT's RHK names the PK indicator it carries (``Rhk.pk_indicator``) and
everyone else's RHK names the superior RHK it intervenes (``Rhk.parent``), to any depth. When an RHK
has both, the PK indicator wins (it is the unit's own agreement).

:func:`build_cascade` assembles the whole tree for an instance or a unit subtree and a period with a
fixed number of ``values()`` queries (nine at most, whatever the number of employees) and puts it
together in memory. For a unit subtree it also loads the RHK *above* the subtree (the superiors'
RHK the subtree intervenes, found with one recursive query) so that every branch still reaches the
mission; those context nodes are marked ``in_scope=False`` and are not counted.

Counts on every node cover the in-scope RHK below it: RHK, distinct employees (SKP) and IKI.
RHK that link to nothing (and PK indicators outside the plan) hang in the ``unlinked`` bucket.

:func:`branch` loads the children of one PK indicator or RHK with their counts (two queries): the
map page expands deep levels lazily with it. :func:`chain_for_skp` gives, for each RHK of an SKP,
its chain of ancestors up to the mission (four queries at most).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from sys import intern

from django.db import connection
from django.db.models import Count, OuterRef, Q, Subquery

from kinerja.organization.models import Unit
from kinerja.planning.models import Iku, IkuTarget, Mission, PkIndicator, StrategicTarget
from kinerja.skp.models import Iki, Period, Rhk, Skp, SkpKind, SkpStatus

MISSION, TARGET, IKU, PK, RHK, BUCKET = "mission", "target", "iku", "pk", "rhk", "bucket"
GOAL = "goal"  # only in chains: the Renstra goal between a strategic target and its mission
KEY_PREFIX = {MISSION: "m", TARGET: "s", IKU: "i", PK: "p", RHK: "r", BUCKET: "u"}
KIND_OF_PREFIX = {prefix: kind for kind, prefix in KEY_PREFIX.items()}
UNLINKED_KEY = "u"
PLANNING_KINDS = (MISSION, TARGET, IKU, PK)

# Why an RHK (or a PK indicator) is in the "not linked" bucket, or why a chain stops early.
NO_PARENT = "no_parent"  # a standard RHK that intervenes no superior RHK
NO_PK_INDICATOR = "no_pk_indicator"  # a JPT RHK that carries no PK indicator
MISSING_PARENT = "missing_parent"  # the linked RHK or PK indicator cannot be found (another instance, deleted)
CYCLE = "cycle"  # parent links that loop back
PK_UNPLANNED = "pk_unplanned"  # a PK indicator with neither an IKU nor a strategic target

APPROVED = SkpStatus.APPROVED.value
CHUNK = 20_000  # rows per fetch of the big queries
JPT = SkpKind.JPT.value
GROUP_RANK = {"utama": 0, "tambahan": 1}


def _plain(value):
    """A JSON-friendly value: decimals as plain strings without trailing zeros ("95", "6.2")."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if value is None or isinstance(value, (bool, int, str, float)):
        return value
    return str(value)


def full_name(front: str, name: str, back: str) -> str:
    """"dr. Siti Aminah, M.Kes." (the same as Employee.full_name, from plain values)."""
    text = f"{front} {name}".strip() if front else name
    return f"{text}, {back}" if back else text


@dataclass(frozen=True, slots=True)
class Owner:
    """The employee behind an RHK, as their SKP of the period names them."""

    skp_id: int
    employee_id: int
    name: str
    nip: str
    position: str
    unit_id: int
    unit: str
    status: str
    kind: str

    @property
    def is_jpt(self) -> bool:
        return self.kind == JPT

    @property
    def approved(self) -> bool:
        return self.status == APPROVED


class Node:
    """One node of the cascade. ``key`` is the kind's letter and the row id: "m3", "i12", "r4051".

    A plain class with ``__slots__`` (not a dataclass): an instance-wide map holds hundreds of
    thousands of them, and building them is most of the in-memory work.
    """

    __slots__ = ("kind", "id", "text", "code", "meta", "owner", "group", "perspective", "order", "parent_id",
                 "pk_indicator_id", "in_scope", "own", "issue", "own_iki", "children", "rhk", "employees", "iki",
                 "skps", "open")

    def __init__(self, kind: str, id: int | None, text: str, code: str = "", meta: dict | None = None,
                 owner: Owner | None = None, group: str = "", perspective: str = "", order: int = 0,
                 parent_id: int | None = None, pk_indicator_id: int | None = None, in_scope: bool = True,
                 own: bool = True, issue: str = "", own_iki: int = 0):
        self.kind, self.id, self.text, self.code, self.meta = kind, id, text, code, meta
        self.owner, self.group, self.perspective, self.order = owner, group, perspective, order
        self.parent_id, self.pk_indicator_id = parent_id, pk_indicator_id
        self.in_scope = in_scope  # False: an RHK above the unit subtree, shown so that the branch reaches the mission
        self.own = own  # planning nodes: belongs to the instance / unit subtree asked for
        self.issue = issue  # in the unlinked bucket: why (NO_PARENT, NO_PK_INDICATOR, …)
        self.own_iki = own_iki
        self.children: list[Node] | tuple = ()  # a list once a child is added (most RHK are leaves)
        self.rhk = 0  # in-scope RHK in this subtree (itself included)
        self.employees = 0  # distinct in-scope employees (SKP) in this subtree
        self.iki = 0  # IKI of those RHK
        self.skps: set | None = None  # transient, while counting
        self.open = False  # display: render the children now (set by the map page)

    COPIED = ("kind", "id", "text", "code", "meta", "owner", "group", "perspective", "order", "parent_id",
              "pk_indicator_id", "in_scope", "own", "issue", "own_iki", "rhk", "employees", "iki")

    def copy(self) -> Node:
        """The node without its children."""
        clone = Node.__new__(Node)
        for name in self.COPIED:
            setattr(clone, name, getattr(self, name))
        clone.children, clone.skps, clone.open = [], None, False
        return clone

    def __getstate__(self):
        return {name: getattr(self, name) for name in (*self.COPIED, "children")}

    def __setstate__(self, state):
        for name, value in state.items():
            setattr(self, name, value)
        self.skps, self.open = None, False

    def __repr__(self) -> str:
        return f"<Node {self.key} rhk={self.rhk}>"

    @property
    def key(self) -> str:
        return KEY_PREFIX[self.kind] + ("" if self.id is None else str(self.id))

    def add(self, child: Node) -> None:
        if self.children:
            self.children.append(child)
        else:
            self.children = [child]

    @property
    def descendant_rhk(self) -> int:
        return self.rhk - (1 if self.kind == RHK and self.in_scope else 0)

    @property
    def expandable(self) -> bool:
        return bool(self.children) or self.descendant_rhk > 0

    def to_dict(self, depth: int | None = None) -> dict:
        data = {
            "key": self.key, "kind": self.kind, "id": self.id, "text": self.text, "code": self.code,
            "counts": {"rhk": self.rhk, "employees": self.employees, "iki": self.iki},
            "in_scope": self.in_scope, "issue": self.issue or None,
        }
        if self.meta:
            data["meta"] = {k: _plain(v) for k, v in self.meta.items()}
        if self.owner is not None:
            o = self.owner
            data["employee"] = {"id": o.employee_id, "name": o.name, "nip": o.nip, "position": o.position,
                                "unit": o.unit, "unit_id": o.unit_id, "skp_id": o.skp_id, "skp_status": o.status}
            data["group"] = self.group or None
            data["perspective"] = self.perspective or None
        if depth is None or depth > 0:
            data["children"] = [c.to_dict(None if depth is None else depth - 1) for c in self.children]
        else:
            data["children"] = []
            data["truncated"] = bool(self.children)
        return data


@dataclass
class Cascade:
    instance_id: int
    period_id: int
    year: int
    unit_id: int | None
    unit_path: str
    approved_only: bool
    missions: list[Node]
    unlinked: Node
    plan: dict[str, Node]  # the plan nodes and the bucket by key ("m3", "s7", "i12", "p40", "u")
    rhks: dict[int, Node]  # the RHK nodes by id
    skp_total: int = 0  # SKP in scope (with or without RHK)
    employee_total: int = 0  # in-scope employees with at least one RHK
    rhk_total: int = 0
    iki_total: int = 0

    @property
    def linked_rhk(self) -> int:
        return self.rhk_total - self.unlinked.rhk

    def node(self, key: str) -> Node | None:
        if key[:1] == "r":
            return self.rhks.get(int(key[1:])) if key[1:].isdigit() else None
        return self.plan.get(key)

    def roots(self) -> list[Node]:
        return [*self.missions, self.unlinked] if self.unlinked.children else list(self.missions)

    def walk(self) -> Iterator[tuple[int, Node]]:
        """(depth, node) for every node, depth first, in display order."""
        stack = [(0, n) for n in reversed(self.roots())]
        while stack:
            depth, node = stack.pop()
            yield depth, node
            stack.extend((depth + 1, c) for c in reversed(node.children))

    def totals(self) -> dict:
        return {"skps": self.skp_total, "employees": self.employee_total, "rhk": self.rhk_total,
                "linked_rhk": self.linked_rhk, "unlinked_rhk": self.unlinked.rhk, "iki": self.iki_total,
                "missions": len(self.missions),
                "ikus": sum(1 for k in self.plan if k[0] == "i"),
                "pk_indicators": sum(1 for k in self.plan if k[0] == "p")}

    def to_dict(self, depth: int | None = None) -> dict:
        return {"missions": [m.to_dict(depth) for m in self.missions], "unlinked": self.unlinked.to_dict(depth),
                "totals": self.totals()}

    def summary(self, unlinked_limit: int = 100) -> Cascade:
        """The plan levels with their counts (no RHK below the PK indicators) and the first
        ``unlinked_limit`` unlinked RHK: small enough to cache; the map loads RHK levels with :func:`branch`."""
        plan: dict[str, Node] = {}
        rhks: dict[int, Node] = {}

        def copy(node: Node, keep_children: bool) -> Node:
            clone = node.copy()
            if clone.kind == RHK:
                rhks[clone.id] = clone
            else:
                plan[clone.key] = clone
            if keep_children:
                clone.children = [copy(c, c.kind != PK) for c in node.children if c.kind in PLANNING_KINDS]
            return clone

        missions = [copy(m, True) for m in self.missions]
        unlinked = copy(self.unlinked, False)
        unlinked.children = [copy(c, False) for c in self.unlinked.children[:unlinked_limit]]
        return Cascade(self.instance_id, self.period_id, self.year, self.unit_id, self.unit_path, self.approved_only,
                       missions, unlinked, plan, rhks, self.skp_total, self.employee_total, self.rhk_total,
                       self.iki_total)


# --- SQL pieces -----------------------------------------------------------------------------------

def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _tables() -> dict[str, str]:
    from kinerja.organization.models import Position
    from kinerja.people.models import Employee

    return {"rhk": _q(Rhk._meta.db_table), "skp": _q(Skp._meta.db_table), "iki": _q(Iki._meta.db_table),
            "unit": _q(Unit._meta.db_table), "employee": _q(Employee._meta.db_table),
            "position": _q(Position._meta.db_table), "group": _q("group"), "order": _q("order")}


def _stream(qs) -> Iterator[tuple]:
    """The rows of a ``values_list`` queryset of plain ints and strings, fetched in chunks.

    Not ``.iterator()``: on PostgreSQL that declares a server-side cursor, for which the planner
    optimises the first rows (``cursor_tuple_fraction``) and picks a nested loop that makes the IKI
    count several times slower than the hash aggregate it uses for a plain query.
    """
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            yield from rows


def _ids_clause(column: str, ids: list[int]) -> tuple[str, list]:
    """``column IN (ids)`` with a single parameter, so that thousands of ids stay one bound value."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(ids)]
    return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(list(ids))]


def _scope_sql(s: str, u: str, instance_id: int, period_id: int, unit_path: str, approved_only: bool
               ) -> tuple[str, list]:
    """The SQL condition "this SKP (alias s, its unit alias u) is in scope"."""
    parts, params = [f"{s}.instance_id = %s", f"{s}.period_id = %s"], [instance_id, period_id]
    if unit_path:
        parts.append(f"{u}.path LIKE %s")
        params.append(unit_path + "%")  # treebeard paths are [0-9A-Z]: nothing to escape
    if approved_only:
        parts.append(f"({s}.status = %s OR {s}.version > 0)")
        params.append(APPROVED)
    return " AND ".join(parts), params


def _skp_q(prefix: str, instance_id: int, period_id: int, unit_path: str, approved_only: bool) -> Q:
    q = Q(**{f"{prefix}instance_id": instance_id, f"{prefix}period_id": period_id})
    if unit_path:
        q &= Q(**{f"{prefix}unit__path__startswith": unit_path})
    if approved_only:
        q &= Q(**{f"{prefix}status": APPROVED}) | Q(**{f"{prefix}version__gt": 0})
    return q


_OWNER_COLUMNS = ("s.id, s.employee_id, e.front_title, e.name, e.back_title, e.nip, p.name, s.unit_id, u.name, "
                  "s.status, s.kind")


def _owner(row) -> Owner:
    skp_id, employee_id, front, name, back, nip, position, unit_id, unit, status, kind = row
    return Owner(skp_id, employee_id, full_name(front or "", name, back or ""), nip, intern(position or ""), unit_id,
                 intern(unit or ""), status, kind)


def _ancestor_rows(instance_id: int, seed_sql: str, params: list) -> list[tuple]:
    """RHK of the instance above the seed ids (one recursive query): each row is the RHK, then its owner.

    The walk goes up the ``parent`` links; an RHK that carries a PK indicator ends its chain there.
    ``UNION`` (not ``UNION ALL``) makes looping links terminate; another instance's rows are never read.
    """
    t = _tables()
    sql = f"""
        WITH RECURSIVE anc(id) AS (
            {seed_sql}
            UNION
            SELECT r.parent_id FROM {t['rhk']} r JOIN anc ON r.id = anc.id
            WHERE r.parent_id IS NOT NULL AND r.pk_indicator_id IS NULL AND r.instance_id = %s
        )
        SELECT r.id, r.parent_id, r.pk_indicator_id, r.text, r.{t['group']}, r.perspective, r.{t['order']},
               {_OWNER_COLUMNS}
        FROM anc
        JOIN {t['rhk']} r ON r.id = anc.id
        JOIN {t['skp']} s ON s.id = r.skp_id
        JOIN {t['employee']} e ON e.id = s.employee_id
        LEFT JOIN {t['position']} p ON p.id = s.position_id
        LEFT JOIN {t['unit']} u ON u.id = s.unit_id
        WHERE r.instance_id = %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, instance_id, instance_id])
        return cursor.fetchall()


def _rhk_node(row_id, parent_id, pk_id, text, group, perspective, order, owner, *, in_scope, iki=0) -> Node:
    return Node(kind=RHK, id=row_id, text=text, owner=owner, group=group or "",
                perspective=perspective or "", order=order or 0, parent_id=parent_id, pk_indicator_id=pk_id,
                in_scope=in_scope, own_iki=iki)


def _unit_ref(unit) -> tuple[int | None, str]:
    if unit is None:
        return None, ""
    if isinstance(unit, Unit):
        return unit.pk, unit.path
    path = Unit.objects.filter(pk=unit).values_list("path", flat=True).first()
    if path is None:
        raise Unit.DoesNotExist(f"unit {unit}")
    return int(unit), path


def _sort_key(node: Node):
    if node.kind == RHK:
        owner = node.owner
        return (4, owner.name if owner else "", GROUP_RANK.get(node.group, 2), node.order, node.id)
    if node.kind == MISSION:
        return (0, -(node.meta or {}).get("rpjmd_start", 0), node.order, node.id)
    rank = {TARGET: 1, IKU: 2, PK: 3}.get(node.kind, 5)
    return (rank, node.code or "~", node.order, node.id or 0)


def _bucket_key(node: Node):
    """In the unlinked bucket: main RHK first (they matter most), then additional ones, then PK indicators."""
    if node.kind == RHK:
        owner = node.owner
        return (GROUP_RANK.get(node.group, 2), owner.name if owner else "", node.order, node.id)
    return (3, "", node.order, node.id or 0)


# --- the whole tree -------------------------------------------------------------------------------

def build_cascade(instance_id: int, period_id: int, unit=None, *, approved_only: bool = False,
                  detail: bool = True) -> Cascade:
    """The cascade of an instance (``unit=None``) or of a unit subtree for an SKP period.

    ``unit`` is a :class:`~kinerja.organization.models.Unit` or its id. ``approved_only`` counts only
    approved SKP (including those under revision that were approved before). ``detail=False`` leaves
    out the in-scope RHK texts and their owners' names (for counts only: much less memory; see
    :func:`fill_details`). Raises ``Period.DoesNotExist`` for a period of another instance.
    """
    year = Period.objects.filter(pk=period_id, instance_id=instance_id).values_list("year", flat=True).first()
    if year is None:
        raise Period.DoesNotExist(f"period {period_id} of instance {instance_id}")
    unit_id, unit_path = _unit_ref(unit)
    scope = {"instance_id": instance_id, "period_id": period_id, "unit_path": unit_path,
             "approved_only": approved_only}

    # 1. the SKP in scope and who they belong to
    owners: dict[int, Owner] = {}
    skps = Skp.objects.filter(_skp_q("", **scope)).order_by()
    if detail:
        for row in _stream(skps.values_list(*_OWNER_FIELDS)):
            owners[row[0]] = _owner(row)
    else:
        for skp_id, employee_id, unit_id_, status, kind in _stream(skps.values_list("id", "employee_id", "unit_id",
                                                                                    "status", "kind")):
            owners[skp_id] = Owner(skp_id, employee_id, "", "", "", unit_id_, "", status, kind)

    # 2. their RHK, 3. IKI per RHK
    iki_counts = dict(_stream(Iki.objects.filter(_skp_q("rhk__skp__", **scope)).order_by().values("rhk_id")
                              .annotate(n=Count("*")).values_list("rhk_id", "n")))
    plan: dict[str, Node] = {}
    rhks: dict[int, Node] = {}
    linked_skps: set[int] = set()
    rhk_rows = (Rhk.objects.filter(_skp_q("skp__", **scope)).order_by()
                .values_list("id", "parent_id", "pk_indicator_id", "group", "perspective", "order", "skp_id",
                             *(["text"] if detail else [])))
    get_iki, get_owner = iki_counts.get, owners.get
    for rid, parent_id, pk_id, group, perspective, order, skp_id, *text in _stream(rhk_rows):
        rhks[rid] = Node(RHK, rid, text[0] if text else "", "", None, get_owner(skp_id), group, perspective, order,
                         parent_id, pk_id, True, True, "", get_iki(rid, 0))
        linked_skps.add(skp_id)
    del iki_counts

    # 4. the RHK above the scope that it intervenes (context), one recursive query
    missing = {n.parent_id for n in rhks.values()
               if n.pk_indicator_id is None and n.parent_id is not None and n.parent_id not in rhks}
    if missing:
        t = _tables()
        clause, params = _ids_clause("r.id", sorted(missing))
        for row in _ancestor_rows(instance_id, f"SELECT r.id FROM {t['rhk']} r WHERE {clause}", params):
            if row[0] not in rhks:
                rhks[row[0]] = _rhk_node(*row[:7], _owner(row[7:]), in_scope=False)

    # 5. PK indicators: those the RHK carry, and the scope's own agreements of the year
    referenced = {n.pk_indicator_id for n in rhks.values() if n.pk_indicator_id is not None}
    own_pk = Q(instance_id=instance_id, agreement__year=year)
    if unit_path:
        own_pk &= Q(agreement__unit__path__startswith=unit_path)
    pk_rows = (PkIndicator.objects.filter(Q(pk__in=referenced) | own_pk if referenced else own_pk).order_by()
               .values_list("id", "name", "measure_unit", "target", "order", "iku_id", "strategic_target_id",
                            "agreement__unit_id", "agreement__unit__name", "agreement__unit__path",
                            "agreement__year", "agreement__status"))
    pk_nodes = []
    for pid, name, measure, target, order, iku_id, st_id, a_unit_id, a_unit, a_path, a_year, a_status in pk_rows:
        node = Node(kind=PK, id=pid, text=name, order=order,
                    own=not unit_path or a_path.startswith(unit_path),
                    meta={"measure_unit": measure, "target": target, "unit": a_unit, "unit_id": a_unit_id,
                          "year": a_year, "status": a_status, "iku_id": iku_id, "strategic_target_id": st_id})
        plan[node.key] = node
        pk_nodes.append(node)

    # 6. IKU: those of the PK indicators, and the scope's own IKU of Renstra covering the year
    iku_ids = {n.meta["iku_id"] for n in pk_nodes if n.meta["iku_id"] is not None}
    own_iku = Q(instance_id=instance_id, strategic_target__goal__renstra__start_year__lte=year,
                strategic_target__goal__renstra__end_year__gte=year)
    if unit_path:
        own_iku &= Q(unit__path__startswith=unit_path)
    year_target = IkuTarget.objects.filter(iku=OuterRef("pk"), year=year).values("target")[:1]
    iku_rows = (Iku.objects.filter(Q(pk__in=iku_ids) | own_iku if iku_ids else own_iku).order_by()
                .annotate(year_target=Subquery(year_target))
                .values_list("id", "code", "name", "measure_unit", "higher_is_better", "strategic_target_id",
                             "unit_id", "unit__name", "unit__path", "year_target"))
    iku_nodes = []
    for iid, code, name, measure, higher, st_id, i_unit_id, i_unit, i_path, target in iku_rows:
        node = Node(kind=IKU, id=iid, text=name, code=code,
                    own=not unit_path or i_path.startswith(unit_path),
                    meta={"measure_unit": measure, "target": target, "higher_is_better": higher, "unit": i_unit,
                          "unit_id": i_unit_id, "strategic_target_id": st_id})
        plan[node.key] = node
        iku_nodes.append(node)

    # 7. strategic targets with their goal
    st_ids = {n.meta["strategic_target_id"] for n in iku_nodes}
    st_ids |= {n.meta["strategic_target_id"] for n in pk_nodes if n.meta["strategic_target_id"] is not None}
    st_nodes = []
    st_rows = (StrategicTarget.objects.filter(pk__in=st_ids).order_by()
               .values_list("id", "code", "text", "goal_id", "goal__code", "goal__text", "goal__mission_id",
                            "goal__renstra__unit__name")) if st_ids else []
    for sid, code, text, goal_id, goal_code, goal_text, mission_id, opd in st_rows:
        node = Node(kind=TARGET, id=sid, text=text, code=code, own=not unit_path,
                    meta={"goal_id": goal_id, "goal_code": goal_code, "goal": goal_text, "mission_id": mission_id,
                          "unit": opd})
        plan[node.key] = node
        st_nodes.append(node)

    # 8. missions: those the targets serve, and for the whole instance every mission of the year's RPJMD
    mission_ids = {n.meta["mission_id"] for n in st_nodes}
    mission_q = Q(pk__in=mission_ids)
    if not unit_path:
        mission_q |= Q(instance_id=instance_id, rpjmd__start_year__lte=year, rpjmd__end_year__gte=year)
    missions = []
    for mid, number, text, rpjmd, start in (Mission.objects.filter(mission_q).order_by()
                                            .values_list("id", "number", "text", "rpjmd__title",
                                                         "rpjmd__start_year")):
        node = Node(kind=MISSION, id=mid, text=text, code=str(number), order=number,
                    own=not unit_path, meta={"number": number, "rpjmd": rpjmd, "rpjmd_start": start})
        plan[node.key] = node
        missions.append(node)

    # --- assemble
    unlinked = Node(BUCKET, None, "")
    plan[UNLINKED_KEY] = unlinked
    for node in st_nodes:
        mission = plan.get(f"m{node.meta['mission_id']}")
        (mission if mission is not None else unlinked).add(node)
    for node in iku_nodes:
        plan[f"s{node.meta['strategic_target_id']}"].add(node)
    for node in pk_nodes:
        iku_id, st_id = node.meta["iku_id"], node.meta["strategic_target_id"]
        target = plan.get(f"i{iku_id}") if iku_id is not None else plan.get(f"s{st_id}") if st_id else None
        if target is None:
            node.issue = PK_UNPLANNED
            target = unlinked
        target.add(node)
    for node in rhks.values():
        target = _tree_parent(node, plan, rhks)
        if target is None:
            if node.pk_indicator_id is not None or node.parent_id is not None:
                node.issue = MISSING_PARENT
            else:
                node.issue = NO_PK_INDICATOR if node.owner and node.owner.is_jpt else NO_PARENT
            target = unlinked
        target.add(node)

    cascade = Cascade(instance_id, period_id, year, unit_id, unit_path, approved_only, missions, unlinked, plan,
                      rhks, skp_total=len(owners), employee_total=len(linked_skps))
    del owners, linked_skps
    order = _preorder(cascade)
    if sum(1 for n in order if n.kind == RHK) < len(rhks):
        _break_cycles(cascade, order)
        order = _preorder(cascade)
    _aggregate(order, prune=bool(unit_path))
    del order
    all_missions = list(missions)
    for root in (*missions, unlinked):
        root.skps = None
    if unit_path:
        missions[:] = [m for m in missions if m.rhk > 0 or m.children]
    missions.sort(key=_sort_key)
    cascade.rhk_total = sum(n.rhk for n in cascade.roots())
    cascade.iki_total = sum(n.iki for n in cascade.roots())
    if unit_path:  # drop the pruned plan nodes from the index
        reachable, stack = set(), [*missions, unlinked]
        while stack:
            node = stack.pop()
            reachable.add(node.key)
            stack.extend(c for c in node.children if c.kind != RHK)
        for node in (*pk_nodes, *iku_nodes, *st_nodes, *all_missions):
            if node.key not in reachable:
                plan.pop(node.key, None)
    return cascade


_OWNER_FIELDS = ("id", "employee_id", "employee__front_title", "employee__name", "employee__back_title",
                 "employee__nip", "position__name", "unit_id", "unit__name", "status", "kind")


def fill_details(nodes: list[Node]) -> None:
    """Texts and owners of RHK nodes built with ``detail=False`` (one query for any number)."""
    by_id = {n.id: n for n in nodes if n.kind == RHK}
    if not by_id:
        return
    fields = [f"skp__{f}" if f != "id" else "skp_id" for f in _OWNER_FIELDS]
    for rid, text, *owner in Rhk.objects.filter(pk__in=by_id).order_by().values_list("id", "text", *fields):
        node = by_id[rid]
        node.text, node.owner = text, _owner(owner)


def _tree_parent(node: Node, plan: dict[str, Node], rhks: dict[int, Node]) -> Node | None:
    """Where an RHK hangs: its PK indicator when it carries one, else the superior RHK it intervenes."""
    if node.pk_indicator_id is not None:
        return plan.get(f"p{node.pk_indicator_id}")
    if node.parent_id is not None:
        return rhks.get(node.parent_id)
    return None


def _preorder(cascade: Cascade) -> list[Node]:
    order, stack = [], [*cascade.missions, cascade.unlinked]
    while stack:
        node = stack.pop()
        order.append(node)
        if node.children:
            stack.extend(node.children)
    return order


def _break_cycles(cascade: Cascade, order: list[Node]) -> None:
    """RHK whose parent links loop are unreachable from the roots: cut each loop once, into ``unlinked``."""
    seen = {id(n) for n in order}
    plan, rhks, unlinked = cascade.plan, cascade.rhks, cascade.unlinked
    for node in list(rhks.values()):
        if id(node) in seen:
            continue
        walk, cursor = set(), node  # climb until a node repeats: that one is on the loop
        while id(cursor) not in walk:
            walk.add(id(cursor))
            cursor = _tree_parent(cursor, plan, rhks)
        parent = _tree_parent(cursor, plan, rhks)
        parent.children = [c for c in parent.children if c is not cursor]
        cursor.issue = CYCLE
        cursor.parent_id = None  # the cut: it now hangs in the bucket
        unlinked.add(cursor)
        stack = [cursor]
        while stack:
            item = stack.pop()
            if id(item) not in seen:
                seen.add(id(item))
                stack.extend(item.children)


def _aggregate(order: list[Node], *, prune: bool) -> None:
    """Counts bottom-up over a pre-order list (reversed: children first; any depth, no recursion);
    sorts children; for a unit scope drops plan nodes with nothing in scope below them.

    Distinct employees merge the children's SKP sets small-into-large (a leaf RHK adds its one SKP
    id without a set of its own), so the pass is O(n log n) and a set is released as soon as its
    parent has absorbed it.
    """
    keep_kinds = (RHK, BUCKET)
    for node in reversed(order):
        children = node.children
        own = node.kind == RHK and node.in_scope
        if not children:
            if own:
                node.rhk, node.iki, node.employees = 1, node.own_iki, 1
            continue
        if prune and node.kind != RHK:
            children = node.children = [c for c in children if c.kind in keep_kinds or c.rhk > 0 or c.own
                                        or c.children]
        if len(children) > 1:
            children.sort(key=_bucket_key if node.kind == BUCKET else _sort_key)
        rhk = 1 if own else 0
        iki = node.own_iki if own else 0
        largest: set | None = None
        for child in children:
            rhk += child.rhk
            iki += child.iki
            sub = child.skps
            if sub is not None and (largest is None or len(sub) > len(largest)):
                largest = sub
        merged = largest if largest is not None else set()
        for child in children:
            sub = child.skps
            if sub is None:
                if child.rhk == 1 and not child.children and child.owner is not None:  # an in-scope leaf RHK
                    merged.add(child.owner.skp_id)
            elif sub is not largest:
                merged |= sub
            child.skps = None
        if own and node.owner is not None:
            merged.add(node.owner.skp_id)
        node.rhk, node.iki, node.employees = rhk, iki, len(merged)
        node.skps = merged if merged else None


# --- one level, for lazy loading -------------------------------------------------------------------

def branch(instance_id: int, period_id: int, key: str, unit=None, *, approved_only: bool = False
           ) -> list[Node] | None:
    """The RHK directly below a PK indicator ("p12") or an RHK ("r34") with the counts of their subtrees.

    Two queries whatever the size below: the children with their owners, and one recursive query that
    counts, per child, the in-scope RHK, employees and IKI underneath. Children with nothing in scope
    below them are left out (a unit subtree view). ``None`` when the key is not of this instance.
    """
    kind, raw_id = KIND_OF_PREFIX.get(key[:1]), key[1:]
    if kind not in (PK, RHK) or not raw_id.isdigit():
        return None
    node_id = int(raw_id)
    unit_id, unit_path = _unit_ref(unit)
    if kind == PK:
        exists = PkIndicator.objects.filter(pk=node_id, instance_id=instance_id).exists()
        seed = Q(pk_indicator_id=node_id)
        seed_sql = "r.pk_indicator_id = %s"
    else:
        exists = Rhk.objects.filter(pk=node_id, instance_id=instance_id).exists()
        seed = Q(parent_id=node_id, pk_indicator__isnull=True)
        seed_sql = "r.parent_id = %s AND r.pk_indicator_id IS NULL"
    if not exists:
        return None
    rows = (Rhk.objects.filter(seed, skp__instance_id=instance_id, skp__period_id=period_id).order_by()
            .values_list("id", "parent_id", "pk_indicator_id", "text", "group", "perspective", "order",
                         "skp_id", "skp__employee_id", "skp__employee__front_title", "skp__employee__name",
                         "skp__employee__back_title", "skp__employee__nip", "skp__position__name", "skp__unit_id",
                         "skp__unit__name", "skp__unit__path", "skp__status", "skp__kind", "skp__version"))
    children = []
    for row in rows:
        owner = _owner(row[7:16] + row[17:19])
        path, status, version = row[16], row[17], row[19]
        in_scope = (not unit_path or path.startswith(unit_path)) and (
            not approved_only or status == APPROVED or version > 0)
        children.append(_rhk_node(*row[:7], owner, in_scope=in_scope))
    if not children:
        return []
    t = _tables()
    scope_sql, scope_params = _scope_sql("s", "u", instance_id, period_id, unit_path, approved_only)
    sql = f"""
        WITH RECURSIVE d(root, id) AS (
            SELECT r.id, r.id FROM {t['rhk']} r JOIN {t['skp']} s0 ON s0.id = r.skp_id
            WHERE {seed_sql} AND s0.instance_id = %s AND s0.period_id = %s
            UNION
            SELECT d.root, c.id FROM {t['rhk']} c JOIN d ON c.parent_id = d.id WHERE c.pk_indicator_id IS NULL
        )
        SELECT x.root, COUNT(*), COUNT(DISTINCT x.skp_id), COALESCE(SUM(x.n), 0) FROM (
            SELECT d.root AS root, r.skp_id AS skp_id,
                   (SELECT COUNT(*) FROM {t['iki']} i WHERE i.rhk_id = d.id) AS n
            FROM d JOIN {t['rhk']} r ON r.id = d.id JOIN {t['skp']} s ON s.id = r.skp_id
            JOIN {t['unit']} u ON u.id = s.unit_id
            WHERE {scope_sql}
        ) x GROUP BY x.root
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [node_id, instance_id, period_id, *scope_params])
        counts = {root: (n_rhk, n_emp, int(n_iki)) for root, n_rhk, n_emp, n_iki in cursor.fetchall()}
    result = []
    for child in children:
        child.rhk, child.employees, child.iki = counts.get(child.id, (0, 0, 0))
        if child.rhk > 0:
            result.append(child)
    result.sort(key=_sort_key)
    return result


# --- the chain of one SKP ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Link:
    """One step above an RHK: a superior's RHK, the PK indicator, IKU, strategic target, goal, mission."""

    kind: str
    id: int
    text: str
    code: str = ""
    owner: Owner | None = None
    detail: str = ""


@dataclass(slots=True)
class RhkChain:
    """An RHK of the SKP and the links above it, the nearest first (the mission last when complete)."""

    rhk_id: int
    text: str
    group: str
    perspective: str
    links: list[Link]
    issue: str = ""  # why the chain stops before the mission
    stops_at: Owner | None = None  # whose RHK lacks the link (None: this SKP's own RHK)

    @property
    def complete(self) -> bool:
        return not self.issue

    @property
    def top_down(self) -> list[Link]:
        return list(reversed(self.links))

    @property
    def mission(self) -> Link | None:
        return self.links[-1] if self.links and self.links[-1].kind == MISSION else None

    def to_dict(self) -> dict:
        return {
            "rhk": {"id": self.rhk_id, "text": self.text, "group": self.group or None,
                    "perspective": self.perspective or None},
            "complete": self.complete, "issue": self.issue or None,
            "stops_at": ({"employee_id": self.stops_at.employee_id, "name": self.stops_at.name}
                         if self.stops_at else None),
            "links": [{"kind": link.kind, "id": link.id, "text": link.text, "code": link.code or None,
                       "detail": link.detail or None,
                       "employee": ({"id": link.owner.employee_id, "name": link.owner.name, "nip": link.owner.nip,
                                     "position": link.owner.position, "unit": link.owner.unit}
                                    if link.owner else None)}
                      for link in self.links],
        }


def chain_for_skp(skp) -> list[RhkChain]:
    """For each RHK of ``skp`` (an Skp or its id): its chain up to the regional mission.

    Four queries at most, whatever the number of RHK or the depth: the SKP's RHK, the superiors' RHK
    above them (one recursive query), the PK indicators with their IKU, the strategic targets with
    goal and mission.
    """
    if not isinstance(skp, Skp):
        skp = Skp.objects.only("id", "kind", "instance_id").get(pk=skp)
    rows = list(Rhk.objects.filter(skp_id=skp.pk).order_by("group", "order", "id")
                .values_list("id", "parent_id", "pk_indicator_id", "text", "group", "perspective"))
    rows.sort(key=lambda r: (GROUP_RANK.get(r[4], 2), 0))
    if not rows:
        return []
    t = _tables()
    above: dict[int, tuple] = {}
    if any(r[1] is not None and r[2] is None for r in rows):
        seed = (f"SELECT r.parent_id FROM {t['rhk']} r WHERE r.skp_id = %s "
                f"AND r.parent_id IS NOT NULL AND r.pk_indicator_id IS NULL")
        for row in _ancestor_rows(skp.instance_id, seed, [skp.pk]):
            above[row[0]] = (row[1], row[2], row[3], _owner(row[7:]))
    pk_ids = {r[2] for r in rows if r[2] is not None} | {a[1] for a in above.values() if a[1] is not None}
    pks: dict[int, tuple] = {}
    if pk_ids:
        for row in (PkIndicator.objects.filter(pk__in=pk_ids).order_by()
                    .values_list("id", "name", "agreement__unit__name", "agreement__year", "iku_id", "iku__code",
                                 "iku__name", "iku__strategic_target_id", "strategic_target_id")):
            pks[row[0]] = row[1:]
    st_ids = {p[6] or p[7] for p in pks.values() if p[6] or p[7]}
    targets: dict[int, tuple] = {}
    if st_ids:
        for row in (StrategicTarget.objects.filter(pk__in=st_ids).order_by()
                    .values_list("id", "code", "text", "goal_id", "goal__code", "goal__text", "goal__mission_id",
                                 "goal__mission__number", "goal__mission__text")):
            targets[row[0]] = row[1:]

    def plan_links(pk_id: int) -> tuple[list[Link], str]:
        name, unit, year, iku_id, iku_code, iku_name, iku_st, own_st = pks[pk_id]
        links = [Link(PK, pk_id, name, detail=f"PK {year} · {unit}")]
        if iku_id is not None:
            links.append(Link(IKU, iku_id, iku_name, code=iku_code))
        st_id = iku_st or own_st
        if st_id is None or st_id not in targets:
            return links, PK_UNPLANNED
        code, text, goal_id, goal_code, goal_text, mission_id, number, mission_text = targets[st_id]
        links += [Link(TARGET, st_id, text, code=code), Link(GOAL, goal_id, goal_text, code=goal_code),
                  Link(MISSION, mission_id, mission_text, code=str(number))]
        return links, ""

    chains = []
    for rid, parent_id, pk_id, text, group, perspective in rows:
        chain = RhkChain(rid, text, group or "", perspective or "", [])
        owner: Owner | None = None
        visited = {rid}
        while True:
            if pk_id is not None:
                if pk_id not in pks:
                    chain.issue, chain.stops_at = MISSING_PARENT, owner
                    break
                links, issue = plan_links(pk_id)
                chain.links += links
                chain.issue = issue
                if issue:
                    chain.stops_at = owner
                break
            if parent_id is None:
                is_jpt = owner.is_jpt if owner is not None else skp.kind == JPT
                chain.issue, chain.stops_at = (NO_PK_INDICATOR if is_jpt else NO_PARENT), owner
                break
            if parent_id in visited:
                chain.issue, chain.stops_at = CYCLE, owner
                break
            if parent_id not in above:
                chain.issue, chain.stops_at = MISSING_PARENT, owner
                break
            visited.add(parent_id)
            next_parent, pk_id, parent_text, owner = above[parent_id]
            chain.links.append(Link(RHK, parent_id, parent_text, owner=owner))
            parent_id = next_parent
        chains.append(chain)
    return chains
