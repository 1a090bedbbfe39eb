"""Writes of the tim monev. Each function checks who may (``permissions``), validates everything first, writes
in one transaction, records its audit event (``monev.<object>.<verb>``) and tells the owner of a recommendation
(``notifications.services.notify``, kind ``recommendation``).

Team: :func:`add_member`, :func:`update_member` (also ending a membership) — the BKPSDM admin; a new member's
logins get the ``monev`` role (``accounts.services.grant_role``). Rounds: :func:`create_round`,
:func:`update_round`, :func:`set_round_status`. Sessions: :func:`create_session`, :func:`update_session`,
:func:`add_finding`, :func:`update_finding`, :func:`delete_finding`, :func:`add_link`, :func:`delete_link`.
Recommendations: :func:`create_recommendation`, :func:`update_recommendation`, :func:`change_status`,
:func:`add_progress_note`; :func:`add_training_need`, :func:`update_training_need`, :func:`delete_training_need`.

Edits that can race carry the ``lock_version`` the caller saw: a stale one raises :class:`ConflictError` (a
ValidationError on ``lock_version`` for forms, a core ConflictError for the API's 409), and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.accounts import services as account_services
from kinerja.accounts.models import Role, RoleGrant, User
from kinerja.audit.services import record, snapshot
from kinerja.core import errors as core_errors
from kinerja.core.actors import is_system, require_actor
from kinerja.core.errors import PermissionDenied, ValidationError, field_error
from kinerja.notifications.models import Kind
from kinerja.notifications.services import notify
from kinerja.organization.models import Position
from kinerja.people.holders import current_holders
from kinerja.rules import monev as rules

from . import permissions
from .models import (
    EvidenceLink,
    Finding,
    FindingCategory,
    Priority,
    Recommendation,
    RecommendationCategory,
    RecommendationStatus,
    RecommendationUpdate,
    Round,
    RoundStatus,
    Session,
    SessionKind,
    Severity,
    TeamMember,
    TeamRole,
    TrainingNeed,
)

NOT_MEMBER = gettext_lazy("Only active members of the tim monev of this instance record its work. Ask the BKPSDM "
                          "administrator to add you to the team.")


class ConflictError(core_errors.ConflictError, ValidationError):
    """Someone else changed the record since the caller read it (stale ``lock_version``)."""

    def __init__(self, message: str):
        ValidationError.__init__(self, {"lock_version": [ValidationError(message, code="conflict")]})
        self.message_text = message

    def __str__(self) -> str:
        return self.message_text


# --- helpers ---------------------------------------------------------------------------------------------------


def _user(actor):
    return None if is_system(actor) else actor


def _employee_id(actor):
    return None if is_system(actor) else getattr(actor, "employee_id", None)


def _text(field: str, value, limit: int, *, required: bool = False, label: str = "") -> str:
    text = (value or "").replace("\r\n", "\n").strip()
    if required and not text:
        raise field_error(field, _("%(label)s is required.") % {"label": label or _("This field")}, "required")
    if len(text) > limit:
        raise field_error(field, _("At most %(max)d characters.") % {"max": limit}, "max_length")
    return text


def _date(field: str, value, *, required: bool = True, label: str = "") -> dt.date | None:
    if value in (None, ""):
        if required:
            raise field_error(field, _("%(label)s is required.") % {"label": label or _("The date")}, "required")
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise field_error(field, _("Enter a valid date (YYYY-MM-DD)."), "invalid") from None


def _choice(field: str, value, choices, default=None) -> str:
    value = value or default
    if value not in choices.values:
        raise field_error(field, _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices.values)},
                          "invalid_choice")
    return value


def _same_instance(field: str, obj, instance_id: int, label: str):
    if obj is not None and obj.instance_id != instance_id:
        raise field_error(field, _("%(label)s belongs to another instance.") % {"label": label}, "other_instance")


def _take(model, obj, lock_version) -> None:
    """Claim ``obj`` for this write: one conditional UPDATE on ``lock_version`` (when the caller sent one)."""
    qs = model.objects.filter(pk=obj.pk)
    if lock_version is None or lock_version == "":
        qs.update(lock_version=F("lock_version") + 1)
        obj.lock_version += 1
        return
    try:
        seen = int(lock_version)
    except (TypeError, ValueError):
        raise field_error("lock_version", _("Reload the page and try again."), "invalid") from None
    if not qs.filter(lock_version=seen).update(lock_version=F("lock_version") + 1):
        raise ConflictError(_("Someone else changed this record since you opened it. Reload the page: your input "
                              "is kept below."))
    obj.lock_version = seen + 1


def _require_writer(actor, instance_id: int) -> None:
    if not permissions.can_write(actor, instance_id):
        raise PermissionDenied(str(NOT_MEMBER))


def _users_of(employee_ids: Iterable[int | None]) -> list[int]:
    ids = {i for i in employee_ids if i is not None}
    if not ids:
        return []
    return list(User.objects.filter(employee_id__in=ids, is_active=True).values_list("pk", flat=True))


def unit_head_ids(unit_ids: Iterable[int], day: dt.date | None = None) -> dict[int, list[int]]:
    """unit id → the employees exercising its head position today (an acting official first). Three queries."""
    heads = dict(Position.objects.filter(unit_id__in=list(unit_ids), is_head=True).values_list("pk", "unit_id"))
    holders = current_holders(heads.keys(), day)
    result: dict[int, list[int]] = {}
    for position_id, unit_id in heads.items():
        result[unit_id] = [h.employee.pk for h in holders.get(position_id, [])]
    return result


def owner_user_ids(rec: Recommendation) -> list[int]:
    """The logins told about a recommendation: the owning employee's, or those of the owning unit's head."""
    if rec.owner_employee_id is not None:
        return _users_of([rec.owner_employee_id])
    return _users_of(unit_head_ids([rec.owner_unit_id]).get(rec.owner_unit_id, []))


def recommendation_url(rec: Recommendation) -> str:
    return reverse("monev:recommendation", args=[rec.pk])


def _trail(actor, rec: Recommendation, *, note: str = "", status_from: str = "", status_to: str = ""):
    return RecommendationUpdate.objects.create(instance_id=rec.instance_id, recommendation=rec, author=_user(actor),
                                               author_employee_id=_employee_id(actor), note=note,
                                               status_from=status_from, status_to=status_to)


# --- team ------------------------------------------------------------------------------------------------------


def _clean_member(instance_id: int, employee, role, start_date, end_date, note, exclude_pk=None) -> dict:
    if employee is None:
        raise field_error("employee", _("Choose the employee."), "required")
    _same_instance("employee", employee, instance_id, _("The employee"))
    role = _choice("role", role, TeamRole, TeamRole.MEMBER)
    start = _date("start_date", start_date, label=_("The start date"))
    end = _date("end_date", end_date, required=False)
    if end is not None and end < start:
        raise field_error("end_date", _("The end date lies before the start date."), "before_start")
    overlap = TeamMember.objects.filter(instance_id=instance_id)
    if exclude_pk is not None:
        overlap = overlap.exclude(pk=exclude_pk)
    if end is not None:
        overlap = overlap.filter(start_date__lte=end)
    from django.db.models import Q

    overlap = overlap.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    if overlap.filter(employee_id=employee.pk).exists():
        raise field_error("employee", _("%(name)s is already on the team in these dates.") % {"name": employee.name},
                          "duplicate")
    if role in (TeamRole.CHAIR, TeamRole.SECRETARY) and overlap.filter(role=role).exists():
        raise field_error("role", _("The team already has a %(role)s in these dates; end that membership first.")
                          % {"role": TeamRole(role).label.lower()}, "duplicate")
    return {"employee": employee, "role": role, "start_date": start, "end_date": end,
            "note": _text("note", note, 200)}


def _grant_monev_role(actor, employee) -> list[int]:
    """Give the member's active logins the monev role (read access to the instance), where they lack it."""
    users = list(User.objects.filter(employee_id=employee.pk, is_active=True, instance_id=employee.instance_id))
    have = set(RoleGrant.objects.filter(user__in=users, role=Role.MONEV, unit__isnull=True)
               .values_list("user_id", flat=True))
    granted = []
    for user in users:  # an employee has one login, rarely two
        if user.pk not in have:
            account_services.grant_role(actor=actor, user=user, role=Role.MONEV)
            granted.append(user.pk)
    return granted


def add_member(*, actor, instance, employee, role: str = TeamRole.MEMBER, start_date=None, end_date=None,
               note: str = "") -> TeamMember:
    require_actor(actor)
    if not permissions.can_manage_team(actor, instance.pk):
        raise PermissionDenied(_("Only the BKPSDM administrator manages the tim monev."))
    data = _clean_member(instance.pk, employee, role, start_date or timezone.localdate(), end_date, note)
    with transaction.atomic():
        member = TeamMember.objects.create(instance_id=instance.pk, **data)
        granted = _grant_monev_role(actor, employee)
        record("monev.member.create", member, actor=actor, after={**snapshot(member), "granted_role_to": granted})
    return member


def update_member(*, actor, member: TeamMember, lock_version=None, **changes) -> TeamMember:
    """Change the role, the dates (ending a membership: ``end_date``) or the note."""
    require_actor(actor)
    if not permissions.can_manage_team(actor, member.instance_id):
        raise PermissionDenied(_("Only the BKPSDM administrator manages the tim monev."))
    current = {"employee": member.employee, "role": member.role, "start_date": member.start_date,
               "end_date": member.end_date, "note": member.note}
    current.update({k: v for k, v in changes.items() if k in ("role", "start_date", "end_date", "note")})
    data = _clean_member(member.instance_id, **current, exclude_pk=member.pk)
    before = snapshot(member)
    with transaction.atomic():
        _take(TeamMember, member, lock_version)
        for key in ("role", "start_date", "end_date", "note"):
            setattr(member, key, data[key])
        member.save(update_fields=["role", "start_date", "end_date", "note", "updated_at"])
        record("monev.member.update", member, actor=actor, before=before, after=snapshot(member))
    return member


# --- rounds ----------------------------------------------------------------------------------------------------


def _clean_round(instance_id: int, period, name, start_date, end_date, units, description) -> dict:
    if period is None:
        raise field_error("period", _("Choose the SKP period."), "required")
    _same_instance("period", period, instance_id, _("The period"))
    start = _date("start_date", start_date, label=_("The start date"))
    end = _date("end_date", end_date, label=_("The end date"))
    if end < start:
        raise field_error("end_date", _("The end date lies before the start date."), "before_start")
    units = list(units or [])
    for unit in units:
        _same_instance("units", unit, instance_id, _("The unit"))
    return {"period": period, "name": _text("name", name, 150, required=True, label=_("The name")),
            "start_date": start, "end_date": end, "description": _text("description", description, 5_000),
            "units": units}


def _round_after(round_: Round, units) -> dict:
    return {**snapshot(round_), "unit_ids": sorted(u.pk for u in units)}


def create_round(*, actor, instance, period, name: str, start_date, end_date, units: Iterable = (),
                 description: str = "") -> Round:
    require_actor(actor)
    _require_writer(actor, instance.pk)
    data = _clean_round(instance.pk, period, name, start_date, end_date, units, description)
    units = data.pop("units")
    with transaction.atomic():
        round_ = Round.objects.create(instance_id=instance.pk, created_by=_user(actor), **data)
        round_.units.set(units)
        record("monev.round.create", round_, actor=actor, after=_round_after(round_, units))
    return round_


def update_round(*, actor, round_: Round, lock_version=None, **changes) -> Round:
    require_actor(actor)
    _require_writer(actor, round_.instance_id)
    current = {"period": round_.period, "name": round_.name, "start_date": round_.start_date,
               "end_date": round_.end_date, "description": round_.description}
    units = changes.pop("units", None)
    current.update({k: v for k, v in changes.items() if k in current})
    old_units = list(round_.units.all())
    data = _clean_round(round_.instance_id, units=old_units if units is None else units, **current)
    new_units = data.pop("units")
    if round_.sessions.exists() and data["period"].pk != round_.period_id:
        raise field_error("period", _("The round already has sessions: its period cannot change."), "has_sessions")
    before = _round_after(round_, old_units)
    with transaction.atomic():
        _take(Round, round_, lock_version)
        for key, value in data.items():
            setattr(round_, key, value)
        round_.save(update_fields=[*data, "updated_at"])
        if units is not None:
            round_.units.set(new_units)
        record("monev.round.update", round_, actor=actor, before=before, after=_round_after(round_, new_units))
    return round_


def set_round_status(*, actor, round_: Round, status: str, lock_version=None) -> Round:
    """Close a round (no new sessions; its recommendations go on being tracked) or open it again."""
    require_actor(actor)
    _require_writer(actor, round_.instance_id)
    status = _choice("status", status, RoundStatus)
    if status == round_.status:
        raise field_error("status", _("The round is already %(status)s.")
                          % {"status": RoundStatus(status).label.lower()}, "unchanged")
    before = snapshot(round_)
    with transaction.atomic():
        _take(Round, round_, lock_version)
        round_.status = status
        round_.save(update_fields=["status", "updated_at"])
        record("monev.round.close" if status == RoundStatus.CLOSED else "monev.round.reopen", round_, actor=actor,
               before=before, after=snapshot(round_))
    return round_


# --- sessions, findings, links ----------------------------------------------------------------------------------


def _in_round_units(round_: Round, unit) -> bool:
    paths = [u.path for u in round_.units.all()]
    return not paths or any(unit.path.startswith(p) for p in paths)


def _clean_session(round_: Round, kind, employee, unit, held_on, participants, other_participants, notes) -> dict:
    kind = _choice("kind", kind, SessionKind, SessionKind.INTERVIEW)
    if (employee is None) == (unit is None):
        raise field_error("employee", _("A session is about one employee or one unit: choose exactly one."),
                          "subject")
    _same_instance("employee", employee, round_.instance_id, _("The employee"))
    _same_instance("unit", unit, round_.instance_id, _("The unit"))
    subject_unit = unit if unit is not None else employee.unit
    if subject_unit is None:
        raise field_error("employee", _("The employee has no unit."), "no_unit")
    if not _in_round_units(round_, subject_unit):
        raise field_error("employee" if employee is not None else "unit",
                          _("%(name)s lies outside the units this round covers.") % {"name": subject_unit.name},
                          "outside_round")
    day = _date("held_on", held_on, label=_("The date"))
    if not round_.start_date <= day <= round_.end_date:
        raise field_error("held_on", _("The date lies outside the round (%(start)s – %(end)s).")
                          % {"start": f"{round_.start_date:%d-%m-%Y}", "end": f"{round_.end_date:%d-%m-%Y}"},
                          "outside_round")
    participants = list(participants or [])
    for person in participants:
        _same_instance("participants", person, round_.instance_id, _("A participant"))
    return {"kind": kind, "employee": employee, "unit": unit, "subject_unit": subject_unit, "held_on": day,
            "other_participants": _text("other_participants", other_participants, 500),
            "notes": _text("notes", notes, Session.TEXT_LIMITS["notes"]), "participants": participants}


def _session_after(session: Session, participants) -> dict:
    return {**snapshot(session), "participant_ids": sorted(p.pk for p in participants)}


def create_session(*, actor, round_: Round, held_on, employee=None, unit=None, kind: str = SessionKind.INTERVIEW,
                   participants: Iterable = (), other_participants: str = "", notes: str = "") -> Session:
    require_actor(actor)
    _require_writer(actor, round_.instance_id)
    if round_.status != RoundStatus.OPEN:
        raise field_error("__all__", _("The round is closed: open it again to add a session."), "closed")
    data = _clean_session(round_, kind, employee, unit, held_on, participants, other_participants, notes)
    participants = data.pop("participants")
    with transaction.atomic():
        session = Session.objects.create(instance_id=round_.instance_id, round=round_, created_by=_user(actor), **data)
        session.participants.set(participants)
        record("monev.session.create", session, actor=actor, after=_session_after(session, participants))
    return session


def update_session(*, actor, session: Session, lock_version=None, **changes) -> Session:
    require_actor(actor)
    _require_writer(actor, session.instance_id)
    round_ = session.round
    if round_.status != RoundStatus.OPEN:
        raise field_error("__all__", _("The round is closed: open it again to change its sessions."), "closed")
    current = {"kind": session.kind, "employee": session.employee, "unit": session.unit,
               "held_on": session.held_on, "other_participants": session.other_participants, "notes": session.notes}
    participants = changes.pop("participants", None)
    if "employee" in changes or "unit" in changes:
        current["employee"], current["unit"] = changes.pop("employee", None), changes.pop("unit", None)
    current.update({k: v for k, v in changes.items() if k in current})
    old = list(session.participants.all())
    data = _clean_session(round_, participants=old if participants is None else participants, **current)
    new = data.pop("participants")
    if session.recommendations.filter(due_on__lt=data["held_on"]).exists():
        raise field_error("held_on", _("A recommendation of this session falls due before that date."),
                          "after_due")
    before = _session_after(session, old)
    with transaction.atomic():
        _take(Session, session, lock_version)
        for key, value in data.items():
            setattr(session, key, value)
        session.save(update_fields=[*data, "updated_at"])
        if participants is not None:
            session.participants.set(new)
        record("monev.session.update", session, actor=actor, before=before, after=_session_after(session, new))
    return session


def _clean_finding(text, category, severity) -> dict:
    return {"text": _text("text", text, Finding.TEXT_LIMITS["text"], required=True, label=_("The finding")),
            "category": _choice("category", category, FindingCategory),
            "severity": _choice("severity", severity, Severity, Severity.MEDIUM)}


def _clean_url(url) -> str:
    from django.core.validators import URLValidator

    url = (url or "").strip()
    if not url:
        raise field_error("url", _("The link is required."), "required")
    if len(url) > 500:
        raise field_error("url", _("At most %(max)d characters.") % {"max": 500}, "max_length")
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise field_error("url", _("Enter a web address starting with http:// or https://."), "invalid") from None
    return url


def add_finding(*, actor, session: Session, text: str, category: str, severity: str = Severity.MEDIUM,
                links: Iterable[str] = ()) -> Finding:
    """A structured finding of a session, with optional evidence links (web addresses)."""
    require_actor(actor)
    _require_writer(actor, session.instance_id)
    data = _clean_finding(text, category, severity)
    urls = [_clean_url(u) for u in links if (u or "").strip()]
    with transaction.atomic():
        finding = Finding.objects.create(instance_id=session.instance_id, session=session, **data)
        if urls:
            EvidenceLink.objects.bulk_create([EvidenceLink(instance_id=session.instance_id, session=session,
                                                           finding=finding, url=u) for u in urls])
        record("monev.finding.create", finding, actor=actor, after={**snapshot(finding), "links": urls})
    return finding


def update_finding(*, actor, finding: Finding, text: str, category: str, severity: str) -> Finding:
    require_actor(actor)
    _require_writer(actor, finding.instance_id)
    data = _clean_finding(text, category, severity)
    before = snapshot(finding)
    with transaction.atomic():
        for key, value in data.items():
            setattr(finding, key, value)
        finding.save(update_fields=[*data, "updated_at"])
        record("monev.finding.update", finding, actor=actor, before=before, after=snapshot(finding))
    return finding


def delete_finding(*, actor, finding: Finding) -> None:
    require_actor(actor)
    _require_writer(actor, finding.instance_id)
    if Recommendation.objects.filter(finding=finding).exists():
        raise field_error("__all__", _("A recommendation rests on this finding: change the recommendation first."),
                          "in_use")
    with transaction.atomic():
        record("monev.finding.delete", finding, actor=actor, before=snapshot(finding))
        finding.delete()


def add_link(*, actor, session: Session, url: str, caption: str = "", finding: Finding | None = None) -> EvidenceLink:
    require_actor(actor)
    _require_writer(actor, session.instance_id)
    if finding is not None and finding.session_id != session.pk:
        raise field_error("finding", _("That finding belongs to another session."), "other_session")
    data = {"url": _clean_url(url), "caption": _text("caption", caption, 200)}
    with transaction.atomic():
        link = EvidenceLink.objects.create(instance_id=session.instance_id, session=session, finding=finding, **data)
        record("monev.link.create", link, actor=actor, after=snapshot(link))
    return link


def delete_link(*, actor, link: EvidenceLink) -> None:
    require_actor(actor)
    _require_writer(actor, link.instance_id)
    with transaction.atomic():
        record("monev.link.delete", link, actor=actor, before=snapshot(link))
        link.delete()


# --- recommendations -------------------------------------------------------------------------------------------


def _clean_owner(instance_id: int, owner_employee, owner_unit) -> tuple:
    if owner_employee is None and owner_unit is None:
        raise field_error("owner", _("A recommendation needs an owner: an employee or a unit (its head)."),
                          "required")
    if owner_employee is not None and owner_unit is not None:
        raise field_error("owner", _("Choose one owner: an employee or a unit, not both."), "two_owners")
    _same_instance("owner", owner_employee or owner_unit, instance_id, _("The owner"))
    if owner_employee is not None and not owner_employee.is_active:
        raise field_error("owner", _("%(name)s is no longer active.") % {"name": owner_employee.name}, "inactive")
    path = owner_unit.path if owner_unit is not None else (owner_employee.unit.path if owner_employee.unit_id else "")
    return owner_employee, owner_unit, path


def _clean_due(due_on, session: Session) -> dt.date:
    due = _date("due_on", due_on, label=_("The due date"))
    if due < session.held_on:
        raise field_error("due_on", _("The due date lies before the session (%(date)s).")
                          % {"date": f"{session.held_on:%d-%m-%Y}"}, "before_session")
    return due


def _notify_assigned(actor, rec: Recommendation, *, reassigned: bool = False) -> None:
    title = (gettext_lazy("A recommendation of the tim monev was passed to you") if reassigned
             else gettext_lazy("A recommendation of the tim monev for you"))
    notify(actor=actor, instance_id=rec.instance_id, recipients=owner_user_ids(rec), kind=Kind.RECOMMENDATION,
           title=title,
           body=format_lazy(gettext_lazy("{text} (due {due})"), text=rec.text[:250], due=f"{rec.due_on:%d-%m-%Y}"),
           url=recommendation_url(rec), obj=rec)


def create_recommendation(*, actor, session: Session, text: str, due_on, owner_employee=None, owner_unit=None,
                          category: str = RecommendationCategory.OTHER,
                          finding: Finding | None = None) -> Recommendation:
    require_actor(actor)
    _require_writer(actor, session.instance_id)
    body = _text("text", text, Recommendation.TEXT_LIMITS["text"], required=True, label=_("The recommendation"))
    category = _choice("category", category, RecommendationCategory, RecommendationCategory.OTHER)
    owner_employee, owner_unit, path = _clean_owner(session.instance_id, owner_employee, owner_unit)
    due = _clean_due(due_on, session)
    if finding is not None and finding.session_id != session.pk:
        raise field_error("finding", _("That finding belongs to another session."), "other_session")
    with transaction.atomic():
        rec = Recommendation.objects.create(instance_id=session.instance_id, round_id=session.round_id,
                                            session=session, finding=finding, text=body, category=category,
                                            owner_employee=owner_employee, owner_unit=owner_unit, owner_path=path,
                                            due_on=due, created_by=_user(actor))
        record("monev.recommendation.create", rec, actor=actor, after=snapshot(rec))
        _notify_assigned(actor, rec)
    return rec


def update_recommendation(*, actor, rec: Recommendation, lock_version=None, **changes) -> Recommendation:
    """Change the text, category, owner (``owner_employee`` or ``owner_unit``) or due date (the members)."""
    require_actor(actor)
    if not permissions.can_edit_recommendation(actor, rec):
        raise PermissionDenied(str(NOT_MEMBER))
    if rec.status not in rules.ACTIVE:
        raise field_error("__all__", _("A done or dropped recommendation cannot change; reopen it first."), "closed")
    data = {}
    if "text" in changes:
        data["text"] = _text("text", changes["text"], Recommendation.TEXT_LIMITS["text"], required=True,
                             label=_("The recommendation"))
    if "category" in changes:
        data["category"] = _choice("category", changes["category"], RecommendationCategory)
    if "owner_employee" in changes or "owner_unit" in changes:
        owner_employee, owner_unit, path = _clean_owner(rec.instance_id, changes.get("owner_employee"),
                                                        changes.get("owner_unit"))
        if (owner_employee and owner_employee.pk) != rec.owner_employee_id or \
                (owner_unit and owner_unit.pk) != rec.owner_unit_id:
            data.update(owner_employee=owner_employee, owner_unit=owner_unit, owner_path=path)
    if "due_on" in changes:
        data["due_on"] = _clean_due(changes["due_on"], rec.session)
    data = {k: v for k, v in data.items() if getattr(rec, k) != v}
    reassigned = "owner_employee" in data or "owner_unit" in data
    before = snapshot(rec)
    with transaction.atomic():
        _take(Recommendation, rec, lock_version)
        for key, value in data.items():
            setattr(rec, key, value)
        rec.save(update_fields=[*data, "updated_at"])
        record("monev.recommendation.update", rec, actor=actor, before=before, after=snapshot(rec))
        if reassigned or "due_on" in data:
            parts = []
            if reassigned:
                parts.append(_("Passed to %(owner)s.") % {"owner": rec.owner})
            if "due_on" in data:
                parts.append(_("Due date moved to %(date)s.") % {"date": f"{rec.due_on:%d-%m-%Y}"})
            _trail(actor, rec, note=" ".join(parts))
        if reassigned:
            _notify_assigned(actor, rec, reassigned=True)
    return rec


def change_status(*, actor, rec: Recommendation, status: str, note: str = "", reason: str = "",
                  lock_version=None) -> Recommendation:
    """Move a recommendation along its steps (``kinerja/rules/monev.py``): the owner takes it in progress and
    to done; a member also drops it (with a reason) and reopens it. Each step leaves a line on its trail."""
    require_actor(actor)
    team = permissions.can_edit_recommendation(actor, rec)
    if not (team or permissions.is_owner(actor, rec)):
        raise PermissionDenied(_("Only the owner of the recommendation and the tim monev update it."))
    status = _choice("status", status, RecommendationStatus)
    if not rules.can_move(rec.status, status, team=team):
        allowed = [str(RecommendationStatus(s).label).lower() for s in rules.next_steps(rec.status, team=team)]
        raise field_error("status", _("A recommendation that is %(now)s cannot become %(to)s; next: %(next)s.") % {
            "now": str(RecommendationStatus(rec.status).label).lower(),
            "to": str(RecommendationStatus(status).label).lower(),
            "next": ", ".join(allowed) or _("nothing (ask the tim monev to reopen it)")}, "out_of_order")
    note = _text("note", note, RecommendationUpdate.TEXT_LIMITS["note"])
    reason = _text("reason", reason, Recommendation.TEXT_LIMITS["drop_reason"])
    if status in rules.NEEDS_REASON and not reason:
        raise field_error("reason", _("Say why the recommendation is dropped."), "required")
    before = snapshot(rec)
    old = rec.status
    with transaction.atomic():
        _take(Recommendation, rec, lock_version)
        rec.status = status
        rec.drop_reason = reason if status == rules.DROPPED else ""
        rec.done_at = timezone.now() if status == rules.DONE else None
        rec.save(update_fields=["status", "drop_reason", "done_at", "updated_at"])
        _trail(actor, rec, note=reason if status == rules.DROPPED and not note else note, status_from=old,
               status_to=status)
        record("monev.recommendation.status", rec, actor=actor, before=before, after=snapshot(rec))
        if not permissions.is_owner(actor, rec):
            notify(actor=actor, instance_id=rec.instance_id, recipients=owner_user_ids(rec), kind=Kind.RECOMMENDATION,
                   title=format_lazy(gettext_lazy("Recommendation now: {status}"),
                                     status=RecommendationStatus(status).label),
                   body=rec.text[:300], url=recommendation_url(rec), obj=rec)
    return rec


def add_progress_note(*, actor, rec: Recommendation, note: str, lock_version=None) -> RecommendationUpdate:
    require_actor(actor)
    if not permissions.can_update_progress(actor, rec):
        raise PermissionDenied(_("Only the owner of the recommendation and the tim monev update it."))
    text = _text("note", note, RecommendationUpdate.TEXT_LIMITS["note"], required=True, label=_("The note"))
    with transaction.atomic():
        _take(Recommendation, rec, lock_version)
        Recommendation.objects.filter(pk=rec.pk).update(updated_at=timezone.now())
        before = {"lock_version": rec.lock_version - 1}
        entry = _trail(actor, rec, note=text)
        record("monev.recommendation.note", rec, actor=actor, before=before,
               after={"lock_version": rec.lock_version, "note": text, "update_id": entry.pk})
    return entry


# --- training needs --------------------------------------------------------------------------------------------


def _clean_training(rec: Recommendation, competency, reason, priority, target_unit, target_employees,
                    estimated_participants, estimated_cost) -> dict:
    employees = list(target_employees or [])
    if target_unit is None and not employees:
        raise field_error("target_unit", _("Name the target: a unit or the employees who need the training."),
                          "required")
    _same_instance("target_unit", target_unit, rec.instance_id, _("The unit"))
    for person in employees:
        _same_instance("target_employees", person, rec.instance_id, _("An employee"))
    participants = estimated_participants
    if participants in ("", None):
        participants = None
    else:
        try:
            participants = int(participants)
        except (TypeError, ValueError):
            raise field_error("estimated_participants", _("Enter a whole number."), "invalid") from None
        if not 1 <= participants <= 100_000:
            raise field_error("estimated_participants", _("Between 1 and 100,000."), "range")
    cost = estimated_cost
    if cost in ("", None):
        cost = None
    else:
        try:
            cost = Decimal(str(cost).replace(".", "").replace(",", "")) if isinstance(cost, str) else Decimal(cost)
        except InvalidOperation:
            raise field_error("estimated_cost", _("Enter an amount in rupiah."), "invalid") from None
        if cost < 0 or cost >= Decimal(10) ** 14 or cost != cost.to_integral_value():
            raise field_error("estimated_cost", _("Enter a whole amount in rupiah, not negative."), "range")
    return {"competency": _text("competency", competency, 200, required=True, label=_("The competency")),
            "reason": _text("reason", reason, TrainingNeed.TEXT_LIMITS["reason"], required=True,
                            label=_("The reason")),
            "priority": _choice("priority", priority, Priority, Priority.MEDIUM), "target_unit": target_unit,
            "estimated_participants": participants, "estimated_cost": cost, "target_employees": employees}


def _need_after(need: TrainingNeed, employees) -> dict:
    return {**snapshot(need), "target_employee_ids": sorted(e.pk for e in employees)}


def add_training_need(*, actor, rec: Recommendation, competency: str, reason: str, priority: str = Priority.MEDIUM,
                      target_unit=None, target_employees: Iterable = (), estimated_participants=None,
                      estimated_cost=None) -> TrainingNeed:
    require_actor(actor)
    if not permissions.can_edit_recommendation(actor, rec):
        raise PermissionDenied(str(NOT_MEMBER))
    data = _clean_training(rec, competency, reason, priority, target_unit, target_employees, estimated_participants,
                           estimated_cost)
    employees = data.pop("target_employees")
    with transaction.atomic():
        need = TrainingNeed.objects.create(instance_id=rec.instance_id, recommendation=rec, created_by=_user(actor),
                                           **data)
        need.target_employees.set(employees)
        record("monev.training.create", need, actor=actor, after=_need_after(need, employees))
    return need


def update_training_need(*, actor, need: TrainingNeed, **changes) -> TrainingNeed:
    require_actor(actor)
    rec = need.recommendation
    if not permissions.can_edit_recommendation(actor, rec):
        raise PermissionDenied(str(NOT_MEMBER))
    old = list(need.target_employees.all())
    current = {"competency": need.competency, "reason": need.reason, "priority": need.priority,
               "target_unit": need.target_unit, "target_employees": old,
               "estimated_participants": need.estimated_participants, "estimated_cost": need.estimated_cost}
    current.update({k: v for k, v in changes.items() if k in current})
    data = _clean_training(rec, **current)
    employees = data.pop("target_employees")
    before = _need_after(need, old)
    with transaction.atomic():
        for key, value in data.items():
            setattr(need, key, value)
        need.save(update_fields=[*data, "updated_at"])
        need.target_employees.set(employees)
        record("monev.training.update", need, actor=actor, before=before, after=_need_after(need, employees))
    return need


def delete_training_need(*, actor, need: TrainingNeed) -> None:
    require_actor(actor)
    if not permissions.can_edit_recommendation(actor, need.recommendation):
        raise PermissionDenied(str(NOT_MEMBER))
    with transaction.atomic():
        record("monev.training.delete", need, actor=actor, before=_need_after(need, need.target_employees.all()))
        need.delete()


__all__ = ["ConflictError", "ValidationError", "add_member", "update_member", "create_round", "update_round",
           "set_round_status", "create_session", "update_session", "add_finding", "update_finding",
           "delete_finding", "add_link", "delete_link", "create_recommendation", "update_recommendation",
           "change_status", "add_progress_note", "add_training_need", "update_training_need",
           "delete_training_need", "owner_user_ids", "recommendation_url", "unit_head_ids"]
