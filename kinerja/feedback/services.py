"""Writes about feedback and dialogues. Each function checks who may, validates everything first, writes in
one transaction, records its audit event and tells the other party (notifications.services.notify).

Comments: :func:`post_comment`, :func:`edit_comment`, :func:`delete_comment` (soft). Dialogues:
:func:`schedule_dialogue` (the superior schedules; the employee requests), :func:`update_dialogue`,
:func:`record_dialogue` (notes, held, follow-up date), :func:`cancel_dialogue`; agreed actions:
:func:`add_action`, :func:`complete_action` (done / not done).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.accounts.models import User
from kinerja.audit.services import record, snapshot
from kinerja.core import errors as core_errors
from kinerja.core.actors import is_system, require_actor
from kinerja.core.errors import PermissionDenied, ValidationError, field_error
from kinerja.notifications.models import Kind
from kinerja.notifications.services import notify

from . import permissions
from .models import PLACE_MAX, ActionOwner, Comment, Dialogue, DialogueAction, DialogueStatus, Medium

# --- helpers -------------------------------------------------------------------------------------------------


class ConflictError(core_errors.ConflictError, ValidationError):
    """Someone else changed the dialogue since the caller read it (stale ``lock_version``): a ValidationError on
    ``lock_version`` (forms show it on top) and a core ConflictError (the API answers 409)."""

    def __init__(self, message: str):
        ValidationError.__init__(self, {"lock_version": [ValidationError(message, code="conflict")]})
        self.message_text = message

    def __str__(self) -> str:
        return self.message_text


def _employee_id(actor) -> int | None:
    return None if is_system(actor) else getattr(actor, "employee_id", None)


def _user(actor):
    return None if is_system(actor) else actor


def _text(field: str, value, limit: int, *, required: bool = False, label: str = "") -> str:
    text = (value or "").replace("\r\n", "\n").strip()
    if required and not text:
        raise field_error(field, _("%(label)s is required.") % {"label": label or _("This field")}, "required")
    if len(text) > limit:
        raise field_error(field, _("At most %(max)d characters.") % {"max": limit}, "max_length")
    return text


def superior_of(skp):
    """Whoever evaluates the SKP today (an acting Plt/Plh official first), else the evaluator on its header."""
    from kinerja.people.chain import holder_of

    superior = skp.position.superior if skp.position_id else None
    if superior is not None:
        holder, _acting = holder_of(superior)
        if holder is not None:
            return holder
    return skp.evaluator


def _users_of(employee_ids: Iterable[int | None]) -> list[int]:
    ids = {i for i in employee_ids if i is not None}
    if not ids:
        return []
    return list(User.objects.filter(employee_id__in=ids, is_active=True).values_list("pk", flat=True))


def parties(skp, dialogue: Dialogue | None = None) -> list[int]:
    """The users of the SKP's employee and superior (the dialogue's superior when it names one)."""
    superior = dialogue.superior if dialogue is not None and dialogue.superior_id else superior_of(skp)
    return _users_of([skp.employee_id, superior.pk if superior is not None else None])


def _lock(dialogue: Dialogue, lock_version) -> None:
    if lock_version is None:
        return
    try:
        seen = int(lock_version)
    except (TypeError, ValueError):
        raise field_error("lock_version", _("Reload the page and try again."), "invalid") from None
    updated = Dialogue.objects.filter(pk=dialogue.pk, lock_version=seen).update(lock_version=F("lock_version") + 1)
    if not updated:
        raise ConflictError(_("Someone else changed this dialogue since you opened it. Reload the page: "
                              "your text is kept below."))
    dialogue.lock_version = seen + 1


def _take(dialogue: Dialogue, lock_version) -> None:
    """Take the dialogue for this write: checked against ``lock_version`` when the caller sent one."""
    if lock_version is None:
        _bump(dialogue)
    else:
        _lock(dialogue, lock_version)


def _bump(dialogue: Dialogue) -> None:
    Dialogue.objects.filter(pk=dialogue.pk).update(lock_version=F("lock_version") + 1)
    dialogue.lock_version += 1


# --- comments ------------------------------------------------------------------------------------------------


def check_open(skp) -> None:
    """Comments are about an SKP of an open period: once its period is closed, its threads stay as they are
    (read afresh: the caller's SKP may have been loaded before the period was closed)."""
    from kinerja.skp.models import Period

    closed = Period.objects.filter(pk=skp.period_id, is_closed=True).values_list("name", flat=True).first()
    if closed is not None:
        raise field_error("__all__", _("The SKP period %(period)s is closed: its comments can no longer be added, "
                                       "changed or deleted.") % {"period": closed}, "closed")


def thread_url(comment: Comment) -> str:
    if comment.rhk_id:
        return reverse("feedback:rhk-thread", args=[comment.rhk_id])
    return reverse("feedback:report-thread", args=[comment.report_id])


def post_comment(*, actor, body: str, rhk=None, report=None, parent: Comment | None = None) -> Comment:
    """A comment on an RHK or a progress report (exactly one), or a reply to ``parent`` (same thread)."""
    require_actor(actor)
    if parent is not None:
        if parent.deleted_at is not None:
            raise field_error("parent", _("That comment was deleted; reply to the thread instead."), "deleted")
        if parent.parent_id is not None:  # replies are one level deep: a reply to a reply joins its thread
            parent = Comment.objects.get(pk=parent.parent_id)
        rhk, report = (parent.rhk, None) if parent.rhk_id else (None, parent.report)
    if (rhk is None) == (report is None):
        raise field_error("__all__", _("A comment is about one RHK or one progress report."), "target")
    skp = rhk.skp if rhk is not None else report.skp
    if not permissions.can_take_part(actor, skp):
        raise PermissionDenied(_("Only the employee and their evaluating official comment on this SKP."))
    check_open(skp)
    text = _text("body", body, Comment.BODY_MAX, required=True, label=_("The comment"))
    with transaction.atomic():
        comment = Comment.objects.create(instance_id=skp.instance_id, skp=skp, rhk=rhk, report=report,
                                         parent=parent, author=_user(actor), author_employee_id=_employee_id(actor),
                                         body=text)
        record("feedback.comment.create", comment, actor=actor, after=snapshot(comment))
        target = Comment.objects.filter(rhk=rhk) if rhk is not None else Comment.objects.filter(report=report)
        participants = set(target.exclude(author=None).values_list("author_id", flat=True))
        recipients = set(parties(skp)) | participants
        what = rhk.text if rhk is not None else str(report)
        notify(actor=actor, instance_id=skp.instance_id, recipients=recipients, kind=Kind.FEEDBACK,
               title=format_lazy(gettext_lazy("New feedback from {name}"), name=_author_name(actor)),
               body=f"{what[:120]}: {text[:300]}", url=thread_url(comment), obj=comment)
    return comment


def _author_name(actor):
    if is_system(actor):
        return gettext_lazy("system")
    return actor.get_full_name() or actor.get_username()


def edit_comment(*, actor, comment: Comment, body: str) -> Comment:
    require_actor(actor)
    if not permissions.can_edit_comment(actor, comment):
        raise PermissionDenied(_("Only its author edits a comment."))
    check_open(comment.skp)
    text = _text("body", body, Comment.BODY_MAX, required=True, label=_("The comment"))
    if text == comment.body:
        return comment
    before = snapshot(comment)
    with transaction.atomic():
        comment.body = text
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "edited_at", "updated_at"])
        record("feedback.comment.update", comment, actor=actor, before=before, after=snapshot(comment))
    return comment


def delete_comment(*, actor, comment: Comment) -> None:
    """Soft delete: the comment stays in its thread as "deleted" (its replies keep their place)."""
    require_actor(actor)
    if not permissions.can_edit_comment(actor, comment):
        raise PermissionDenied(_("Only its author deletes a comment."))
    check_open(comment.skp)
    before = snapshot(comment)
    with transaction.atomic():
        comment.deleted_at = timezone.now()
        comment.save(update_fields=["deleted_at", "updated_at"])
        record("feedback.comment.delete", comment, actor=actor, before=before, after=None)


# --- dialogues -----------------------------------------------------------------------------------------------


def dialogue_url(dialogue: Dialogue) -> str:
    return reverse("feedback:dialogue", args=[dialogue.pk])


def _clean_schedule(skp, data: dict, current: Dialogue | None = None) -> dict:
    cleaned = {}
    if "scheduled_at" in data or current is None:
        when = data.get("scheduled_at")
        if not when:
            raise field_error("scheduled_at", _("Choose the date and time of the dialogue."), "required")
        if isinstance(when, dt.date) and not isinstance(when, dt.datetime):
            when = dt.datetime.combine(when, dt.time(9, 0))
        if timezone.is_naive(when):
            when = timezone.make_aware(when)
        day = timezone.localtime(when).date()
        if day < skp.period.start_date or day > skp.period.end_date + dt.timedelta(days=90):
            raise field_error("scheduled_at", _("Choose a date within the SKP period (%(start)s – %(end)s).")
                              % {"start": skp.period.start_date, "end": skp.period.end_date}, "out_of_period")
        cleaned["scheduled_at"] = when
    if "medium" in data:
        medium = data.get("medium") or Medium.IN_PERSON
        if medium not in Medium.values:
            raise field_error("medium", _("Choose in person or online."), "invalid_choice")
        cleaned["medium"] = medium
    if "place" in data:
        cleaned["place"] = _text("place", data.get("place"), PLACE_MAX)
    if "agenda" in data:
        cleaned["agenda"] = _text("agenda", data.get("agenda"), Dialogue.TEXT_LIMITS["agenda"])
    if "follow_up_on" in data:
        cleaned["follow_up_on"] = _clean_follow_up(data.get("follow_up_on"),
                                                   cleaned.get("scheduled_at") or (current and current.scheduled_at))
    return cleaned


def _clean_follow_up(value, scheduled_at) -> dt.date | None:
    if not value:
        return None
    if scheduled_at is not None and value <= timezone.localtime(scheduled_at).date():
        raise field_error("follow_up_on", _("The follow-up date comes after the dialogue."), "before_dialogue")
    return value


def schedule_dialogue(*, actor, skp, scheduled_at, medium: str = Medium.IN_PERSON, place: str = "",
                      agenda: str = "", follow_up_on: dt.date | None = None) -> Dialogue:
    """A planned dialogue: scheduled by the superior, or requested by the employee (the superior confirms it by
    changing or recording it)."""
    require_actor(actor)
    leads = permissions.leads_dialogues(actor, skp)
    if not (leads or permissions.is_own(actor, skp)):
        raise PermissionDenied(_("Only the employee and their evaluating official schedule a dialogue."))
    data = _clean_schedule(skp, {"scheduled_at": scheduled_at, "medium": medium, "place": place,
                                 "agenda": agenda, "follow_up_on": follow_up_on})
    if leads and _employee_id(actor) is not None:
        superior_id = _employee_id(actor)
    else:
        superior = superior_of(skp)
        superior_id = superior.pk if superior is not None else None
    requested = not leads
    with transaction.atomic():
        dialogue = Dialogue.objects.create(instance_id=skp.instance_id, skp=skp, employee_id=skp.employee_id,
                                           superior_id=superior_id, requested_by_employee=requested,
                                           created_by=_user(actor), **data)
        record("feedback.dialogue.create", dialogue, actor=actor, after=snapshot(dialogue))
        when = timezone.localtime(dialogue.scheduled_at)
        title = format_lazy(gettext_lazy("{name} asks for a performance dialogue on {when}") if requested
                            else gettext_lazy("Performance dialogue scheduled by {name} on {when}"),
                            name=_author_name(actor), when=when.strftime("%d-%m-%Y %H:%M"))
        notify(actor=actor, instance_id=skp.instance_id, recipients=parties(skp, dialogue), kind=Kind.DIALOGUE,
               title=title, body=dialogue.agenda[:300], url=dialogue_url(dialogue), obj=dialogue)
    return dialogue


def update_dialogue(*, actor, dialogue: Dialogue, lock_version=None, **changes) -> Dialogue:
    """Change when/where/the agenda/the follow-up date of a planned (or held: the follow-up) dialogue."""
    require_actor(actor)
    if not permissions.can_change_dialogue(actor, dialogue):
        raise PermissionDenied(_("Only the evaluating official changes a dialogue."))
    unknown = set(changes) - {"scheduled_at", "medium", "place", "agenda", "follow_up_on"}
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if dialogue.status == DialogueStatus.CANCELLED:
        raise field_error("__all__", _("A cancelled dialogue cannot change."), "cancelled")
    if dialogue.status == DialogueStatus.HELD and set(changes) - {"follow_up_on", "agenda"}:
        raise field_error("scheduled_at", _("The dialogue was held: only its follow-up date can change."), "held")
    data = _clean_schedule(dialogue.skp, changes, dialogue)
    changed = {k: v for k, v in data.items() if getattr(dialogue, k) != v}
    if not changed:
        return dialogue
    before = snapshot(dialogue)
    with transaction.atomic():
        _take(dialogue, lock_version)
        for key, value in changed.items():
            setattr(dialogue, key, value)
        dialogue.requested_by_employee = False  # the superior has taken it up
        dialogue.save(update_fields=[*changed, "requested_by_employee", "updated_at"])
        record("feedback.dialogue.update", dialogue, actor=actor, before=before, after=snapshot(dialogue))
        if {"scheduled_at", "medium", "place"} & set(changed):
            when = timezone.localtime(dialogue.scheduled_at)
            notify(actor=actor, instance_id=dialogue.instance_id, recipients=parties(dialogue.skp, dialogue),
                   kind=Kind.DIALOGUE,
                   title=format_lazy(gettext_lazy("Performance dialogue moved to {when}"),
                                     when=when.strftime("%d-%m-%Y %H:%M")),
                   body=dialogue.place, url=dialogue_url(dialogue), obj=dialogue)
    return dialogue


def record_dialogue(*, actor, dialogue: Dialogue, notes: str, follow_up_on: dt.date | None = None,
                    lock_version=None, actions: Iterable[dict] = ()) -> Dialogue:
    """The superior's notes of a held dialogue (it becomes held), its follow-up date and any agreed actions
    (``{"text", "owner", "due_on"}``); written again later, the notes are replaced."""
    require_actor(actor)
    if not permissions.can_change_dialogue(actor, dialogue):
        raise PermissionDenied(_("Only the evaluating official records a dialogue."))
    if dialogue.status == DialogueStatus.CANCELLED:
        raise field_error("__all__", _("A cancelled dialogue cannot be recorded."), "cancelled")
    if dialogue.scheduled_at > timezone.now() + dt.timedelta(hours=12):
        raise field_error("__all__", _("The dialogue has not taken place yet: record it on or after %(when)s.")
                          % {"when": timezone.localtime(dialogue.scheduled_at).strftime("%d-%m-%Y")}, "future")
    text = _text("notes", notes, Dialogue.TEXT_LIMITS["notes"], required=True, label=_("The notes"))
    follow = _clean_follow_up(follow_up_on, dialogue.scheduled_at)
    cleaned_actions = [_clean_action(a) for a in actions if (a.get("text") or "").strip()]
    before = snapshot(dialogue)
    with transaction.atomic():
        _take(dialogue, lock_version)
        first = dialogue.status != DialogueStatus.HELD
        dialogue.notes = text
        dialogue.follow_up_on = follow
        dialogue.status = DialogueStatus.HELD
        dialogue.held_at = dialogue.held_at or timezone.now()
        dialogue.requested_by_employee = False
        dialogue.save(update_fields=["notes", "follow_up_on", "status", "held_at", "requested_by_employee",
                                     "updated_at"])
        record("feedback.dialogue.record", dialogue, actor=actor, before=before, after=snapshot(dialogue))
        for data in cleaned_actions:
            _create_action(actor, dialogue, data)
        notify(actor=actor, instance_id=dialogue.instance_id, recipients=parties(dialogue.skp, dialogue),
               kind=Kind.DIALOGUE,
               title=(gettext_lazy("Notes of your performance dialogue are ready") if first
                      else gettext_lazy("The notes of your performance dialogue changed")),
               body=text[:300], url=dialogue_url(dialogue), obj=dialogue)
    return dialogue


def cancel_dialogue(*, actor, dialogue: Dialogue, reason: str = "") -> Dialogue:
    require_actor(actor)
    if not permissions.can_read(actor, dialogue.skp):
        raise PermissionDenied(_("You may not change this dialogue."))
    if dialogue.status != DialogueStatus.PLANNED:
        raise field_error("__all__", _("Only a planned dialogue can be cancelled."), "not_planned")
    if not permissions.can_cancel_dialogue(actor, dialogue):
        raise PermissionDenied(_("Only the evaluating official cancels a dialogue (the employee: their own "
                                 "request)."))
    text = _text("cancel_reason", reason, Dialogue.TEXT_LIMITS["cancel_reason"])
    before = snapshot(dialogue)
    with transaction.atomic():
        _bump(dialogue)
        dialogue.status = DialogueStatus.CANCELLED
        dialogue.cancel_reason = text
        dialogue.save(update_fields=["status", "cancel_reason", "updated_at"])
        record("feedback.dialogue.cancel", dialogue, actor=actor, before=before, after=snapshot(dialogue))
        when = timezone.localtime(dialogue.scheduled_at)
        notify(actor=actor, instance_id=dialogue.instance_id, recipients=parties(dialogue.skp, dialogue),
               kind=Kind.DIALOGUE,
               title=format_lazy(gettext_lazy("Performance dialogue of {when} cancelled"),
                                 when=when.strftime("%d-%m-%Y %H:%M")),
               body=text[:300], url=dialogue_url(dialogue), obj=dialogue)
    return dialogue


# --- agreed actions ------------------------------------------------------------------------------------------


def _clean_action(data: dict) -> dict:
    text = _text("text", data.get("text"), DialogueAction.TEXT_MAX, required=True, label=_("The action"))
    owner = data.get("owner") or ActionOwner.EMPLOYEE
    if owner not in ActionOwner.values:
        raise field_error("owner", _("Choose the employee or the superior."), "invalid_choice")
    return {"text": text, "owner": owner, "due_on": data.get("due_on") or None}


def _create_action(actor, dialogue: Dialogue, data: dict) -> DialogueAction:
    action = DialogueAction.objects.create(instance_id=dialogue.instance_id, dialogue=dialogue, **data)
    record("feedback.action.create", action, actor=actor, after=snapshot(action))
    return action


def add_action(*, actor, dialogue: Dialogue, text: str, owner: str = ActionOwner.EMPLOYEE,
               due_on: dt.date | None = None) -> DialogueAction:
    require_actor(actor)
    if not permissions.can_change_dialogue(actor, dialogue):
        raise PermissionDenied(_("Only the evaluating official writes the agreed actions."))
    if dialogue.status == DialogueStatus.CANCELLED:
        raise field_error("__all__", _("A cancelled dialogue has no actions."), "cancelled")
    data = _clean_action({"text": text, "owner": owner, "due_on": due_on})
    with transaction.atomic():
        action = _create_action(actor, dialogue, data)
        notify(actor=actor, instance_id=dialogue.instance_id, recipients=parties(dialogue.skp, dialogue),
               kind=Kind.DIALOGUE, title=gettext_lazy("A new agreed action from your performance dialogue"),
               body=action.text[:300], url=dialogue_url(dialogue), obj=dialogue)
    return action


def complete_action(*, actor, action: DialogueAction, done: bool = True) -> DialogueAction:
    """Tick an agreed action off (or undo it): the employee or the superior."""
    require_actor(actor)
    if not permissions.can_complete_action(actor, action):
        raise PermissionDenied(_("Only the employee and their evaluating official tick off agreed actions."))
    if bool(action.done_at) == bool(done):
        return action
    before = snapshot(action)
    with transaction.atomic():
        action.done_at = timezone.now() if done else None
        action.done_by = _user(actor) if done else None
        action.save(update_fields=["done_at", "done_by", "updated_at"])
        record("feedback.action.complete" if done else "feedback.action.reopen", action, actor=actor,
               before=before, after=snapshot(action))
    return action


__all__ = ["ConflictError", "ValidationError", "post_comment", "edit_comment", "delete_comment", "schedule_dialogue",
           "update_dialogue", "record_dialogue", "cancel_dialogue", "add_action", "complete_action",
           "superior_of", "thread_url", "dialogue_url"]
