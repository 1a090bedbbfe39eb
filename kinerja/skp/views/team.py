"""The evaluating official's team, and the HR monitoring of overdue SKPs (with setting an SKP for someone)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.db.models.functions import Substr
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.accounts import permissions as account_permissions
from kinerja.accounts import scope as sc
from kinerja.core.keyset import InvalidCursor, paginate
from kinerja.core.status import bootstrap_tone
from kinerja.organization.models import Unit
from kinerja.people import permissions as people_permissions
from kinerja.people.models import Assignment, Employee
from kinerja.people.names import initials
from kinerja.people.search import search_q

from .. import permissions, queries, services
from ..forms import (
    MonitoringFilterForm,
    SetSkpForm,
    TeamFilterForm,
)
from ..models import Skp, SkpStatus
from .common import _flash_errors, pick_period, user_periods

WAITING_FIRST = {SkpStatus.SUBMITTED: 0, SkpStatus.RETURNED: 2, SkpStatus.DRAFT: 3, None: 4, SkpStatus.APPROVED: 5}


@login_required
def team(request):
    user = request.user
    if not people_permissions.has_team(user):
        raise PermissionDenied(_("Only an evaluating official (pejabat penilai) has a team."))
    periods = list(user_periods(user))
    form = TeamFilterForm(request.GET or None, periods=user_periods(user))
    form.is_valid()
    data = getattr(form, "cleaned_data", {}) or {}
    period = pick_period(periods, request.GET.get("period"))
    rows, counts, acting = [], {}, []
    today = timezone.localdate()
    acting = list(Assignment.objects.active_on(today).acting()
                  .filter(employee_id=account_permissions.own_employee_id(user)).select_related("position", "unit"))
    if period is not None:
        members = list(queries.team_members(user, period))
        submitted = dict(Skp.objects.filter(pk__in=[m.skp_id for m in members if m.skp_id])
                         .values_list("pk", "submitted_at"))
        for m in members:
            m.initials = initials(m.name)
            m.submitted_at = submitted.get(m.skp_id)
            m.status_tone = bootstrap_tone(m.skp_status)
            m.status_label = SkpStatus(m.skp_status).label if m.skp_status else _("No SKP yet")
        counts = {
            "all": len(members),
            "waiting": sum(1 for m in members if m.skp_status == SkpStatus.SUBMITTED),
            "approved": sum(1 for m in members if m.skp_status == SkpStatus.APPROVED),
            "none": sum(1 for m in members if not m.skp_status),
        }
        counts["in_progress"] = counts["all"] - counts["waiting"] - counts["approved"] - counts["none"]
        status, q = data.get("status") or "", (data.get("q") or "").strip().lower()
        for m in members:
            if status == "waiting" and m.skp_status != SkpStatus.SUBMITTED:
                continue
            if status == "none" and m.skp_status:
                continue
            if status == "progress" and m.skp_status not in (SkpStatus.DRAFT, SkpStatus.RETURNED):
                continue
            if status in SkpStatus.values and m.skp_status != status:
                continue
            if q and q not in m.name.lower() and q.replace(" ", "") not in m.nip:
                continue
            rows.append(m)
        rows.sort(key=lambda m: (WAITING_FIRST.get(m.skp_status, 4), m.submitted_at or timezone.now(), m.name))
    return render(request, "skp/team.html", {
        "form": form, "period": period, "periods": periods, "rows": rows, "counts": counts, "acting": acting,
        "filtered": bool(data.get("status") or data.get("q")), "active_menu": "skp_team",
    })


@login_required
def monitoring(request):
    user = request.user
    if not permissions.can_monitor(user):
        raise PermissionDenied(_("Only HR administrators and instance-wide roles see the SKP monitoring."))
    periods = list(user_periods(user))
    units = permissions.monitored_units(user).order_by("path").only("id", "name", "depth", "path")
    form = MonitoringFilterForm(request.GET or None, periods=user_periods(user), units=units)
    form.is_valid()
    data = getattr(form, "cleaned_data", {}) or {}
    period = pick_period(periods, request.GET.get("period"))
    unit = data.get("unit")
    preview = request.GET.get("preview") == "1"
    context = {"form": form, "period": period, "periods": periods, "unit": unit, "preview": preview,
               "active_menu": "skp_monitoring",
               "page": None, "summary": [], "total": 0, "statuses": {}}
    if period is not None:
        today = timezone.localdate()
        due = today > period.deadline
        context["due"] = due
        day = today if due or not preview else period.deadline + timedelta(days=1)
        if not due and not preview:
            return render(request, "skp/monitoring.html", context)
        qs = (queries.overdue(period.instance, period, unit=unit, day=day)
              .filter(people_permissions.employee_q(user, sc.VIEW)))
        q = (data.get("q") or "").strip()
        if q:
            qs = qs.filter(search_q(q))
        try:
            page = paginate(qs, ["name", "id"], 50, request.GET.get("cursor"))
        except InvalidCursor:
            page = paginate(qs, ["name", "id"], 50, None)
        for employee in page.items:
            employee.initials = initials(employee.name)
            employee.status_tone = bootstrap_tone(employee.skp_status)
            employee.status_label = SkpStatus(employee.skp_status).label if employee.skp_status else _("No SKP")
            employee.can_set = not employee.skp_id and people_permissions.can_change_employee(user, employee)
        steplen = Unit.steplen
        by_opd = list(qs.order_by().annotate(opd_path=Substr("unit__path", 1, steplen))
                      .values("opd_path").annotate(n=Count("id")).order_by("-n")[:12])
        names = dict(Unit.objects.filter(instance_id=period.instance_id, path__in=[r["opd_path"] for r in by_opd])
                     .values_list("path", "name"))
        statuses = dict(qs.order_by().values_list("skp_status").annotate(n=Count("id")).values_list("skp_status", "n"))
        context.update({
            "page": page,
            "summary": [{"name": names.get(r["opd_path"], "—"), "count": r["n"]} for r in by_opd],
            "total": sum(statuses.values()),
            "statuses": {"none": statuses.get(None, 0), "draft": statuses.get(SkpStatus.DRAFT, 0),
                         "submitted": statuses.get(SkpStatus.SUBMITTED, 0),
                         "returned": statuses.get(SkpStatus.RETURNED, 0)},
            "export_url": reverse("skp_documents:export"),
        })
    return render(request, "skp/monitoring.html", context)


@login_required
@require_POST
def set_for(request):
    """The HR admin opens an SKP for an employee who has none (then fills it in the editor)."""
    form = SetSkpForm(request.POST)
    if not form.is_valid():
        raise Http404
    employee = get_object_or_404(
        people_permissions.restrict_employees(Employee.objects.select_related("position", "position__superior", "unit"),
                              request.user, sc.VIEW), pk=form.cleaned_data["employee"])
    period = get_object_or_404(user_periods(request.user), pk=form.cleaned_data["period"])
    if not people_permissions.can_change_employee(request.user, employee):
        raise PermissionDenied(_("You may not set an SKP for this employee."))
    try:
        skp = services.create_skp(actor=request.user, employee=employee, period=period)
    except ValidationError as exc:
        _flash_errors(request, exc)
        return redirect(f"{reverse('skp:monitoring')}?period={period.pk}")
    messages.success(request, _("An SKP for %(name)s is started. Fill it in, then submit it to the evaluating "
                                "official.") % {"name": employee.full_name})
    return redirect("skp:edit", pk=skp.pk)
