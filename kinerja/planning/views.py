"""Plan pages: the instance overview, Renstra, IKU, performance agreement (PK) and work plan (RKT)
pages, the Excel download and the admin forms.

Everyone in the instance reads every page (transparency); another instance's plan is a 404. A form
the user may not use is a 403; the services check again and name the field of any bad input.
Forms open inline (htmx) on the pages, or as a page of their own without JavaScript.
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kinerja.core.forms import run_service
from kinerja.organization.instances import instance_for
from kinerja.organization.models import OPD_KINDS, Unit
from kinerja.people.holders import current_holders

from . import export, forms, services
from . import permissions as perm
from .models import (
    ActionPlan,
    Activity,
    AgreementStatus,
    Goal,
    Iku,
    IkuTarget,
    Mission,
    PerformanceAgreement,
    PkIndicator,
    Programme,
    Renstra,
    Rpjmd,
    StrategicTarget,
    WorkPlan,
)

MENU = "plan"


# --- helpers --------------------------------------------------------------------------------------

def visible(user, model):
    return perm.restrict(model.objects.all(), user)


def get_visible(request, model, pk: int, *related: str):
    """The object if the user's instance holds it, else 404 (never a hint that it exists)."""
    return get_object_or_404(visible(request.user, model).select_related(*related), pk=pk)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _posted(request):
    return request.POST if request.method == "POST" else None


def _done(request, url: str, message: str, warnings=()):
    messages.success(request, message)
    for warning in warnings:
        messages.warning(request, warning)
    if request.htmx:
        # planning.js goes to ``url``; when only its #anchor differs from the page shown, it reloads
        # the page (a plain redirect would only scroll, leaving the new row unseen).
        response = HttpResponse(status=204)
        response["HX-Trigger"] = json.dumps({"plan-saved": {"url": url}})
        return response
    return redirect(url)


def _form_page(request, form, *, title: str, submit: str, back_url: str, action_url: str | None = None,
               intro: str = "", danger: bool = False, layout=None, subject: str = ""):
    """The form inline (htmx fragment) or as a page of its own."""
    layout = layout or {}
    fields = [{"field": form[name], "col": layout.get(name, "col-12")} for name in form.fields]
    context = {"form": form, "fields": fields, "title": title, "submit": submit, "back_url": back_url,
               "action_url": action_url or request.get_full_path(), "intro": intro, "danger": danger,
               "subject": subject, "active_menu": MENU}
    if request.htmx:
        return render(request, "planning/_inline_form.html", context)
    return render(request, "planning/form.html", context)


def _service_form(request, form, call, *, done_url, message, **page):
    """Run the service on a valid POST (errors land on the form), then go back to ``done_url``."""
    outcome = run_service(request, form, call)
    if outcome.ok:
        url = done_url(outcome.result) if callable(done_url) else done_url
        return _done(request, url, message, getattr(outcome.result, "warnings", ()))
    return _form_page(request, form, **page)


def _delete_page(request, obj, call, *, back_url: str, done_url: str, what: str):
    form = forms.ConfirmForm(_posted(request))
    outcome = run_service(request, form, lambda _data: call())
    if outcome.ok:
        return _done(request, done_url, _("%(what)s was deleted.") % {"what": what})
    return _form_page(request, form, title=_("Delete %(what)s") % {"what": what}, submit=_("Delete"),
                      back_url=back_url, danger=True, subject=str(obj),
                      intro=_("This removes it and everything under it. It cannot be undone; the audit log keeps "
                              "a copy."))


def _changed(form, names) -> dict:
    return {name: form.cleaned_data[name] for name in names if name in form.changed_data}


def _years_of(obj) -> list[int]:
    return list(range(obj.start_year, obj.end_year + 1))


def _selected_year(request, years: list[int]) -> int:
    today = timezone.localdate().year
    raw = request.GET.get("year", "")
    if raw.isdigit() and int(raw) in years:
        return int(raw)
    if today in years or not years:
        return today
    return years[-1] if today > years[-1] else years[0]


def renstra_url(renstra_id: int) -> str:
    return reverse("planning:renstra", args=[renstra_id])


def pk_url(pk_id: int) -> str:
    return reverse("planning:agreement", args=[pk_id])


def rkt_url(rkt_id: int) -> str:
    return reverse("planning:work_plan", args=[rkt_id])


def _opd_units(instance_id: int):
    units = Unit.objects.filter(instance_id=instance_id, kind__in=OPD_KINDS, is_active=True)
    return units.order_by("path").only("id", "name", "depth", "path")


def _opd_path(path: str) -> str:
    return path[:Unit.steplen]


# --- overview --------------------------------------------------------------------------------------

def build_overview(instance_id: int, year: int, unit: Unit | None = None) -> dict:
    """The plan of an instance for ``year``: a fixed number of queries however many goals and IKU."""
    renstras = list(Renstra.objects.filter(instance_id=instance_id, start_year__lte=year, end_year__gte=year)
                    .select_related("unit").order_by("unit__path", "id"))
    if unit is not None:
        renstras = [r for r in renstras if r.unit_id == unit.pk]
    goals = list(Goal.objects.filter(renstra__in=[r.pk for r in renstras]).select_related("mission")
                 .order_by("code", "id"))
    targets = list(StrategicTarget.objects.filter(goal__in=[g.pk for g in goals]).order_by("code", "id"))
    ikus = list(Iku.objects.filter(strategic_target__in=[t.pk for t in targets]).order_by("code", "id"))
    yearly = defaultdict(dict)
    for row in IkuTarget.objects.filter(iku__in=[i.pk for i in ikus]).values_list("iku_id", "year", "target"):
        yearly[row[0]][row[1]] = row[2]
    by_target, by_goal, by_renstra = defaultdict(list), defaultdict(list), defaultdict(list)
    for iku in ikus:
        iku.yearly = yearly[iku.pk]
        iku.this_year = iku.yearly.get(year)
        by_target[iku.strategic_target_id].append(iku)
    for target in targets:
        target.iku_list = by_target[target.pk]
        by_goal[target.goal_id].append(target)
    for goal in goals:
        goal.target_list = by_goal[goal.pk]
        by_renstra[goal.renstra_id].append(goal)

    agreements = list(PerformanceAgreement.objects.filter(instance_id=instance_id, year=year)
                       .select_related("unit").order_by("unit__path"))
    work_plans = list(WorkPlan.objects.filter(instance_id=instance_id, year=year).select_related("unit")
                      .annotate(total=Sum("programmes__budget"), programme_count=Count("programmes"))
                      .order_by("unit__path"))
    pk_by_opd, rkt_by_opd = defaultdict(list), defaultdict(list)
    for agreement in agreements:
        pk_by_opd[_opd_path(agreement.unit.path)].append(agreement)
    for plan in work_plans:
        rkt_by_opd[_opd_path(plan.unit.path)].append(plan)
    for renstra in renstras:
        renstra.goal_list = by_renstra[renstra.pk]
        renstra.years = _years_of(renstra)
        renstra.iku_count = sum(len(t.iku_list) for g in renstra.goal_list for t in g.target_list)
        path = _opd_path(renstra.unit.path)
        renstra.agreements = pk_by_opd[path]
        renstra.own_agreement = next((a for a in pk_by_opd[path] if a.unit_id == renstra.unit_id), None)
        renstra.work_plan = next((p for p in rkt_by_opd[path] if p.unit_id == renstra.unit_id), None)
        renstra.signed_count = sum(a.status == AgreementStatus.SIGNED for a in renstra.agreements)
    mission_goals = defaultdict(int)
    for goal in goals:
        mission_goals[goal.mission_id] += 1
    return {
        "renstras": renstras,
        "mission_goals": mission_goals,
        "stats": {
            "opds": len(renstras), "goals": len(goals), "targets": len(targets), "ikus": len(ikus),
            "agreements": len(agreements),
            "signed": sum(a.status == AgreementStatus.SIGNED for a in agreements),
            "budget": sum((p.total or Decimal(0) for p in work_plans), Decimal(0)),
        },
    }


@login_required
def overview(request):
    user = request.user
    instance = instance_for(request)
    rpjmds = list(visible(user, Rpjmd).filter(instance=instance).order_by("-start_year"))
    all_years = sorted({y for r in rpjmds for y in _years_of(r)})
    year = _selected_year(request, all_years)
    rpjmd = next((r for r in rpjmds if r.covers(year)), rpjmds[0] if rpjmds else None)
    missions = list(rpjmd.missions.order_by("number")) if rpjmd else []
    units = _opd_units(instance.pk)
    filters = forms.PlanFilterForm(request.GET or None, years=all_years, units=units)
    unit = filters.cleaned_data.get("unit") if filters.is_bound and filters.is_valid() else None
    data = build_overview(instance.pk, year, unit) if rpjmd else {"renstras": [], "mission_goals": {}, "stats": {}}
    for mission in missions:
        mission.goal_count = data["mission_goals"].get(mission.pk, 0)
    covered = {r.unit_id for r in data["renstras"]}
    missing = [] if unit or not rpjmd else [u for u in perm.renstra_units(user, instance.pk) if u.pk not in covered]
    s_edit_rpjmd = perm.can_edit_rpjmd(user, instance.pk)
    context = {
        "missing_opds": missing,
        "instance": instance, "rpjmd": rpjmd, "rpjmds": rpjmds, "missions": missions, "year": year,
        "years": _years_of(rpjmd) if rpjmd else [], "unit": unit, "filters": filters, **data,
        "can_edit_rpjmd": s_edit_rpjmd,
        "export_query": f"year={year}" + (f"&unit={unit.pk}" if unit else ""), "active_menu": MENU,
    }
    return render(request, "planning/overview.html", context)


# --- RPJMD and missions ---------------------------------------------------------------------------

def _rpjmd_layout():
    return {"start_year": "col-sm-6", "end_year": "col-sm-6"}


@login_required
@require_http_methods(["GET", "POST"])
def rpjmd_create(request):
    instance = instance_for(request)
    _require(perm.can_edit_rpjmd(request.user, instance.pk), _("Only the BKPSDM administrator sets the RPJMD."))
    form = forms.RpjmdForm(_posted(request))
    return _service_form(request, form, lambda d: services.create_rpjmd(actor=request.user, instance=instance, **d),
                         done_url=lambda r: reverse("planning:overview") + f"?year={r.start_year}",
                         message=_("The RPJMD was created."), title=_("New RPJMD"), submit=_("Create"),
                         back_url=reverse("planning:overview"), layout=_rpjmd_layout())


@login_required
@require_http_methods(["GET", "POST"])
def rpjmd_edit(request, pk: int):
    rpjmd = get_visible(request, Rpjmd, pk)
    _require(perm.can_edit_rpjmd(request.user, rpjmd.instance_id), _("Only the BKPSDM administrator sets the RPJMD."))
    form = forms.RpjmdForm(_posted(request), initial={f: getattr(rpjmd, f) for f in services.RPJMD_FIELDS})
    back = reverse("planning:overview") + f"?year={rpjmd.start_year}"
    return _service_form(request, form, lambda d: services.update_rpjmd(actor=request.user, rpjmd=rpjmd,
                                                                        **_changed(form, services.RPJMD_FIELDS)),
                         done_url=back, message=_("The RPJMD was saved."), title=_("Edit RPJMD"), submit=_("Save"),
                         back_url=back, layout=_rpjmd_layout(), subject=str(rpjmd))


@login_required
@require_http_methods(["GET", "POST"])
def rpjmd_delete(request, pk: int):
    rpjmd = get_visible(request, Rpjmd, pk)
    _require(perm.can_edit_rpjmd(request.user, rpjmd.instance_id), _("Only the BKPSDM administrator sets the RPJMD."))
    back = reverse("planning:overview")
    return _delete_page(request, rpjmd, lambda: services.delete_rpjmd(actor=request.user, rpjmd=rpjmd),
                        back_url=back, done_url=back, what=_("The RPJMD"))


@login_required
@require_http_methods(["GET", "POST"])
def mission_create(request, pk: int):
    rpjmd = get_visible(request, Rpjmd, pk)
    _require(perm.can_edit_rpjmd(request.user, rpjmd.instance_id), _("Only the BKPSDM administrator sets the RPJMD."))
    form = forms.MissionForm(_posted(request))
    back = reverse("planning:overview") + f"?year={rpjmd.start_year}#missions"
    return _service_form(request, form, lambda d: services.create_mission(actor=request.user, rpjmd=rpjmd, **d),
                         done_url=back, message=_("The mission was added."), title=_("Add mission"),
                         submit=_("Add"), back_url=back, layout={"number": "col-sm-3"}, subject=str(rpjmd))


@login_required
@require_http_methods(["GET", "POST"])
def mission_edit(request, pk: int):
    mission = get_visible(request, Mission, pk, "rpjmd")
    _require(perm.can_edit_rpjmd(request.user, mission.instance_id), _("Only the BKPSDM administrator sets the RPJMD."))
    form = forms.MissionForm(_posted(request), initial={"number": mission.number, "text": mission.text})
    back = reverse("planning:overview") + f"?year={mission.rpjmd.start_year}#missions"
    return _service_form(request, form, lambda d: services.update_mission(
        actor=request.user, mission=mission, **_changed(form, ("number", "text"))), done_url=back,
        message=_("The mission was saved."), title=_("Edit mission"), submit=_("Save"), back_url=back,
        layout={"number": "col-sm-3"})


@login_required
@require_http_methods(["GET", "POST"])
def mission_delete(request, pk: int):
    mission = get_visible(request, Mission, pk, "rpjmd")
    _require(perm.can_edit_rpjmd(request.user, mission.instance_id), _("Only the BKPSDM administrator sets the RPJMD."))
    back = reverse("planning:overview") + f"?year={mission.rpjmd.start_year}#missions"
    return _delete_page(request, mission, lambda: services.delete_mission(actor=request.user, mission=mission),
                        back_url=back, done_url=back, what=_("The mission"))


# --- Renstra ------------------------------------------------------------------------------------

def _renstra_for_page(request, pk: int) -> Renstra:
    ikus = Iku.objects.order_by("code", "id").prefetch_related(
        Prefetch("targets", queryset=IkuTarget.objects.order_by("year")))
    targets = StrategicTarget.objects.order_by("code", "id").prefetch_related(Prefetch("ikus", queryset=ikus))
    goals = Goal.objects.select_related("mission").order_by("code", "id").prefetch_related(
        Prefetch("targets", queryset=targets))
    return get_object_or_404(visible(request.user, Renstra).select_related("unit", "rpjmd").prefetch_related(
        Prefetch("goals", queryset=goals)), pk=pk)


@login_required
def renstra_detail(request, pk: int):
    renstra = _renstra_for_page(request, pk)
    years = _years_of(renstra)
    iku_count = 0
    for goal in renstra.goals.all():
        for target in goal.targets.all():
            for iku in target.ikus.all():
                by_year = {t.year: t.target for t in iku.targets.all()}
                iku.row = [by_year.get(y) for y in years]
                iku_count += 1
    can_edit = perm.can_edit_unit_plan(request.user, renstra.unit)
    agreements = list(PerformanceAgreement.objects.filter(instance_id=renstra.instance_id,
                                                          unit__path__startswith=renstra.unit.path,
                                                          year__gte=renstra.start_year, year__lte=renstra.end_year)
                      .select_related("unit").order_by("-year", "unit__path"))
    work_plans = list(WorkPlan.objects.filter(unit=renstra.unit, year__gte=renstra.start_year,
                                              year__lte=renstra.end_year).order_by("-year"))
    return render(request, "planning/renstra.html", {
        "renstra": renstra, "years": years, "iku_count": iku_count, "can_edit": can_edit,
        "agreements": agreements, "work_plans": work_plans, "this_year": timezone.localdate().year,
        "active_menu": MENU,
    })


@login_required
@require_http_methods(["GET", "POST"])
def renstra_create(request):
    user = request.user
    instance = instance_for(request)
    units = perm.renstra_units(user, instance.pk)
    _require(units.exists(), _("You may not create a Renstra."))
    rpjmds = visible(user, Rpjmd).filter(instance=instance).order_by("-start_year")
    form = forms.RenstraForm(_posted(request), units=units, rpjmds=rpjmds,
                             initial={"unit": request.GET.get("unit")})
    return _service_form(request, form, lambda d: services.create_renstra(actor=user, **d),
                         done_url=lambda r: renstra_url(r.pk), message=_("The Renstra was created."),
                         title=_("New Renstra"), submit=_("Create"), back_url=reverse("planning:overview"),
                         layout={"start_year": "col-sm-6", "end_year": "col-sm-6"})


@login_required
@require_http_methods(["GET", "POST"])
def renstra_edit(request, pk: int):
    renstra = get_visible(request, Renstra, pk, "unit", "rpjmd")
    _require(perm.can_edit_unit_plan(request.user, renstra.unit), _("You may not change this Renstra."))
    fields = ("title", "start_year", "end_year")
    form = forms.RenstraEditForm(_posted(request), initial={f: getattr(renstra, f) for f in fields})
    return _service_form(request, form, lambda d: services.update_renstra(actor=request.user, renstra=renstra,
                                                                          **_changed(form, fields)),
                         done_url=renstra_url(pk), message=_("The Renstra was saved."), title=_("Edit Renstra"),
                         submit=_("Save"), back_url=renstra_url(pk), subject=renstra.unit.name,
                         layout={"start_year": "col-sm-6", "end_year": "col-sm-6"})


@login_required
@require_http_methods(["GET", "POST"])
def renstra_delete(request, pk: int):
    renstra = get_visible(request, Renstra, pk, "unit")
    _require(perm.can_edit_unit_plan(request.user, renstra.unit), _("You may not change this Renstra."))
    return _delete_page(request, renstra, lambda: services.delete_renstra(actor=request.user, renstra=renstra),
                        back_url=renstra_url(pk), done_url=reverse("planning:overview"), what=_("The Renstra"))


def _renstra_editor(request, renstra: Renstra) -> None:
    _require(perm.can_edit_unit_plan(request.user, renstra.unit),
             _("You may not change the plan of %(unit)s.") % {"unit": renstra.unit.name})


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request, pk: int):
    renstra = get_visible(request, Renstra, pk, "unit", "rpjmd")
    _renstra_editor(request, renstra)
    form = forms.GoalForm(_posted(request), missions=renstra.rpjmd.missions.order_by("number"))
    return _service_form(request, form, lambda d: services.create_goal(actor=request.user, renstra=renstra, **d),
                         done_url=lambda g: f"{renstra_url(pk)}#goal-{g.pk}", message=_("The goal was added."),
                         title=_("Add goal"), submit=_("Add"), back_url=renstra_url(pk), layout={"code": "col-sm-3"})


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request, pk: int):
    goal = get_visible(request, Goal, pk, "renstra__unit", "renstra__rpjmd")
    _renstra_editor(request, goal.renstra)
    fields = ("code", "text", "mission")
    form = forms.GoalForm(_posted(request), missions=goal.renstra.rpjmd.missions.order_by("number"),
                          initial={"code": goal.code, "text": goal.text, "mission": goal.mission_id})
    back = f"{renstra_url(goal.renstra_id)}#goal-{goal.pk}"
    return _service_form(request, form, lambda d: services.update_goal(actor=request.user, goal=goal,
                                                                       **_changed(form, fields)),
                         done_url=back, message=_("The goal was saved."), title=_("Edit goal"), submit=_("Save"),
                         back_url=back, layout={"code": "col-sm-3"})


@login_required
@require_http_methods(["GET", "POST"])
def goal_delete(request, pk: int):
    goal = get_visible(request, Goal, pk, "renstra__unit")
    _renstra_editor(request, goal.renstra)
    back = renstra_url(goal.renstra_id)
    return _delete_page(request, goal, lambda: services.delete_goal(actor=request.user, goal=goal), back_url=back,
                        done_url=back, what=_("The goal"))


@login_required
@require_http_methods(["GET", "POST"])
def target_create(request, pk: int):
    goal = get_visible(request, Goal, pk, "renstra__unit")
    _renstra_editor(request, goal.renstra)
    form = forms.StrategicTargetForm(_posted(request))
    return _service_form(request, form, lambda d: services.create_strategic_target(actor=request.user, goal=goal,
                                                                                   **d),
                         done_url=lambda t: f"{renstra_url(goal.renstra_id)}#target-{t.pk}",
                         message=_("The strategic target was added."), title=_("Add strategic target"),
                         submit=_("Add"), back_url=renstra_url(goal.renstra_id), layout={"code": "col-sm-3"},
                         subject=goal.text)


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request, pk: int):
    target = get_visible(request, StrategicTarget, pk, "goal__renstra__unit")
    _renstra_editor(request, target.goal.renstra)
    form = forms.StrategicTargetForm(_posted(request), initial={"code": target.code, "text": target.text})
    back = f"{renstra_url(target.goal.renstra_id)}#target-{target.pk}"
    return _service_form(request, form, lambda d: services.update_strategic_target(
        actor=request.user, target=target, **_changed(form, ("code", "text"))), done_url=back,
        message=_("The strategic target was saved."), title=_("Edit strategic target"), submit=_("Save"),
        back_url=back, layout={"code": "col-sm-3"})


@login_required
@require_http_methods(["GET", "POST"])
def target_delete(request, pk: int):
    target = get_visible(request, StrategicTarget, pk, "goal__renstra__unit")
    _renstra_editor(request, target.goal.renstra)
    back = renstra_url(target.goal.renstra_id)
    return _delete_page(request, target, lambda: services.delete_strategic_target(actor=request.user, target=target),
                        back_url=back, done_url=back, what=_("The strategic target"))


IKU_LAYOUT = {"code": "col-sm-3", "name": "col-sm-9", "measure_unit": "col-sm-4", "baseline": "col-sm-4",
              "direction": "col-sm-4", "formula": "col-sm-7", "data_source": "col-sm-5"}


def _iku_layout(years) -> dict:
    return IKU_LAYOUT | {f"target_{y}": "col-6 col-sm-4 col-lg" for y in years}


@login_required
@require_http_methods(["GET", "POST"])
def iku_create(request, pk: int):
    target = get_visible(request, StrategicTarget, pk, "goal__renstra__unit")
    renstra = target.goal.renstra
    _renstra_editor(request, renstra)
    years = _years_of(renstra)
    form = forms.IkuForm(_posted(request), years=years)
    return _service_form(request, form, lambda d: services.create_iku(
        actor=request.user, strategic_target=target, targets=form.targets(), **form.service_data()),
        done_url=lambda i: reverse("planning:iku", args=[i.pk]), message=_("The IKU was added."),
        title=_("Add IKU"), submit=_("Add"), back_url=renstra_url(renstra.pk), layout=_iku_layout(years),
        subject=target.text)


@login_required
def iku_detail(request, pk: int):
    iku = get_visible(request, Iku, pk, "unit", "strategic_target__goal__mission", "strategic_target__goal__renstra")
    renstra = iku.strategic_target.goal.renstra
    years = _years_of(renstra)
    by_year = {t.year: t.target for t in iku.targets.all()}
    rows = [{"year": y, "target": by_year.get(y)} for y in years]
    lines = list(PkIndicator.objects.filter(iku=iku).select_related("agreement__unit", "agreement__signatory")
                 .order_by("-agreement__year", "agreement__unit__path"))
    programmes = list(Programme.objects.filter(strategic_target_id=iku.strategic_target_id)
                      .select_related("work_plan__unit").order_by("-work_plan__year", "code"))
    can_edit = perm.can_edit_unit_plan(request.user, renstra.unit)
    values = [v for v in by_year.values() if v is not None]
    top = max([abs(v) for v in values] + [abs(iku.baseline or 0)] + [Decimal(1)])
    for row in rows:
        row["width"] = int(abs(row["target"]) / top * 100) if row["target"] is not None else 0
    return render(request, "planning/iku.html", {
        "iku": iku, "renstra": renstra, "rows": rows, "lines": lines, "programmes": programmes,
        "can_edit": can_edit, "baseline_width": int(abs(iku.baseline) / top * 100) if iku.baseline else 0,
        "trail": [(renstra.unit.name, renstra_url(renstra.pk))],
        "this_year": timezone.localdate().year, "active_menu": MENU,
    })


@login_required
@require_http_methods(["GET", "POST"])
def iku_edit(request, pk: int):
    iku = get_visible(request, Iku, pk, "strategic_target__goal__renstra__unit")
    _renstra_editor(request, iku.strategic_target.goal.renstra)
    form = forms.IkuForm(_posted(request), initial=forms.IkuForm.initial_for(iku))
    back = reverse("planning:iku", args=[pk])
    return _service_form(request, form, lambda d: services.update_iku(actor=request.user, iku=iku,
                                                                      **form.service_data(only_changed=True)),
                         done_url=back, message=_("The IKU was saved."), title=_("Edit IKU"), submit=_("Save"),
                         back_url=back, layout=IKU_LAYOUT)


@login_required
@require_http_methods(["GET", "POST"])
def iku_targets(request, pk: int):
    iku = get_visible(request, Iku, pk, "strategic_target__goal__renstra__unit")
    renstra = iku.strategic_target.goal.renstra
    _renstra_editor(request, renstra)
    years = _years_of(renstra)
    form = forms.IkuTargetsForm(_posted(request), iku=iku, years=years)
    back = reverse("planning:iku", args=[pk])
    return _service_form(request, form, lambda d: services.set_iku_targets(actor=request.user, iku=iku,
                                                                           targets=form.targets()),
                         done_url=back, message=_("The yearly targets were saved."), title=_("Yearly targets"),
                         submit=_("Save targets"), back_url=back, subject=f"{iku.name} ({iku.measure_unit})",
                         layout={f"target_{y}": "col-6 col-sm-4 col-lg" for y in years},
                         intro=_("Leave a year empty to remove its target. A decimal comma is fine (12,5)."))


@login_required
@require_http_methods(["GET", "POST"])
def iku_delete(request, pk: int):
    iku = get_visible(request, Iku, pk, "strategic_target__goal__renstra__unit")
    renstra = iku.strategic_target.goal.renstra
    _renstra_editor(request, renstra)
    return _delete_page(request, iku, lambda: services.delete_iku(actor=request.user, iku=iku),
                        back_url=reverse("planning:iku", args=[pk]), done_url=renstra_url(renstra.pk),
                        what=_("The IKU"))


# --- performance agreements -----------------------------------------------------------------------

def _year_list(request, model, extra=None):
    """The PK or RKT list of the instance for a year, grouped under each OPD."""
    user = request.user
    instance = instance_for(request)
    rpjmd_years = sorted({y for r in visible(user, Rpjmd).filter(instance=instance) for y in _years_of(r)})
    year = _selected_year(request, rpjmd_years)
    qs = visible(user, model).filter(instance=instance, year=year).select_related("unit").order_by("unit__path")
    rows = list(qs.annotate(**(extra or {})))
    opds = {u.path: u for u in Unit.objects.filter(instance=instance, depth=1)}
    for row in rows:
        row.opd = opds.get(_opd_path(row.unit.path))
    return {"rows": rows, "year": year, "years": rpjmd_years, "instance": instance, "active_menu": MENU}


@login_required
def agreement_list(request):
    context = _year_list(request, PerformanceAgreement, {"indicator_count": Count("indicators")})
    rows = context["rows"]
    ids = [r.position_id for r in rows]
    holders = current_holders(ids)
    for row in rows:
        row.holder = (holders.get(row.position_id) or [None])[0]
    context |= {"signed": sum(r.status == AgreementStatus.SIGNED for r in rows),
                "can_create": perm.can_draft_agreement(request.user, context["instance"].pk)}
    return render(request, "planning/agreements.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request):
    user = request.user
    instance = instance_for(request)
    units = perm.agreement_units(user, instance.pk)
    _require(units.exists(), _("You may not draft a performance agreement."))
    form = forms.AgreementForm(_posted(request), units=units,
                               initial={"year": request.GET.get("year") or timezone.localdate().year,
                                        "unit": request.GET.get("unit")})
    return _service_form(request, form, lambda d: services.create_agreement(actor=user, **d),
                         done_url=lambda a: pk_url(a.pk), message=_("The performance agreement was created."),
                         title=_("New performance agreement"), submit=_("Create"),
                         back_url=reverse("planning:agreements"), layout={"unit": "col-sm-8", "year": "col-sm-4"})


def _agreement_page(request, pk: int) -> PerformanceAgreement:
    actions = ActionPlan.objects.order_by("quarter", "id")
    indicators = PkIndicator.objects.select_related("iku", "strategic_target").order_by("order", "id") \
        .prefetch_related(Prefetch("actions", queryset=actions))
    return get_object_or_404(visible(request.user, PerformanceAgreement).select_related(
        "unit", "position__superior", "signatory", "superior").prefetch_related(
        Prefetch("indicators", queryset=indicators)), pk=pk)


@login_required
def agreement_detail(request, pk: int):
    agreement = _agreement_page(request, pk)
    user = request.user
    indicators = list(agreement.indicators.all())
    for indicator in indicators:
        quarters = {q: [] for q in (1, 2, 3, 4)}
        for action in indicator.actions.all():
            quarters[action.quarter].append(action)
        indicator.quarters = list(quarters.items())
    draft = agreement.status == AgreementStatus.DRAFT
    can_edit = draft and perm.can_edit_agreement(user, agreement)
    # who would sign today (before signing): the head position's holder and its superior's holder
    position = agreement.position
    holder_ids = [position.pk] + ([position.superior_id] if position.superior_id else [])
    holders = current_holders(holder_ids) if draft else {}
    renstra = services.renstra_for(agreement.unit, agreement.year)
    return render(request, "planning/agreement.html", {
        "agreement": agreement, "indicators": indicators, "can_edit": can_edit, "draft": draft,
        "can_sign": draft and perm.can_sign_agreement(user, agreement) and bool(indicators),
        "can_reopen": not draft and perm.can_edit_unit_plan(user, agreement.unit),
        "can_delete": draft and perm.can_edit_unit_plan(user, agreement.unit),
        "first_party": (holders.get(position.pk) or [None])[0],
        "second_party": (holders.get(position.superior_id) or [None])[0] if position.superior_id else None,
        "sign_form": forms.SignForm(initial={"signed_on": timezone.localdate()}), "renstra": renstra,
        "year": agreement.year, "active_menu": MENU,
        "trail": [(_("Performance agreements"), reverse("planning:agreements") + f"?year={agreement.year}")],
    })


def _agreement_editor(request, agreement: PerformanceAgreement) -> None:
    _require(perm.can_edit_agreement(request.user, agreement),
             _("You may not change the performance agreement of %(unit)s.") % {"unit": agreement.unit.name})


@login_required
@require_http_methods(["GET", "POST"])
def agreement_delete(request, pk: int):
    agreement = get_visible(request, PerformanceAgreement, pk, "unit")
    _require(perm.can_edit_unit_plan(request.user, agreement.unit),
             _("Only an administrator deletes a performance agreement."))
    return _delete_page(request, agreement, lambda: services.delete_agreement(actor=request.user,
                                                                              agreement=agreement),
                        back_url=pk_url(pk), done_url=reverse("planning:agreements") + f"?year={agreement.year}",
                        what=_("The performance agreement"))


@login_required
@require_http_methods(["GET", "POST"])
def agreement_sign(request, pk: int):
    agreement = get_visible(request, PerformanceAgreement, pk, "unit")
    _require(perm.can_sign_agreement(request.user, agreement),
             _("Only the head of %(unit)s or an administrator signs this agreement.") % {"unit": agreement.unit.name})
    form = forms.SignForm(_posted(request), initial={"signed_on": timezone.localdate()})
    return _service_form(request, form, lambda d: services.sign_agreement(actor=request.user, agreement=agreement,
                                                                          **d),
                         done_url=pk_url(pk), message=_("The performance agreement was signed."),
                         title=_("Sign the performance agreement"), submit=_("Sign"), back_url=pk_url(pk),
                         subject=str(agreement), layout={"signed_on": "col-sm-6"})


@login_required
@require_http_methods(["GET", "POST"])
def agreement_reopen(request, pk: int):
    agreement = get_visible(request, PerformanceAgreement, pk, "unit")
    _require(perm.can_edit_unit_plan(request.user, agreement.unit),
             _("Only an administrator reopens a signed agreement."))
    form = forms.ConfirmForm(_posted(request))
    return _service_form(request, form, lambda d: services.reopen_agreement(actor=request.user, agreement=agreement),
                         done_url=pk_url(pk), message=_("The performance agreement is a draft again."),
                         title=_("Reopen the performance agreement"), submit=_("Reopen"), back_url=pk_url(pk),
                         danger=True, subject=str(agreement),
                         intro=_("The signature is cleared; after the corrections the head signs again."))


def _indicator_choices(agreement: PerformanceAgreement):
    renstra = services.renstra_for(agreement.unit, agreement.year)
    if renstra is None:
        return Iku.objects.none(), StrategicTarget.objects.none()
    ikus = Iku.objects.filter(strategic_target__goal__renstra=renstra).order_by("code", "id")
    targets = StrategicTarget.objects.filter(goal__renstra=renstra).order_by("goal__code", "code", "id")
    return ikus, targets


PK_INDICATOR_LAYOUT = {"iku": "col-12", "strategic_target": "col-12", "name": "col-12", "measure_unit": "col-sm-4",
                       "target": "col-sm-4", "order": "col-sm-4"}


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request, pk: int):
    agreement = get_visible(request, PerformanceAgreement, pk, "unit")
    _agreement_editor(request, agreement)
    ikus, targets = _indicator_choices(agreement)
    form = forms.PkIndicatorForm(_posted(request), ikus=ikus, targets=targets)
    return _service_form(request, form, lambda d: services.create_pk_indicator(actor=request.user,
                                                                               agreement=agreement, **d),
                         done_url=lambda i: f"{pk_url(pk)}#indicator-{i.pk}", message=_("The indicator was added."),
                         title=_("Add indicator"), submit=_("Add"), back_url=pk_url(pk), layout=PK_INDICATOR_LAYOUT)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk: int):
    indicator = get_visible(request, PkIndicator, pk, "agreement__unit")
    agreement = indicator.agreement
    _agreement_editor(request, agreement)
    ikus, targets = _indicator_choices(agreement)
    form = forms.PkIndicatorForm(_posted(request), ikus=ikus, targets=targets,
                                 initial=forms.PkIndicatorForm.initial_for(indicator))
    back = f"{pk_url(agreement.pk)}#indicator-{pk}"
    return _service_form(request, form, lambda d: services.update_pk_indicator(
        actor=request.user, indicator=indicator, **_changed(form, services.PK_INDICATOR_FIELDS)), done_url=back,
        message=_("The indicator was saved."), title=_("Edit indicator"), submit=_("Save"), back_url=back,
        layout=PK_INDICATOR_LAYOUT)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_delete(request, pk: int):
    indicator = get_visible(request, PkIndicator, pk, "agreement__unit")
    _agreement_editor(request, indicator.agreement)
    back = pk_url(indicator.agreement_id)
    return _delete_page(request, indicator, lambda: services.delete_pk_indicator(actor=request.user,
                                                                                 indicator=indicator),
                        back_url=back, done_url=back, what=_("The indicator"))


ACTION_LAYOUT = {"quarter": "col-sm-4", "target": "col-sm-4", "action": "col-12"}


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request, pk: int):
    indicator = get_visible(request, PkIndicator, pk, "agreement__unit")
    _agreement_editor(request, indicator.agreement)
    quarter = request.GET.get("quarter", "")
    form = forms.ActionPlanForm(_posted(request), initial={"quarter": quarter if quarter in ("1", "2", "3", "4")
                                                           else 1})
    back = f"{pk_url(indicator.agreement_id)}#indicator-{pk}"
    return _service_form(request, form, lambda d: services.create_action_plan(actor=request.user,
                                                                              indicator=indicator, **d),
                         done_url=back, message=_("The action was added."), title=_("Add action"), submit=_("Add"),
                         back_url=back, layout=ACTION_LAYOUT, subject=indicator.name)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, pk: int):
    plan = get_visible(request, ActionPlan, pk, "indicator__agreement__unit")
    _agreement_editor(request, plan.indicator.agreement)
    form = forms.ActionPlanForm(_posted(request), initial=forms.ActionPlanForm.initial_for(plan))
    back = f"{pk_url(plan.indicator.agreement_id)}#indicator-{plan.indicator_id}"
    return _service_form(request, form, lambda d: services.update_action_plan(
        actor=request.user, plan=plan, **_changed(form, ("quarter", "action", "target"))), done_url=back,
        message=_("The action was saved."), title=_("Edit action"), submit=_("Save"), back_url=back,
        layout=ACTION_LAYOUT)


@login_required
@require_http_methods(["GET", "POST"])
def action_delete(request, pk: int):
    plan = get_visible(request, ActionPlan, pk, "indicator__agreement__unit")
    _agreement_editor(request, plan.indicator.agreement)
    back = f"{pk_url(plan.indicator.agreement_id)}#indicator-{plan.indicator_id}"
    return _delete_page(request, plan, lambda: services.delete_action_plan(actor=request.user, plan=plan),
                        back_url=back, done_url=back, what=_("The action"))


# --- work plans -----------------------------------------------------------------------------------

@login_required
def work_plan_list(request):
    context = _year_list(request, WorkPlan, {"total": Sum("programmes__budget"),
                                             "programme_count": Count("programmes")})
    context["grand_total"] = sum((r.total or Decimal(0) for r in context["rows"]), Decimal(0))
    context["can_create"] = perm.can_create_work_plan(request.user, context["instance"].pk)
    return render(request, "planning/work_plans.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def work_plan_create(request):
    user = request.user
    instance = instance_for(request)
    units = perm.work_plan_units(user, instance.pk)
    _require(units.exists(), _("You may not create a work plan."))
    form = forms.WorkPlanForm(_posted(request), units=units,
                              initial={"year": request.GET.get("year") or timezone.localdate().year,
                                       "unit": request.GET.get("unit")})
    return _service_form(request, form, lambda d: services.create_work_plan(actor=user, **d),
                         done_url=lambda w: rkt_url(w.pk), message=_("The work plan was created."),
                         title=_("New work plan (RKT)"), submit=_("Create"), back_url=reverse("planning:work_plans"),
                         layout={"unit": "col-sm-8", "year": "col-sm-4"})


@login_required
def work_plan_detail(request, pk: int):
    activities = Activity.objects.order_by("code", "id")
    programmes = Programme.objects.select_related("mission", "strategic_target").order_by("code", "id") \
        .prefetch_related(Prefetch("activities", queryset=activities))
    work_plan = get_object_or_404(visible(request.user, WorkPlan).select_related("unit").prefetch_related(
        Prefetch("programmes", queryset=programmes)), pk=pk)
    rows = list(work_plan.programmes.all())
    for programme in rows:
        programme.activity_total = sum((a.budget for a in programme.activities.all()), Decimal(0))
        programme.warnings = services.budget_warnings(programme, programme.activity_total)
        programme.remaining = programme.budget - programme.activity_total
        programme.used_pct = min(int(programme.activity_total / programme.budget * 100), 100) \
            if programme.budget else (100 if programme.activity_total else 0)
    total = sum((p.budget for p in rows), Decimal(0))
    activity_total = sum((p.activity_total for p in rows), Decimal(0))
    return render(request, "planning/work_plan.html", {
        "work_plan": work_plan, "programmes": rows, "total": total, "activity_total": activity_total,
        "activity_count": sum(len(p.activities.all()) for p in rows),
        "warning_count": sum(bool(p.warnings) for p in rows),
        "can_edit": perm.can_edit_unit_plan(request.user, work_plan.unit),
        "renstra": services.renstra_for(work_plan.unit, work_plan.year), "active_menu": MENU,
        "year": work_plan.year,
        "trail": [(_("Work plans"), reverse("planning:work_plans") + f"?year={work_plan.year}")],
    })


def _work_plan_editor(request, work_plan: WorkPlan) -> None:
    _require(perm.can_edit_unit_plan(request.user, work_plan.unit),
             _("You may not change the work plan of %(unit)s.") % {"unit": work_plan.unit.name})


@login_required
@require_http_methods(["GET", "POST"])
def work_plan_delete(request, pk: int):
    work_plan = get_visible(request, WorkPlan, pk, "unit")
    _work_plan_editor(request, work_plan)
    return _delete_page(request, work_plan, lambda: services.delete_work_plan(actor=request.user,
                                                                              work_plan=work_plan),
                        back_url=rkt_url(pk), done_url=reverse("planning:work_plans") + f"?year={work_plan.year}",
                        what=_("The work plan"))


def _programme_choices(work_plan: WorkPlan):
    renstra = services.renstra_for(work_plan.unit, work_plan.year)
    if renstra is None:
        return StrategicTarget.objects.none(), Mission.objects.none()
    return (StrategicTarget.objects.filter(goal__renstra=renstra).order_by("goal__code", "code", "id"),
            renstra.rpjmd.missions.order_by("number"))


PROGRAMME_LAYOUT = {"code": "col-sm-4", "name": "col-sm-8", "budget": "col-sm-6"}


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request, pk: int):
    work_plan = get_visible(request, WorkPlan, pk, "unit")
    _work_plan_editor(request, work_plan)
    targets, missions = _programme_choices(work_plan)
    form = forms.ProgrammeForm(_posted(request), targets=targets, missions=missions)
    return _service_form(request, form, lambda d: services.create_programme(actor=request.user, work_plan=work_plan,
                                                                            **d),
                         done_url=lambda p: f"{rkt_url(pk)}#programme-{p.pk}", message=_("The programme was added."),
                         title=_("Add programme"), submit=_("Add"), back_url=rkt_url(pk), layout=PROGRAMME_LAYOUT)


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request, pk: int):
    programme = get_visible(request, Programme, pk, "work_plan__unit")
    _work_plan_editor(request, programme.work_plan)
    targets, missions = _programme_choices(programme.work_plan)
    form = forms.ProgrammeForm(_posted(request), targets=targets, missions=missions,
                               initial=forms.ProgrammeForm.initial_for(programme))
    back = f"{rkt_url(programme.work_plan_id)}#programme-{pk}"
    return _service_form(request, form, lambda d: services.update_programme(
        actor=request.user, programme=programme, **_changed(form, services.PROGRAMME_FIELDS)), done_url=back,
        message=_("The programme was saved."), title=_("Edit programme"), submit=_("Save"), back_url=back,
        layout=PROGRAMME_LAYOUT)


@login_required
@require_http_methods(["GET", "POST"])
def programme_delete(request, pk: int):
    programme = get_visible(request, Programme, pk, "work_plan__unit")
    _work_plan_editor(request, programme.work_plan)
    back = rkt_url(programme.work_plan_id)
    return _delete_page(request, programme, lambda: services.delete_programme(actor=request.user,
                                                                              programme=programme),
                        back_url=back, done_url=back, what=_("The programme"))


ACTIVITY_LAYOUT = {"code": "col-sm-4", "name": "col-sm-8", "budget": "col-sm-6"}


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request, pk: int):
    programme = get_visible(request, Programme, pk, "work_plan__unit")
    _work_plan_editor(request, programme.work_plan)
    form = forms.ActivityForm(_posted(request))
    back = f"{rkt_url(programme.work_plan_id)}#programme-{pk}"
    return _service_form(request, form, lambda d: services.create_activity(actor=request.user, programme=programme,
                                                                           **d),
                         done_url=back, message=_("The activity was added."), title=_("Add activity"),
                         submit=_("Add"), back_url=back, layout=ACTIVITY_LAYOUT, subject=programme.name)


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk: int):
    activity = get_visible(request, Activity, pk, "programme__work_plan__unit")
    _work_plan_editor(request, activity.programme.work_plan)
    form = forms.ActivityForm(_posted(request), initial=forms.ActivityForm.initial_for(activity))
    back = f"{rkt_url(activity.programme.work_plan_id)}#programme-{activity.programme_id}"
    return _service_form(request, form, lambda d: services.update_activity(
        actor=request.user, activity=activity, **_changed(form, ("code", "name", "budget"))), done_url=back,
        message=_("The activity was saved."), title=_("Edit activity"), submit=_("Save"), back_url=back,
        layout=ACTIVITY_LAYOUT)


@login_required
@require_http_methods(["GET", "POST"])
def activity_delete(request, pk: int):
    activity = get_visible(request, Activity, pk, "programme__work_plan__unit")
    _work_plan_editor(request, activity.programme.work_plan)
    back = f"{rkt_url(activity.programme.work_plan_id)}#programme-{activity.programme_id}"
    return _delete_page(request, activity, lambda: services.delete_activity(actor=request.user, activity=activity),
                        back_url=back, done_url=back, what=_("The activity"))


# --- Excel ----------------------------------------------------------------------------------------

@login_required
def download(request):
    """The plan as an Excel workbook: the instance for a year, or one unit (``?unit=``)."""
    user = request.user
    instance = instance_for(request)
    years = sorted({y for r in visible(user, Rpjmd).filter(instance=instance) for y in _years_of(r)})
    year = _selected_year(request, years)
    unit = None
    if request.GET.get("unit", "").isdigit():
        unit = get_object_or_404(Unit.objects.filter(instance=instance), pk=request.GET["unit"])
    workbook = export.plan_workbook(instance, year, unit)
    response = HttpResponse(export.to_bytes(workbook), content_type=export.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export.filename(instance, year, unit)}"'
    return response
