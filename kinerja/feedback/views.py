"""Feedback pages: the comment thread of an RHK or a progress report (htmx: posted without a reload), the
SKP page's panel, and the performance dialogues (an SKP's list, "my dialogues", schedule, change, record the
notes and agreed actions, cancel, tick off an action).

Every lookup goes through :mod:`kinerja.feedback.permissions` (out of scope: 404); writes go through
services.py, which refuses what the user may read but not do (403).
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.core.errors import error_dict
from kinerja.core.keyset import InvalidCursor, paginate
from kinerja.progress.models import Report
from kinerja.skp.models import Rhk, Skp

from . import permissions, services
from .forms import ActionForm, CancelForm, CommentForm, DialogueForm, RecordForm, run_service
from .models import ActionOwner, Comment, Dialogue, DialogueAction, DialogueStatus

CONFLICT_ON_TOP = {"lock_version": "__all__"}  # a stale save: the message above the form, the text kept
SKP_RELATED = ("skp__period", "skp__employee", "skp__position", "skp__evaluator")


def _errors(exc: ValidationError) -> str:
    return " ".join(m for ms in error_dict(exc).values() for m in ms)


# --- comment threads -----------------------------------------------------------------------------------------


def _rhk(request, rhk_id: int) -> Rhk:
    qs = Rhk.objects.select_related(*SKP_RELATED).filter(permissions.skp_q(request.user, "skp"))
    return get_object_or_404(qs, pk=rhk_id)


def _report(request, report_id: int) -> Report:
    qs = Report.objects.select_related(*SKP_RELATED, "iki").filter(permissions.skp_q(request.user, "skp"))
    return get_object_or_404(qs, pk=report_id)


def thread_context(request, *, rhk: Rhk | None = None, report: Report | None = None, form=None) -> dict:
    """The thread of one RHK or report: top-level comments (oldest first) with their replies. Two queries."""
    target = rhk or report
    qs = Comment.objects.filter(rhk=rhk) if rhk is not None else Comment.objects.filter(report=report)
    rows = list(qs.select_related("author_employee", "author").order_by("created_at", "pk"))
    replies = defaultdict(list)
    for row in rows:
        if row.parent_id:
            replies[row.parent_id].append(row)
    threads = [(row, replies[row.pk]) for row in rows if row.parent_id is None]
    user_id = request.user.pk
    skp = target.skp
    url = (reverse("feedback:rhk-thread", args=[rhk.pk]) if rhk is not None
           else reverse("feedback:report-thread", args=[report.pk]))
    return {
        "thread": {
            "key": f"{'rhk' if rhk is not None else 'report'}-{target.pk}", "url": url, "skp": skp,
            "rhk": rhk, "report": report, "threads": threads, "count": sum(1 for r in rows if not r.deleted_at),
            "can_post": permissions.can_take_part(request.user, skp) and not skp.period.is_closed,
            "closed": skp.period.is_closed, "user_id": user_id,
            "oob": bool(request.htmx) and request.method == "POST",  # refresh the panel's count
            "form": form or CommentForm(auto_id=f"id_{'rhk' if rhk is not None else 'report'}{target.pk}_%s"),
        },
    }


def _thread_response(request, *, rhk=None, report=None, form=None):
    context = thread_context(request, rhk=rhk, report=report, form=form)
    if request.htmx:
        return render(request, "feedback/_thread.html", context)
    skp = context["thread"]["skp"]
    return render(request, "feedback/thread.html", {**context, "skp": skp, "active_menu": _menu_for(request, skp)})


def _menu_for(request, skp) -> str:
    if permissions.is_own(request.user, skp):
        return "skp_mine"
    return "dialogues" if permissions.leads_dialogues(request.user, skp) else ""


def _thread(request, *, rhk=None, report=None):
    form = None
    if request.method == "POST":
        form = CommentForm(request.POST)
        parent = None
        if form.is_valid() and form.cleaned_data.get("parent"):
            target_q = Q(rhk=rhk) if rhk is not None else Q(report=report)
            parent = get_object_or_404(Comment.objects.filter(target_q), pk=form.cleaned_data["parent"])
        done = run_service(request, form, lambda data: services.post_comment(
            actor=request.user, body=data["body"], rhk=None if parent else rhk, report=None if parent else report,
            parent=parent))
        if done.ok:
            if not request.htmx:
                messages.success(request, _("Your comment was posted."))
                return redirect(request.path)
            form = None
    return _thread_response(request, rhk=rhk, report=report, form=form)


@login_required
def rhk_thread(request, rhk_id: int):
    return _thread(request, rhk=_rhk(request, rhk_id))


@login_required
def report_thread(request, report_id: int):
    return _thread(request, report=_report(request, report_id))


def _comment(request, pk: int) -> Comment:
    qs = (Comment.objects.select_related("skp__period", "rhk__skp", "report__skp")
          .filter(permissions.skp_q(request.user, "skp")))
    return get_object_or_404(qs, pk=pk)


def _after_comment_change(request, comment: Comment):
    if request.htmx:
        return _thread_response(request, rhk=comment.rhk, report=comment.report)
    return redirect(services.thread_url(comment))


@login_required
@require_POST
def comment_edit(request, pk: int):
    comment = _comment(request, pk)
    try:
        services.edit_comment(actor=request.user, comment=comment, body=request.POST.get("body", ""))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    return _after_comment_change(request, comment)


@login_required
@require_POST
def comment_delete(request, pk: int):
    comment = _comment(request, pk)
    try:
        services.delete_comment(actor=request.user, comment=comment)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    return _after_comment_change(request, comment)


# --- the SKP page's panel ------------------------------------------------------------------------------------


def _skp(request, skp_id: int) -> Skp:
    qs = permissions.restrict_skps(Skp.objects.select_related("period", "employee", "position", "evaluator"),
                                   request.user)
    return get_object_or_404(qs, pk=skp_id)


@login_required
def skp_panel(request, skp_id: int):
    """The panel's body on the SKP page: the latest dialogues and each RHK with its comment count."""
    skp = _skp(request, skp_id)
    dialogues = list(Dialogue.objects.filter(skp=skp).select_related("superior")
                     .annotate(open_actions=Count("actions", filter=Q(actions__done_at=None)))
                     .order_by("-scheduled_at", "-pk")[:5])
    counts = dict(Comment.objects.filter(skp=skp, rhk__isnull=False, deleted_at=None).values_list("rhk_id")
                  .annotate(n=Count("pk")).values_list("rhk_id", "n"))
    rhks = [(rhk, counts.get(rhk.pk, 0)) for rhk in Rhk.objects.filter(skp=skp).order_by("group", "order", "pk")]
    return render(request, "feedback/_skp_panel.html", {
        "skp": skp, "dialogues": dialogues, "rhks": rhks, "now": timezone.now(),
        "can_schedule": permissions.can_schedule(request.user, skp),
        "leads": permissions.leads_dialogues(request.user, skp),
    })


# --- dialogues -----------------------------------------------------------------------------------------------


def _page(request, qs, ordering):
    size = settings.KINERJA["PAGE_SIZE"]
    try:
        return paginate(qs, ordering, size, request.GET.get("cursor"))
    except InvalidCursor:
        return paginate(qs, ordering, size)


def _page_url(request, cursor):
    if cursor is None:
        return None
    params = request.GET.copy()
    params["cursor"] = cursor
    return f"?{params.urlencode()}"


def _listing(qs):
    return (qs.select_related("skp__period", "employee", "superior")
            .annotate(open_actions=Count("actions", filter=Q(actions__done_at=None)),
                      all_actions=Count("actions")))


@login_required
def mine(request):
    """My dialogues, as the employee or as the superior: the planned ones (soonest first), then the rest."""
    mine_qs = permissions.my_dialogues(request.user)
    upcoming = list(_listing(mine_qs.filter(status=DialogueStatus.PLANNED)).order_by("scheduled_at", "pk")[:50])
    page = _page(request, _listing(mine_qs.exclude(status=DialogueStatus.PLANNED)), ["-scheduled_at", "-id"])
    own_id = permissions.employee_id_of(request.user)
    return render(request, "feedback/mine.html", {
        "active_menu": "dialogues", "upcoming": upcoming, "page": page, "own_id": own_id, "now": timezone.now(),
        "open_actions": list(DialogueAction.objects.filter(dialogue__in=mine_qs, done_at=None)
                             .select_related("dialogue__employee").order_by("due_on", "pk")[:20]),
        "next_url": _page_url(request, page.next_cursor), "prev_url": _page_url(request, page.prev_cursor),
    })


@login_required
def skp_dialogues(request, skp_id: int):
    skp = _skp(request, skp_id)
    dialogues = list(_listing(Dialogue.objects.filter(skp=skp)).order_by("-scheduled_at", "-pk"))
    return render(request, "feedback/skp_dialogues.html", {
        "active_menu": _menu_for(request, skp), "skp": skp, "dialogues": dialogues, "now": timezone.now(),
        "can_schedule": permissions.can_schedule(request.user, skp),
        "leads": permissions.leads_dialogues(request.user, skp),
    })


@login_required
def dialogue_add(request, skp_id: int):
    skp = _skp(request, skp_id)
    if not permissions.can_schedule(request.user, skp):
        raise PermissionDenied(_("Only the employee and their evaluating official schedule a dialogue."))
    leads = permissions.leads_dialogues(request.user, skp)
    form = DialogueForm(request.POST or None)
    done = run_service(request, form, lambda data: services.schedule_dialogue(
        actor=request.user, skp=skp, **form.service_data()))
    if done.ok:
        messages.success(request, _("The dialogue is scheduled; the other party has been told.") if leads
                         else _("Your request was sent to your superior."))
        return redirect("feedback:dialogue", pk=done.result.pk)
    return render(request, "feedback/dialogue_form.html", {
        "active_menu": _menu_for(request, skp), "skp": skp, "form": form, "leads": leads,
        "title": _("Schedule a performance dialogue") if leads else _("Ask for a performance dialogue"),
        "cancel_url": reverse("feedback:skp-dialogues", args=[skp.pk]),
    })


def _dialogue(request, pk: int) -> Dialogue:
    qs = permissions.restrict_dialogues(
        Dialogue.objects.select_related(*SKP_RELATED, "employee", "superior", "created_by"), request.user)
    return get_object_or_404(qs, pk=pk)


@login_required
def dialogue(request, pk: int):
    d = _dialogue(request, pk)
    actions = list(d.actions.select_related("done_by").order_by("pk"))
    return render(request, "feedback/dialogue.html", {
        "active_menu": "dialogues" if permissions.can_take_part(request.user, d.skp) else "",
        "dialogue": d, "skp": d.skp, "actions": actions,
        "can_change": permissions.can_change_dialogue(request.user, d),
        "can_cancel": permissions.can_cancel_dialogue(request.user, d),
        "can_tick": permissions.can_take_part(request.user, d.skp),
        "action_form": ActionForm(), "cancel_form": CancelForm(), "owners": ActionOwner,
    })


@login_required
def dialogue_edit(request, pk: int):
    d = _dialogue(request, pk)
    if not permissions.can_change_dialogue(request.user, d):
        raise PermissionDenied(_("Only the evaluating official changes a dialogue."))
    initial = {"scheduled_at": timezone.localtime(d.scheduled_at).strftime("%Y-%m-%dT%H:%M"), "medium": d.medium,
               "place": d.place, "agenda": d.agenda, "follow_up_on": d.follow_up_on, "lock_version": d.lock_version}
    form = DialogueForm(request.POST or None, initial=initial)
    done = run_service(request, form, lambda data: services.update_dialogue(
        actor=request.user, dialogue=d, lock_version=data.get("lock_version"),
        **({k: v for k, v in form.service_data().items() if k in ("follow_up_on", "agenda")}
           if d.status == DialogueStatus.HELD else form.service_data())), aliases=CONFLICT_ON_TOP)
    if done.ok:
        messages.success(request, _("The dialogue was saved."))
        return redirect("feedback:dialogue", pk=d.pk)
    return render(request, "feedback/dialogue_form.html", {
        "active_menu": _menu_for(request, d.skp), "skp": d.skp, "dialogue": d, "form": form, "leads": True,
        "title": _("Change the dialogue"), "cancel_url": reverse("feedback:dialogue", args=[d.pk]),
    })


@login_required
def dialogue_record(request, pk: int):
    d = _dialogue(request, pk)
    if not permissions.can_change_dialogue(request.user, d):
        raise PermissionDenied(_("Only the evaluating official records a dialogue."))
    form = RecordForm(request.POST or None, initial={"notes": d.notes, "follow_up_on": d.follow_up_on,
                                                     "lock_version": d.lock_version})
    done = run_service(request, form, lambda data: services.record_dialogue(
        actor=request.user, dialogue=d, notes=data["notes"], follow_up_on=data.get("follow_up_on"),
        lock_version=data.get("lock_version"),
        actions=[{"text": data.get("action_text"), "owner": data.get("action_owner"),
                  "due_on": data.get("action_due")}]), aliases=CONFLICT_ON_TOP)
    if done.ok:
        messages.success(request, _("The notes were saved; the employee can read them."))
        return redirect("feedback:dialogue", pk=d.pk)
    return render(request, "feedback/record_form.html", {
        "active_menu": _menu_for(request, d.skp), "skp": d.skp, "dialogue": d, "form": form,
        "actions": list(d.actions.order_by("pk")), "cancel_url": reverse("feedback:dialogue", args=[d.pk]),
    })


@login_required
@require_POST
def dialogue_cancel(request, pk: int):
    d = _dialogue(request, pk)
    try:
        services.cancel_dialogue(actor=request.user, dialogue=d, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("The dialogue was cancelled."))
    return redirect("feedback:dialogue", pk=d.pk)


@login_required
@require_POST
def action_add(request, pk: int):
    d = _dialogue(request, pk)
    form = ActionForm(request.POST)
    done = run_service(request, form, lambda data: services.add_action(actor=request.user, dialogue=d, **data))
    if done.ok:
        messages.success(request, _("The agreed action was added."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("feedback:dialogue", pk=d.pk)


@login_required
@require_POST
def action_toggle(request, pk: int):
    qs = permissions.restrict_actions(DialogueAction.objects.select_related(*(f"dialogue__{r}" for r in SKP_RELATED)),
                                      request.user)
    action = get_object_or_404(qs, pk=pk)
    services.complete_action(actor=request.user, action=action, done=request.POST.get("done") == "1")
    if request.htmx:
        return render(request, "feedback/_action.html", {"action": action, "can_tick": True})
    return redirect("feedback:dialogue", pk=action.dialogue_id)
