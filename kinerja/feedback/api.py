"""Feedback: the comment threads of an RHK and of a progress report (list, post, edit, delete), and the
performance dialogues (list, get, schedule or request, change, record the notes, cancel, agreed actions)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from kinerja.api.lookups import actor, page
from kinerja.api.schemas import READ_ERRORS, WRITE_ERRORS
from kinerja.api.types import Cursor, Id, Limit
from kinerja.core.errors import field_error
from kinerja.progress.models import Report
from kinerja.skp.models import Rhk, Skp

from . import permissions, services
from .models import Comment, Dialogue, DialogueAction, DialogueStatus
from .schemas import (
    ActionIn,
    ActionOut,
    ActionPatchIn,
    CancelIn,
    CommentIn,
    CommentOut,
    CommentPage,
    CommentPatchIn,
    DialogueDetailOut,
    DialogueIn,
    DialoguePage,
    DialoguePatchIn,
    RecordIn,
)

router = Router(tags=["feedback"])
COMMENT_ORDERING = ["created_at", "id"]
DIALOGUE_ORDERING = ["-scheduled_at", "-id"]


def _rhk(request, rhk_id: int) -> Rhk:
    return get_object_or_404(Rhk.objects.select_related("skp").filter(permissions.skp_q(actor(request), "skp")),
                             pk=rhk_id)


def _report(request, report_id: int) -> Report:
    return get_object_or_404(Report.objects.select_related("skp").filter(permissions.skp_q(actor(request), "skp")),
                             pk=report_id)


def _comments(qs):
    return qs.select_related("author_employee")


def _parent(target_qs, parent_id):
    if parent_id is None:
        return None
    parent = target_qs.filter(pk=parent_id).first()
    if parent is None:
        raise field_error("parent_id", _("No such comment in this thread."), "does_not_exist")
    return parent


@router.get("/feedback/rhk/{int:rhk_id}/comments", response={200: CommentPage, **READ_ERRORS})
def list_rhk_comments(request, rhk_id: Id, cursor: Cursor | None = None, limit: Limit | None = None):
    """The comments on an RHK, oldest first (replies name their `parent_id`; deleted ones have no body)."""
    rhk = _rhk(request, rhk_id)
    return page(_comments(Comment.objects.filter(rhk=rhk)), COMMENT_ORDERING, limit, cursor)


@router.post("/feedback/rhk/{int:rhk_id}/comments", response={201: CommentOut, **WRITE_ERRORS})
def post_rhk_comment(request, rhk_id: Id, payload: CommentIn):
    """Comment on an RHK (the SKP's employee or its evaluating official), or reply with `parent_id`."""
    rhk = _rhk(request, rhk_id)
    parent = _parent(Comment.objects.filter(rhk=rhk), payload.parent_id)
    comment = services.post_comment(actor=actor(request), body=payload.body, rhk=None if parent else rhk,
                                    parent=parent)
    return Status(201, Comment.objects.select_related("author_employee").get(pk=comment.pk))


@router.get("/feedback/reports/{int:report_id}/comments", response={200: CommentPage, **READ_ERRORS})
def list_report_comments(request, report_id: Id, cursor: Cursor | None = None, limit: Limit | None = None):
    """The comments on a progress report, oldest first."""
    report = _report(request, report_id)
    return page(_comments(Comment.objects.filter(report=report)), COMMENT_ORDERING, limit, cursor)


@router.post("/feedback/reports/{int:report_id}/comments", response={201: CommentOut, **WRITE_ERRORS})
def post_report_comment(request, report_id: Id, payload: CommentIn):
    """Comment on a progress report, or reply with `parent_id`."""
    report = _report(request, report_id)
    parent = _parent(Comment.objects.filter(report=report), payload.parent_id)
    comment = services.post_comment(actor=actor(request), body=payload.body, report=None if parent else report,
                                    parent=parent)
    return Status(201, Comment.objects.select_related("author_employee").get(pk=comment.pk))


def _comment(request, comment_id: int) -> Comment:
    qs = Comment.objects.select_related("author_employee").filter(permissions.skp_q(actor(request), "skp"))
    return get_object_or_404(qs, pk=comment_id)


@router.patch("/feedback/comments/{int:comment_id}", response={200: CommentOut, **WRITE_ERRORS})
def edit_comment(request, comment_id: Id, payload: CommentPatchIn):
    """Edit my comment (its author only)."""
    comment = _comment(request, comment_id)
    return services.edit_comment(actor=actor(request), comment=comment, body=payload.body)


@router.delete("/feedback/comments/{int:comment_id}", response={204: None, **WRITE_ERRORS})
def delete_comment(request, comment_id: Id):
    """Delete my comment (soft: the thread shows it was deleted)."""
    services.delete_comment(actor=actor(request), comment=_comment(request, comment_id))
    return Status(204, None)


# --- dialogues -------------------------------------------------------------------------------------------------


def _dialogues(request):
    return permissions.restrict_dialogues(Dialogue.objects.select_related("employee", "superior", "skp__position",
                                                                          "skp__period", "skp__employee"),
                                          actor(request))


def _dialogue(request, dialogue_id: int) -> Dialogue:
    return get_object_or_404(_dialogues(request), pk=dialogue_id)


def _detail(dialogue_id: int) -> Dialogue:
    return Dialogue.objects.select_related("employee", "superior").prefetch_related("actions").get(pk=dialogue_id)


@router.get("/feedback/dialogues", response={200: DialoguePage, **READ_ERRORS})
def list_dialogues(request, skp_id: Id | None = None, status: DialogueStatus | None = None, mine: bool = False,
                   cursor: Cursor | None = None, limit: Limit | None = None):
    """Dialogues I may read, latest first: `mine=true` those I take part in (as employee or superior),
    `skp_id` those of one SKP."""
    qs = _dialogues(request)
    if mine:
        qs = permissions.my_dialogues(actor(request), qs)
    if skp_id is not None:
        qs = qs.filter(skp_id=skp_id)
    if status:
        qs = qs.filter(status=status)
    return page(qs, DIALOGUE_ORDERING, limit, cursor)


@router.get("/feedback/dialogues/{int:dialogue_id}", response={200: DialogueDetailOut, **READ_ERRORS})
def get_dialogue(request, dialogue_id: Id):
    """A dialogue with its notes and agreed actions."""
    return _detail(_dialogue(request, dialogue_id).pk)


@router.post("/feedback/dialogues", response={201: DialogueDetailOut, **WRITE_ERRORS})
def create_dialogue(request, payload: DialogueIn):
    """Schedule a dialogue (the SKP's evaluating official) or ask for one (the SKP's employee)."""
    skp = get_object_or_404(permissions.restrict_skps(Skp.objects.select_related("period", "position"),
                                                      actor(request)), pk=payload.skp_id)
    data = payload.dict()
    data.pop("skp_id")
    dialogue = services.schedule_dialogue(actor=actor(request), skp=skp, **data)
    return Status(201, _detail(dialogue.pk))


@router.patch("/feedback/dialogues/{int:dialogue_id}", response={200: DialogueDetailOut, **WRITE_ERRORS})
def update_dialogue(request, dialogue_id: Id, payload: DialoguePatchIn):
    """Change the date, medium, place, agenda or follow-up date (the evaluating official)."""
    dialogue = _dialogue(request, dialogue_id)
    data = payload.dict(exclude_unset=True)
    lock_version = data.pop("lock_version", None)
    services.update_dialogue(actor=actor(request), dialogue=dialogue, lock_version=lock_version, **data)
    return _detail(dialogue.pk)


@router.post("/feedback/dialogues/{int:dialogue_id}/record", response={200: DialogueDetailOut, **WRITE_ERRORS})
def record_dialogue(request, dialogue_id: Id, payload: RecordIn):
    """Record the notes of a held dialogue, its follow-up date and new agreed actions (the evaluating official)."""
    dialogue = _dialogue(request, dialogue_id)
    services.record_dialogue(actor=actor(request), dialogue=dialogue, notes=payload.notes,
                             follow_up_on=payload.follow_up_on, lock_version=payload.lock_version,
                             actions=[a.dict() for a in payload.actions])
    return _detail(dialogue.pk)


@router.post("/feedback/dialogues/{int:dialogue_id}/cancel", response={200: DialogueDetailOut, **WRITE_ERRORS})
def cancel_dialogue(request, dialogue_id: Id, payload: CancelIn):
    """Cancel a planned dialogue (the evaluating official; the employee: their own request)."""
    dialogue = _dialogue(request, dialogue_id)
    services.cancel_dialogue(actor=actor(request), dialogue=dialogue, reason=payload.reason)
    return _detail(dialogue.pk)


@router.post("/feedback/dialogues/{int:dialogue_id}/actions", response={201: ActionOut, **WRITE_ERRORS})
def add_action(request, dialogue_id: Id, payload: ActionIn):
    """Add an agreed action (the evaluating official)."""
    dialogue = _dialogue(request, dialogue_id)
    return Status(201, services.add_action(actor=actor(request), dialogue=dialogue, **payload.dict()))


@router.patch("/feedback/actions/{int:action_id}", response={200: ActionOut, **WRITE_ERRORS})
def update_action(request, action_id: Id, payload: ActionPatchIn):
    """Tick an agreed action off (`done: true`) or reopen it: the employee or the evaluating official."""
    qs = permissions.restrict_actions(DialogueAction.objects.select_related("dialogue__skp__position"),
                                      actor(request))
    action = get_object_or_404(qs, pk=action_id)
    return services.complete_action(actor=actor(request), action=action, done=payload.done)
