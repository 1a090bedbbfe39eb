"""Writes of 360 feedback. Each function checks who may, validates everything first, writes in one
transaction and records its audit event (never the content of an answer).

Rounds: :func:`create_round`, :func:`propose_raters` (set-based, from the org tree), :func:`add_rater`,
:func:`remove_rater`, :func:`open_round`, :func:`close_round` (shuffles the responses and purges the rater
links, see models.py); answers: :func:`answer`; the scheduler's :func:`close_due_rounds` and
:func:`send_reminders`.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.accounts.models import User
from kinerja.audit.services import record, snapshot
from kinerja.core.actors import is_system, require_actor
from kinerja.core.errors import PermissionDenied, ValidationError, field_error
from kinerja.notifications.models import Kind
from kinerja.notifications.services import notify
from kinerja.people.models import Assignment as PeopleAssignment
from kinerja.people.models import Employee
from kinerja.rules.skp import BERAKHLAK_CODES

from . import permissions
from .models import COMMENT_MAX, SCALE_MAX, SCALE_MIN, Assignment, Relation, Response, Round, RoundStatus


def _setting(name: str, default):
    return settings.KINERJA.get(name, default)


def max_peers() -> int:
    return int(_setting("FEEDBACK360_MAX_PEERS", 4))


def max_subordinates() -> int:
    return int(_setting("FEEDBACK360_MAX_SUBORDINATES", 4))


def purge_on_close() -> bool:
    return bool(_setting("FEEDBACK360_PURGE_ON_CLOSE", True))


def reminder_days() -> int:
    return int(_setting("FEEDBACK360_REMIND_DAYS", 3))


def _date(field: str, value, label: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    parsed = parse_date(str(value or "").strip()) if value else None
    if parsed is None:
        raise field_error(field, _("%(label)s: enter a date (YYYY-MM-DD).") % {"label": label}, "invalid")
    return parsed


def _require_admin(actor, round_: Round) -> None:
    if not permissions.can_administer(actor, round_):
        raise PermissionDenied(_("Only the HR administrator of this round's units manages it."))


def _require_not_closed(round_: Round) -> None:
    if round_.is_closed:
        raise field_error("__all__", _("This 360 round is closed: its raters and answers can no longer change."),
                          "closed")


# --- rounds --------------------------------------------------------------------------------------------------


def create_round(*, actor, period, name: str = "", opens_on, closes_on, unit=None, min_responses=None) -> Round:
    """A draft round of ``period`` for ``unit``'s subtree (None: the whole instance)."""
    require_actor(actor)
    if not permissions.can_create_round(actor, period.instance_id, unit):
        raise PermissionDenied(_("Only an HR administrator creates a 360 round for the units they manage."))
    errors: dict[str, list] = {}

    def fail(field, message, code="invalid"):
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    if unit is not None and unit.instance_id != period.instance_id:
        fail("unit", _("That unit belongs to another instance."))
    if period.is_closed:
        fail("period", _("The period is closed."), "closed")
    try:
        opens = _date("opens_on", opens_on, _("Opens on"))
    except ValidationError as exc:
        errors.update(exc.error_dict)
        opens = None
    try:
        closes = _date("closes_on", closes_on, _("Closes on"))
    except ValidationError as exc:
        errors.update(exc.error_dict)
        closes = None
    if opens and closes and closes < opens:
        fail("closes_on", _("The round cannot close before it opens."), "order")
    floor = int(_setting("FEEDBACK360_MIN_RESPONSES", 3))
    if min_responses in (None, ""):
        minimum = floor
    else:
        try:
            minimum = int(min_responses)
        except (TypeError, ValueError):
            minimum = -1
        if minimum < max(2, floor) or minimum > 50:
            fail("min_responses", _("At least %(min)d and at most 50 responses.") % {"min": max(2, floor)},
                 "min_value")
    name = (name or "").strip()[:120]
    if not name:
        name = f"360 {period.name}" + (f" — {unit.name}" if unit is not None else "")
    if not errors:
        taken = Round.objects.filter(instance_id=period.instance_id, period=period, unit=unit).exists()
        if taken:
            fail("unit", _("This period already has a 360 round for that unit."), "unique")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        round_ = Round.objects.create(instance_id=period.instance_id, period=period, unit=unit, name=name,
                                      opens_on=opens, closes_on=closes, min_responses=minimum,
                                      created_by=None if is_system(actor) else actor)
        record("feedback360.round.create", round_, actor=actor, after=snapshot(round_))
    return round_


def _ratees(round_: Round):
    """The active employees the round rates: its unit's subtree (or the instance), with a position."""
    qs = Employee.objects.filter(instance_id=round_.instance_id, is_active=True, position__isnull=False)
    if round_.unit_id:
        qs = qs.filter(unit__path__startswith=round_.unit.path)
    return qs


def proposals(round_: Round, today: dt.date | None = None) -> list[tuple[int, int, str]]:
    """(ratee, rater, relation) proposed from the org tree, in a fixed number of queries whatever the size:

    * the superior: whoever exercises the ratee's superior position today (an acting Plt/Plh first);
    * peers: the other holders of positions under the same superior position (up to FEEDBACK360_MAX_PEERS);
    * subordinates: the holders of the positions under the ratee's position (up to FEEDBACK360_MAX_SUBORDINATES).

    Never the ratee themselves; ratees already rated in another round of the period are skipped."""
    today = today or timezone.localdate()
    instance_id = round_.instance_id
    people = list(Employee.objects.filter(instance_id=instance_id, is_active=True, position__isnull=False)
                  .values_list("pk", "position_id", "position__superior_id").order_by("name", "pk"))
    acting = PeopleAssignment.objects.active_on(today).acting().filter(instance_id=instance_id)
    exercised: dict[int, list[int]] = defaultdict(list)  # position → who exercises it (acting first)
    for employee_id, position_id in acting.order_by("-start_date").values_list("employee_id", "position_id"):
        exercised[position_id].append(employee_id)
    holders: dict[int, list[int]] = defaultdict(list)
    under: dict[int | None, list[int]] = defaultdict(list)  # superior position → employees under it
    position_of: dict[int, tuple[int, int | None]] = {}
    for employee_id, position_id, superior_id in people:
        holders[position_id].append(employee_id)
        position_of[employee_id] = (position_id, superior_id)
        if superior_id is not None:
            under[superior_id].append(employee_id)
    ratee_ids = set(_ratees(round_).values_list("pk", flat=True))
    elsewhere = set(Assignment.objects.filter(round__period_id=round_.period_id).exclude(round=round_)
                    .values_list("ratee_id", flat=True).distinct())
    peers_cap, subs_cap = max_peers(), max_subordinates()
    rows: list[tuple[int, int, str]] = []
    for ratee in sorted(ratee_ids - elsewhere):
        position_id, superior_id = position_of[ratee]
        chosen: dict[int, str] = {}  # rater → relation, in the order added (never the ratee)
        if superior_id is not None:
            boss = (exercised.get(superior_id) or holders.get(superior_id) or [None])[0]
            if boss is not None and boss != ratee:
                chosen[boss] = Relation.SUPERIOR
            peers = [p for p in under[superior_id] if p != ratee and p not in chosen][:peers_cap]
            chosen.update(dict.fromkeys(peers, Relation.PEER))
        subs = [s for s in under[position_id] if s != ratee and s not in chosen][:subs_cap]
        chosen.update(dict.fromkeys(subs, Relation.SUBORDINATE))
        rows.extend((ratee, rater, relation) for rater, relation in chosen.items())
    return rows


def propose_raters(*, actor, round_: Round, today: dt.date | None = None) -> int:
    """Add the raters proposed from the org tree (:func:`proposals`) in one bulk insert; assignments that
    exist stay as they are (the HR admin's edits are kept). Returns the number added."""
    require_actor(actor)
    _require_admin(actor, round_)
    _require_not_closed(round_)
    rows = proposals(round_, today)
    with transaction.atomic():
        existing = set(Assignment.objects.filter(round=round_).exclude(rater=None)
                       .values_list("ratee_id", "rater_id"))
        new = [Assignment(instance_id=round_.instance_id, round=round_, ratee_id=ratee, rater_id=rater,
                          relation=relation)
               for ratee, rater, relation in rows if (ratee, rater) not in existing]
        Assignment.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
        record("feedback360.round.propose", round_, actor=actor, before={"raters": len(existing)},
               after={"raters": len(existing) + len(new), "proposed": len(rows), "added": len(new)})
    return len(new)


def add_rater(*, actor, round_: Round, ratee, rater, relation: str) -> Assignment:
    """The HR admin adds one rater for one ratee."""
    require_actor(actor)
    _require_admin(actor, round_)
    _require_not_closed(round_)
    if relation not in Relation.values:
        raise field_error("relation", _("Choose superior, peer or subordinate."), "invalid_choice")
    for field, person in (("ratee", ratee), ("rater", rater)):
        if person is None or person.instance_id != round_.instance_id or not person.is_active:
            raise field_error(field, _("Choose an active employee of this instance."), "invalid")
    if ratee.pk == rater.pk:
        raise field_error("rater", _("Nobody rates themselves in a 360 round."), "self")
    if not _ratees(round_).filter(pk=ratee.pk).exists():
        raise field_error("ratee", _("That employee is not in this round's units."), "scope")
    if Assignment.objects.filter(round__period_id=round_.period_id, ratee=ratee).exclude(round=round_).exists():
        raise field_error("ratee", _("That employee is already rated in another 360 round of this period."),
                          "elsewhere")
    if Assignment.objects.filter(round=round_, ratee=ratee, rater=rater).exists():
        raise field_error("rater", _("That colleague already rates this employee in this round."), "unique")
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(instance_id=round_.instance_id, round=round_, ratee=ratee,
                                                   rater=rater, relation=relation, added_by_admin=True)
            record("feedback360.rater.create", assignment, actor=actor, after=snapshot(assignment))
    except IntegrityError:
        raise field_error("rater", _("That colleague already rates this employee in this round."),
                          "unique") from None
    return assignment


def remove_rater(*, actor, assignment: Assignment) -> None:
    """The HR admin removes a rater who has not answered (an answer is anonymous: it cannot be withdrawn)."""
    require_actor(actor)
    round_ = assignment.round
    _require_admin(actor, round_)
    _require_not_closed(round_)
    if assignment.answered:
        raise field_error("__all__", _("This colleague has already answered; an anonymous answer cannot be "
                                       "withdrawn, so the rater stays."), "answered")
    with transaction.atomic():
        before = snapshot(assignment)
        deleted, _rows = Assignment.objects.filter(pk=assignment.pk, answered=False).delete()
        if not deleted:
            raise field_error("__all__", _("This colleague has just answered; the rater stays."), "answered")
        record("feedback360.rater.delete", assignment, actor=actor, before=before, after=None)


def open_round(*, actor, round_: Round) -> Round:
    require_actor(actor)
    _require_admin(actor, round_)
    if round_.status != RoundStatus.DRAFT:
        raise field_error("__all__", _("Only a draft round can be opened."), "status")
    if not Assignment.objects.filter(round=round_).exists():
        raise field_error("__all__", _("Propose or add raters before opening the round."), "empty")
    with transaction.atomic():
        before = snapshot(round_)
        Round.objects.filter(pk=round_.pk).update(status=RoundStatus.OPEN, updated_at=timezone.now())
        round_.refresh_from_db()
        record("feedback360.round.open", round_, actor=actor, before=before, after=snapshot(round_))
        recipients = User.objects.filter(
            is_active=True, employee_id__in=Assignment.objects.filter(round=round_).values("rater_id"))
        notify(actor=actor, instance_id=round_.instance_id, recipients=recipients.values_list("pk", flat=True),
               kind=Kind.DEADLINE, title=gettext_lazy("360 feedback: colleagues are waiting for your answers"),
               body=format_lazy(gettext_lazy("Answer before {date}."), date=round_.closes_on.isoformat()),
               url=reverse("feedback360:tasks"), obj=round_)
    return round_


def _shuffle_responses(round_: Round) -> int:
    """Rewrite the round's responses in a random order with fresh random keys (see models.py, point 4)."""
    rows = list(Response.objects.filter(round=round_).values("ratee_id", "comment", *BERAKHLAK_CODES))
    random.SystemRandom().shuffle(rows)
    Response.objects.filter(round=round_).delete()
    Response.objects.bulk_create([Response(id=uuid.uuid4(), instance_id=round_.instance_id, round=round_, **row)
                                  for row in rows], batch_size=2000)
    return len(rows)


def close_round(*, actor, round_: Round) -> Round:
    """Close the round: no more answers; results are released where enough colleagues answered; the
    responses are shuffled and (FEEDBACK360_PURGE_ON_CLOSE) the rater links purged to counts."""
    require_actor(actor)
    _require_admin(actor, round_)
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_.status == RoundStatus.CLOSED:
            raise field_error("__all__", _("This 360 round is already closed."), "closed")
        before = snapshot(round_)
        responses = _shuffle_responses(round_)
        purge = purge_on_close()
        if purge:
            Assignment.objects.filter(round=round_).update(rater=None)
        round_.status = RoundStatus.CLOSED
        round_.closed_at = timezone.now()
        round_.raters_purged = purge
        round_.save(update_fields=["status", "closed_at", "raters_purged", "updated_at"])
        record("feedback360.round.close", round_, actor=actor, before=before,
               after={**snapshot(round_), "responses": responses})
    return round_


# --- answering -----------------------------------------------------------------------------------------------


def clean_scores(scores) -> dict[str, int]:
    errors: dict[str, list] = {}
    out: dict[str, int] = {}
    for code, value in (scores or {}).items():
        if code not in BERAKHLAK_CODES:
            errors.setdefault("scores", []).append(ValidationError(
                _("Unknown core value %(code)s.") % {"code": code}, code="invalid"))
            continue
        if value in (None, ""):
            continue
        try:
            number = int(value)
            if str(number) != str(value).strip() and not isinstance(value, int):
                raise ValueError
        except (TypeError, ValueError):
            number = None
        if number is None or isinstance(value, bool) or not SCALE_MIN <= number <= SCALE_MAX:
            errors.setdefault(code, []).append(ValidationError(
                _("Choose a score from %(min)d to %(max)d.") % {"min": SCALE_MIN, "max": SCALE_MAX}, code="range"))
            continue
        out[code] = number
    if not out and not errors:
        errors["scores"] = [ValidationError(_("Score at least one core value."), code="required")]
    if errors:
        raise ValidationError(errors)
    return out


def answer(*, actor, assignment: Assignment, scores: dict, comment: str = "", today: dt.date | None = None) -> None:
    """Answer one assignment: the anonymous response is inserted and the assignment marked answered in one
    transaction; a second answer (even a concurrent one) is refused and nothing is written."""
    require_actor(actor)
    employee_id = None if is_system(actor) else getattr(actor, "employee_id", None)
    if employee_id is None or assignment.rater_id != employee_id:
        raise PermissionDenied(_("This questionnaire is not yours to answer: only the colleague asked to rate "
                                 "answers it."))
    if assignment.ratee_id == employee_id:  # the database refuses it too (f360assignment_not_self)
        raise field_error("__all__", _("Nobody rates themselves in a 360 round."), "self")
    round_ = assignment.round
    if not round_.accepts_answers(today):
        if round_.is_closed or (today or timezone.localdate()) > round_.closes_on:
            raise field_error("__all__", _("This 360 round is closed: answers are no longer accepted."), "closed")
        raise field_error("__all__", _("This 360 round is not open for answers yet."), "not_open")
    if assignment.answered:
        raise field_error("__all__", _("You have already answered this questionnaire; an answer cannot be "
                                       "changed or given twice."), "answered")
    clean = clean_scores(scores)
    text = (comment or "").replace("\r\n", "\n").strip()
    if len(text) > COMMENT_MAX:
        raise field_error("comment", _("At most %(max)d characters.") % {"max": COMMENT_MAX}, "max_length")
    with transaction.atomic():
        still_open = Round.objects.filter(pk=round_.pk, status=RoundStatus.OPEN).select_for_update().exists()
        if not still_open:
            raise field_error("__all__", _("This 360 round is closed: answers are no longer accepted."), "closed")
        # The one link between the rater and answering: a conditional UPDATE (race-safe: of two concurrent
        # answers one updates the row, the other finds answered=true and is refused). No updated_at either.
        taken = Assignment.objects.filter(pk=assignment.pk, rater_id=employee_id, answered=False).update(
            answered=True)
        if not taken:
            raise field_error("__all__", _("You have already answered this questionnaire; an answer cannot be "
                                           "changed or given twice."), "answered")
        Response.objects.create(id=uuid.uuid4(), instance_id=assignment.instance_id, round_id=round_.pk,
                                ratee_id=assignment.ratee_id, comment=text, **clean)
        record("feedback360.answer", actor=actor, object_type="feedback360.assignment", object_id=assignment.pk,
               object_label=str(assignment), instance_id=assignment.instance_id,
               before={"answered": False}, after={"answered": True})  # never the scores or the comment
    assignment.answered = True


# --- scheduler -----------------------------------------------------------------------------------------------


def close_due_rounds(*, actor, today: dt.date) -> int:
    """Close the open rounds whose last day has passed."""
    closed = 0
    for round_ in Round.objects.filter(status=RoundStatus.OPEN, closes_on__lt=today).order_by("pk"):
        close_round(actor=actor, round_=round_)
        closed += 1
    return closed


def send_reminders(*, actor, today: dt.date) -> int:
    """Remind the raters with questionnaires still to answer, ``FEEDBACK360_REMIND_DAYS`` before a round
    closes (once per round and rater). The reminder names the round only, never a ratee."""
    sent = 0
    due = today + dt.timedelta(days=reminder_days())
    rounds = Round.objects.filter(status=RoundStatus.OPEN, closes_on__gte=today, closes_on__lte=due,
                                  opens_on__lte=today)
    for round_ in rounds.order_by("pk"):
        waiting = (Assignment.objects.filter(round=round_, answered=False).exclude(rater=None)
                   .values("rater_id").annotate(n=Count("pk")))
        counts = {row["rater_id"]: row["n"] for row in waiting}
        users = User.objects.filter(is_active=True, employee_id__in=list(counts)).values_list("pk", "employee_id")
        by_count: dict[int, list[int]] = defaultdict(list)
        for user_id, employee_id in users:
            by_count[counts[employee_id]].append(user_id)
        with transaction.atomic():
            for n, user_ids in sorted(by_count.items()):
                sent += len(notify(
                    actor=actor, instance_id=round_.instance_id, recipients=user_ids, kind=Kind.DEADLINE,
                    title=gettext_lazy("360 feedback closes soon"),
                    body=format_lazy(gettext_lazy("{n} questionnaire(s) still to answer before {date}."), n=n,
                                     date=round_.closes_on.isoformat()),
                    url=reverse("feedback360:tasks"), obj=round_, dedupe_key=f"f360-remind-{round_.pk}"))
    return sent

