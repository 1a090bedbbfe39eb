"""The calibration meeting of a unit (DOMAIN §5; issue 10 item 4): adjust the proposed employee predikat with a
recorded reason (:func:`adjust`), then lock the period for the unit (:func:`lock`). After the lock nothing
changes except by appeal (services/appeals.py).

Who calibrates: the unit head (or a head above) together with the HR administrator in scope
(``permissions.can_calibrate``). Which evaluations: the unit's annual evaluations as results.py groups them.
The lock refuses while an evaluation is not final, and while the curve has a violation — unless no
distribution of a unit that small can meet the curve (``curve.feasible``), then the violations are recorded
with the lock; warnings ("the largest share") may stay.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Case, F, When
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kinerja.audit.services import record
from kinerja.core.actors import require_actor
from kinerja.core.errors import ConflictError, PermissionDenied, ValidationError, field_error
from kinerja.notifications.models import Kind
from kinerja.notifications.services import notify
from kinerja.rules.evaluation.schemes import get_scheme

from .. import permissions, results
from ..models import (
    Calibration,
    CalibrationStatus,
    ChangeSource,
    Evaluation,
    EvaluationKind,
    PredikatChange,
    Rating,
    UnitRating,
)
from .common import actor_user, appeal_days, clean_reason, user_ids_of
from .evaluations import credit_points_for

LOCKED_MESSAGE = gettext_lazy("The calibration of this unit is locked: the predikat changes only by appeal.")


class StaleEvaluation(ConflictError, ValidationError):
    """The evaluation changed since the caller read it (a stale ``lock_version``)."""

    def __init__(self):
        ValidationError.__init__(self, {"lock_version": [_("Someone changed this evaluation meanwhile: reload the "
                                                           "page and adjust again.")]})


def home_unit(evaluation):
    """The rated unit whose curve ``evaluation`` counts in (results.py)."""
    rated = results.rated_units(evaluation.period)
    path = results.home_of(evaluation.unit.path, rated)
    return rated[path] if path else evaluation.unit


def _calibration(unit, period) -> Calibration:
    calibration, _created = Calibration.objects.get_or_create(
        unit=unit, period=period, defaults={"instance_id": unit.instance_id})
    return Calibration.objects.select_for_update().get(pk=calibration.pk)


def _new_predikat(evaluation, predikat, result_rating, behaviour_rating) -> tuple[str, str, str]:
    """(predikat, rating hasil kerja, rating perilaku) after the adjustment, or ValidationError."""
    scheme = get_scheme(evaluation.scheme)
    result_rating = result_rating or ""
    behaviour_rating = behaviour_rating or ""
    for field, value in (("result_rating", result_rating), ("behaviour_rating", behaviour_rating)):
        if value and value not in Rating.values:
            raise field_error(field, _("Choose one of the ratings."), "invalid_choice")
    if result_rating or behaviour_rating:
        if "hasil" not in scheme.inputs:
            raise field_error("result_rating", _("This period's scoring scheme has no ratings to adjust: adjust "
                                                 "the predikat directly."), "not_ratings")
        hasil = result_rating or evaluation.result_rating
        perilaku = behaviour_rating or evaluation.behaviour_rating
        if not (hasil and perilaku):
            raise field_error("result_rating", _("Both ratings are needed to compute the predikat."), "required")
        computed = scheme.evaluate(hasil=hasil, perilaku=perilaku).predikat.value
        if predikat and predikat != computed:
            raise field_error("predikat", _("The ratings give %(computed)s, not the predikat chosen: adjust either "
                                            "the ratings or the predikat.") % {"computed": scheme.label(computed)},
                              "mismatch")
        return computed, hasil, perilaku
    if not predikat:
        raise field_error("predikat", _("Choose the predikat, or the ratings that give it."), "required")
    if predikat not in {p.value for p in scheme.predikats}:
        raise field_error("predikat", _("That predikat is not one of this period's scoring scheme."), "invalid_choice")
    return predikat, evaluation.result_rating, evaluation.behaviour_rating


def adjust(*, actor, evaluation: Evaluation, reason: str, predikat: str = "", result_rating: str = "",
           behaviour_rating: str = "", lock_version: int | None = None) -> Evaluation:
    """The meeting changes one evaluation's predikat (directly, or through its ratings by the scheme), with a
    reason, recorded as a ``PredikatChange`` (source calibration)."""
    require_actor(actor)
    if evaluation.kind != EvaluationKind.ANNUAL:
        raise field_error("__all__", _("Only annual evaluations are calibrated."), "not_annual")
    unit = home_unit(evaluation)
    if not permissions.can_calibrate(actor, unit):
        raise PermissionDenied(_("The unit head and the HR administrator calibrate the unit."))
    if evaluation.is_locked:
        raise field_error("__all__", str(LOCKED_MESSAGE), "locked")
    if evaluation.status not in results.FINAL_STATUSES:
        raise field_error("__all__", _("This evaluation is still a draft: the evaluator finalises it before the "
                                       "meeting adjusts it."), "draft")
    reason = clean_reason(reason, message=_("Give the reason for the adjustment: the meeting's decision is "
                                            "recorded with it."))
    new, hasil, perilaku = _new_predikat(evaluation, predikat, result_rating, behaviour_rating)
    current = evaluation.predikat or evaluation.proposed_predikat
    if (new, hasil, perilaku) == (current, evaluation.result_rating, evaluation.behaviour_rating):
        raise field_error("predikat", _("Nothing changes: the evaluation already has this predikat."), "unchanged")
    with transaction.atomic():
        calibration = _calibration(unit, evaluation.period)
        if calibration.status == CalibrationStatus.LOCKED:
            raise field_error("__all__", str(LOCKED_MESSAGE), "locked")
        fresh = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if fresh.is_locked:
            raise field_error("__all__", str(LOCKED_MESSAGE), "locked")
        if lock_version is not None and int(lock_version) != fresh.lock_version:
            raise StaleEvaluation()
        before = {"predikat": current, "result_rating": fresh.result_rating,
                  "behaviour_rating": fresh.behaviour_rating}
        PredikatChange.objects.create(
            instance_id=fresh.instance_id, evaluation=fresh, source=ChangeSource.CALIBRATION, from_predikat=current,
            to_predikat=new, from_result=fresh.result_rating, to_result=hasil,
            from_behaviour=fresh.behaviour_rating, to_behaviour=perilaku, reason=reason, by=actor_user(actor))
        before["credit_points"] = str(fresh.credit_points) if fresh.credit_points is not None else None
        credit = credit_points_for(fresh, new)  # the credit points follow the predikat (functional officials)
        Evaluation.objects.filter(pk=fresh.pk).update(predikat=new, result_rating=hasil, behaviour_rating=perilaku,
                                                      credit_points=credit, lock_version=F("lock_version") + 1,
                                                      updated_at=timezone.now())
        fresh.refresh_from_db()
        record("evaluation.calibration.adjust", fresh, actor=actor, before=before,
               after={"predikat": new, "result_rating": hasil, "behaviour_rating": perilaku, "reason": reason,
                      "calibration": calibration.pk,
                      "credit_points": str(credit) if credit is not None else None})
    return fresh


def lock_problems(distribution) -> list[str]:
    """Why ``distribution``'s unit cannot be locked yet (plain language); empty when it can."""
    problems = []
    if distribution.rating is None:
        problems.append(_("The unit has no organisation predikat for the period yet: the level above sets it "
                          "first."))
    if distribution.total == 0:
        problems.append(_("The unit has no annual evaluations to lock."))
    if distribution.not_final:
        problems.append(ngettext("%(n)d evaluation is not final yet.", "%(n)d evaluations are not final yet.",
                                 distribution.not_final) % {"n": distribution.not_final})
    check = distribution.check
    if check is not None and check.violations and check.feasible:
        problems += [_("Distribution curve: %(rule)s") % {"rule": f.message} for f in check.violations]
    return problems


def lock(*, actor, unit, period, notes: str = "") -> Calibration:
    """Lock the unit's calibration: every evaluation of the unit gets ``locked_at`` (one UPDATE) and its final
    predikat; the employees are told their predikat is final and until when they may appeal."""
    require_actor(actor)
    if unit.instance_id != period.instance_id:
        raise field_error("unit", _("The unit belongs to another instance."), "instance")
    if not permissions.can_calibrate(actor, unit):
        raise PermissionDenied(_("The unit head and the HR administrator calibrate the unit."))
    notes = (notes or "").strip()
    with transaction.atomic():
        calibration = _calibration(unit, period)
        if calibration.status == CalibrationStatus.LOCKED:
            raise field_error("__all__", str(LOCKED_MESSAGE), "locked")
        distribution = results.distribution(unit, period)
        problems = lock_problems(distribution)
        if problems:
            raise ValidationError({"__all__": problems})
        check = distribution.check
        now = timezone.now()
        members = results.members(unit, period).filter(locked_at__isnull=True)
        employee_ids = list(members.values_list("employee_id", flat=True))
        locked = members.update(
            locked_at=now, lock_version=F("lock_version") + 1, updated_at=now,
            predikat=Case(When(predikat="", then=F("proposed_predikat")), default=F("predikat")))
        calibration.status = CalibrationStatus.LOCKED
        calibration.locked_at, calibration.locked_by = now, actor_user(actor)
        if notes:
            calibration.notes = notes
        calibration.lock_version += 1
        calibration.save()
        rating = UnitRating.objects.get(unit=unit, period=period)
        record("evaluation.calibration.lock", calibration, actor=actor, before={"status": CalibrationStatus.OPEN},
               after={"status": CalibrationStatus.LOCKED, "evaluations": locked, "org_predikat": rating.predikat,
                      "counts": distribution.curve_counts,
                      "violations_unavoidable": [f.message for f in check.violations],
                      "warnings": [f.message for f in check.warnings], "notes": notes})
        days = appeal_days(unit.instance_id)
        try:
            url = reverse("evaluation:appeal-mine")
        except NoReverseMatch:  # pragma: no cover - the page is part of this app
            url = ""
        notify(actor=actor, instance_id=unit.instance_id, recipients=user_ids_of(employee_ids),
               kind=Kind.PREDIKAT_FINAL,
               title=format_lazy(gettext_lazy("Your predikat for {period} is final"), period=period.name),
               body=format_lazy(gettext_lazy("You may file an appeal (keberatan) within {days} days."), days=days),
               url=url, obj=calibration, dedupe_key=f"evaluation.final:{calibration.pk}")
    return calibration
