"""Periodic and annual evaluation of each employee's SKP (issue 10; DOMAIN.md §4–§6, §12).

* :class:`EvaluationSettings` — per instance: the achievement thresholds that suggest a rating hasil kerja,
  the PK-achievement thresholds that suggest an organisation predikat, the rule that makes the rating perilaku
  from the seven BerAKHLAK ratings, the 360 minimum, the appeal window, the credit-point coefficients and how a
  year's credit points from periodic evaluations are rounded.
* :class:`Evaluation` — one employee's evaluation of one SKP over a window (the whole period for the annual
  evaluation; a month or a quarter for a periodic one), by the evaluating official (or Plt/Plh) under the
  period's scoring scheme (``scheme``: a versioned rule-set id from kinerja.rules.evaluation, copied from the
  period when the evaluation starts, so a closed period keeps the rules it was evaluated with). Rating hasil
  kerja is suggested from achievement; the superior decides, and a deviation needs a written reason. Rating
  perilaku comes from :class:`BehaviourRating` rows (one per BerAKHLAK value). ``proposed_predikat`` is what
  the evaluator's ratings give; ``predikat`` is the current one, changed only by calibration (before the lock)
  or by an appeal's decision (after it), each change kept as a :class:`PredikatChange`.
* :class:`UnitRating` — the organisation predikat of a unit for a period (DOMAIN §5), set by the level above
  from the unit's Perjanjian Kinerja achievement.
* :class:`Calibration` — the calibration of one unit's employee predikat against the distribution curve; its
  lock freezes the unit's evaluations for the period (``Evaluation.locked_at``).
* :class:`Appeal` — keberatan: filed by the employee within the window after the final predikat, decided by
  the evaluator's superior with a reason.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TenantModel
from kinerja.rules.evaluation import behaviour as behaviour_rules
from kinerja.rules.evaluation import credit as credit_rules
from kinerja.rules.evaluation import ratings as rules
from kinerja.rules.evaluation.schemes import DEFAULT_SCHEME_ID


class Rating(models.TextChoices):
    """Rating hasil kerja and rating perilaku kerja (PermenPANRB 6/2022)."""

    ABOVE = rules.Rating.ABOVE, _("Above expectations")
    MEETS = rules.Rating.MEETS, _("Meets expectations")
    BELOW = rules.Rating.BELOW, _("Below expectations")


class Predikat(models.TextChoices):
    """Predikat kinerja pegawai: the five of 6/2022, plus the numeric schemes' Cukup (PP 30/2019, PP 46/2011)
    and Buruk (PP 46/2011)."""

    SANGAT_BAIK = rules.Predikat.SANGAT_BAIK, _("Very good")
    BAIK = rules.Predikat.BAIK, _("Good")
    CUKUP = rules.Predikat.CUKUP, _("Fair")
    BUTUH_PERBAIKAN = rules.Predikat.BUTUH_PERBAIKAN, _("Needs improvement")
    KURANG = rules.Predikat.KURANG, _("Poor / misconduct")
    SANGAT_KURANG = rules.Predikat.SANGAT_KURANG, _("Very poor")
    BURUK = rules.Predikat.BURUK, _("Bad")


class OrgPredikat(models.TextChoices):
    """Predikat kinerja organisasi (SE MenPANRB 3/2023)."""

    ISTIMEWA = rules.OrgPredikat.ISTIMEWA, _("Outstanding")
    BAIK = rules.OrgPredikat.BAIK, _("Good")
    BUTUH_PERBAIKAN = rules.OrgPredikat.BUTUH_PERBAIKAN, _("Needs improvement")
    KURANG = rules.OrgPredikat.KURANG, _("Poor")
    SANGAT_KURANG = rules.OrgPredikat.SANGAT_KURANG, _("Very poor")


class BehaviourRule(models.TextChoices):
    """How the seven BerAKHLAK ratings make the rating perilaku (kinerja.rules.evaluation.behaviour)."""

    MEDIAN = behaviour_rules.BehaviourRule.MEDIAN, _("Middle rating (median)")
    MAJORITY = behaviour_rules.BehaviourRule.MAJORITY, _("Most common rating (majority; a tie takes the lower)")
    LOWEST = behaviour_rules.BehaviourRule.LOWEST, _("Lowest rating")


class CreditRounding(models.TextChoices):
    """How a year's credit points from periodic evaluations are rounded (kinerja.rules.evaluation.credit)."""

    TOTAL = credit_rules.CreditRounding.TOTAL, _("Round the year's total once")
    EACH = credit_rules.CreditRounding.EACH, _("Round each period, then add")


class EvaluationSettings(TenantModel):
    """Per-instance evaluation settings (one row per instance; the defaults apply when there is none)."""

    suggest_above_from = models.DecimalField(
        _("suggest 'above expectations' from (%)"), max_digits=6, decimal_places=2, default=110,
        help_text=_("Achievement at or above this suggests a rating hasil kerja above expectations."))
    suggest_meets_from = models.DecimalField(
        _("suggest 'meets expectations' from (%)"), max_digits=6, decimal_places=2, default=90,
        help_text=_("Achievement at or above this (and below the first threshold) suggests 'meets'."))
    min_360_responses = models.PositiveSmallIntegerField(
        _("minimum 360 responses"), default=3, validators=[MinValueValidator(2)],
        help_text=_("360 results are shown only once at least this many colleagues have answered."))
    appeal_days = models.PositiveSmallIntegerField(
        _("days to appeal"), default=14, validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("An appeal (keberatan) may be filed this many days after the predikat is final."))
    periodic_months = models.PositiveSmallIntegerField(
        _("periodic evaluation every (months)"), default=3, choices=[(1, _("month")), (3, _("quarter"))])
    credit_coefficients = models.JSONField(
        _("credit-point coefficients per level"), default=dict, blank=True,
        help_text=_("Angka kredit coefficient per functional level code; empty uses the regulation's table."))
    credit_rounding = models.CharField(
        _("rounding of a year's credit points"), max_length=8, choices=CreditRounding.choices,
        default=CreditRounding.TOTAL,
        help_text=_("When a functional official has periodic evaluations in the year, the year's credit points are "
                    "added up from them (months/12 × share × coefficient). 'Round the year's total once': the exact "
                    "figures are added and only the total is rounded to two decimals, so twelve months of Baik give "
                    "exactly the annual figure (12.50). 'Round each period': each period's figure is rounded first "
                    "and the rounded figures are added (twelve months of 1.04 give 12.48)."))
    # the organisation predikat suggested from the Perjanjian Kinerja achievement (DOMAIN §5; the SE gives none)
    org_istimewa_from = models.DecimalField(
        _("suggest 'Istimewa' from (%)"), max_digits=6, decimal_places=2, default=110,
        validators=[MinValueValidator(0)],
        help_text=_("A unit whose Perjanjian Kinerja achievement is at or above this is suggested the organisation "
                    "predikat Istimewa."))
    org_baik_from = models.DecimalField(
        _("suggest 'Baik' from (%)"), max_digits=6, decimal_places=2, default=90, validators=[MinValueValidator(0)],
        help_text=_("At or above this (and below the Istimewa threshold): Baik."))
    org_butuh_perbaikan_from = models.DecimalField(
        _("suggest 'Butuh Perbaikan' from (%)"), max_digits=6, decimal_places=2, default=70,
        validators=[MinValueValidator(0)],
        help_text=_("At or above this (and below the Baik threshold): Butuh Perbaikan."))
    org_kurang_from = models.DecimalField(
        _("suggest 'Kurang' from (%)"), max_digits=6, decimal_places=2, default=50, validators=[MinValueValidator(0)],
        help_text=_("At or above this (and below the Butuh Perbaikan threshold): Kurang; below it: Sangat Kurang. "
                    "The four thresholds must go down strictly from Istimewa to Kurang."))
    behaviour_rule = models.CharField(
        _("rule for the rating perilaku"), max_length=12, choices=BehaviourRule.choices,
        default=BehaviourRule.MEDIAN,
        help_text=_("How the ratings of the seven BerAKHLAK values make the rating perilaku kerja. 'Middle "
                    "rating (median)': the seven are put in order and the 4th counts, so at least four values must "
                    "be Di Atas for Di Atas and at least four Di Bawah for Di Bawah, otherwise Sesuai. 'Most common "
                    "rating (majority)': the rating given to the most values; when two ratings are given equally "
                    "often (3 and 3), the lower of the two counts. 'Lowest rating': one value Di Bawah makes the "
                    "rating perilaku Di Bawah, and Di Atas needs all seven Di Atas. A change applies to ratings saved "
                    "from then on; evaluations already rated keep their rating perilaku until they are saved "
                    "again."))

    class Meta:
        verbose_name = _("evaluation settings")
        verbose_name_plural = _("evaluation settings")
        constraints = [models.UniqueConstraint(fields=["instance"], name="evaluationsettings_one_per_instance")]

    def __str__(self) -> str:
        return str(_("Evaluation settings"))

    ORG_THRESHOLD_FIELDS = ("org_istimewa_from", "org_baik_from", "org_butuh_perbaikan_from", "org_kurang_from")

    def clean(self):
        """Each list of thresholds goes down strictly (a field error on the first one out of order)."""
        errors = {}

        def label(name):
            return self._meta.get_field(name).verbose_name

        def check(names):
            for higher, lower in zip(names, names[1:], strict=False):
                high, low = getattr(self, higher), getattr(self, lower)
                if high is None or low is None:
                    return
                if not high > low:
                    errors.setdefault(lower, []).append(ValidationError(
                        _("%(lower)s (%(low)s) must be below %(higher)s (%(high)s): the thresholds go down "
                          "strictly.") % {"lower": label(lower), "low": low, "higher": label(higher), "high": high},
                        code="order"))
                    return

        check(("suggest_above_from", "suggest_meets_from"))
        check(self.ORG_THRESHOLD_FIELDS)
        if errors:
            raise ValidationError(errors)


class EvaluationKind(models.TextChoices):
    PERIODIC = "periodic", _("Periodic")
    ANNUAL = "annual", _("Annual")


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")                      # the evaluator has signed it; the employee may read it
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")  # the employee has read and acknowledged it


class Evaluation(TenantModel):
    period = models.ForeignKey("skp.Period", on_delete=models.PROTECT, related_name="+", verbose_name=_("period"))
    skp = models.ForeignKey("skp.Skp", on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("SKP"))
    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="evaluations",
                                 verbose_name=_("employee"))
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    position = models.ForeignKey("organization.Position", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("position"))
    kind = models.CharField(_("kind"), max_length=10, choices=EvaluationKind.choices, default=EvaluationKind.ANNUAL)
    window_start = models.DateField(_("evaluated from"))
    window_end = models.DateField(_("evaluated to"))
    scheme = models.CharField(_("scoring scheme"), max_length=40, default=DEFAULT_SCHEME_ID,
                              help_text=_("The versioned rule set this evaluation is computed with."))
    evaluator = models.ForeignKey("people.Employee", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("evaluating official"))
    evaluator_acting = models.CharField(_("evaluator acts as"), max_length=3, blank=True,
                                        help_text=_("plt or plh when the evaluator is an acting official."))
    status = models.CharField(_("status"), max_length=14, choices=EvaluationStatus.choices,
                              default=EvaluationStatus.DRAFT)
    # results (hasil kerja)
    achievement = models.DecimalField(_("achievement (%)"), max_digits=9, decimal_places=2, null=True, blank=True,
                                      help_text=_("The employee's achievement over the window when evaluated."))
    suggested_result = models.CharField(_("suggested rating hasil kerja"), max_length=8, choices=Rating.choices,
                                        blank=True)
    result_rating = models.CharField(_("rating hasil kerja"), max_length=8, choices=Rating.choices, blank=True)
    result_reason = models.TextField(_("reason for departing from the suggestion"), blank=True)
    result_from_unit = models.BooleanField(_("the unit's rating"), default=False,
                                           help_text=_("A unit head's rating hasil kerja is the unit's rating."))
    # behaviour (perilaku kerja)
    behaviour_rating = models.CharField(_("rating perilaku kerja"), max_length=8, choices=Rating.choices, blank=True)
    # numeric schemes (PP 30/2019, PP 46/2011): the scores behind the predikat
    result_score = models.DecimalField(_("SKP score"), max_digits=7, decimal_places=2, null=True, blank=True)
    behaviour_score = models.DecimalField(_("behaviour score"), max_digits=7, decimal_places=2, null=True, blank=True)
    final_score = models.DecimalField(_("final score"), max_digits=7, decimal_places=2, null=True, blank=True)
    innovation = models.BooleanField(_("innovation that benefits the organisation"), default=False)
    # predikat
    proposed_predikat = models.CharField(_("proposed predikat"), max_length=16, choices=Predikat.choices, blank=True)
    predikat = models.CharField(_("predikat"), max_length=16, choices=Predikat.choices, blank=True)
    credit_points = models.DecimalField(_("credit points"), max_digits=8, decimal_places=3, null=True, blank=True)
    evaluator_notes = models.TextField(_("evaluator's notes"), blank=True)
    employee_notes = models.TextField(_("employee's notes"), blank=True)
    finalised_at = models.DateTimeField(_("final since"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True,
                                     help_text=_("Set when the unit's calibration locks the period."))
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-window_end", "employee__name"]
        constraints = [
            models.UniqueConstraint(fields=["skp", "kind", "window_start"], name="evaluation_unique_window"),
            models.CheckConstraint(condition=models.Q(window_end__gte=models.F("window_start")),
                                   name="evaluation_window_order"),
        ]
        indexes = [
            models.Index(fields=["instance", "period", "kind", "unit"], name="evaluation_period_unit"),
            models.Index(fields=["evaluator", "status"], name="evaluation_evaluator"),
            models.Index(fields=["employee", "period"], name="evaluation_employee"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.window_start:%Y-%m}: {self.employee}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class BehaviourRating(TenantModel):
    """The evaluator's rating of one BerAKHLAK value, with feedback (and a score under numeric schemes)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="behaviour",
                                   verbose_name=_("evaluation"))
    value = models.CharField(_("core value"), max_length=30)
    rating = models.CharField(_("rating"), max_length=8, choices=Rating.choices, blank=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    feedback = models.TextField(_("feedback"), blank=True)

    class Meta:
        verbose_name = _("behaviour rating")
        verbose_name_plural = _("behaviour ratings")
        ordering = ["evaluation", "pk"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "value"], name="behaviour_unique_value")]

    def __str__(self) -> str:
        return self.value


class ChangeSource(models.TextChoices):
    CALIBRATION = "calibration", _("Calibration")
    APPEAL = "appeal", _("Appeal")


class PredikatChange(TenantModel):
    """A change of an evaluation's predikat after the evaluator's proposal: by calibration or by appeal."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="changes",
                                   verbose_name=_("evaluation"))
    source = models.CharField(_("source"), max_length=12, choices=ChangeSource.choices)
    from_predikat = models.CharField(_("from"), max_length=16, choices=Predikat.choices, blank=True)
    to_predikat = models.CharField(_("to"), max_length=16, choices=Predikat.choices)
    from_result = models.CharField(_("rating hasil kerja before"), max_length=8, choices=Rating.choices, blank=True)
    to_result = models.CharField(_("rating hasil kerja after"), max_length=8, choices=Rating.choices, blank=True)
    from_behaviour = models.CharField(_("rating perilaku before"), max_length=8, choices=Rating.choices, blank=True)
    to_behaviour = models.CharField(_("rating perilaku after"), max_length=8, choices=Rating.choices, blank=True)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name=_("by"))

    class Meta:
        verbose_name = _("predikat change")
        verbose_name_plural = _("predikat changes")
        ordering = ["evaluation", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_predikat} → {self.to_predikat}"


class UnitRating(TenantModel):
    """The organisation predikat of a unit for a period, set by the level above (DOMAIN §5)."""

    period = models.ForeignKey("skp.Period", on_delete=models.PROTECT, related_name="+", verbose_name=_("period"))
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    achievement = models.DecimalField(_("Perjanjian Kinerja achievement (%)"), max_digits=9, decimal_places=2,
                                      null=True, blank=True)
    suggested = models.CharField(_("suggested predikat"), max_length=16, choices=OrgPredikat.choices, blank=True)
    predikat = models.CharField(_("organisation predikat"), max_length=16, choices=OrgPredikat.choices)
    reason = models.TextField(_("reason"), blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("set by"))

    class Meta:
        verbose_name = _("organisation predikat")
        verbose_name_plural = _("organisation predikat")
        ordering = ["period", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="unitrating_unique_unit")]

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_predikat_display()}"


class CalibrationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    LOCKED = "locked", _("Locked")


class Calibration(TenantModel):
    """The calibration meeting of one unit for one period; locking it freezes the unit's evaluations."""

    period = models.ForeignKey("skp.Period", on_delete=models.PROTECT, related_name="+", verbose_name=_("period"))
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    status = models.CharField(_("status"), max_length=8, choices=CalibrationStatus.choices,
                              default=CalibrationStatus.OPEN)
    notes = models.TextField(_("minutes of the meeting"), blank=True)
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("locked by"))
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("calibration")
        verbose_name_plural = _("calibrations")
        ordering = ["period", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="calibration_unique_unit")]

    def __str__(self) -> str:
        return f"{self.period}: {self.unit}"


class AppealStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    UPHELD = "upheld", _("Granted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Appeal(TenantModel):
    """Keberatan: the employee's objection to a final predikat, decided by the evaluator's superior."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="appeals",
                                   verbose_name=_("evaluation"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("filed by"))
    reason = models.TextField(_("grounds of the appeal"))
    requested_predikat = models.CharField(_("predikat asked for"), max_length=16, choices=Predikat.choices,
                                          blank=True)
    status = models.CharField(_("status"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.FILED)
    decider = models.ForeignKey("people.Employee", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("decided by (the evaluator's superior)"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    new_predikat = models.CharField(_("predikat after the decision"), max_length=16, choices=Predikat.choices,
                                    blank=True)
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-created_at"]
        constraints = [
            # one open appeal per evaluation at a time
            models.UniqueConstraint(fields=["evaluation"], condition=models.Q(status="filed"),
                                    name="appeal_one_open"),
        ]
        indexes = [models.Index(fields=["instance", "status"], name="appeal_instance_status")]

    def __str__(self) -> str:
        return f"{self.evaluation}: {self.get_status_display()}"
