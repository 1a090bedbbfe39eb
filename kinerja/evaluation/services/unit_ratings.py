"""The organisation predikat of a unit for a period (DOMAIN §5), set by the level above
(``permissions.can_set_unit_rating``) from the unit's Perjanjian Kinerja achievement.

The unit's rating is its head's rating hasil kerja (DOMAIN §4; ``evaluation/suggestions.py``): when it is set or
changed after the head's evaluations were opened, every open draft of theirs for the period follows it
(:func:`follow_unit_rating`: set-based, whatever their number; final and locked ones are left to the evaluator,
whose ``finalise`` refuses a stale rating anyway)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.audit.services import build, record, record_many, snapshot
from kinerja.core.actors import require_actor
from kinerja.core.errors import PermissionDenied, field_error
from kinerja.rules.evaluation import suggest as suggest_rules
from kinerja.rules.evaluation.schemes import DEFAULT_SCHEME_ID, MATRIX_6_2022

from .. import permissions, results
from ..models import Calibration, CalibrationStatus, Evaluation, EvaluationStatus, OrgPredikat, UnitRating
from .common import actor_user


def set_unit_rating(*, actor, unit, period, predikat: str, reason: str = "") -> UnitRating:
    """Set (or change) ``unit``'s organisation predikat for ``period``. The suggestion is computed here from the
    PK achievement; departing from it needs a reason. Refused once the unit's calibration is locked."""
    require_actor(actor)
    if unit.instance_id != period.instance_id:
        raise field_error("unit", _("The unit belongs to another instance."), "instance")
    if not permissions.can_set_unit_rating(actor, unit):
        raise PermissionDenied(_("The organisation predikat is set by the level above: the head of the parent "
                                 "unit, or the BKPSDM administrator for an OPD."))
    if predikat not in OrgPredikat.values:
        raise field_error("predikat", _("Choose one of the organisation predikat."), "invalid_choice")
    reason = (reason or "").strip()
    achievement, suggested = results.suggestion(unit, period)
    if suggested and predikat != suggested and not reason:
        raise field_error("reason", _("The predikat departs from the suggestion (%(suggested)s, from a PK "
                                      "achievement of %(achievement)s%%): give the reason.")
                          % {"suggested": OrgPredikat(suggested).label, "achievement": achievement}, "required")
    with transaction.atomic():
        if Calibration.objects.filter(unit=unit, period=period, status=CalibrationStatus.LOCKED).exists():
            raise field_error("predikat", _("The calibration of this unit is locked: its organisation predikat "
                                            "no longer changes."), "locked")
        rating = UnitRating.objects.select_for_update().filter(unit=unit, period=period).first()
        before = snapshot(rating) if rating is not None else None
        if rating is None:
            rating = UnitRating(instance_id=unit.instance_id, unit=unit, period=period)
        elif (rating.predikat, rating.reason, rating.achievement, rating.suggested) == (
                predikat, reason, achievement, suggested):
            return rating
        rating.predikat, rating.reason = predikat, reason
        rating.achievement, rating.suggested = achievement, suggested
        rating.set_by = actor_user(actor)
        rating.save()
        record("evaluation.unitrating.set", rating, actor=actor, before=before, after=snapshot(rating))
        follow_unit_rating(rating, actor=actor)
    return rating


def follow_unit_rating(rating: UnitRating, *, actor) -> int:
    """Give the unit's rating to its heads' open draft evaluations of the period (rating hasil kerja, its
    suggestion, ``result_from_unit``; under PermenPANRB 6/2022 the predikat of those with a rating perilaku, by the
    matrix): one read, one UPDATE, one read back, one batch of audit events (``evaluation.evaluation.unit_rating``).
    The lock version moves, so a page opened before is stale. Returns how many followed."""
    new = str(suggest_rules.leader_hasil_rating(rating.predikat))
    heads = Evaluation.objects.filter(period_id=rating.period_id, position__is_head=True,
                                      position__unit_id=rating.unit_id, status=EvaluationStatus.DRAFT,
                                      locked_at__isnull=True)
    before = {e.pk: e for e in heads.exclude(result_rating=new, suggested_result=new, result_from_unit=True)}
    if not before:
        return 0
    predikat = Case(*[When(behaviour_rating=str(perilaku), then=Value(str(p)))
                      for (hasil, perilaku), p in MATRIX_6_2022.items() if str(hasil) == new], default=Value(""))
    rows = Evaluation.objects.filter(pk__in=list(before))
    rows.update(result_rating=new, suggested_result=new, result_from_unit=True, result_reason="",
                lock_version=F("lock_version") + 1, updated_at=timezone.now(),
                proposed_predikat=Case(When(scheme=DEFAULT_SCHEME_ID, then=predikat), default=F("proposed_predikat")),
                predikat=Case(When(scheme=DEFAULT_SCHEME_ID, then=predikat), default=F("predikat")))
    record_many([build("evaluation.evaluation.unit_rating", after, actor=actor, before=snapshot(before[after.pk]),
                       after={**snapshot(after), "unit_rating": rating.pk})
                 for after in rows])
    return len(before)
