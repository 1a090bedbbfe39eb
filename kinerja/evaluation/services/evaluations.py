"""Periodic and annual evaluation (issue 10 item 2; DOMAIN §4, §6, §12): start a team's evaluations, rate,
finalise, reopen, acknowledge.

* :func:`start_evaluations`: the evaluations of an evaluator's team for a window — the SKP period (annual) or a
  month/quarter of it (periodic, ``EvaluationSettings.periodic_months``) — in a fixed number of queries whatever
  the team's size: one read of the team's approved SKPs, one of what is suggested for them, one ``bulk_create``
  of the evaluations and one of their seven BerAKHLAK rows, one batch of audit events. Each gets the period's
  scoring scheme (a closed period keeps its scheme) and what ``evaluation/suggestions.py`` suggests — the one
  definition ``batch.start_annual`` uses too: the employee's achievement over the window (the newest
  ``progress.EmployeeAchievement`` up to the window's end) and the rating hasil kerja it suggests (the instance's
  thresholds); a unit head's rating hasil kerja is their unit's rating (``UnitRating``) when one exists.
* :func:`rate`: the evaluator's ratings. PermenPANRB 6/2022: rating hasil kerja (a deviation from the suggestion
  needs a written reason) and a rating with feedback for each BerAKHLAK value; the rating perilaku follows from
  the seven by the instance's rule (``EvaluationSettings.behaviour_rule``: median, majority or lowest;
  :func:`behaviour_of`). Numeric schemes (PP 30/2019, PP 46/2011): the nilai SKP and a score per
  value (their mean is the nilai perilaku). The predikat follows from the scheme (``rules.evaluation.schemes``).
* :func:`finalise` (the evaluator signs; the employee is notified), :func:`reopen` (the evaluator, before the
  calibration lock, with a reason), :func:`acknowledge` (the employee, with optional notes).
* Credit points of a functional official (DOMAIN §12, :func:`credit_basis`): a periodic evaluation earns
  months/12 × share × coefficient; the annual evaluation earns share × coefficient — or, when the year had
  finalised periodic evaluations, their sum, rounded once or per period as ``EvaluationSettings.credit_rounding``
  says. Finalising or reopening a periodic evaluation updates its SKP's unlocked annual figure (in its audit
  event).

:func:`start_stand_in`: the HR admin in scope starts, standing in, the evaluations of the employees whose superior
post is vacant today (no holder, no Plt/Plh); they then rate, finalise and reopen them as the evaluator would
(``permissions.can_stand_in``), the evaluation recording it (``evaluator_acting`` = ``hr``, ``stand_in``) and every
audit event saying so (``stand_in``: who, for which post). Once the post is filled its official takes over.

Refused: anyone but the evaluating official (holder or Plt/Plh of the superior position) or the HR stand-in — 403,
with the reason when an HR admin asks while the post is not vacant; an SKP that is
not approved (the HR admin's way out named); any change once calibration locked it (``locked_at``); a change
to a final evaluation (reopen first). Every write checks ``lock_version`` (a stale one is a conflict, 409).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.audit.services import build, record, record_many, snapshot
from kinerja.core import errors as core_errors
from kinerja.core.actors import is_system, require_actor
from kinerja.core.errors import PermissionDenied, ValidationError, field_error
from kinerja.rules.evaluation import behaviour as behaviour_rules
from kinerja.rules.evaluation import credit as credit_rules
from kinerja.rules.evaluation import schemes as scheme_rules
from kinerja.rules.evaluation import suggest as suggest_rules
from kinerja.rules.evaluation.numbers import round2
from kinerja.rules.evaluation.ratings import Rating
from kinerja.rules.skp import BERAKHLAK_CODES

from .. import activities as activity_rules
from .. import permissions, suggestions
from ..models import (
    STAND_IN,
    Activity,
    BehaviourRating,
    Evaluation,
    EvaluationKind,
    EvaluationSettings,
    EvaluationStatus,
    UnitRating,
)
from ..models import Rating as RatingChoice

MAX_TEXT = 5000
NOT_APPROVED = gettext_lazy(
    "The SKP of %(name)s is not approved (%(status)s): an evaluation rates an approved SKP. The evaluator approves "
    "it on the SKP page; when nobody can (no evaluator in post), the HR admin sets and approves it on the employee's "
    "behalf from the SKP monitoring page (%(url)s).")


class ConflictError(core_errors.ConflictError, ValidationError):
    """Someone saved the evaluation since the caller read it: a field error on ``lock_version`` (forms, CLI) and a
    ``core.errors.ConflictError`` (409 on the API)."""

    def __init__(self, message: str):
        ValidationError.__init__(self, {"lock_version": [ValidationError(message, code="conflict")]})
        self.message_text = message

    def __str__(self) -> str:
        return self.message_text


# --- settings and windows --------------------------------------------------------------------------------------

def settings_for(instance_id: int) -> EvaluationSettings:
    """The instance's evaluation settings; unsaved defaults when it has none."""
    return (EvaluationSettings.objects.filter(instance_id=instance_id).first()
            or EvaluationSettings(instance_id=instance_id))


def thresholds_of(settings: EvaluationSettings) -> suggest_rules.HasilThresholds:
    return suggest_rules.HasilThresholds(above_from=settings.suggest_above_from,
                                         meets_from=settings.suggest_meets_from)


def org_thresholds_of(settings: EvaluationSettings) -> suggest_rules.OrgThresholds:
    """The PK-achievement thresholds that suggest an organisation predikat (results.suggestion)."""
    return suggest_rules.OrgThresholds(
        istimewa_from=settings.org_istimewa_from, baik_from=settings.org_baik_from,
        butuh_perbaikan_from=settings.org_butuh_perbaikan_from, kurang_from=settings.org_kurang_from)


def behaviour_rule_of(settings: EvaluationSettings) -> behaviour_rules.BehaviourRule:
    """The rule that makes the rating perilaku from the seven BerAKHLAK ratings."""
    return behaviour_rules.behaviour_rule(settings.behaviour_rule or behaviour_rules.DEFAULT_BEHAVIOUR_RULE)


def coefficients_of(settings: EvaluationSettings) -> Mapping[str, Decimal]:
    """The credit-point coefficients per level: the instance's (merged over the regulation's) or the defaults."""
    merged = dict(credit_rules.DEFAULT_COEFFICIENTS)
    for level, value in (settings.credit_coefficients or {}).items():
        merged[str(level)] = Decimal(str(value))
    return merged


def periodic_windows(period, months: int) -> list[tuple[date, date]]:
    """The months or quarters of a period (calendar blocks clipped to the period)."""
    from kinerja.progress.periods import reporting_periods

    return reporting_periods(period.start_date, period.end_date, "quarterly" if int(months) == 3 else "monthly")


def window_for(period, kind: str, window_start: date | None, settings: EvaluationSettings) -> tuple[date, date]:
    """The evaluated window: the whole period (annual), or the month/quarter starting ``window_start``."""
    if kind == EvaluationKind.ANNUAL:
        return period.start_date, period.end_date
    if kind != EvaluationKind.PERIODIC:
        raise field_error("kind", _("Choose an annual or a periodic evaluation."), "invalid")
    windows = periodic_windows(period, settings.periodic_months)
    if window_start is None:
        raise field_error("window_start", _("Choose the month or quarter to evaluate."), "required")
    for start, end in windows:
        if start == window_start:
            return start, end
    raise field_error("window_start", _("%(day)s does not start a month or quarter of %(period)s.")
                      % {"day": window_start.isoformat(), "period": period.name}, "invalid")


def months_in(start: date, end: date) -> int:
    return (end.year * 12 + end.month) - (start.year * 12 + start.month) + 1


# --- small pure helpers ----------------------------------------------------------------------------------------

def behaviour_of(ratings, rule: str = behaviour_rules.DEFAULT_BEHAVIOUR_RULE) -> Rating | None:
    """Rating perilaku from the BerAKHLAK values' ratings under the instance's ``rule``
    (``rules.evaluation.behaviour``: median by default); None until every value is rated."""
    return behaviour_rules.derive_behaviour(ratings, rule, required=len(BERAKHLAK_CODES))


def functional_level(position) -> str | None:
    """The functional level code (``ahli_pertama``…) from a functional position's name ("Perawat Ahli Pertama");
    None for other positions or a name that names no level."""
    if position is None or str(position.kind) != "FUNGSIONAL":
        return None
    name = position.name.lower()
    for code, label in sorted(credit_rules.LEVEL_LABELS.items(), key=lambda item: -len(item[1])):
        if label.lower() in name:
            return code
    return None


def unit_rating_rating(evaluation, unit_ratings: Mapping[int, str] | None = None) -> Rating | None:
    """A unit head's rating hasil kerja from the unit's organisation predikat, when one is set."""
    if not evaluation.position.is_head:
        return None
    if unit_ratings is None:
        org = (UnitRating.objects.filter(period_id=evaluation.period_id, unit_id=evaluation.position.unit_id)
               .values_list("predikat", flat=True).first())
    else:
        org = unit_ratings.get(evaluation.position.unit_id)
    return suggest_rules.leader_hasil_rating(org) if org else None


# --- checks ----------------------------------------------------------------------------------------------------

def _clean_text(value, field_name: str, label: str, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise field_error(field_name, _("%(label)s: at most %(max)d characters.") % {"label": label, "max": limit},
                          "too_long")
    return text


def _seen(lock_version) -> int:
    try:
        return int(lock_version)
    except (TypeError, ValueError):
        raise field_error("lock_version", _("The version the change is based on is missing; reload."),
                          "required") from None


def _check_evaluator(actor, evaluation) -> None:
    if permissions.can_evaluate(actor, evaluation):
        return
    name = {"name": evaluation.employee.full_name}
    if permissions.is_hr_admin_of(actor, evaluation):
        if evaluation.position.superior_id is None:
            raise PermissionDenied(_("The position of %(name)s has no superior position in the organisation tree: "
                                     "there is no vacant post to stand in for.") % name)
        raise PermissionDenied(_("The superior post of %(name)s is not vacant: its holder (or the Plt/Plh acting in "
                                 "it) evaluates. The HR admin stands in only while nobody exercises it.") % name)
    raise PermissionDenied(_("Only the evaluating official of %(name)s (the holder of the superior position, the "
                             "Plt/Plh acting in it, or the HR admin while it is vacant) may do this.") % name)


def _check_not_locked(evaluation) -> None:
    if evaluation.locked_at is not None:
        raise field_error("status", _("The evaluation was locked by the calibration of %(date)s: nothing can change "
                                      "it now except an appeal (keberatan).")
                          % {"date": timezone.localtime(evaluation.locked_at).date().isoformat()}, "locked")


def _check_draft(evaluation) -> None:
    _check_not_locked(evaluation)
    if evaluation.status != EvaluationStatus.DRAFT:
        raise field_error("status", _("The evaluation is final: reopen it to change it."), "final")


def check_skp_approved(skp) -> None:
    from kinerja.skp.models import SkpStatus

    if skp.status != SkpStatus.APPROVED:
        raise field_error("skp", str(NOT_APPROVED) % {"name": skp.employee.full_name,
                                                      "status": skp.get_status_display(),
                                                      "url": reverse("skp:monitoring")}, "skp_not_approved")


def load(evaluation) -> Evaluation:
    """The evaluation with what the services read (an instance or a pk)."""
    pk = evaluation.pk if isinstance(evaluation, Evaluation) else int(evaluation)
    return (Evaluation.objects.select_related("employee", "position", "position__unit", "skp", "skp__employee",
                                              "period")
            .get(pk=pk))


def _save(evaluation: Evaluation, seen: int, fields: dict) -> Evaluation:
    """One conditional UPDATE … WHERE lock_version = seen: a stale version is a conflict."""
    fields = {**fields, "lock_version": F("lock_version") + 1, "updated_at": timezone.now()}
    if not Evaluation.objects.filter(pk=evaluation.pk, lock_version=seen).update(**fields):
        raise ConflictError(_("The evaluation was saved elsewhere meanwhile. Reload it; your changes were not saved."))
    return load(evaluation.pk)


# --- start -----------------------------------------------------------------------------------------------------

@dataclass
class StartResult:
    created: list[Evaluation] = field(default_factory=list)
    existing: int = 0
    not_approved: list[str] = field(default_factory=list)  # names of team members whose SKP is not approved
    without_skp: list[str] = field(default_factory=list)  # names of team members with no SKP in the period
    window: tuple[date, date] | None = None


def evaluator_positions(evaluator, day: date | None = None) -> dict[int, str]:
    """The positions ``evaluator`` exercises on ``day``: position id → "" (holder), "plt" or "plh"."""
    from kinerja.people.models import Assignment

    day = day or timezone.localdate()
    positions = {}
    if evaluator.is_active and evaluator.position_id:
        positions[evaluator.position_id] = ""
    for position_id, kind in (Assignment.objects.active_on(day).acting().filter(employee=evaluator)
                              .values_list("position_id", "kind")):
        positions[position_id] = kind
    return positions


def start_evaluations(*, actor, period, evaluator, kind: str = EvaluationKind.ANNUAL,
                      window_start: date | None = None, progress=None) -> StartResult:
    """Start the evaluations of ``evaluator``'s team (the active employees whose position reports to one the
    evaluator holds or acts in) for ``period``: annual, or periodic for the month/quarter at ``window_start``.
    Those already started are left alone; team members without an approved SKP are listed, not started.
    ``progress(n)`` (optional) is told how many were prepared (the CLI's progress bar)."""
    from kinerja.people.models import Employee

    require_actor(actor)
    if not permissions.can_start_for(actor, evaluator):
        raise PermissionDenied(_("Only the evaluating official (or an HR admin of their unit) starts their team's "
                                 "evaluations."))
    if period.instance_id != evaluator.instance_id:
        raise field_error("period", _("The period belongs to another instance."), "other_instance")
    scheme, settings, (start, end) = _opening(period, kind, window_start)
    positions = evaluator_positions(evaluator)
    if not positions:
        raise field_error("evaluator", _("%(name)s holds no position today and evaluates nobody.")
                          % {"name": evaluator.full_name}, "no_position")
    team = list(Employee.objects.filter(instance_id=period.instance_id, is_active=True,
                                        position__superior_id__in=list(positions))
                .exclude(pk=evaluator.pk).select_related("position").order_by("name", "pk"))
    return _start(actor, period, team, scheme, settings, kind, (start, end), progress,
                  lambda employee: {"evaluator": evaluator,
                                    "evaluator_acting": positions.get(employee.position.superior_id, "")})


def start_stand_in(*, actor, period, kind: str = EvaluationKind.ANNUAL, window_start: date | None = None,
                   progress=None) -> StartResult:
    """The HR admin ``actor`` starts, standing in, the evaluations of the employees of their scope whose superior
    post is vacant today (no holder, no Plt/Plh: ``permissions.stand_in_employees_q``); each records the stand-in
    (``evaluator_acting`` = ``hr``, ``stand_in`` = the admin; ``evaluator`` = the admin's own employee record, if
    any). Refused when nobody in their scope has a vacant superior post."""
    from kinerja.people.models import Employee

    require_actor(actor)
    if getattr(actor, "pk", None) is None or not (permissions.is_hr_admin_scope(actor)):
        raise PermissionDenied(_("Only an HR administrator stands in for a vacant evaluating official."))
    scheme, settings, (start, end) = _opening(period, kind, window_start)
    team = list(Employee.objects.filter(permissions.stand_in_employees_q(actor), instance_id=period.instance_id)
                .select_related("position").order_by("name", "pk"))
    if not team:
        raise field_error("period", _("Nobody in your scope has a vacant evaluating official today: each superior "
                                      "post is held or has a Plt/Plh, who evaluates."), "not_vacant")
    return _start(actor, period, team, scheme, settings, kind, (start, end), progress,
                  lambda employee: {"evaluator_id": actor.employee_id, "evaluator_acting": STAND_IN,
                                    "stand_in_id": actor.pk})


def _opening(period, kind, window_start):
    try:
        scheme = scheme_rules.get_scheme(period.scoring_scheme)
    except ValueError as exc:
        raise field_error("period", str(exc), "scheme") from None
    settings = settings_for(period.instance_id)
    return scheme, settings, window_for(period, kind, window_start, settings)


def _start(actor, period, team, scheme, settings, kind, window, progress, evaluator_of) -> StartResult:
    """Open the evaluations of ``team`` for the window: those already started are left alone, those without an
    approved SKP listed; ``evaluator_of(employee)`` gives who evaluates (the Evaluation fields)."""
    from kinerja.skp.models import Skp, SkpStatus

    start, end = window
    result = StartResult(window=window)
    skps = {s.employee_id: s for s in Skp.objects.filter(period=period, employee__in=team)
            .only("pk", "employee_id", "status", "position_id", "unit_id")}
    done = set(Evaluation.objects.filter(period=period, kind=kind, window_start=start, employee__in=team)
               .values_list("employee_id", flat=True))
    todo = []
    for employee in team:
        skp = skps.get(employee.pk)
        if skp is None:
            result.without_skp.append(employee.full_name)
        elif employee.pk in done:
            result.existing += 1
        elif skp.status != SkpStatus.APPROVED:
            result.not_approved.append(employee.full_name)
        else:
            todo.append((employee, skp))
    if not todo:
        return result
    suggested = suggestions.read(Skp.objects.filter(pk__in=[s.pk for _e, s in todo]), window_end=end,
                                 thresholds=thresholds_of(settings), position="employee__position")
    rows = []
    for employee, skp in todo:
        rows.append(Evaluation(
            instance_id=period.instance_id, period=period, skp_id=skp.pk, employee=employee,
            unit_id=employee.unit_id or employee.position.unit_id, position=employee.position, kind=kind,
            window_start=start, window_end=end, scheme=scheme.id, **evaluator_of(employee), **suggested[skp.pk]))
    with transaction.atomic():
        created = Evaluation.objects.bulk_create(rows)
        if any(e.pk is None for e in created):  # a backend that returns no keys: read them back
            ids = dict(Evaluation.objects.filter(period=period, kind=kind, window_start=start,
                                                 employee__in=[e.employee_id for e in created])
                       .values_list("employee_id", "pk"))
            for e in created:
                e.pk = ids[e.employee_id]
        # no BerAKHLAK rows yet: the first rating writes them (behaviour_rows), as for the batch
        if activity_rules.uses_activities(scheme.id):  # PP 46/2011: one activity per IKI, prefilled
            Activity.objects.bulk_create(activity_rules.prefill(created, start, end))
        record_many([build("evaluation.evaluation.create", e, actor=actor, after=_audited(e)) for e in created])
    if progress is not None:
        progress(len(created))
    result.created = created
    return result


def _audited(evaluation: Evaluation, **extra) -> dict:
    """The evaluation's snapshot for its audit event; a stand-in says so (``stand_in``: who, for which post)."""
    data = {**snapshot(evaluation), **extra}
    if evaluation.evaluator_acting == STAND_IN:
        data["stand_in"] = {"user": evaluation.stand_in_id, "vacant_position": evaluation.position.superior_id}
    return data


def _standing(actor, evaluation: Evaluation) -> dict:
    """Who evaluates, as the writing ``actor`` stands: the HR admin standing in (recorded on the evaluation), or the
    evaluating official taking over from a stand-in once the post is filled. Unchanged otherwise."""
    if is_system(actor):
        return {}
    if not permissions.is_evaluating_official(actor, evaluation):
        return {"evaluator_id": actor.employee_id, "evaluator_acting": STAND_IN, "stand_in_id": actor.pk}
    if evaluation.evaluator_acting != STAND_IN:
        return {}
    from kinerja.people.models import Employee

    positions = evaluator_positions(Employee.objects.get(pk=actor.employee_id))
    return {"evaluator_id": actor.employee_id, "evaluator_acting": positions.get(evaluation.position.superior_id, ""),
            "stand_in_id": None}


# --- rate ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    """What the ratings give: the predikat (None until complete) and, for numeric schemes, the scores."""

    behaviour_rating: str = ""
    behaviour_score: Decimal | None = None
    final_score: Decimal | None = None
    predikat: str = ""
    label: str = ""


def outcome(scheme_id: str, *, result_rating: str, values: Mapping[str, Mapping], result_score=None,
            innovation: bool = False, behaviour_rule: str = behaviour_rules.DEFAULT_BEHAVIOUR_RULE,
            activities=None) -> Outcome:
    """The rating/score perilaku and the predikat from the evaluator's inputs (``values``: code → {rating, score});
    pure, used live by the page before anything is saved. ``behaviour_rule``: the instance's
    (:func:`behaviour_rule_of`). PP 46/2011 takes ``activities`` (the rules' Activity of every activity,
    complete) and computes the nilai SKP from them; without them it uses ``result_score``."""
    scheme = scheme_rules.get_scheme(scheme_id)
    if not scheme.numeric:
        behaviour = behaviour_of([v.get("rating") for v in values.values()], behaviour_rule)
        if behaviour is None or not result_rating:
            return Outcome(behaviour_rating=behaviour.value if behaviour else "")
        res = scheme.evaluate(hasil=result_rating, perilaku=behaviour)
        return Outcome(behaviour_rating=behaviour.value, predikat=res.predikat.value, label=res.label)
    scores = [v.get("score") for v in values.values()]
    if any(s is None or s == "" for s in scores) or len(scores) < len(BERAKHLAK_CODES):
        return Outcome()
    behaviour_score = round2(sum((Decimal(str(s)) for s in scores), Decimal(0)) / len(scores))
    if result_score is None or result_score == "":
        return Outcome(behaviour_score=behaviour_score)
    if scheme.id == "pp-30-2019":
        res = scheme.evaluate(skp=result_score, perilaku=behaviour_score, innovation=innovation)
    elif activities:  # PP 46/2011 from the activities: the rules' own computation, exact
        res = scheme.evaluate(activities=activities, perilaku=behaviour_score)
    else:  # PP 46/2011: a nilai SKP computed elsewhere, 60/40
        w_skp, w_perilaku = scheme.WEIGHTS
        nilai = round2((Decimal(str(result_score)) * w_skp + behaviour_score * w_perilaku) / 100)
        value = scheme.predikat_of(nilai)
        res = scheme_rules.Result(scheme.id, value, scheme.label(value), score=nilai)
    return Outcome(behaviour_score=behaviour_score, final_score=res.score, predikat=res.predikat.value,
                   label=res.label)


def _clean_score(value, field_name: str, maximum: Decimal) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except ArithmeticError:
        raise field_error(field_name, _("Enter a number."), "invalid") from None
    if not number.is_finite() or not Decimal(0) <= number <= maximum:
        raise field_error(field_name, _("Enter a number from 0 to %(max)s.") % {"max": maximum}, "range")
    return round2(number)


def _text(value) -> str:
    return "" if value is None else str(value)


FINAL_STATUSES = (EvaluationStatus.FINAL, EvaluationStatus.ACKNOWLEDGED)


@dataclass(frozen=True)
class CreditPeriod:
    """One finalised periodic evaluation counted in a year's credit points, with its part of the year."""

    evaluation_id: int
    window_start: date
    window_end: date
    months: int
    predikat: str
    credit: Decimal


@dataclass(frozen=True)
class CreditBasis:
    """What an evaluation's credit points come from: ``periods`` empty for an annual figure (share ×
    coefficient) or a periodic evaluation's own pro-rated one; else the year's finalised periodic evaluations
    added up under ``rounding`` (``months`` of them)."""

    total: Decimal | None
    periods: tuple[CreditPeriod, ...] = ()
    months: int = 12
    rounding: str = ""

    @property
    def from_periods(self) -> bool:
        return bool(self.periods)


def _coefficient(position, coefficients: Mapping[str, Decimal]) -> Decimal | None:
    level = functional_level(position)
    if level is None or level not in coefficients:
        return None
    return credit_rules.coefficient_for(level, coefficients)


def periodic_basis(evaluation: Evaluation) -> list[Evaluation]:
    """The finalised periodic evaluations of the annual ``evaluation``'s SKP in date order (one query); a window
    overlapping one already taken (the setting changed from quarters to months mid-year) is left out."""
    rows = (Evaluation.objects.filter(skp_id=evaluation.skp_id, kind=EvaluationKind.PERIODIC,
                                      status__in=FINAL_STATUSES)
            .exclude(predikat="").select_related("position").order_by("window_start", "window_end", "pk"))
    taken: list[Evaluation] = []
    for row in rows:
        if taken and row.window_start <= taken[-1].window_end:
            continue
        taken.append(row)
    return taken


def credit_basis(evaluation: Evaluation, predikat: str, settings: EvaluationSettings,
                 periodic: list[Evaluation] | None = None) -> CreditBasis | None:
    """The credit points of a functional official's evaluation (None for other positions, before a predikat, or
    for a predikat without a share such as PP 30/2019's Cukup). An annual evaluation whose year had finalised
    periodic evaluations adds them up (``rules.evaluation.credit.year_credit``: months/12 × share × coefficient of
    each, rounded as ``EvaluationSettings.credit_rounding`` says); otherwise share × coefficient. A periodic
    evaluation: its own months/12 × share × coefficient."""
    if not predikat:
        return None
    coefficients = coefficients_of(settings)
    try:
        coefficient = _coefficient(evaluation.position, coefficients)
        if coefficient is None:
            return None
        if evaluation.kind != EvaluationKind.ANNUAL:
            months = min(12, months_in(evaluation.window_start, evaluation.window_end))
            return CreditBasis(credit_rules.periodic_credit(predikat, coefficient, months), months=months)
        periodic = periodic_basis(evaluation) if periodic is None else periodic
        counted = [(p, _coefficient(p.position, coefficients)) for p in periodic]
        counted = [(p, c) for p, c in counted if c is not None]  # a period in a non-functional position earns none
        if not counted:
            return CreditBasis(credit_rules.annual_credit(predikat, coefficient))
        year = credit_rules.year_credit(
            [(min(12, months_in(p.window_start, p.window_end)), p.predikat, c) for p, c in counted],
            rounding=settings.credit_rounding or credit_rules.DEFAULT_CREDIT_ROUNDING)
    except ValueError:
        return None  # a predikat without a share, or periods covering more than a year: no credit figure
    periods = tuple(CreditPeriod(p.pk, p.window_start, p.window_end, months_in(p.window_start, p.window_end),
                                 p.predikat, shown)
                    for (p, _c), shown in zip(counted, year.periods, strict=True))
    return CreditBasis(year.total, periods, year.months, str(settings.credit_rounding))


def _credit(evaluation: Evaluation, predikat: str, settings: EvaluationSettings) -> Decimal | None:
    basis = credit_basis(evaluation, predikat, settings)
    return basis.total if basis is not None else None


def credit_points_for(evaluation: Evaluation, predikat: str) -> Decimal | None:
    """The credit points ``evaluation`` earns with ``predikat`` under its instance's settings (calibration and
    appeals call this when they change the predikat)."""
    return _credit(evaluation, predikat, settings_for(evaluation.instance_id))


def _refresh_annual_credit(periodic: Evaluation) -> dict | None:
    """After a periodic evaluation becomes final or is reopened: the credit points of its SKP's annual
    evaluation (unlocked, rated) follow the year's finalised periodic evaluations. Returns what changed (for the
    audit event) or None."""
    annual = (Evaluation.objects.select_for_update().select_related("position")
              .filter(skp_id=periodic.skp_id, kind=EvaluationKind.ANNUAL, locked_at__isnull=True)
              .exclude(predikat="").first())
    if annual is None:
        return None
    credit = _credit(annual, annual.predikat, settings_for(annual.instance_id))
    if credit == annual.credit_points:
        return None
    Evaluation.objects.filter(pk=annual.pk).update(credit_points=credit, updated_at=timezone.now())
    return {"evaluation": annual.pk, "before": str(annual.credit_points) if annual.credit_points is not None
            else None, "after": str(credit) if credit is not None else None}


def rate(*, actor, evaluation, lock_version, result_rating=None, result_reason=None, values=None,
         result_score=None, innovation=None, evaluator_notes=None, activities=None) -> Evaluation:
    """Save the evaluator's ratings (only what is given changes). ``values``: BerAKHLAK code →
    ``{"rating": …, "score": …, "feedback": …}`` (a rating under 6/2022, a score 0–120/0–100 under the numeric
    schemes). ``activities`` (PP 46/2011): activity id → ``{field: value}`` of ``activities.FIELDS`` (empty clears
    an optional one); the nilai SKP is computed from them with the rules, never entered. Recomputes the rating
    perilaku, the predikat and the credit points. Any bad value refuses the whole save."""
    require_actor(actor)
    evaluation = load(evaluation)
    _check_evaluator(actor, evaluation)
    _check_draft(evaluation)
    check_skp_approved(evaluation.skp)
    seen = _seen(lock_version)
    scheme = scheme_rules.get_scheme(evaluation.scheme)
    errors: dict[str, list[ValidationError]] = {}
    updates: dict = {}

    unit_rating = unit_rating_rating(evaluation)
    new_result = evaluation.result_rating
    if unit_rating is not None:
        if result_rating not in (None, "", unit_rating.value):
            errors.setdefault("result_rating", []).append(ValidationError(
                _("%(name)s leads the unit: the rating hasil kerja is the unit's rating (%(rating)s) and cannot be "
                  "set by hand.") % {"name": evaluation.employee.full_name, "rating": unit_rating.value},
                code="unit_rating"))
        new_result = unit_rating.value
        updates.update(result_rating=new_result, result_from_unit=True, suggested_result=unit_rating.value,
                       result_reason="")
    elif result_rating is not None:
        if result_rating not in ("", *[r.value for r in Rating]):
            errors.setdefault("result_rating", []).append(ValidationError(_("Choose a rating."), code="invalid"))
        else:
            new_result = result_rating
            updates.update(result_rating=new_result, result_from_unit=False)
    reason = evaluation.result_reason if result_reason is None else _clean_text(result_reason, "result_reason",
                                                                                _("Reason"))
    if unit_rating is None:
        deviates = bool(new_result and evaluation.suggested_result and new_result != evaluation.suggested_result)
        if deviates and not reason:
            errors.setdefault("result_reason", []).append(ValidationError(
                _("The rating departs from the suggestion (%(suggested)s, from an achievement of %(achievement)s%%): "
                  "write the reason.") % {"suggested": RatingChoice(evaluation.suggested_result).label,
                                          "achievement": evaluation.achievement},
                code="reason_required"))
        updates["result_reason"] = reason if deviates else ""
    if evaluator_notes is not None:
        updates["evaluator_notes"] = _clean_text(evaluator_notes, "evaluator_notes", _("Notes"))
    if innovation is not None:
        updates["innovation"] = bool(innovation)

    maximum = Decimal(120) if scheme.id == "pp-30-2019" else Decimal(100)
    scored = None
    if activity_rules.uses_activities(scheme.id):
        # PP 46/2011: the nilai SKP is computed from the activities, never entered
        if result_score not in (None, ""):
            errors.setdefault("result_score", []).append(ValidationError(
                _("Under PP 46/2011 the nilai SKP is computed from the activities: enter their targets and "
                  "realisations instead."), code="computed"))
        activity_rows = list(evaluation.activities.all())
        activities_changed, activity_errors = activity_rules.apply(activity_rows, activities)
        for key, messages in activity_errors.items():
            errors.setdefault(key, []).extend(ValidationError(m, code="invalid") for m in messages)
        scored = activity_rules.score(activity_rows)
        for line in scored.lines:
            if line.error:
                errors.setdefault(activity_rules.field_key(line.row.pk, "target_output"), []).append(
                    ValidationError(line.error, code="invalid"))
        updates["result_score"] = scored.skp
    elif activities:
        errors.setdefault("activities", []).append(ValidationError(
            _("Only an evaluation under PP 46/2011 has activities."), code="no_activities"))
    if scheme.numeric and scored is None and result_score is not None:
        try:
            updates["result_score"] = _clean_score(result_score, "result_score", maximum)
        except ValidationError as exc:
            errors.update(exc.error_dict)

    rows = behaviour_rows(evaluation)
    changed = []
    for code, given in (values or {}).items():
        if code not in rows:
            errors.setdefault("values", []).append(ValidationError(
                _("Unknown core value %(code)s.") % {"code": code}, code="invalid"))
            continue
        row = rows[code]
        given = given or {}
        if "rating" in given and given["rating"] is not None:
            if given["rating"] not in ("", *[r.value for r in Rating]):
                errors.setdefault(f"value_{code}", []).append(ValidationError(_("Choose a rating."), code="invalid"))
            else:
                row.rating = given["rating"]
        if "score" in given and given["score"] is not None:
            try:
                row.score = _clean_score(given["score"], f"value_{code}", maximum)
            except ValidationError as exc:
                errors.update(exc.error_dict)
        if "feedback" in given and given["feedback"] is not None:
            row.feedback = _clean_text(given["feedback"], f"feedback_{code}", _("Feedback"))
        changed.append(row)
    if errors:
        raise ValidationError(errors)

    values_now = {code: {"rating": row.rating, "score": row.score} for code, row in rows.items()}
    settings = settings_for(evaluation.instance_id)
    result = outcome(evaluation.scheme, result_rating=new_result, values=values_now,
                     result_score=updates.get("result_score", evaluation.result_score),
                     innovation=updates.get("innovation", evaluation.innovation),
                     behaviour_rule=behaviour_rule_of(settings),
                     activities=scored.activities if scored is not None else None)
    updates.update(behaviour_rating=result.behaviour_rating, behaviour_score=result.behaviour_score,
                   final_score=result.final_score, proposed_predikat=result.predikat, predikat=result.predikat,
                   credit_points=_credit(evaluation, result.predikat, settings))
    updates.update(_standing(actor, evaluation))
    before = snapshot(evaluation)
    with transaction.atomic():
        after = _save(evaluation, seen, updates)
        if changed:  # the rows an evaluation opened in bulk does not have yet are written at its first rating
            BehaviourRating.objects.bulk_create([row for row in changed if row.pk is None])
            BehaviourRating.objects.bulk_update([row for row in changed if row.pk is not None],
                                                ["rating", "score", "feedback"])
        extra = {}
        if scored is not None and activities_changed:
            Activity.objects.bulk_update(activities_changed, list(activity_rules.FIELDS))
            extra["activities"] = {str(a.pk): {name: _text(getattr(a, name)) for name in activity_rules.FIELDS}
                                   for a in activities_changed}
        record("evaluation.evaluation.rate", after, actor=actor, before=before,
               after=_audited(after, values={r.value: {"rating": r.rating, "score": str(r.score or ""),
                                                       "feedback": r.feedback} for r in changed}, **extra))
    return after


# --- finalise, reopen, acknowledge -----------------------------------------------------------------------------

def behaviour_rows(evaluation: Evaluation) -> dict[str, BehaviourRating]:
    """The seven BerAKHLAK rows of ``evaluation`` by value code, in the official order: the stored ones, and an
    unsaved empty row for each value not stored yet (``kinerja evaluate open`` writes none; :func:`rate` saves them
    at the first rating)."""
    stored = {b.value: b for b in evaluation.behaviour.all()}
    return {code: stored.get(code) or BehaviourRating(instance_id=evaluation.instance_id, evaluation_id=evaluation.pk,
                                                      value=code) for code in BERAKHLAK_CODES}


def missing(evaluation: Evaluation) -> list[str]:
    """What still keeps the evaluation from being final (empty when it can be)."""
    scheme = scheme_rules.get_scheme(evaluation.scheme)
    gaps = []
    rows = list(evaluation.behaviour.all())
    if activity_rules.uses_activities(scheme.id):
        scored = activity_rules.score(evaluation.activities.all())
        if not scored.lines:
            gaps.append(_("an activity (the SKP has no IKI)"))
        elif scored.incomplete:
            gaps.append(_("the targets and realisations of %(n)d activity(ies)") % {"n": scored.incomplete})
        elif evaluation.result_score is None:
            gaps.append(_("the nilai SKP"))
    elif scheme.numeric and evaluation.result_score is None:
        gaps.append(_("the nilai SKP"))
    if scheme.numeric:
        scored_values = {r.value for r in rows if r.score is not None}
        unscored = [code for code in BERAKHLAK_CODES if code not in scored_values]
        if unscored:
            gaps.append(_("a score for %(n)d core value(s)") % {"n": len(unscored)})
    else:
        if not evaluation.result_rating:
            gaps.append(_("the rating hasil kerja"))
        rated = {r.value for r in rows if r.rating}
        unrated = [code for code in BERAKHLAK_CODES if code not in rated]
        if unrated:
            gaps.append(_("a rating for %(n)d core value(s)") % {"n": len(unrated)})
    if not evaluation.predikat and not gaps:
        gaps.append(_("the predikat"))
    return gaps


def finalise(*, actor, evaluation, lock_version) -> Evaluation:
    """The evaluator signs: the evaluation becomes final and the employee is told."""
    from kinerja.accounts.models import User
    from kinerja.notifications.models import Kind
    from kinerja.notifications.services import notify

    require_actor(actor)
    evaluation = load(evaluation)
    _check_evaluator(actor, evaluation)
    _check_draft(evaluation)
    check_skp_approved(evaluation.skp)
    seen = _seen(lock_version)
    unit_rating = unit_rating_rating(evaluation)
    if unit_rating is not None and evaluation.result_rating != unit_rating.value:
        raise field_error("result_rating", _("The unit's rating changed since the evaluation was rated: save the "
                                             "ratings again before finalising."), "unit_rating")
    gaps = missing(evaluation)
    if gaps:
        raise field_error("status", _("Not complete yet: %(what)s.") % {"what": ", ".join(gaps)}, "incomplete")
    before = snapshot(evaluation)
    now = timezone.now()
    with transaction.atomic():
        after = _save(evaluation, seen, {"status": EvaluationStatus.FINAL, "finalised_at": now,
                                         "acknowledged_at": None, **_standing(actor, evaluation)})
        annual = _refresh_annual_credit(after) if after.kind == EvaluationKind.PERIODIC else None
        record("evaluation.evaluation.finalise", after, actor=actor, before=before,
               after=_audited(after, **({"annual_credit_points": annual} if annual else {})))
        recipients = list(User.objects.filter(employee_id=after.employee_id, is_active=True)
                          .values_list("pk", flat=True))
        notify(actor=actor, instance_id=after.instance_id, recipients=recipients, kind=Kind.EVALUATION,
               title=format_lazy(gettext_lazy("Your evaluation is ready: {predikat}"),
                                 predikat=after.get_predikat_display()),
               body=gettext_lazy("Your evaluating official has finalised your performance evaluation. Read it and "
                                 "acknowledge it."),
               url=reverse("evaluation:detail", args=[after.pk]), obj=after)
    return after


def reopen(*, actor, evaluation, lock_version, reason: str) -> Evaluation:
    """The evaluator reopens a final evaluation (before the calibration lock), with a reason."""
    require_actor(actor)
    evaluation = load(evaluation)
    _check_evaluator(actor, evaluation)
    _check_not_locked(evaluation)
    if evaluation.status == EvaluationStatus.DRAFT:
        raise field_error("status", _("The evaluation is still a draft."), "draft")
    reason = _clean_text(reason, "reason", _("Reason"))
    if not reason:
        raise field_error("reason", _("Say why the evaluation is reopened."), "required")
    seen = _seen(lock_version)
    before = snapshot(evaluation)
    with transaction.atomic():
        after = _save(evaluation, seen, {"status": EvaluationStatus.DRAFT, "finalised_at": None,
                                         "acknowledged_at": None, **_standing(actor, evaluation)})
        annual = _refresh_annual_credit(after) if after.kind == EvaluationKind.PERIODIC else None
        record("evaluation.evaluation.reopen", after, actor=actor, before=before,
               after=_audited(after, reason=reason, **({"annual_credit_points": annual} if annual else {})))
    return after


def acknowledge(*, actor, evaluation, lock_version, notes: str = "") -> Evaluation:
    """The employee has read the final evaluation (optionally with notes)."""
    require_actor(actor)
    evaluation = load(evaluation)
    if not permissions.can_acknowledge(actor, evaluation):
        raise PermissionDenied(_("Only the evaluated employee acknowledges their evaluation."))
    if evaluation.status == EvaluationStatus.DRAFT:
        raise field_error("status", _("The evaluation is not final yet."), "draft")
    if evaluation.status == EvaluationStatus.ACKNOWLEDGED:
        raise field_error("status", _("You have already acknowledged this evaluation."), "acknowledged")
    notes = _clean_text(notes, "employee_notes", _("Notes"))
    seen = _seen(lock_version)
    before = snapshot(evaluation)
    with transaction.atomic():
        after = _save(evaluation, seen, {"status": EvaluationStatus.ACKNOWLEDGED, "acknowledged_at": timezone.now(),
                                         "employee_notes": notes})
        record("evaluation.evaluation.acknowledge", after, actor=actor, before=before, after=snapshot(after))
    return after


def period_has_evaluations(period) -> bool:
    """The scheme guard skp's period service asks (registered in apps.py)."""
    return Evaluation.objects.filter(period_id=period.pk).exists()


__all__ = ["ConflictError", "CreditBasis", "CreditPeriod", "StartResult", "Outcome", "acknowledge",
           "behaviour_of", "behaviour_rows", "behaviour_rule_of", "check_skp_approved", "credit_basis",
           "credit_points_for",
           "finalise", "functional_level", "missing", "org_thresholds_of", "outcome", "period_has_evaluations",
           "periodic_basis", "periodic_windows", "rate", "reopen", "settings_for", "start_evaluations",
           "start_stand_in", "window_for"]
