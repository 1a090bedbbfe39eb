"""The calibration pages (issue 10 item 4): the units of a period with their organisation predikat and the
state of their calibration; one unit's calibration (the curve live, the adjustments, the lock); the form that
sets a unit's organisation predikat."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.core.forms import run_service
from kinerja.organization.models import Unit
from kinerja.rules.evaluation.curve import describe
from kinerja.rules.evaluation.ratings import PREDIKAT_6_2022, PREDIKAT_LABELS
from kinerja.skp import permissions as skp_permissions

from .. import permissions, results
from ..models import OrgPredikat
from ..results_forms import AdjustForm, LockForm, UnitRatingForm
from ..services import calibration as service
from ..services import unit_ratings


def _period(request, period_id=None):
    periods = skp_permissions.user_periods(request.user)
    if period_id is not None:
        return get_object_or_404(periods, pk=period_id)
    chosen = request.GET.get("period")
    if chosen and str(chosen).isdigit():
        return get_object_or_404(periods, pk=int(chosen))
    return periods.order_by("-start_date").first()


def _unit(request, unit_id: int) -> Unit:
    return get_object_or_404(permissions.restrict_result_units(Unit.objects.all(), request.user), pk=unit_id)


def _require_reader(request):
    if not permissions.can_read_results(request.user):
        raise Http404


def chart_spec(d) -> str:
    """Actual against allowed (per constraint's range) distribution, for Chart.js."""
    check = d.check
    total = sum(d.curve_counts.values())
    labels = [PREDIKAT_LABELS[p] for p in PREDIKAT_6_2022]
    actual = [float(d.share(p.value)) for p in PREDIKAT_6_2022]
    low, high = [0.0] * 5, [100.0] * 5
    if check is not None and total:
        for a in check.allowed:
            if len(a.constraint.predikats) != 1:
                continue
            i = PREDIKAT_6_2022.index(a.constraint.predikats[0])
            if a.constraint.severity.value == "violation":
                low[i] = max(low[i], float(a.min_percent))
                high[i] = min(high[i], float(a.max_percent))
    return json.dumps({"labels": labels, "actual": actual, "low": low, "high": high,
                       "names": {"actual": _("Actual"), "low": _("Allowed from"), "high": _("Allowed up to")}})


def curve_context(unit, period, user) -> dict:
    d = results.distribution(unit, period)
    check = d.check
    return {"unit": unit, "period": period, "d": d, "check": check, "chart": chart_spec(d),
            "problems": service.lock_problems(d) if not d.locked else [],
            "rules": describe(d.rating.predikat) if d.rating else "",
            "rows": [(p.value, PREDIKAT_LABELS[p], d.counts.get(p.value, 0), d.share(p.value))
                     for p in PREDIKAT_6_2022],
            "can_calibrate": permissions.can_calibrate(user, unit) and not d.locked,
            "can_rate": permissions.can_set_unit_rating(user, unit) and not d.locked}


def adjust_form(ev, data=None) -> AdjustForm:
    return AdjustForm(data, auto_id=f"ev{ev.pk}_%s", initial={
        "lock_version": ev.lock_version, "predikat": ev.predikat or ev.proposed_predikat,
        "result_rating": ev.result_rating, "behaviour_rating": ev.behaviour_rating})


@login_required
def index(request):
    """The rated units of a period in the user's scope: organisation predikat, counts, violations, lock."""
    _require_reader(request)
    period = _period(request)
    dists = results.distributions(period, units_q=permissions.result_units_q(request.user)) if period else []
    rows = [(d, d.check) for d in sorted(dists, key=lambda d: d.unit.path)]
    return render(request, "evaluation/calibration_index.html", {
        "period": period, "periods": skp_permissions.user_periods(request.user).order_by("-start_date"),
        "rows": rows, "active_menu": "evaluation_results"})


def _members(unit, period):
    return (results.members(unit, period).select_related("employee", "position")
            .order_by("employee__name", "pk"))


@login_required
def page(request, period_id: int, unit_id: int):
    _require_reader(request)
    period, unit = _period(request, period_id), _unit(request, unit_id)
    context = curve_context(unit, period, request.user)
    evaluations = [(ev, adjust_form(ev)) for ev in _members(unit, period)]
    return render(request, "evaluation/calibration_page.html", {
        **context, "evaluations": evaluations, "lock_form": LockForm(),
        "org_choices": OrgPredikat.choices, "active_menu": "evaluation_results"})


@login_required
def check(request, period_id: int, unit_id: int):
    """The live curve panel (htmx: reloaded after every adjustment)."""
    _require_reader(request)
    period, unit = _period(request, period_id), _unit(request, unit_id)
    return render(request, "evaluation/calibration_curve.html", curve_context(unit, period, request.user))


@login_required
def adjust(request, period_id: int, unit_id: int, evaluation_id: int):
    _require_reader(request)
    period, unit = _period(request, period_id), _unit(request, unit_id)
    evaluation = get_object_or_404(_members(unit, period), pk=evaluation_id)
    if not permissions.can_calibrate(request.user, unit):
        raise PermissionDenied(_("The unit head and the HR administrator calibrate the unit."))
    form = adjust_form(evaluation, request.POST or None)
    current = evaluation.predikat or evaluation.proposed_predikat

    def changed(value, now):
        """The form shows the current predikat and ratings: only what the meeting changed is an adjustment (else
        changing the predikat alone would clash with the ratings left as they were)."""
        return "" if value == now else value

    def call(data):
        given = {"predikat": changed(data["predikat"], current),
                 "result_rating": changed(data["result_rating"], evaluation.result_rating),
                 "behaviour_rating": changed(data["behaviour_rating"], evaluation.behaviour_rating)}
        if not any(given.values()):  # nothing changed: let the service say so
            given["predikat"] = data["predikat"]
        return service.adjust(actor=request.user, evaluation=evaluation, reason=data["reason"],
                              lock_version=data.get("lock_version"), **given)

    done = run_service(request, form, call)
    page_url = reverse("evaluation:calibration", args=[period.pk, unit.pk])
    if request.method == "POST" and not request.htmx:
        if done.ok:
            messages.success(request, _("The predikat was adjusted; the reason is recorded."))
        else:
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
        return redirect(page_url)
    ev = done.result if done.ok else evaluation
    response = render(request, "evaluation/calibration_row.html", {
        "ev": ev, "form": form if not done.ok else adjust_form(ev), "period": period, "unit": unit,
        "can_calibrate": True, "saved": done.ok, "page_url": page_url})
    if done.ok:
        response["HX-Trigger"] = "calibration-changed"
    elif request.method == "POST":
        response.status_code = 422
    return response


@login_required
@require_POST
def lock(request, period_id: int, unit_id: int):
    _require_reader(request)
    period, unit = _period(request, period_id), _unit(request, unit_id)
    form = LockForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        service.lock(actor=request.user, unit=unit, period=period, notes=form.cleaned_data.get("notes", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The calibration is locked: the predikat are final and the employees may "
                                    "appeal."))
    return redirect("evaluation:calibration", period_id=period.pk, unit_id=unit.pk)


@login_required
def unit_rating(request, period_id: int, unit_id: int):
    _require_reader(request)
    period, unit = _period(request, period_id), _unit(request, unit_id)
    if not permissions.can_set_unit_rating(request.user, unit):
        raise PermissionDenied(_("The organisation predikat is set by the level above."))
    achievement, suggested = results.suggestion(unit, period)
    current = results.distribution(unit, period).rating
    form = UnitRatingForm(request.POST or None, initial={
        "predikat": current.predikat if current else suggested, "reason": current.reason if current else ""})
    done = run_service(request, form, lambda data: unit_ratings.set_unit_rating(
        actor=request.user, unit=unit, period=period, predikat=data["predikat"], reason=data["reason"]))
    if done.ok:
        messages.success(request, _("The organisation predikat was set."))
        return redirect("evaluation:calibration", period_id=period.pk, unit_id=unit.pk)
    return render(request, "evaluation/calibration_unit_rating.html", {
        "period": period, "unit": unit, "form": form, "achievement": achievement,
        "suggested": OrgPredikat(suggested).label if suggested else "", "current": current,
        "active_menu": "evaluation_results"})

