"""The workflow: submit, withdraw, return, approve, revise; each step snapshots a version (DOMAIN §3)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.accounts.models import User
from kinerja.core.actors import is_system, require_actor
from kinerja.core.errors import PermissionDenied, field_error
from kinerja.notifications.models import Kind
from kinerja.notifications.services import notify
from kinerja.rules import skp as rules

from .. import permissions, queries
from ..models import (
    Rhk,
    Skp,
    SkpVersion,
)
from .common import (
    _bump,
    _check_open,
    _record,
    _skp_header,
    _text,
)
from .serialization import serialize
from .skps import _header_values


def _transition(skp: Skp, action: str) -> str:
    try:
        return rules.next_status(skp.status, action)
    except rules.RuleError:
        raise field_error("status", _("You cannot %(action)s an SKP that is %(status)s.") % {
            "action": _action_labels().get(action, action), "status": skp.get_status_display().lower()},
            "transition") from None


def _action_labels() -> dict:
    return {rules.Action.SUBMIT: _("submit"), rules.Action.RETURN: _("return"), rules.Action.APPROVE: _("approve"),
            rules.Action.REVISE: _("revise"), rules.Action.WITHDRAW: _("withdraw")}


def _snapshot_version(skp: Skp, action: str, actor, note: str = "") -> SkpVersion:
    number = (SkpVersion.objects.filter(skp=skp).aggregate(top=Max("number"))["top"] or 0) + 1
    return SkpVersion.objects.create(instance_id=skp.instance_id, skp=skp, number=number, action=action,
                                     status=skp.status, note=note, content=serialize(skp.pk),
                                     by=None if is_system(actor) else actor)


def _step(skp: Skp, actor, action: str, lock_version, updates: dict, note: str = "",
          comments: dict[int, str] | None = None) -> Skp:
    """Apply a workflow transition: bump the lock, save, write the evaluator's comments per RHK (``comments``:
    a return sets them, an approval clears them; None leaves them), snapshot a version, record the event."""
    new_status = _transition(skp, action)
    before = _skp_header(skp)
    with transaction.atomic():
        _bump(skp, lock_version)
        skp.status = new_status
        for key, value in updates.items():
            setattr(skp, key, value)
        skp.save(update_fields=["status", *updates, "updated_at"])
        after = _skp_header(skp)
        if comments is not None:
            before["comments"] = _set_return_comments(skp, comments)
            after["comments"] = {str(pk): text for pk, text in comments.items()}
        _snapshot_version(skp, action, actor, note)
        _record(f"skp.skp.{action}", skp, actor, before=before, after=after)
    return skp


def _set_return_comments(skp: Skp, comments: dict[int, str]) -> dict[str, str]:
    """Replace the RHK comments of ``skp`` by ``comments`` (two queries); returns the previous ones."""
    rhks = list(Rhk.objects.filter(skp=skp).only("pk", "return_comment"))
    previous = {str(r.pk): r.return_comment for r in rhks if r.return_comment}
    changed = []
    for rhk in rhks:
        text = comments.get(rhk.pk, "")
        if rhk.return_comment != text:
            rhk.return_comment = text
            changed.append(rhk)
    if changed:
        Rhk.objects.bulk_update(changed, ["return_comment"])
    return previous


def _clean_comments(skp: Skp, comments) -> dict[int, str]:
    """``{rhk_id: text}`` (or a list of ``{"rhk", "comment"}``) for RHK of ``skp``; empty texts are dropped."""
    if comments is None:
        return {}
    if isinstance(comments, dict):
        pairs = list(comments.items())
    elif isinstance(comments, list | tuple):
        pairs = []
        for item in comments:
            if not isinstance(item, dict) or "rhk" not in item:
                raise field_error("comments", _("Give each comment as an RHK and a text."), "invalid")
            pairs.append((item.get("rhk"), item.get("comment")))
    else:
        raise field_error("comments", _("Give each comment as an RHK and a text."), "invalid")
    own = set(Rhk.objects.filter(skp=skp).values_list("pk", flat=True))
    cleaned: dict[int, str] = {}
    for raw_pk, text in pairs:
        try:
            pk = int(raw_pk)
        except (TypeError, ValueError):
            pk = None
        if pk not in own:
            raise field_error("comments", _("RHK %(id)s is not part of this SKP.") % {"id": raw_pk}, "invalid_choice")
        if text is not None and not isinstance(text, str):
            raise field_error("comments", _("A comment must be text."), "invalid")
        if text and text.strip():
            cleaned[pk] = _text(text, "comments", _("A comment"))
    return cleaned


def _check_submittable(skp: Skp) -> list[str]:
    """Errors that block a submit; returns warnings that do not."""
    rhks = list(Rhk.objects.filter(skp=skp).annotate(iki_count=Count("ikis")).order_by("group", "order"))
    if not any(r.group == rules.Group.UTAMA for r in rhks):
        raise field_error("rhks", _("Add at least one main (utama) RHK before submitting."), "no_rhk")
    for rhk in rhks:
        if not rhk.iki_count:
            raise field_error("rhks", _("The RHK “%(text)s” has no indicator (IKI).") % {"text": rhk.text[:80]},
                              "no_iki")
    warnings = []
    unlinked = [r for r in rhks if r.group == rules.Group.UTAMA and r.parent_id is None]
    if skp.is_jpt:
        missing = [r for r in rhks if not r.perspective]
        if missing:
            raise field_error("rhks", _("The RHK “%(text)s” has no perspective.") % {"text": missing[0].text[:80]},
                              "no_perspective")
    elif unlinked and skp.position.superior_id is not None:
        if queries.superior_skps(skp).exists():
            raise field_error("rhks", _("The main RHK “%(text)s” does not name the superior's RHK it intervenes.")
                              % {"text": unlinked[0].text[:80]}, "no_parent")
        warnings.append(_("Your superior has no SKP for this period yet; link your main RHK to theirs once it "
                          "exists."))
    return warnings


def _tell(skp: Skp, actor, employee_id: int | None, kind: Kind, title, body="") -> None:
    """Notify the login of ``employee_id`` (none: nobody) about ``skp``, inside the step's transaction."""
    if employee_id is None:
        return
    recipients = User.objects.filter(employee_id=employee_id, is_active=True).values_list("pk", flat=True)
    notify(actor=actor, instance_id=skp.instance_id, recipients=list(recipients), kind=kind, title=title, body=body,
           url=reverse("skp:detail", args=[skp.pk]), obj=skp)


def _refresh_header(skp: Skp) -> dict:
    """The header values from today's org tree (while the SKP is still editable)."""
    employee = skp.employee
    if employee.position_id is None:
        return {}
    values = _header_values(employee)
    return {key: value for key, value in values.items() if getattr(skp, key) != value}


def submit(*, actor, skp: Skp, lock_version) -> Skp:
    """The employee (or an HR admin on their behalf) sends the SKP to the evaluator.

    Sets ``skp.warnings`` (a list of messages) when something is worth telling but does not block.
    """
    require_actor(actor)
    if not permissions.can_change(actor, skp):
        raise PermissionDenied(_("You may not submit this SKP."))
    _check_open(skp)
    _transition(skp, rules.Action.SUBMIT)
    warnings = _check_submittable(skp)
    updates = {"submitted_at": timezone.now(), **_refresh_header(skp)}
    with transaction.atomic():
        _step(skp, actor, rules.Action.SUBMIT, lock_version, updates)
        _tell(skp, actor, skp.evaluator_id, Kind.SKP_SUBMITTED,
              format_lazy(gettext_lazy("{name} submitted the SKP {period} for your approval"),
                          name=skp.employee.full_name, period=skp.period.name))
    skp.warnings = warnings
    return skp


def withdraw(*, actor, skp: Skp, lock_version) -> Skp:
    """Take a submitted SKP back to draft before the evaluator acts."""
    require_actor(actor)
    if not permissions.can_change(actor, skp):
        raise PermissionDenied(_("You may not withdraw this SKP."))
    _check_open(skp)
    return _step(skp, actor, rules.Action.WITHDRAW, lock_version, {"submitted_at": None})


def _check_evaluator(actor, skp: Skp, own_message: str) -> None:
    if permissions.is_own(actor, skp):
        raise field_error("__all__", own_message, "own_skp")
    if not permissions.can_evaluate(actor, skp):
        raise PermissionDenied(_("Only the evaluating official (or an acting Plt/Plh) can do this."))
    _check_open(skp)


def return_skp(*, actor, skp: Skp, lock_version, reason: str, comments=None) -> Skp:
    """The evaluator sends the SKP back to the employee with a reason and, per RHK, what to correct
    (``comments``: ``{rhk_id: text}`` or ``[{"rhk", "comment"}]``; shown at each RHK until the next return or the
    approval, and kept in the version)."""
    require_actor(actor)
    _check_evaluator(actor, skp, _("You cannot return your own SKP."))
    reason = _text(reason, "reason", _("The reason"))
    cleaned = _clean_comments(skp, comments)
    _transition(skp, rules.Action.RETURN)
    with transaction.atomic():
        _step(skp, actor, rules.Action.RETURN, lock_version, {"return_reason": reason}, note=reason,
              comments=cleaned)
        _tell(skp, actor, skp.employee_id, Kind.SKP_RETURNED,
              format_lazy(gettext_lazy("Your SKP {period} was returned for correction"), period=skp.period.name),
              body=reason)
    return skp


def approve(*, actor, skp: Skp, lock_version) -> Skp:
    """The evaluator (holder or acting Plt/Plh of the superior position) approves; the version goes up and
    the comments of the last return are cleared (the return's version keeps them)."""
    require_actor(actor)
    _check_evaluator(actor, skp, _("You cannot approve your own SKP."))
    _transition(skp, rules.Action.APPROVE)
    approver = actor.employee if actor.employee_id else None
    with transaction.atomic():
        _step(skp, actor, rules.Action.APPROVE, lock_version, {
            "version": skp.version + 1, "approved_at": timezone.now(), "approved_by": approver, "return_reason": ""},
            comments={})
        _tell(skp, actor, skp.employee_id, Kind.SKP_APPROVED,
              format_lazy(gettext_lazy("Your SKP {period} was approved"), period=skp.period.name))
    return skp


def start_revision(*, actor, skp: Skp, lock_version, reason: str) -> Skp:
    """Reopen an approved SKP (mid-year transfer, changed targets); the evaluator approves it again."""
    require_actor(actor)
    if not (permissions.can_change(actor, skp) or permissions.is_current_evaluator(actor, skp)):
        raise PermissionDenied(_("You may not revise this SKP."))
    _check_open(skp)
    reason = _text(reason, "reason", _("The reason"))
    _transition(skp, rules.Action.REVISE)
    return _step(skp, actor, rules.Action.REVISE, lock_version, {"revision_reason": reason}, note=reason)
