"""The SKP page (what it shows: presentation.py, plus the timeline and the panels other apps register),
my SKP and starting one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.accounts import permissions as account_permissions
from kinerja.core.status import bootstrap_tone
from kinerja.people.models import Employee

from .. import presentation, queries, services
from ..models import AppendixKind, Skp
from ..panels import panels_for
from .common import _abilities, _flash_errors, _menu_for_skp, _skp_or_404, pick_period, user_periods

ACTION_ICONS = {"submit": "send", "return": "arrow-return-left", "approve": "check2-circle",
                "revise": "pencil-square", "withdraw": "arrow-counterclockwise"}


def document_links(skp: Skp) -> dict:
    """The PDF and Excel downloads (kinerja.skp.documents)."""
    return {"pdf": reverse("skp_documents:pdf", args=[skp.pk]), "xlsx": reverse("skp_documents:xlsx", args=[skp.pk])}


def header_people(skp: Skp) -> list[dict]:
    """The three header people (presentation.header_people) with the page's title and icon for each."""
    faces = {"employee": (_("Employee evaluated"), "person"),
             "evaluator": (_("Evaluating official (pejabat penilai kinerja)"), "person-check"),
             "above": (_("Superior of the evaluating official"), "person-up")}
    return [{"key": p.key, "title": faces[p.key][0], "icon": faces[p.key][1], "person": p.person,
             "position": p.position, "unit": p.unit, "acting": p.acting} for p in presentation.header_people(skp)]


def appendix_sections(skp: Skp) -> list[dict]:
    lines = presentation.appendix_lines((a.kind, a.text) for a in skp.appendix.all())
    return [{"kind": kind.value, "title": kind.label, "lines": lines[kind.value]} for kind in AppendixKind]


def hasil_groups(skp: Skp) -> list[presentation.RhkGroupItems]:
    """The RHK in the official order (presentation.rhk_groups), each IKI with its target for the reader."""
    groups = presentation.rhk_groups(skp.rhks.all(), is_jpt=skp.is_jpt)
    for group in groups:
        for item in group.items:
            for iki in item.ikis:
                iki.shown_target = presentation.shown_target(iki)
    return groups


def timeline(skp: Skp) -> list[dict]:
    """The workflow steps, oldest first: created, then every version (submit, return, approve, …)."""
    steps = [{"action": "create", "label": _("SKP started"), "icon": "file-earmark-plus", "tone": "secondary",
              "at": skp.created_at, "by": _("HR admin") if skp.set_by_admin else "", "note": ""}]
    labels = {"submit": _("Submitted to the evaluating official"), "return": _("Returned for correction"),
              "approve": _("Approved"), "revise": _("Revision started"), "withdraw": _("Withdrawn to draft")}
    tones = {"submit": "warning", "return": "danger", "approve": "success", "revise": "info", "withdraw": "secondary"}
    for version in skp.versions.select_related("by", "by__employee").order_by("number"):
        by = version.by
        name = (by.employee.full_name if by is not None and by.employee_id else (by.get_username() if by else ""))
        steps.append({"action": version.action, "label": labels.get(version.action, version.action),
                      "icon": ACTION_ICONS.get(version.action, "dot"), "tone": tones.get(version.action, "secondary"),
                      "at": version.at, "by": name, "note": version.note, "number": version.number})
    return steps


def skp_context(request, skp: Skp) -> dict:
    skp = queries.skp_detail(skp.pk)
    user = request.user
    abilities = _abilities(user, skp)
    notices = [r for r in skp.rhks.all() if r.parent_changed_at] if abilities["can_acknowledge"] else []
    groups = hasil_groups(skp)
    return {
        "skp": skp,
        "status_tone": bootstrap_tone(skp.status),
        "people": header_people(skp),
        "groups": groups,
        "rhk_count": sum(len(g.items) for g in groups),
        "appendix": appendix_sections(skp),
        "behaviours": presentation.behaviours({e.value: e.expectation for e in skp.expectations.all()},
                                              translation.get_language() or "id"),
        "steps": timeline(skp),
        "notices": notices,
        "documents": document_links(skp),
        "panels": panels_for(skp),
        **abilities,
    }


def _render_detail(request, skp: Skp, *, periods=None, active_menu=None):
    context = skp_context(request, skp)
    context["periods"] = periods
    context["active_menu"] = active_menu or _menu_for_skp(request.user, skp)
    return render(request, "skp/detail.html", context)


@login_required
def mine(request):
    employee_id = account_permissions.own_employee_id(request.user)
    if employee_id is None:
        raise Http404(_("Your login is not linked to an employee."))
    periods = list(user_periods(request.user))
    period = pick_period(periods, request.GET.get("period"))
    skp = Skp.objects.filter(employee_id=employee_id, period=period).first() if period else None
    if skp is not None:
        return _render_detail(request, skp, periods=periods, active_menu="skp_mine")
    employee = Employee.objects.select_related("position", "unit").get(pk=employee_id)
    from kinerja.people.chain import superior_chain

    chain = superior_chain(employee) if employee.position_id else []
    previous = (Skp.objects.filter(employee_id=employee.pk, period__start_date__lt=period.start_date)
                .select_related("period").order_by("-period__start_date").first()) if period else None
    return render(request, "skp/mine_empty.html", {
        "periods": periods, "period": period, "employee": employee, "chain": chain, "previous": previous,
        "active_menu": "skp_mine",
    })


@login_required
@require_POST
def create(request):
    """The employee starts their own SKP for a period."""
    employee_id = account_permissions.own_employee_id(request.user)
    if employee_id is None:
        raise Http404(_("Your login is not linked to an employee."))
    period = get_object_or_404(user_periods(request.user), pk=request.POST.get("period") or 0)
    employee = Employee.objects.select_related("position", "position__superior", "unit").get(pk=employee_id)
    try:
        skp = services.create_skp(actor=request.user, employee=employee, period=period)
    except ValidationError as exc:
        _flash_errors(request, exc)
        return redirect(f"{reverse('skp:mine')}?period={period.pk}")
    messages.success(request, _("Your SKP for %(period)s is started. Add your planned work results (RHK).")
                     % {"period": period.name})
    return redirect("skp:edit", pk=skp.pk)


@login_required
def detail(request, pk: int):
    return _render_detail(request, _skp_or_404(request, pk))
