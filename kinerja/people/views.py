"""Employee pages: directory, my team, profile, and the admin forms that call people.services.

Every lookup goes through ``restrict_employees`` (view scope) first, so an employee outside the
user's scope is a 404; a visible employee the user may not change is a 403. Writes are done by
the services, whose ValidationError lands on the form next to the field it names.
"""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.db import connection
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kinerja.accounts import permissions as account_permissions
from kinerja.accounts import scope as sc
from kinerja.audit.labels import action_label
from kinerja.audit.models import AuditEvent
from kinerja.core.forms import run_service
from kinerja.core.keyset import InvalidCursor, paginate
from kinerja.organization import permissions as org_permissions
from kinerja.organization.models import Position, Unit
from kinerja.rules.grades import RANK_NAMES

from . import permissions, services
from .chain import superior_chain
from .forms import (
    PAGE_SIZES,
    ActingForm,
    ConfirmForm,
    DirectoryFilterForm,
    EmployeeCreateForm,
    EndActingForm,
    PersonalDataForm,
    StatusForm,
    TransferForm,
    position_choices,
)
from .models import Assignment, AssignmentKind, Employee
from .names import initials
from .search import search_q

ORDERING = ["name", "id"]
HISTORY_LIMIT = 15


def unit_url(pk: int | None) -> str:
    """The organisation page of a unit ("" for no unit)."""
    if pk is None:
        return ""
    return reverse("organization:unit", args=[pk])


def visible_employees(user):
    return permissions.restrict_employees(Employee.objects.all(), user, sc.VIEW)


def _visible_or_404(request, pk: int) -> Employee:
    return get_object_or_404(visible_employees(request.user).select_related("unit", "position", "instance"), pk=pk)


# --- Lists ----------------------------------------------------------------------------------------

def filter_employees(qs, filters: dict):
    qs = qs.filter(search_q(filters.get("q") or ""))
    unit = filters.get("unit")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path, unit__instance_id=unit.instance_id)
    for key, field in (("kind", "kind"), ("grade", "grade"), ("position_kind", "position__kind")):
        if filters.get(key):
            qs = qs.filter(**{field: filters[key]})
    status = filters.get("status")
    if status == "active":
        qs = qs.filter(is_active=True)
    elif status == "inactive":
        qs = qs.filter(is_active=False)
    return qs


def _decorate(employees: list[Employee]) -> None:
    """Initials for the avatar and the OPD above each unit: one query for the whole page."""
    steplen = Unit.steplen
    roots = {e.unit.path[:steplen] for e in employees if e.unit_id}
    opds = {u.path: u for u in Unit.objects.filter(path__in=roots)} if roots else {}
    for e in employees:
        e.initials = initials(e.name)
        e.opd = opds.get(e.unit.path[:steplen]) if e.unit_id else None


def cached_count(qs, seconds: int = 60) -> int:
    """``qs.count()``, shared for a minute between requests with the same filters and scope.

    Counting 100,000 rows costs tens of milliseconds on every page turn; the total shown above the
    list may lag a minute behind, the rows themselves never do.
    """
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:  # a scope that can see nothing
        return 0
    key = "count:" + hashlib.sha1(f"{connection.vendor}{sql}{params}".encode()).hexdigest()
    return cache.get_or_set(key, qs.count, seconds)


def _filter_data(request):
    data = request.GET.copy()
    data.setdefault("status", "active")
    data.setdefault("size", "25")
    return data


def employee_list(request, base_qs, units, *, template: str, active_menu: str, extra=None):
    """Filtered, keyset-paginated employees; the table fragment alone for an htmx request."""
    form = DirectoryFilterForm(_filter_data(request), units=units)
    filters = form.filters()
    qs = filter_employees(base_qs, filters)
    cursor_error = False
    try:
        page = paginate(qs.select_related("unit", "position"), ORDERING, filters["size"], request.GET.get("cursor"))
    except InvalidCursor:
        cursor_error = True
        page = paginate(qs.select_related("unit", "position"), ORDERING, filters["size"], None)
    _decorate(page.items)
    fragment = bool(request.htmx) and not request.htmx.history_restore_request
    context = {
        "form": form,
        "page": page,
        "page_sizes": PAGE_SIZES,
        "oob": fragment,
        "total": cached_count(qs),
        "cursor_error": cursor_error,
        "filtered": any(filters.get(k) for k in ("q", "unit", "kind", "grade", "position_kind"))
        or filters["status"] != "active",
        "list_url": request.path,
        "active_menu": active_menu,
        **(extra or {}),
    }
    response = render(request, "people/_employee_table.html" if fragment else template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _instance_units(user):
    units = org_permissions.restrict_units(Unit.objects.all(), user, sc.VIEW)
    return units.filter(is_active=True).order_by("path").only("id", "name", "depth", "path")


@login_required
def directory(request):
    return employee_list(
        request, visible_employees(request.user), _instance_units(request.user),
        template="people/directory.html", active_menu="directory",
        extra={"can_create": permissions.can_add_employees(request.user)},
    )


@login_required
def team(request):
    """My team: the people the user evaluates (``people.permissions.team_q``, the one definition)."""
    if not account_permissions.is_evaluator(request.user):
        raise PermissionDenied(_("Only an evaluating official (pejabat penilai) has a team."))
    base = permissions.team_employees(visible_employees(request.user), request.user)
    units = (Unit.objects.filter(pk__in=base.values("unit_id"), is_active=True).order_by("path")
             .only("id", "name", "depth", "path"))
    return employee_list(request, base, units, template="people/team.html", active_menu="team")


# --- Profile ------------------------------------------------------------------------------------

def _unit_trail(unit: Unit | None) -> list[dict]:
    if unit is None:
        return []
    nodes = [*Unit.objects.get_ancestors(unit), unit]
    return [{"unit": node, "url": unit_url(node.pk)} for node in nodes]


def _chain(user, employee: Employee) -> list[dict]:
    """Pejabat penilai and their superior, each linked when the user may open their profile."""
    links = superior_chain(employee)
    holder_ids = [link.holder.pk for link in links if link.holder is not None]
    visible = set(visible_employees(user).filter(pk__in=holder_ids).values_list("pk", flat=True)) if holder_ids \
        else set()
    return [{"position": link.position, "holder": link.holder, "acting_label": link.acting_label,
             "url": reverse("people:profile", args=[link.holder.pk]) if link.holder and link.holder.pk in visible
             else ""} for link in links]


def _history(user, employee: Employee, assignment_ids: list[int]):
    events = AuditEvent.objects.filter(
        Q(object_type="people.employee", object_id=str(employee.pk))
        | Q(object_type="people.assignment", object_id__in=[str(pk) for pk in assignment_ids])
    )
    rows = list(sc.restrict_audit(events, user).order_by("-id")[:HISTORY_LIMIT])
    for event in rows:
        event.label = action_label(event.action)
    return rows


def _render_profile(request, employee: Employee, active_menu: str):
    user = request.user
    today = timezone.localdate()
    can_view_audit = account_permissions.reads_audit(user)
    assignments = list(employee.assignments.select_related("position", "unit", "position__unit")
                       .order_by("-start_date", "-id"))
    for a in assignments:
        a.is_current = a.start_date <= today and (a.end_date is None or a.end_date >= today)
        a.can_end = (a.kind != AssignmentKind.DEFINITIVE and (a.end_date is None or a.end_date >= today)
                     and permissions.can_end_acting(user, a))
    acting_now = [a for a in assignments if a.kind != AssignmentKind.DEFINITIVE and a.is_current]
    can_change = permissions.can_edit_employee(user, employee)
    grade_rows = list(employee.grade_history.order_by("-tmt", "-id"))
    for g in grade_rows:
        g.rank_name = RANK_NAMES.get(g.grade, "")
    context = {
        "employee": employee,
        "initials": initials(employee.name),
        "unit_trail": _unit_trail(employee.unit),
        "chain": _chain(user, employee) if employee.is_active else [],
        "assignments": assignments,
        "acting_now": acting_now,
        "grades": grade_rows,
        "can_change": can_change,
        "can_assign_acting": permissions.can_assign_acting(user) and employee.is_active,
        "is_me": employee.pk == account_permissions.own_employee_id(user),
        "can_view_audit": can_view_audit,
        "history": _history(user, employee, [a.pk for a in assignments]) if can_view_audit else [],
        "active_menu": active_menu,
    }
    return render(request, "people/profile.html", context)


@login_required
def profile(request, pk: int):
    employee = _visible_or_404(request, pk)
    menu = "me" if employee.pk == account_permissions.own_employee_id(request.user) else "directory"
    return _render_profile(request, employee, menu)


@login_required
def me(request):
    employee_id = account_permissions.own_employee_id(request.user)
    if employee_id is None:
        raise Http404(_("Your login is not linked to an employee."))
    return _render_profile(request, _visible_or_404(request, employee_id), "me")


# --- Admin forms --------------------------------------------------------------------------------

def _changeable_or_403(request, pk: int) -> Employee:
    employee = _visible_or_404(request, pk)
    if not permissions.can_change_employee(request.user, employee):
        raise PermissionDenied(_("You may not change this employee."))
    return employee


def _change_positions(user, instance_id: int | None):
    positions = org_permissions.restrict_positions(Position.objects.all(), user, sc.CHANGE)
    if instance_id is not None:
        positions = positions.filter(instance_id=instance_id)
    return position_choices(positions)


def _form_page(request, form, *, title: str, submit: str, employee=None, intro: str = "", danger=False,
               fieldsets=None, narrow=True):
    if employee is not None:
        employee.initials = initials(employee.name)
    cancel = reverse("people:profile", args=[employee.pk]) if employee else reverse("people:directory")
    layout = fieldsets or [(None, [(name, "col-12") for name in form.fields])]
    sections = [{"legend": legend, "fields": [{"field": form[name], "col": col} for name, col in fields]}
                for legend, fields in layout]
    return render(request, "people/form.html", {
        "form": form, "title": title, "submit": submit, "employee": employee, "intro": intro, "danger": danger,
        "cancel_url": cancel, "sections": sections, "narrow": narrow, "active_menu": "directory",
    })


def _posted(request):
    """The POST data, even when empty (a form of optional fields must still be bound)."""
    return request.POST if request.method == "POST" else None


def _done(request, employee: Employee, message: str):
    messages.success(request, message)
    return redirect("people:profile", pk=employee.pk)


CREATE_FIELDSETS = [
    (_("Identity"), [("kind", "col-sm-4"), ("nip", "col-sm-8")]),
    (_("Name"), [("front_title", "col-sm-3"), ("name", "col-sm-6"), ("back_title", "col-sm-3")]),
    (_("Personal data"), [("birth_date", "col-sm-6"), ("sex", "col-sm-6")]),
    (_("Rank and grade"), [("grade", "col-sm-4"), ("tmt_grade", "col-sm-4"), ("tmt_cpns", "col-sm-4")]),
    (_("Position"), [("position", "col-sm-8"), ("tmt_position", "col-sm-4")]),
    (_("Other identifiers and contact"), [("nip_lama", "col-sm-6"), ("pns_id", "col-sm-6"),
                                          ("email", "col-sm-6"), ("phone", "col-sm-6")]),
]
EDIT_FIELDSETS = [fs for fs in CREATE_FIELDSETS if fs[0] not in (_("Identity"), _("Position"))]
TRANSFER_FIELDSETS = [(None, [("position", "col-12"), ("start_date", "col-sm-6"), ("decree_number", "col-sm-6"),
                              ("note", "col-12")])]
ACTING_FIELDSETS = [(None, [("kind", "col-sm-4"), ("position", "col-sm-8"), ("start_date", "col-sm-6"),
                            ("end_date", "col-sm-6"), ("decree_number", "col-12")])]
DATE_FIELDSETS = [(None, [("end_date", "col-sm-7")])]


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    user = request.user
    manage = sc.can_manage_instance(user, user.instance_id)
    if not permissions.can_add_employees(user):
        raise PermissionDenied(_("You may not add employees."))
    form = EmployeeCreateForm(_posted(request), positions=_change_positions(user, user.instance_id),
                              position_required=not manage or user.instance_id is None)
    done = run_service(request, form, lambda _data: services.create_employee(
        actor=user, instance=user.instance or form.cleaned_data["position"].instance, **form.service_data()))
    if done.ok:
        return _done(request, done.result, _("Employee %(name)s was added.") % {"name": done.result.full_name})
    return _form_page(request, form, title=_("New employee"), submit=_("Add employee"), fieldsets=CREATE_FIELDSETS,
                      narrow=False)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    employee = _changeable_or_403(request, pk)
    form = PersonalDataForm(_posted(request), initial=PersonalDataForm.initial_for(employee))
    if request.method == "POST" and form.is_valid() and not form.changed_data:
        messages.info(request, _("Nothing was changed."))
        return redirect("people:profile", pk=employee.pk)
    done = run_service(request, form, lambda data: services.update_employee(
        actor=request.user, employee=employee, **{name: data[name] for name in form.changed_data}))
    if done.ok:
        return _done(request, done.result, _("Personal data saved."))
    return _form_page(request, form, title=_("Edit personal data"), submit=_("Save"), employee=employee,
                      fieldsets=EDIT_FIELDSETS, narrow=False)


@login_required
@require_http_methods(["GET", "POST"])
def transfer(request, pk: int):
    employee = _changeable_or_403(request, pk)
    positions = _change_positions(request.user, employee.instance_id).exclude(pk=employee.position_id)
    form = TransferForm(_posted(request), positions=positions)
    if run_service(request, form, lambda data: services.transfer_employee(
            actor=request.user, employee=employee, **data)).ok:
        return _done(request, employee, _("%(name)s now holds %(position)s.")
                     % {"name": employee.full_name, "position": form.cleaned_data["position"].name})
    return _form_page(request, form, title=_("Transfer or promote"), submit=_("Transfer"), employee=employee,
                      intro=_("The current post ends the day before the new one starts."), fieldsets=TRANSFER_FIELDSETS)


@login_required
@require_http_methods(["GET", "POST"])
def acting(request, pk: int):
    employee = _visible_or_404(request, pk)
    if not permissions.can_assign_acting(request.user):
        raise PermissionDenied(_("You may not assign acting officials."))
    form = ActingForm(_posted(request), positions=_change_positions(request.user, employee.instance_id)
                      .exclude(pk=employee.position_id))
    if run_service(request, form, lambda data: services.assign_acting(
            actor=request.user, employee=employee, **data)).ok:
        label = "Plt." if form.cleaned_data["kind"] == AssignmentKind.PLT else "Plh."
        return _done(request, employee, _("%(name)s is %(label)s %(position)s.") % {
            "name": employee.full_name, "label": label, "position": form.cleaned_data["position"].name})
    return _form_page(request, form, title=_("Assign acting official"), submit=_("Assign"), employee=employee,
                      intro=_("Plt fills a vacant post; Plh stands in while the holder is away."),
                      fieldsets=ACTING_FIELDSETS)


@login_required
@require_http_methods(["GET", "POST"])
def end_acting(request, pk: int, assignment_pk: int):
    employee = _visible_or_404(request, pk)
    assignment = get_object_or_404(Assignment.objects.acting().select_related("position", "position__unit"),
                                   pk=assignment_pk, employee=employee)
    if not org_permissions.can_change_unit(request.user, assignment.position.unit):
        raise PermissionDenied(_("You may not change this acting assignment."))
    form = EndActingForm(_posted(request), initial={"end_date": timezone.localdate()})
    if run_service(request, form, lambda data: services.end_acting(
            actor=request.user, assignment=assignment, **data)).ok:
        return _done(request, employee, _("The acting assignment ends on %(date)s.")
                     % {"date": form.cleaned_data["end_date"].isoformat()})
    intro = _("%(kind)s %(position)s since %(date)s.") % {
        "kind": assignment.get_kind_display(), "position": assignment.position.name,
        "date": assignment.start_date.isoformat()}
    return _form_page(request, form, title=_("End acting assignment"), submit=_("End assignment"),
                      employee=employee, intro=intro, fieldsets=DATE_FIELDSETS)


def _set_active(request, pk: int, active: bool):
    employee = _changeable_or_403(request, pk)
    if employee.is_active == active:
        return redirect("people:profile", pk=employee.pk)
    form = (ConfirmForm if active else StatusForm)(_posted(request))
    if run_service(request, form, lambda data: services.set_active(
            actor=request.user, employee=employee, active=active, end_date=data.get("end_date"))).ok:
        message = _("%(name)s is active again.") if active else _("%(name)s was deactivated.")
        return _done(request, employee, message % {"name": employee.full_name})
    if active:
        return _form_page(request, form, title=_("Reactivate employee"), submit=_("Reactivate"), employee=employee,
                          intro=_("The employee returns to the directory and to their position."))
    return _form_page(request, form, title=_("Deactivate employee"), submit=_("Deactivate"), employee=employee,
                      danger=True, fieldsets=DATE_FIELDSETS,
                      intro=_("For retirement, death or transfer out of the instance. The record and its history "
                              "stay; current posts end on the last day."))


@login_required
@require_http_methods(["GET", "POST"])
def deactivate(request, pk: int):
    return _set_active(request, pk, active=False)


@login_required
@require_http_methods(["GET", "POST"])
def reactivate(request, pk: int):
    return _set_active(request, pk, active=True)


__all__ = ["directory", "team", "profile", "me", "create", "edit", "transfer", "acting", "end_acting",
           "deactivate", "reactivate", "search_q", "filter_employees"]
