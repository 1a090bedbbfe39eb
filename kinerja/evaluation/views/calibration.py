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
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kinerja.core.forms import run_service
from kinerja.organization.models import Unit
from kinerja.rules.evaluation.curve import Bound, Severity, constraints_for
from kinerja.rules.evaluation.ratings import PREDIKAT_6_2022
from kinerja.skp import permissions as skp_permissions

from .. import permissions, results
from ..models import OrgPredikat, Predikat
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


def _label(predikat) -> str:
    """A predikat's name as the rest of the page shows it (the model's label, in the reader's language)."""
    return str(Predikat(predikat.value).label)


def _names(constraint) -> str:
    return _(" and/or ").join(_label(p) for p in constraint.predikats)


def rule_words(c) -> str:
    """One curve rule in the reader's language, e.g. "Good at most 70%" (kinerja.rules.evaluation.curve words them
    in Indonesian only)."""
    names = _names(c)
    if c.bound is Bound.MORE_THAN:
        return _("%(names)s as the largest share (more than %(p)d%%)") % {"names": names, "p": c.percent}
    if c.count is not None:
        if c.bound is Bound.AT_LEAST:
            return ngettext("at least %(n)d employee rated %(names)s", "at least %(n)d employees rated %(names)s",
                            c.count) % {"n": c.count, "names": names}
        return ngettext("at most %(n)d employee rated %(names)s", "at most %(n)d employees rated %(names)s",
                        c.count) % {"n": c.count, "names": names}
    if c.bound is Bound.AT_MOST and c.percent == 0:
        return _("no %(names)s") % {"names": names}
    if c.bound is Bound.AT_MOST:
        return _("%(names)s at most %(p)d%%") % {"names": names, "p": c.percent}
    return _("%(names)s at least %(p)d%%") % {"names": names, "p": c.percent}


def finding_words(f) -> str:
    """A broken rule with the unit's numbers, e.g. "Good at most 70%: 14 of 17 employees (82.35%), at most 11"."""
    edge = _("at most %(n)d") if f.constraint.bound is Bound.AT_MOST else _("at least %(n)d")
    return _("%(rule)s: %(count)d of %(total)d employees (%(share)s%%), %(edge)s") % {
        "rule": rule_words(f.constraint), "count": f.count, "total": f.total,
        "share": floatformat(f.share, -2), "edge": edge % {"n": f.limit}}


def _limit_words(allowed) -> str:
    """One curve limit for this unit, in the reader's language: "at most 70%: 11 employees", "none", …"""
    c = allowed.constraint
    if c.bound is Bound.MORE_THAN:
        return _("the largest share: more than %(p)d%% (advice)") % {"p": c.percent}
    if c.count is not None:
        if c.bound is Bound.AT_LEAST:
            return ngettext("at least %(n)d employee", "at least %(n)d employees", c.count) % {"n": c.count}
        return ngettext("at most %(n)d employee", "at most %(n)d employees", c.count) % {"n": c.count}
    if c.bound is Bound.AT_MOST and c.percent == 0:
        return _("none allowed")
    if c.bound is Bound.AT_MOST:
        return ngettext("at most %(p)d%%: %(n)d employee", "at most %(p)d%%: %(n)d employees",
                        allowed.max_count) % {"p": c.percent, "n": allowed.max_count}
    return ngettext("at least %(p)d%%: %(n)d employee", "at least %(p)d%%: %(n)d employees",
                    allowed.min_count) % {"p": c.percent, "n": allowed.min_count}


def curve_limits(check) -> tuple[dict[str, list[dict]], list[dict]]:
    """The curve's limits for this unit: per predikat code those on that predikat alone, and apart those on a group
    of predikat ("Butuh Perbaikan and/or Kurang"); each with its words, whether it is only advice and whether the
    unit breaks it now."""
    per: dict[str, list[dict]] = {p.value: [] for p in PREDIKAT_6_2022}
    groups: list[dict] = []
    if check is None or not check.total:
        return per, groups
    broken = {f.code for f in (*check.violations, *check.warnings)}
    for a in check.allowed:
        c = a.constraint
        item = {"words": _limit_words(a), "advice": c.severity is Severity.WARNING, "broken": c.code in broken}
        if len(c.predikats) == 1:
            per[c.predikats[0].value].append(item)
        else:
            groups.append({**item, "names": _names(c)})
    return per, groups


def chart_spec(d) -> str:
    """The chart of the curve panel, for Chart.js (evaluation/calibration.js): the actual share of each predikat,
    and the range the curve allows it — only where a binding limit (a violation-level floor or cap) is set on that
    predikat alone, so a predikat without a limit shows no band rather than a made-up 0–100%."""
    check = d.check
    labels = [_label(p) for p in PREDIKAT_6_2022]
    actual = [float(d.share(p.value)) for p in PREDIKAT_6_2022]
    band: list[list[float] | None] = [None] * len(PREDIKAT_6_2022)
    if check is not None and check.total:
        for a in check.allowed:
            c = a.constraint
            if len(c.predikats) != 1 or c.severity is not Severity.VIOLATION:
                continue
            i = PREDIKAT_6_2022.index(c.predikats[0])
            low, high = float(a.min_percent), float(a.max_percent)
            if band[i] is not None:  # two limits on one predikat: the range both allow
                low, high = max(low, band[i][0]), min(high, band[i][1])
            band[i] = [low, high]
    outside = [band[i] is not None and not (band[i][0] <= actual[i] <= band[i][1]) for i in range(len(actual))]
    return json.dumps({
        "labels": labels, "actual": actual, "band": band, "outside": outside,
        "names": {"actual": _("Share of the unit's employees"), "band": _("Range the curve allows"),
                  "outside": _("Outside the allowed range"), "allowed": _("Allowed"), "none": _("no limit")},
    })


def curve_context(unit, period, user, *, lock_refused: bool = False) -> dict:
    d = results.distribution(unit, period)
    check = d.check
    problems, curve_broken = [], 0
    if not d.locked:
        # The curve's violations are listed once, in the panel; the list "before the lock" names the rest and
        # points at them (the service words each violation again for the API and the refusal).
        in_panel = ({_("Distribution curve: %(rule)s") % {"rule": f.message} for f in check.violations}
                    if check is not None else set())
        problems = [p for p in service.lock_problems(d) if str(p) not in in_panel]
        if check is not None and check.violations and check.feasible:
            curve_broken = len(check.violations)
    limits, group_limits = curve_limits(check)
    return {"unit": unit, "period": period, "d": d, "check": check, "chart": chart_spec(d),
            "problems": problems, "curve_broken": curve_broken, "lock_refused": lock_refused,
            "rules": "; ".join(rule_words(c) for c in constraints_for(d.rating.predikat)) if d.rating else "",
            "violations": [finding_words(f) for f in check.violations] if check is not None else [],
            "warnings": [finding_words(f) for f in check.warnings] if check is not None else [],
            "rows": [(p.value, _label(p), d.counts.get(p.value, 0), d.share(p.value), limits[p.value])
                     for p in PREDIKAT_6_2022],
            "group_limits": group_limits, "curve_total": check.total if check is not None else 0,
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
    context = curve_context(unit, period, request.user, lock_refused=request.GET.get("lock") == "refused")
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
        page_url = reverse("evaluation:calibration", args=[period.pk, unit.pk])
        if set(exc.messages) <= {str(p) for p in service.lock_problems(results.distribution(unit, period))}:
            # Not ready: the curve panel names what is missing and stays live while the meeting fixes it, so no
            # message at the top that would outlive the fix.
            return redirect(f"{page_url}?lock=refused#calibration-curve")
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

