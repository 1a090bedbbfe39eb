"""Cascade map, each employee's chain, and the alignment report (with its Excel download).

The map shows the plan levels (mission → strategic target → IKU → PK indicator) from a cached
summary of :func:`~kinerja.alignment.cascade.build_cascade` (counts only, refreshed whenever an SKP
or the plan of the instance changes) and loads the RHK levels lazily with htmx, one level at a time
(:func:`~kinerja.alignment.cascade.branch`): a constant number of queries per request whatever the
size of the instance. Everything is looked up inside the user's instance: another instance's unit,
employee or node is a 404.
"""

from __future__ import annotations

import hashlib
from collections import deque
from dataclasses import dataclass
from functools import reduce
from io import BytesIO
from operator import or_

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import FilteredRelation, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kinerja.organization.instances import instance_for
from kinerja.organization.models import Instance, Unit
from kinerja.people.models import Employee
from kinerja.skp.models import Period, Skp

from . import permissions, report
from .cascade import BUCKET, PK, RHK, UNLINKED_KEY, Cascade, branch, build_cascade, chain_for_skp, fill_details

SUMMARY_TTL = 300  # seconds; the key also changes as soon as an SKP or the plan changes
UNLINKED_LIMIT = 100
OPEN_BUDGET = 60  # plan nodes rendered open on first load; the rest expand on demand
SEARCH_LIMIT = 20


@dataclass
class MapScope:
    instance: Instance
    periods: list[Period]
    period: Period | None
    unit: Unit | None  # None: the whole instance
    approved: bool
    my_employee: Employee | None
    pick_instance: bool = False  # a superuser: the instance travels in every link

    @property
    def params(self) -> dict:
        data = {"unit": self.unit.pk if self.unit else "all"}
        if self.period:
            data["period"] = self.period.pk
        if self.approved:
            data["approved"] = "1"
        if self.pick_instance:
            data["instance"] = self.instance.pk
        return data

    @property
    def query(self) -> str:
        return urlencode(self.params)


def _require_map(request) -> None:
    if not permissions.can_view_map(request.user):
        raise PermissionDenied(_("The cascade map is open to the employees of the instance and its role holders."))


def _unit_of(instance: Instance, raw: str | None) -> Unit:
    if not raw or not str(raw).isdigit():
        raise Http404(_("Unknown unit."))
    return get_object_or_404(Unit.objects.filter(instance=instance), pk=raw)


def map_scope(request) -> MapScope:
    """Instance, period, unit subtree and filter of a map request (404 for what is not the user's)."""
    user = request.user
    instance = instance_for(request)
    if not permissions.sees_instance(user, instance):
        raise Http404
    periods = permissions.periods_of(instance.pk)
    wanted = request.GET.get("period")
    period = permissions.pick_period(periods, wanted)
    if wanted and period is None:
        raise Http404(_("Unknown period."))
    employee = user.employee if user.employee_id and user.employee.instance_id == instance.pk else None
    raw_unit = request.GET.get("unit")
    if raw_unit == "all":
        unit = None
    elif raw_unit:
        unit = _unit_of(instance, raw_unit)
    elif employee is not None and employee.unit_id:  # an employee starts on their own OPD
        unit = Unit.objects.filter(instance=instance, path=permissions.opd_of(employee.unit)).first()
    else:
        unit = None
    return MapScope(instance, periods, period, unit, request.GET.get("approved") == "1", employee,
                    pick_instance=user.is_superuser)


def _data_stamp(instance_id: int, period_id: int) -> str:
    """Changes whenever an SKP of the period (its RHK and IKI change with it) or the plan changes: one query."""
    from kinerja.planning.models import Goal, Iku, Mission, PerformanceAgreement, PkIndicator, StrategicTarget

    parts, params = [], []
    q = connection.ops.quote_name
    for model, extra in ((Skp, " AND period_id = %s"), (Mission, ""), (Goal, ""), (StrategicTarget, ""), (Iku, ""),
                         (PerformanceAgreement, ""), (PkIndicator, "")):
        table = q(model._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table} WHERE instance_id = %s{extra})")
        parts.append(f"(SELECT MAX(updated_at) FROM {table} WHERE instance_id = %s{extra})")
        params += [instance_id, period_id] * 2 if extra else [instance_id] * 2
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        return "|".join(str(v) for v in cursor.fetchone())


def map_summary(scope: MapScope) -> Cascade:
    """The plan levels with counts for the scope (cached until the data changes) and the first unlinked RHK."""
    period = scope.period
    stamp = _data_stamp(scope.instance.pk, period.pk)
    key = "alignment:map:" + ":".join(str(v) for v in (scope.instance.pk, period.pk, scope.unit.pk if scope.unit
                                                        else "all", int(scope.approved),
                                                        hashlib.sha1(stamp.encode()).hexdigest()))
    summary = cache.get(key)
    if summary is None:
        tree = build_cascade(scope.instance.pk, period.pk, scope.unit, approved_only=scope.approved, detail=False)
        roots = len(tree.unlinked.children)
        summary = tree.summary(UNLINKED_LIMIT)
        del tree
        fill_details(summary.unlinked.children)
        summary.unlinked.meta = {"roots": roots}
        cache.set(key, summary, SUMMARY_TTL)
    return summary


def open_nodes(roots: list, budget: int = OPEN_BUDGET) -> None:
    """Render the plan levels open, breadth first, while they fit in ``budget`` nodes."""
    shown = len(roots)
    queue = deque(roots)
    while queue:
        node = queue.popleft()
        if node.kind in (PK, RHK, BUCKET) or not node.children:
            continue
        if shown + len(node.children) > budget:
            continue
        node.open = True
        shown += len(node.children)
        queue.extend(node.children)


def _unit_choices(scope: MapScope) -> list[Unit]:
    units = list(Unit.objects.filter(instance=scope.instance, depth=1).order_by("name").only("id", "name", "path"))
    if scope.unit is not None and scope.unit.depth > 1:
        units.insert(0, scope.unit)
    return units


def _my_chains(scope: MapScope):
    if scope.my_employee is None or scope.period is None:
        return None, []
    skp = Skp.objects.filter(employee=scope.my_employee, period=scope.period).only("id", "kind", "status",
                                                                                  "instance_id").first()
    return skp, (chain_for_skp(skp) if skp else [])


@login_required
def cascade_map(request):
    _require_map(request)
    scope = map_scope(request)
    context = {"active_menu": "cascade", "scope_": scope, "units": _unit_choices(scope),
               "instances": list(Instance.objects.order_by("name")) if request.user.is_superuser else [],
               "can_report": permissions.can_view_report(request.user)}
    if scope.period is not None:
        summary = map_summary(scope)
        roots = summary.roots()
        open_nodes(roots)
        my_skp, chains = _my_chains(scope)
        context.update({"summary": summary, "roots": roots, "totals": summary.totals(), "my_skp": my_skp,
                        "chains": chains,
                        "ancestors": list(Unit.objects.get_ancestors(scope.unit)) if scope.unit else []})
    return render(request, "alignment/map.html", context)


@login_required
def map_node(request, key: str):
    """htmx fragment: the children of one node of the map."""
    _require_map(request)
    scope = map_scope(request)
    if scope.period is None:
        raise Http404
    more = 0
    if key[:1] in ("p", "r"):
        nodes = branch(scope.instance.pk, scope.period.pk, key, scope.unit, approved_only=scope.approved)
        if nodes is None:
            raise Http404
    else:
        summary = map_summary(scope)
        node = summary.node(key)
        if node is None:
            raise Http404
        nodes = list(node.children)
        if key == UNLINKED_KEY:
            more = (node.meta or {}).get("roots", 0) - len(nodes)
    return render(request, "alignment/_level.html", {
        "nodes": nodes, "scope_": scope, "more": more, "can_report": permissions.can_view_report(request.user),
        "my_employee_id": scope.my_employee.pk if scope.my_employee else None})


def _search_q(text: str):
    from kinerja.people.search import search_q

    return search_q(text)


@login_required
def map_search(request):
    """htmx fragment: employees of the instance by name or NIP, each with their SKP status and chain link."""
    _require_map(request)
    scope = map_scope(request)
    query = (request.GET.get("q") or "").strip()
    rows, truncated = [], False
    if len(query) >= 2 and scope.period is not None:
        found = list(Employee.objects.filter(instance=scope.instance, is_active=True).filter(_search_q(query))
                     .annotate(period_skp=FilteredRelation("skps", condition=Q(skps__period_id=scope.period.pk)))
                     .order_by("name", "id")
                     .values("id", "nip", "front_title", "name", "back_title", "position__name", "unit__name",
                             "period_skp__id", "period_skp__status")[: SEARCH_LIMIT + 1])
        truncated = len(found) > SEARCH_LIMIT
        rows = found[:SEARCH_LIMIT]
    return render(request, "alignment/_search.html", {"rows": rows, "query": query, "truncated": truncated,
                                                       "scope_": scope})


@login_required
def employee_chain(request, pk: int):
    """One employee's chain from each of their RHK up to the regional mission (any employee of the instance)."""
    _require_map(request)
    scope = map_scope(request)
    employee = get_object_or_404(Employee.objects.filter(instance=scope.instance).select_related("unit", "position"),
                                 pk=pk)
    skp = None
    if scope.period is not None:
        skp = Skp.objects.filter(employee=employee, period=scope.period).select_related("position", "unit").first()
    # a chain not yet approved is the SKP's draft content: only for those who may see that SKP
    hidden = skp is not None and not permissions.can_view_chain(request.user, skp)
    return render(request, "alignment/employee_chain.html", {
        "active_menu": "cascade", "scope_": scope, "employee": employee, "skp": skp, "chain_hidden": hidden,
        "chains": chain_for_skp(skp) if skp and not hidden else [], "is_me": scope.my_employee is not None
        and scope.my_employee.pk == employee.pk})


@login_required
def my_chain(request):
    _require_map(request)
    user = request.user
    if not user.employee_id:
        raise PermissionDenied(_("Only employees have a chain of their own."))
    query = request.GET.urlencode()
    return redirect(reverse("alignment:employee", args=[user.employee_id]) + (f"?{query}" if query else ""))


# --- the alignment report ------------------------------------------------------------------------------

@dataclass
class ReportScope:
    instance: Instance
    periods: list[Period]
    period: Period | None
    unit: Unit | None

    @property
    def query(self) -> str:
        data = {}
        if self.period:
            data["period"] = self.period.pk
        if self.unit:
            data["unit"] = self.unit.pk
        return urlencode(data)


def report_scope(request) -> ReportScope:
    user = request.user
    if not permissions.can_view_report(user):
        raise PermissionDenied(_("The alignment report is for administrators, superiors and the monitoring team."))
    instance = instance_for(request)
    periods = permissions.periods_of(instance.pk)
    wanted = request.GET.get("period")
    period = permissions.pick_period(periods, wanted)
    if wanted and period is None:
        raise Http404(_("Unknown period."))
    raw_unit = request.GET.get("unit")
    if raw_unit:
        unit = _unit_of(instance, raw_unit)
        if not permissions.report_allows(user, unit):
            raise Http404(_("Unknown unit."))
    else:
        unit = None if permissions.report_paths(user) is None else permissions.default_report_unit(user, instance.pk)
    return ReportScope(instance, periods, period, unit)


def _report_units(request, scope: ReportScope) -> list[Unit]:
    """Units offered in the report's unit picker: the OPDs (or the units the user leads/manages) and their children."""
    paths = permissions.report_paths(request.user)
    qs = Unit.objects.filter(instance=scope.instance)
    if paths is None:
        units = list(qs.filter(depth=1).order_by("name").only("id", "name", "path", "depth"))
    else:
        roots = list(qs.filter(path__in=paths).order_by("path"))
        below = reduce(or_, [Q(path__startswith=r.path, depth=r.depth + 1) for r in roots], Q(pk__in=[]))
        children = list(qs.filter(below))
        for unit in children:
            unit.is_child = True
        units = sorted({u.pk: u for u in [*roots, *children]}.values(), key=lambda u: u.path)
    if scope.unit is not None and scope.unit.pk not in {u.pk for u in units}:
        units.insert(0, scope.unit)
    return units


@login_required
def alignment_report(request):
    scope = report_scope(request)
    context = {"active_menu": "alignment", "scope_": scope, "units": _report_units(request, scope),
               "whole_instance": permissions.report_paths(request.user) is None,
               "instances": list(Instance.objects.order_by("name")) if request.user.is_superuser else []}
    if scope.period is not None:
        context["report"] = report.build_report(scope.instance.pk, scope.period, scope.unit)
    return render(request, "alignment/report.html", context)


@login_required
def alignment_report_xlsx(request):
    scope = report_scope(request)
    if scope.period is None:
        raise Http404(_("No SKP period yet."))
    where = scope.unit.name if scope.unit else scope.instance.name
    title = _("Alignment report %(period)s – %(unit)s") % {"period": scope.period.name, "unit": where}
    stream = BytesIO()
    report.write_xlsx(stream, scope.instance.pk, scope.period, scope.unit, title=title)
    name = slugify(f"alignment-{scope.period.name}-{where}")[:80] or "alignment"
    response = HttpResponse(stream.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.xlsx"'
    return response
