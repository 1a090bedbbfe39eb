"""The workflow pages: submit and withdraw, approve (after a confirmation), return and revise (with a reason)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kinerja.core.forms import run_service

from .. import permissions, presentation, queries, services
from ..forms import (
    ApproveForm,
    ConfirmForm,
    ReasonForm,
    ReturnForm,
)
from ..models import Skp, SkpStatus
from .common import _flash_form_errors, _posted, _skp_or_404
from .editor import _form_response

WORKFLOW = {
    "submit": (services.submit, gettext_lazy("The SKP was submitted to %(evaluator)s.")),
    "withdraw": (services.withdraw, gettext_lazy("The SKP is a draft again; you can change it.")),
}


def _workflow_message(template, skp: Skp) -> str:
    return str(template) % {"evaluator": skp.evaluator.full_name if skp.evaluator_id else _("your evaluating official"),
                          "employee": skp.employee.full_name}


@login_required
@require_POST
def transition(request, pk: int, action: str):
    """Submit, withdraw or approve (no input but the version)."""
    if action not in WORKFLOW:
        raise Http404
    skp = _skp_or_404(request, pk)
    service, message = WORKFLOW[action]
    form = ConfirmForm(request.POST)
    done = run_service(request, form, lambda data: service(actor=request.user, skp=skp,
                                                           lock_version=data["lock_version"]))
    if done.ok:
        messages.success(request, _workflow_message(message, skp))
        for warning in getattr(done.result, "warnings", []) or []:
            messages.warning(request, warning)
    else:
        _flash_form_errors(request, form)
    return redirect("skp:detail", pk=skp.pk)


@login_required
@require_http_methods(["GET", "POST"])
def approve(request, pk: int):
    """Approve after a confirmation: the SKP page asks in a dialog (its form says ``confirmed``); a POST without
    it, or a GET (no JavaScript), shows the question on a page of its own."""
    skp = _skp_or_404(request, pk)
    allowed = skp.status == SkpStatus.SUBMITTED and permissions.can_evaluate(request.user, skp)
    if not allowed and request.method == "GET":
        messages.info(request, _("This action is not available for the SKP in its current state."))
        return redirect("skp:detail", pk=skp.pk)
    if not allowed:  # nothing to confirm: the service says why (own SKP: a message; not the evaluator: 403)
        form = ConfirmForm(request.POST)
        run_service(request, form, lambda data: services.approve(actor=request.user, skp=skp,
                                                                 lock_version=data["lock_version"]))
        _flash_form_errors(request, form)
        return redirect("skp:detail", pk=skp.pk)
    confirmed = request.method == "POST" and "confirmed" in request.POST
    form = ApproveForm(request.POST if confirmed else None,
                       initial={"lock_version": request.POST.get("lock_version") or skp.lock_version,
                                "confirmed": True})
    done = run_service(request, form, lambda data: services.approve(actor=request.user, skp=skp,
                                                                    lock_version=data["lock_version"]))
    if done.ok:
        messages.success(request, _workflow_message(gettext_lazy("The SKP of %(employee)s is approved."), skp))
        return redirect("skp:detail", pk=skp.pk)
    return _form_response(
        request, skp, form, title=_("Approve the SKP"), action=reverse("skp:approve", args=[skp.pk]),
        section_name="detail", submit=_("Yes, approve"), testid="approve-form",
        intro=_("Approve the SKP of %(employee)s? Once approved, it changes only through a revision that you "
                "approve again.") % {"employee": skp.employee.full_name})


def _reason_view(request, pk: int, *, action: str):
    skp = _skp_or_404(request, pk)
    if action == "return":
        allowed = skp.status == SkpStatus.SUBMITTED and permissions.can_evaluate(request.user, skp)
        label, help_text = _("Reason for return"), _("Tell the employee what to correct. They see it on their SKP.")
        title, submit = _("Return the SKP to the employee"), _("Return with this note")
    else:
        allowed = skp.status == SkpStatus.APPROVED and (permissions.can_change(request.user, skp)
                                                        or permissions.is_current_evaluator(request.user, skp))
        label, help_text = _("Reason for revision"), _("E.g. a mid-year transfer or changed targets. The "
                                                       "evaluating official approves the revised SKP again.")
        title, submit = _("Start a revision"), _("Start the revision")
    if not allowed and request.method == "GET":
        messages.info(request, _("This action is not available for the SKP in its current state."))
        return redirect("skp:detail", pk=skp.pk)
    if action == "return":
        detailed = queries.skp_detail(skp.pk)
        rhks = [(f"{group.letter}.{item.number} {item.rhk.text[:160]}", item.rhk)
                for group in presentation.rhk_groups(detailed.rhks.all(), is_jpt=detailed.is_jpt)
                for item in group.items]
        form = ReturnForm(_posted(request), reason_label=label, reason_help=help_text, rhks=rhks,
                          initial={"lock_version": skp.lock_version})
        call = lambda data: services.return_skp(actor=request.user, skp=skp, lock_version=data["lock_version"],  # noqa: E731
                                                reason=data["reason"], comments=form.comments())
    else:
        form = ReasonForm(_posted(request), reason_label=label, reason_help=help_text,
                          initial={"lock_version": skp.lock_version})
        call = lambda data: services.start_revision(actor=request.user, skp=skp,  # noqa: E731
                                                    lock_version=data["lock_version"], reason=data["reason"])
    if run_service(request, form, call).ok:
        if action == "return":
            messages.success(request, _("The SKP of %(employee)s was returned with your note.")
                             % {"employee": skp.employee.full_name})
            return redirect("skp:detail", pk=skp.pk)
        messages.success(request, _("The revision is started: change the SKP, then submit it again."))
        return redirect("skp:edit", pk=skp.pk) if permissions.can_change(request.user, skp) \
            else redirect("skp:detail", pk=skp.pk)
    page = _form_response(request, skp, form, title=title, action=reverse(f"skp:{action}", args=[skp.pk]),
                          section_name="detail", submit=submit, danger=action == "return", testid=f"{action}-form")
    return page


@login_required
@require_http_methods(["GET", "POST"])
def return_skp(request, pk: int):
    return _reason_view(request, pk, action="return")


@login_required
@require_http_methods(["GET", "POST"])
def revise(request, pk: int):
    return _reason_view(request, pk, action="revise")
