"""Appeals (keberatan) pages: the employee's final predikat and appeals, those the user decides, one appeal
with its decision form; filing and deciding go through services/appeals.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.core.forms import run_service

from .. import permissions
from ..models import Appeal, AppealStatus, Evaluation, EvaluationKind
from ..results_forms import AppealForm, DecideForm
from ..services import appeals as service
from ..services.common import appeal_deadline


def _appeals(request):
    return permissions.restrict_appeals(
        Appeal.objects.select_related("evaluation__employee", "evaluation__period", "evaluation__skp", "decider"),
        request.user)


@login_required
def mine(request):
    if not permissions.has_appeals_page(request.user):
        raise Http404
    own = list(Evaluation.objects.filter(permissions.own_evaluations_q(request.user), kind=EvaluationKind.ANNUAL,
                                         locked_at__isnull=False).select_related("period").order_by("-window_end"))
    today = timezone.localdate()
    rows = [(ev, appeal_deadline(ev), today <= appeal_deadline(ev)) for ev in own]
    appeals = list(_appeals(request).order_by("-created_at")[:100])
    employee_id = getattr(request.user, "employee_id", None)
    return render(request, "evaluation/appeal_list.html", {
        "rows": rows, "appeals": [a for a in appeals if a.evaluation.employee_id == employee_id],
        "to_decide": [a for a in appeals if a.status == AppealStatus.FILED and a.evaluation.employee_id != employee_id
                      and permissions.can_decide_appeal(request.user, a)],
        "others": [a for a in appeals if a.evaluation.employee_id != employee_id],
        "active_menu": "appeals"})


@login_required
def file(request, evaluation_id: int):
    evaluation = get_object_or_404(Evaluation.objects.filter(permissions.own_evaluations_q(request.user))
                                   .select_related("period", "skp"), pk=evaluation_id)
    form = AppealForm(request.POST or None)
    done = run_service(request, form, lambda data: service.file_appeal(
        actor=request.user, evaluation=evaluation, reason=data["reason"],
        requested_predikat=data["requested_predikat"]))
    if done.ok:
        messages.success(request, _("Your appeal was filed; the evaluator's superior decides it."))
        return redirect("evaluation:appeal", pk=done.result.pk)
    return render(request, "evaluation/appeal_form.html", {
        "evaluation": evaluation, "form": form, "deadline": appeal_deadline(evaluation), "active_menu": "appeals"})


@login_required
def detail(request, pk: int):
    appeal = get_object_or_404(_appeals(request), pk=pk)
    can_decide = appeal.status == AppealStatus.FILED and permissions.can_decide_appeal(request.user, appeal)
    form = DecideForm(initial={"lock_version": appeal.lock_version, "new_predikat": appeal.requested_predikat})
    return render(request, "evaluation/appeal_detail.html", {
        "appeal": appeal, "ev": appeal.evaluation, "can_decide": can_decide, "form": form,
        "can_withdraw": appeal.status == AppealStatus.FILED
        and permissions.can_file_appeal(request.user, appeal.evaluation),
        "changes": list(appeal.evaluation.changes.select_related("by").order_by("created_at", "pk")),
        "active_menu": "appeals"})


@login_required
def decide(request, pk: int):
    appeal = get_object_or_404(_appeals(request), pk=pk)
    if not permissions.can_decide_appeal(request.user, appeal):
        raise PermissionDenied(_("The appeal is decided by the evaluator's superior."))
    form = DecideForm(request.POST or None, initial={"lock_version": appeal.lock_version,
                                                     "new_predikat": appeal.requested_predikat})
    done = run_service(request, form, lambda data: service.decide_appeal(
        actor=request.user, appeal=appeal, grant=data["grant"], reason=data["reason"],
        new_predikat=data["new_predikat"], lock_version=data.get("lock_version")))
    if done.ok:
        messages.success(request, _("The decision was recorded; the employee is told."))
        return redirect("evaluation:appeal", pk=appeal.pk)
    return render(request, "evaluation/appeal_detail.html", {
        "appeal": appeal, "ev": appeal.evaluation, "can_decide": True, "form": form, "can_withdraw": False,
        "changes": list(appeal.evaluation.changes.select_related("by").order_by("created_at", "pk")),
        "active_menu": "appeals"}, status=200 if request.method == "GET" else 422)


@login_required
@require_POST
def withdraw(request, pk: int):
    appeal = get_object_or_404(_appeals(request), pk=pk)
    try:
        service.withdraw_appeal(actor=request.user, appeal=appeal)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The appeal was withdrawn."))
    return redirect("evaluation:appeal", pk=appeal.pk)
