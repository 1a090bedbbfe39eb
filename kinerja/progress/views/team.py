"""The superior's side of progress: the team view of a reporting period, the review queue and the review page
of one report (accept, or return for a fix with a comment; accept or ask a fix of one piece of evidence).

The review forms post with htmx and get the review panel back (no full reload); without JavaScript they
post, then redirect back to the page with a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.core.errors import ValidationError, error_dict
from kinerja.core.keyset import InvalidCursor, paginate
from kinerja.people.names import initials

from .. import permissions
from .. import team as queries
from ..models import Evidence
from ..services import review as services

QUEUE_PAGE = 30


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


def _require_team(user) -> None:
    if not permissions.has_progress_team(user):
        raise PermissionDenied(_("Only an evaluating official (pejabat penilai), or an HR admin standing in for a "
                                 "missing one, has a team to supervise."))


@login_required
def team(request):
    user = request.user
    _require_team(user)
    choices = queries.period_choices(user)
    rp = queries.pick(choices, request.GET.get("period"))
    status = request.GET.get("status", "")
    status = status if status in queries.FILTERS else ""
    q = request.GET.get("q", "")[:100]
    wide = permissions.heads_units(user)
    scope = queries.UNIT if wide and request.GET.get("scope") == queries.UNIT else queries.TEAM
    rows, counts = [], {}
    if rp is not None:
        all_rows = queries.team_overview(user, rp, scope)
        counts = queries.counts(all_rows)
        rows = queries.filter_rows(all_rows, status, q)
    return render(request, "progress/team/team.html", {
        "choices": choices, "rp": rp, "rows": rows, "counts": counts, "status": status, "q": q,
        "scope": scope, "offer_unit": wide,
        "filtered": bool(status or q.strip()), "active_menu": "progress_team",
    })


@login_required
def queue(request):
    user = request.user
    _require_team(user)
    reports = list(queries.waiting_reports(user).order_by("submitted_at", "pk")[:100])
    try:
        page = paginate(queries.waiting_evidence(user), ["created_at", "id"], QUEUE_PAGE, request.GET.get("cursor"))
    except InvalidCursor:
        page = paginate(queries.waiting_evidence(user), ["created_at", "id"], QUEUE_PAGE, None)
    for item in page.items:
        item.is_image = item.kind == "file" and item.content_type.startswith("image/")
    return render(request, "progress/team/queue.html", {
        "reports": reports, "page": page, "active_menu": "progress_team",
    })


def _review_context(request, report, errors=None, form=None) -> dict:
    errors = dict(errors or {})
    if "__all__" in errors:
        errors["general"] = errors.pop("__all__")
    return {"report": report, "employee_initials": initials(report.employee.name),
            "can_review": permissions.can_review(request.user, report.skp), "errors": errors,
            "form": form or {}, **queries.review_context(report), "active_menu": "progress_team"}


def _respond(request, report, errors=None, form=None, done: str = ""):
    """After a review post: the panel again (htmx), or back to the page (a redirect on success)."""
    report = queries.report_for_review(request.user, report.pk)
    if _is_htmx(request):
        context = _review_context(request, report, errors, form)
        context["done"] = done
        return render(request, "progress/team/_review_body.html", context)
    if errors:
        for message_list in errors.values():
            for message in message_list:
                messages.error(request, message)
        return render(request, "progress/team/review.html", _review_context(request, report, errors, form))
    if done:
        messages.success(request, done)
    return redirect("progress:review", pk=report.pk)


@login_required
def review(request, pk: int):
    report = queries.report_for_review(request.user, pk)
    return render(request, "progress/team/review.html", _review_context(request, report))


@login_required
@require_POST
def accept(request, pk: int):
    report = queries.report_for_review(request.user, pk)
    form = {"comment": request.POST.get("comment", ""), "judged_achievement": request.POST.get("judged_achievement")}
    try:
        services.accept_report(actor=request.user, report=report, lock_version=request.POST.get("lock_version"),
                               comment=form["comment"], judged_achievement=form["judged_achievement"] or None)
    except ValidationError as exc:
        return _respond(request, report, error_dict(exc), form)
    return _respond(request, report, done=_("The report is accepted; the employee is told."))


@login_required
@require_POST
def return_report(request, pk: int):
    report = queries.report_for_review(request.user, pk)
    form = {"return_comment": request.POST.get("comment", ""), "evidence_ids": request.POST.getlist("evidence_ids")}
    try:
        services.return_report(actor=request.user, report=report, lock_version=request.POST.get("lock_version"),
                               comment=form["return_comment"], evidence_ids=form["evidence_ids"])
    except ValidationError as exc:
        errors = error_dict(exc)
        if "comment" in errors:
            errors["return_comment"] = errors.pop("comment")
        return _respond(request, report, errors, form)
    return _respond(request, report, done=_("The report is returned for a fix; the employee is told."))


@login_required
@require_POST
def evidence_review(request, pk: int):
    evidence = get_object_or_404(permissions.restrict_evidence(Evidence.objects.live(), request.user), pk=pk)
    accept = request.POST.get("accept") == "1"
    report = queries.report_for_review(request.user, evidence.report_id)
    try:
        services.review_evidence(actor=request.user, evidence=evidence, accept=accept,
                                 comment=request.POST.get("comment", ""))
    except ValidationError as exc:
        errors = {f"evidence_{evidence.pk}": [m for ms in error_dict(exc).values() for m in ms]}
        return _respond(request, report, errors, {"evidence": evidence.pk})
    if request.POST.get("next") == "queue" and not _is_htmx(request):
        messages.success(request, _("Evidence reviewed."))
        return redirect("progress:review-queue")
    done = _("Evidence accepted.") if accept else _("The employee is asked to fix this evidence.")
    return _respond(request, report, done=done)
