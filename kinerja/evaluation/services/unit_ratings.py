"""The organisation predikat of a unit for a period (DOMAIN §5), set by the level above
(``permissions.can_set_unit_rating``) from the unit's Perjanjian Kinerja achievement."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.audit.services import record, snapshot
from kinerja.core.actors import require_actor
from kinerja.core.errors import PermissionDenied, field_error

from .. import permissions, results
from ..models import Calibration, CalibrationStatus, OrgPredikat, UnitRating
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
    return rating
