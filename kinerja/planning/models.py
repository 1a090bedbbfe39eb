"""The organisation's plan, top down: RPJMD → Renstra → IKU → Perjanjian Kinerja → RKT.

DOMAIN.md §1. The region's medium-term plan (RPJMD) states a vision and missions. Each OPD's
strategic plan (Renstra) has goals (tujuan) aligned to a mission, strategic targets (sasaran
strategis) under each goal, and key indicators (IKU) with yearly targets. Every year the unit head
signs a performance agreement (Perjanjian Kinerja, PK) whose indicators are broken into quarterly
action plans (rencana aksi); the annual work plan (RKT) lists programmes and activities with budget.

Employee SKPs (kinerja.skp) hang below the PK: a JPT's RHK names the PK indicator it carries, and
everyone else's RHK names the superior RHK it intervenes, so each employee's work traces up here.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TenantModel

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Rpjmd(TenantModel):
    """The region's medium-term development plan (RPJMD): a vision and numbered missions."""

    title = models.CharField(_("title"), max_length=255)
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=YEAR_VALIDATORS)
    vision = models.TextField(_("vision"))

    class Meta:
        verbose_name = _("RPJMD")
        verbose_name_plural = _("RPJMD")
        ordering = ["-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["instance", "start_year"], name="rpjmd_unique_start_per_instance"),
            models.CheckConstraint(condition=models.Q(end_year__gte=models.F("start_year")),
                                   name="rpjmd_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_year}–{self.end_year})"

    def covers(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year


class Mission(TenantModel):
    """One numbered mission (misi) of the RPJMD."""

    rpjmd = models.ForeignKey(Rpjmd, on_delete=models.CASCADE, related_name="missions", verbose_name=_("RPJMD"))
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    text = models.TextField(_("mission"))

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["rpjmd", "number"]
        constraints = [models.UniqueConstraint(fields=["rpjmd", "number"], name="mission_unique_number")]

    def __str__(self) -> str:
        return f"{_('Mission')} {self.number}: {self.text}"


class Renstra(TenantModel):
    """An OPD's strategic plan (Renstra) for the RPJMD's years."""

    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("OPD"))
    rpjmd = models.ForeignKey(Rpjmd, on_delete=models.PROTECT, related_name="renstras", verbose_name=_("RPJMD"))
    title = models.CharField(_("title"), max_length=255)
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=YEAR_VALIDATORS)

    class Meta:
        verbose_name = _("Renstra")
        verbose_name_plural = _("Renstra")
        ordering = ["unit__path", "-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "start_year"], name="renstra_unique_start_per_unit"),
            models.CheckConstraint(condition=models.Q(end_year__gte=models.F("start_year")),
                                   name="renstra_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.title


class Goal(TenantModel):
    """A goal (tujuan) of a Renstra, aligned to one RPJMD mission."""

    renstra = models.ForeignKey(Renstra, on_delete=models.CASCADE, related_name="goals", verbose_name=_("Renstra"))
    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="goals", verbose_name=_("mission"))
    code = models.CharField(_("code"), max_length=30, blank=True)
    text = models.TextField(_("goal"))

    class Meta:
        verbose_name = _("goal (tujuan)")
        verbose_name_plural = _("goals (tujuan)")
        ordering = ["renstra", "code", "pk"]

    def __str__(self) -> str:
        return self.text


class StrategicTarget(TenantModel):
    """A strategic target (sasaran strategis) under a goal."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="targets", verbose_name=_("goal"))
    code = models.CharField(_("code"), max_length=30, blank=True)
    text = models.TextField(_("strategic target"))

    class Meta:
        verbose_name = _("strategic target (sasaran strategis)")
        verbose_name_plural = _("strategic targets (sasaran strategis)")
        ordering = ["goal", "code", "pk"]

    def __str__(self) -> str:
        return self.text


class Iku(TenantModel):
    """A key performance indicator (indikator kinerja utama) of a strategic target."""

    strategic_target = models.ForeignKey(StrategicTarget, on_delete=models.CASCADE, related_name="ikus",
                                         verbose_name=_("strategic target"))
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("OPD"), help_text=_("The Renstra's OPD, kept here for scoped lists."))
    code = models.CharField(_("code"), max_length=30, blank=True)
    name = models.TextField(_("indicator"))
    measure_unit = models.CharField(_("unit of measure"), max_length=60)
    baseline = models.DecimalField(_("baseline"), max_digits=18, decimal_places=4, null=True, blank=True)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    formula = models.TextField(_("formula"), blank=True)
    data_source = models.CharField(_("data source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("IKU")
        verbose_name_plural = _("IKU")
        ordering = ["strategic_target", "code", "pk"]
        indexes = [models.Index(fields=["instance", "unit"])]

    def __str__(self) -> str:
        return self.name


class IkuTarget(TenantModel):
    """The target of an IKU for one year of the Renstra."""

    iku = models.ForeignKey(Iku, on_delete=models.CASCADE, related_name="targets", verbose_name=_("IKU"))
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=4)

    class Meta:
        verbose_name = _("IKU target")
        verbose_name_plural = _("IKU targets")
        ordering = ["iku", "year"]
        constraints = [models.UniqueConstraint(fields=["iku", "year"], name="ikutarget_unique_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.target}"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")


class PerformanceAgreement(TenantModel):
    """The unit head's performance agreement (Perjanjian Kinerja) for one year."""

    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    position = models.ForeignKey("organization.Position", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("position of the signatory"))
    signatory = models.ForeignKey("people.Employee", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("signatory"))
    superior = models.ForeignKey("people.Employee", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("superior (second party)"))
    status = models.CharField(_("status"), max_length=10, choices=AgreementStatus.choices,
                              default=AgreementStatus.DRAFT)
    signed_on = models.DateField(_("signing date"), null=True, blank=True)

    class Meta:
        verbose_name = _("performance agreement (PK)")
        verbose_name_plural = _("performance agreements (PK)")
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="pk_unique_unit_year")]
        indexes = [models.Index(fields=["instance", "year"])]

    def __str__(self) -> str:
        return f"PK {self.year}: {self.unit}"


class PkIndicator(TenantModel):
    """A line of the PK: a strategic target's indicator (usually an IKU) with this year's target."""

    agreement = models.ForeignKey(PerformanceAgreement, on_delete=models.CASCADE, related_name="indicators",
                                  verbose_name=_("performance agreement"))
    strategic_target = models.ForeignKey(StrategicTarget, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="pk_indicators", verbose_name=_("strategic target"))
    iku = models.ForeignKey(Iku, on_delete=models.PROTECT, null=True, blank=True, related_name="pk_indicators",
                            verbose_name=_("IKU"))
    name = models.TextField(_("indicator"))
    measure_unit = models.CharField(_("unit of measure"), max_length=60)
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=4)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("PK indicator")
        verbose_name_plural = _("PK indicators")
        ordering = ["agreement", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class ActionPlan(TenantModel):
    """A quarterly action (rencana aksi) towards a PK indicator."""

    indicator = models.ForeignKey(PkIndicator, on_delete=models.CASCADE, related_name="actions",
                                  verbose_name=_("PK indicator"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    action = models.TextField(_("action"))
    target = models.DecimalField(_("quarter target"), max_digits=18, decimal_places=4, null=True, blank=True)

    class Meta:
        verbose_name = _("action plan (rencana aksi)")
        verbose_name_plural = _("action plans (rencana aksi)")
        ordering = ["indicator", "quarter", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4),
                                              name="actionplan_quarter_1_4")]

    def __str__(self) -> str:
        return f"Q{self.quarter}: {self.action}"


class WorkPlan(TenantModel):
    """A unit's annual work plan (Rencana Kerja Tahunan, RKT)."""

    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)

    class Meta:
        verbose_name = _("annual work plan (RKT)")
        verbose_name_plural = _("annual work plans (RKT)")
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="rkt_unique_unit_year")]

    def __str__(self) -> str:
        return f"RKT {self.year}: {self.unit}"


class Programme(TenantModel):
    """A programme of the RKT, aligned to a mission and a strategic target."""

    work_plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="programmes",
                                  verbose_name=_("work plan"))
    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="programmes",
                                verbose_name=_("mission"))
    strategic_target = models.ForeignKey(StrategicTarget, on_delete=models.PROTECT, related_name="programmes",
                                         verbose_name=_("strategic target"))
    code = models.CharField(_("code"), max_length=40, blank=True)
    name = models.CharField(_("programme"), max_length=255)
    budget = models.DecimalField(_("budget (Rp)"), max_digits=18, decimal_places=2, default=0,
                                 validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["work_plan", "code", "pk"]

    def __str__(self) -> str:
        return self.name


class Activity(TenantModel):
    """An activity (kegiatan) of a programme, with its budget."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="activities",
                                  verbose_name=_("programme"))
    code = models.CharField(_("code"), max_length=40, blank=True)
    name = models.CharField(_("activity"), max_length=255)
    budget = models.DecimalField(_("budget (Rp)"), max_digits=18, decimal_places=2, default=0,
                                 validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["programme", "code", "pk"]

    def __str__(self) -> str:
        return self.name
