"""The evaluation pages: "Evaluasi tim" (the evaluator's team for a period window, start their evaluations), one
evaluation (suggestion and achievement, rating hasil kerja with the reason a deviation needs, the seven BerAKHLAK
values with their guides and feedback, the predikat updated live with htmx, finalise / reopen), "Evaluasi saya"
(the employee reads and acknowledges), and the "Dokumen Evaluasi Kinerja Pegawai" PDF.

An evaluation out of the user's read scope is a 404; a reader who is not the evaluator gets a 403 on a write.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kinerja.core.errors import ValidationError, error_dict
from kinerja.skp.permissions import user_periods

from .. import activities as activity_rules
from .. import permissions
from .. import team_evaluations as queries
from ..documents.evaluation_pdf import PDF_TOO_SLOW, RenderTimeout, render_evaluation_pdf
from ..models import BehaviourRule, Evaluation, EvaluationStatus
from ..models import Rating as RatingChoice
from ..panels import panels_for
from ..services import evaluations as services


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _visible(request, pk: int) -> Evaluation:
    return get_object_or_404(permissions.restrict_evaluations(queries.detail_queryset(), request.user), pk=pk)


def _period(request):
    periods = list(user_periods(request.user).order_by("-start_date"))
    wanted = request.GET.get("period") or request.POST.get("period")
    chosen = next((p for p in periods if str(p.pk) == str(wanted)), None) if wanted else None
    if wanted and chosen is None:
        raise Http404
    if chosen is None and periods:
        today = timezone.localdate()
        chosen = next((p for p in periods if p.start_date <= today <= p.end_date), periods[0])
    return periods, chosen


def _team_period(request):
    """The evaluating official's periods and the one chosen (403 for anyone who evaluates no team)."""
    if not permissions.has_team_evaluations(request.user):
        raise PermissionDenied(_("Only an evaluating official (pejabat penilai) evaluates a team."))
    return _period(request)


@login_required
@require_GET
def team(request):
    periods, period = _team_period(request)
    windows = queries.windows_of(period) if period else []
    window = queries.pick_window(windows, request.GET.get("window"))
    official = permissions.evaluates_a_team(request.user)
    rows = queries.team_rows(request.user, period, window) if window and official else []
    stand_in = queries.team_rows(request.user, period, window, stand_in=True) \
        if window and permissions.has_stand_in_team(request.user) else []
    return render(request, "evaluation/evaluations_team.html", {
        "periods": periods, "period": period, "windows": windows, "window": window, "rows": rows,
        "counts": queries.counts(rows), "official": official, "stand_in_rows": stand_in,
        "stand_in_counts": queries.counts(stand_in), "active_menu": "evaluation_team",
    })


@login_required
@require_POST
def start(request):
    _periods, period = _team_period(request)
    if period is None:
        raise Http404
    windows = queries.windows_of(period)
    window = next((w for w in windows if w.key == request.POST.get("window")), None)
    if window is None:
        messages.error(request, _("Choose the window to evaluate."))
        return redirect(f"{reverse('evaluation:team')}?period={period.pk}")
    try:
        if request.POST.get("stand_in"):
            result = services.start_stand_in(actor=request.user, period=period, kind=window.kind,
                                             window_start=window.start)
        elif request.user.employee_id is None:
            raise PermissionDenied(_("Only an evaluating official (pejabat penilai) evaluates a team."))
        else:
            result = services.start_evaluations(actor=request.user, period=period, evaluator=request.user.employee,
                                                kind=window.kind, window_start=window.start)
    except ValidationError as exc:
        for errors in error_dict(exc).values():
            for message in errors:
                messages.error(request, message)
    else:
        messages.success(request, _("%(n)d evaluation(s) started.") % {"n": len(result.created)})
        if result.not_approved:
            messages.warning(request, _("Not started, the SKP is not approved yet: %(names)s. The evaluator approves "
                                        "it on the SKP page; the HR admin can set it on the SKP monitoring page.")
                             % {"names": ", ".join(result.not_approved)})
        if result.without_skp:
            messages.warning(request, _("No SKP in this period: %(names)s.") % {"names": ", ".join(result.without_skp)})
    return redirect(f"{reverse('evaluation:team')}?period={period.pk}&window={window.key}")


def _posted_values(data, rows) -> dict:
    values = {}
    for row in rows:
        given = {}
        for name in ("rating", "score", "feedback"):
            key = f"{name}_{row.code}"
            if key in data:
                given[name] = data.get(key, "")
        if given:
            values[row.code] = given
    return values


def _posted_activities(data, rows) -> dict:
    """The activity inputs of the form (``activity_<id>_<field>``) by activity id; only those posted."""
    out = {}
    for row in rows:
        given = {name: data[activity_rules.field_key(row.pk, name)] for name in activity_rules.FIELDS
                 if activity_rules.field_key(row.pk, name) in data}
        if given:
            out[row.pk] = given
    return out


def _activity_lines(evaluation: Evaluation, posted=None):
    """The activities scored, with what the user typed when ``posted`` (a refused save or the live preview): a
    value that does not parse keeps its text on the page and leaves its row unscored."""
    rows = [copy.copy(row) for row in evaluation.activities.all()]  # edited in memory, never the cached rows
    typed: dict[str, str] = {}
    if posted is not None:
        for activity_id, given in _posted_activities(posted, rows).items():
            row = next(r for r in rows if r.pk == activity_id)
            for name, value in given.items():
                try:
                    setattr(row, name, activity_rules.parse(value, name))
                except ValueError:
                    typed[activity_rules.field_key(row.pk, name)] = value
                    setattr(row, name, None)
    scored = activity_rules.score(rows)
    for line in scored.lines:
        line.typed = {name: typed.get(activity_rules.field_key(line.row.pk, name)) for name in activity_rules.FIELDS}
        if any(v is not None for v in line.typed.values()):
            line.shown, line.calculation = None, None
    if any(not line.complete for line in scored.lines):
        scored.skp, scored.activities = None, []
    return scored


FORM_FIELDS = ("result_rating", "result_reason", "result_score", "innovation", "evaluator_notes", "values",
               "activities")


def _is_field(key: str) -> bool:
    """An error the rating form itself can fix (a rating, a reason, a score), as opposed to one about the evaluation
    (its status, its SKP, a stale version): the page drops the former's summary once the form changes."""
    return key in FORM_FIELDS or key.startswith(("value_", "feedback_", "activity_"))


def _skp_not_approved(evaluation: Evaluation) -> list[str]:
    """Why the ratings cannot be saved whatever the form says (the SKP is not approved), to say so up front."""
    try:
        services.check_skp_approved(evaluation.skp)
    except ValidationError as exc:
        return list(exc.messages)
    return []


def _page_context(request, evaluation: Evaluation, *, errors=None, posted=None) -> dict:
    rows = queries.value_rows(evaluation)
    if posted is not None:  # keep what the user typed when the save was refused
        for row in rows:
            row.rating = posted.get(f"rating_{row.code}", row.rating)
            row.score = posted.get(f"score_{row.code}", row.score)
            row.feedback = posted.get(f"feedback_{row.code}", row.feedback)
    for row in rows:  # a refused save's messages beside the value they are about
        row.errors = [*(errors or {}).get(f"value_{row.code}", []), *(errors or {}).get(f"feedback_{row.code}", [])]
    scheme = queries.scheme_of(evaluation)
    settings = services.settings_for(evaluation.instance_id)
    activities = None
    if activity_rules.uses_activities(scheme.id):
        activities = _activity_lines(evaluation, posted)
        for line in activities.lines:
            line.fields = line.inputs(errors)
    can_evaluate = permissions.can_evaluate(request.user, evaluation)
    editable = can_evaluate and evaluation.status == EvaluationStatus.DRAFT and not evaluation.is_locked
    result_rating = posted.get("result_rating", evaluation.result_rating) if posted is not None \
        else evaluation.result_rating
    return {
        "evaluation": evaluation, "rows": rows, "scheme": scheme, "ratings": RatingChoice.choices,
        "can_evaluate": can_evaluate, "editable": editable,
        "can_acknowledge": permissions.can_acknowledge(request.user, evaluation)
        and evaluation.status == EvaluationStatus.FINAL,
        "can_reopen": can_evaluate and evaluation.status != EvaluationStatus.DRAFT and not evaluation.is_locked,
        "missing": services.missing(evaluation) if editable else [],
        "result_rating": result_rating,
        "result_reason": posted.get("result_reason", evaluation.result_reason) if posted is not None
        else evaluation.result_reason,
        "result_score": posted.get("result_score", evaluation.result_score) if posted is not None
        else evaluation.result_score,
        "deviates": bool(result_rating and evaluation.suggested_result
                         and result_rating != evaluation.suggested_result and not evaluation.result_from_unit),
        "outcome": services.Outcome(
            behaviour_rating=evaluation.behaviour_rating, behaviour_score=evaluation.behaviour_score,
            final_score=evaluation.final_score, predikat=evaluation.predikat,
            label=scheme.label(evaluation.predikat) if evaluation.predikat else ""),
        "credit": queries.credit_shown(evaluation, settings),
        # the rule that derives the rating perilaku when the ratings are saved (a stored rating may predate a
        # change of the rule, so only a page that can save names it)
        "behaviour_rule": BehaviourRule(services.behaviour_rule_of(settings)).label if editable else "",
        "activities": activities,
        "posted_notes": posted.get("evaluator_notes") if posted is not None else None,
        "errors": errors or {}, "field_errors": {k: v for k, v in (errors or {}).items() if _is_field(k)},
        "blocking_errors": {k: v for k, v in (errors or {}).items() if not _is_field(k)},
        "skp_not_approved": _skp_not_approved(evaluation) if editable else [],
        "panels": panels_for(evaluation, request.user),
        "active_menu": "evaluation_team" if can_evaluate else "evaluation_mine",
    }


@login_required
def detail(request, pk: int):
    evaluation = _visible(request, pk)
    if request.method != "POST":
        return render(request, "evaluation/evaluations_detail.html", _page_context(request, evaluation))
    rows = queries.value_rows(evaluation)
    try:
        services.rate(actor=request.user, evaluation=evaluation, lock_version=request.POST.get("lock_version"),
                      result_rating=request.POST.get("result_rating"),
                      result_reason=request.POST.get("result_reason"),
                      values=_posted_values(request.POST, rows),
                      result_score=request.POST.get("result_score"),
                      innovation=request.POST.get("innovation") == "1" if "innovation_shown" in request.POST
                      else None,
                      evaluator_notes=request.POST.get("evaluator_notes"),
                      activities=_posted_activities(request.POST, list(evaluation.activities.all())) or None)
    except ValidationError as exc:
        context = _page_context(request, evaluation, errors=error_dict(exc), posted=request.POST)
        return render(request, "evaluation/evaluations_detail.html", context, status=422)
    messages.success(request, _("Ratings saved."))
    return redirect("evaluation:detail", pk=evaluation.pk)


@login_required
@require_POST
def preview(request, pk: int):
    """The predikat the posted ratings give, not saved (htmx, as the evaluator changes a rating)."""
    evaluation = _visible(request, pk)
    if not permissions.can_evaluate(request.user, evaluation):
        raise PermissionDenied(_("Only the evaluating official rates this evaluation."))
    rows = queries.value_rows(evaluation)
    values = {row.code: {"rating": request.POST.get(f"rating_{row.code}", row.rating),
                         "score": request.POST.get(f"score_{row.code}", row.score)} for row in rows}
    result_rating = evaluation.result_rating if evaluation.result_from_unit \
        else request.POST.get("result_rating", evaluation.result_rating)
    rule = services.behaviour_rule_of(services.settings_for(evaluation.instance_id))
    scored = _activity_lines(evaluation, request.POST) if activity_rules.uses_activities(evaluation.scheme) \
        else None
    try:
        outcome = services.outcome(evaluation.scheme, result_rating=result_rating, values=values,
                                   result_score=(scored.skp if scored is not None
                                                 else request.POST.get("result_score") or None),
                                   innovation=request.POST.get("innovation") == "1", behaviour_rule=rule,
                                   activities=scored.activities if scored is not None else None)
    except (ValueError, ArithmeticError):
        outcome = services.Outcome()
    deviates = bool(result_rating and evaluation.suggested_result and result_rating != evaluation.suggested_result
                    and not evaluation.result_from_unit)
    return render(request, "evaluation/_evaluations_outcome.html",
                  {"evaluation": evaluation, "outcome": outcome, "deviates": deviates, "live": True,
                   "ratings": RatingChoice.choices, "behaviour_rule": BehaviourRule(rule).label,
                   "activities": scored})


def _act(request, pk: int, call, done: str):
    evaluation = _visible(request, pk)
    try:
        call(evaluation)
    except ValidationError as exc:
        for errors in error_dict(exc).values():
            for message in errors:
                messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("evaluation:detail", pk=evaluation.pk)


def _step(name: str, done, *posted: str):
    """The view of one workflow step: ``services.<name>`` with the evaluation, the posted ``lock_version`` and the
    ``posted`` fields ("" when missing), then back to the evaluation with ``done`` or the service's refusal."""

    @login_required
    @require_POST
    def view(request, pk: int):
        return _act(request, pk, lambda e: getattr(services, name)(
            actor=request.user, evaluation=e, lock_version=request.POST.get("lock_version"),
            **{field: request.POST.get(field, "") for field in posted}), done)

    view.__name__ = view.__qualname__ = name
    return view


finalise = _step("finalise", gettext_lazy("The evaluation is final; the employee has been told."))
reopen = _step("reopen", gettext_lazy("The evaluation is open again."), "reason")
acknowledge = _step("acknowledge", gettext_lazy("Thank you: you have acknowledged your evaluation."), "notes")


@login_required
@require_GET
def mine(request):
    employee_id = permissions.own_employee_id(request.user)
    evaluations = []
    if employee_id is not None:
        evaluations = list(Evaluation.objects.filter(employee_id=employee_id, status__in=[
            EvaluationStatus.FINAL, EvaluationStatus.ACKNOWLEDGED]).select_related("period", "evaluator")
            .order_by("-window_end", "-pk"))
    return render(request, "evaluation/evaluations_mine.html", {"evaluations": evaluations,
                                                                 "active_menu": "evaluation_mine"})


@login_required
@require_GET
def pdf(request, pk: int):
    evaluation = _visible(request, pk)
    if permissions.is_own(request.user, evaluation) and evaluation.status == EvaluationStatus.DRAFT:
        raise Http404  # the employee reads it once it is final
    try:
        data, filename = render_evaluation_pdf(evaluation)
    except RenderTimeout:
        messages.error(request, PDF_TOO_SLOW)
        return redirect("evaluation:detail", pk=evaluation.pk)
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if request.GET.get("inline") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
