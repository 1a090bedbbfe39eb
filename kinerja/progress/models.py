"""Do (DOMAIN §1 step 2): progress reported against the approved SKP, with evidence, and the achievement it adds up to.

* :class:`ReportingSettings`: per instance, how often progress is reported (monthly by default, or
  quarterly), by when, the achievement cap, upload limits and the early-warning threshold.
* :class:`ActionPlan` (rencana aksi): what the employee plans to do for one IKI in one quarter, with the
  target planned for the end of that quarter (cumulative), which draws the target trajectory.
* :class:`Report` (realisasi): one IKI's realisation in one reporting period (a month or a quarter): a value
  (number or range targets), a statement (qualitative targets), notes. Draft (autosaved) → submitted →
  accepted by the superior, or returned with a comment and submitted again. ``lock_version`` refuses a
  stale second save (two devices), as the SKP does.
* :class:`Evidence` (bukti dukung): a file or a link of a report; reviewed by the superior (pending →
  accepted, or needs a fix with a comment); deleted ones are kept (soft delete) and audited.
* :class:`DailyLog` (progres harian): what the employee did on a day for one RHK; a month's report can be
  drafted from the month's log.
* Achievement (capaian), kept up to date as reports are accepted (progress/achievement): per IKI per
  reporting period (:class:`IkiAchievement`), per employee (:class:`EmployeeAchievement`) and per
  organisational indicator, PK indicator or IKU (:class:`IndicatorAchievement`), each with the projection
  to the end of the period and the early-warning flag with its reason.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TenantModel


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class ReportingSettings(TenantModel):
    """Per-instance reporting settings (one row per instance; defaults apply when there is none)."""

    cadence = models.CharField(_("reporting period"), max_length=10, choices=Cadence.choices,
                               default=Cadence.MONTHLY)
    deadline_day = models.PositiveSmallIntegerField(
        _("report due: day of the following month"), default=5,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("A period's report is due on this day of the month after it ends."))
    reminder_days = models.PositiveSmallIntegerField(
        _("remind this many days before the deadline"), default=3, validators=[MaxValueValidator(28)])
    achievement_cap = models.DecimalField(
        _("achievement cap (%)"), max_digits=6, decimal_places=2, default=120,
        validators=[MinValueValidator(100)],
        help_text=_("No IKI counts for more than this share of its target (PermenPANRB 6/2022 uses 120%)."))
    at_risk_below = models.DecimalField(
        _("at risk below (%)"), max_digits=6, decimal_places=2, default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("An indicator whose projected achievement at the end of the period falls below this is "
                    "flagged at risk."))
    count_unreviewed = models.BooleanField(
        _("count reports not yet accepted"), default=False,
        help_text=_("Off: only reports the superior accepted count towards achievement."))
    max_upload_mb = models.PositiveSmallIntegerField(
        _("largest evidence file (MB)"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)])

    class Meta:
        verbose_name = _("reporting settings")
        verbose_name_plural = _("reporting settings")
        constraints = [models.UniqueConstraint(fields=["instance"], name="reportingsettings_one_per_instance")]

    def __str__(self) -> str:
        return str(_("Reporting settings"))


class ActionPlan(TenantModel):
    """Rencana aksi: the employee's plan for one IKI in one quarter of the SKP period."""

    iki = models.ForeignKey("skp.Iki", on_delete=models.CASCADE, related_name="action_plans", verbose_name=_("IKI"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    text = models.TextField(_("planned action"))
    target = models.DecimalField(
        _("target by the end of the quarter"), max_digits=20, decimal_places=4, null=True, blank=True,
        help_text=_("Cumulative: how far the IKI should be at the end of this quarter."))

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["iki", "quarter"]
        constraints = [models.UniqueConstraint(fields=["iki", "quarter"], name="actionplan_unique_quarter")]

    def __str__(self) -> str:
        return f"Q{self.quarter}: {self.text}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for a fix")
    ACCEPTED = "accepted", _("Accepted")


class Report(TenantModel):
    """Realisasi: one IKI's realisation in one reporting period (a month, or a quarter)."""

    # no single-column indexes for skp, iki and employee: the composite indexes below begin with them (each index is
    # written at every report's insert, and the month-end rush inserts hundreds a second)
    skp = models.ForeignKey("skp.Skp", on_delete=models.CASCADE, related_name="reports", verbose_name=_("SKP"),
                            db_index=False)
    iki = models.ForeignKey("skp.Iki", on_delete=models.CASCADE, related_name="reports", verbose_name=_("IKI"),
                            db_index=False)
    # denormalised from the SKP for the team view, the dashboards and the roll-up
    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="reports",
                                 verbose_name=_("employee"), db_index=False)
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    period_start = models.DateField(_("reporting period from"))
    period_end = models.DateField(_("reporting period to"))
    value = models.DecimalField(_("realisation"), max_digits=20, decimal_places=4, null=True, blank=True,
                                help_text=_("What was achieved in this reporting period."))
    value_text = models.TextField(_("realisation (statement)"), blank=True,
                                  help_text=_("For a qualitative target: what was achieved, in words."))
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    judged_achievement = models.DecimalField(
        _("achievement judged by the superior (%)"), max_digits=7, decimal_places=2, null=True, blank=True,
        help_text=_("For a qualitative target, set by the superior when accepting."))
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey("people.Employee", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("reviewed by"))
    review_comment = models.TextField(_("superior's comment"), blank=True)

    TEXT_LIMITS = {"value_text": 5_000, "notes": 10_000, "review_comment": 5_000}

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-period_start", "iki"]
        constraints = [
            models.UniqueConstraint(fields=["iki", "period_start"], name="report_unique_iki_period"),
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="report_end_after_start"),
        ]
        indexes = [
            models.Index(fields=["instance", "period_start", "status"], name="report_instance_period"),
            models.Index(fields=["instance", "unit", "period_start"], name="report_unit_period"),
            models.Index(fields=["employee", "period_start"], name="report_employee_period"),
            models.Index(fields=["skp", "period_start"], name="report_skp_period"),
        ]

    def __str__(self) -> str:
        return f"{self.iki} ({self.period_start:%Y-%m})"


def evidence_path(instance: Evidence, filename: str) -> str:
    """A random name under the instance and month: the uploader's file name is never a path."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"evidence/{instance.instance_id}/{instance.report.period_start:%Y-%m}/{uuid.uuid4().hex}{suffix}"


def evidence_storage():
    """The storage evidence files are kept in: ``STORAGES["evidence"]`` (disk by default, S3 as an option)."""
    from django.core.files.storage import storages

    return storages["evidence"]


class EvidenceKind(models.TextChoices):
    FILE = "file", _("File")
    LINK = "link", _("Link")


class EvidenceStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted")
    NEEDS_FIX = "needs_fix", _("Needs a fix")


class EvidenceQuerySet(models.QuerySet):
    def live(self):
        return self.filter(deleted_at__isnull=True)


class Evidence(TenantModel):
    """Bukti dukung: a file (PDF, image, office document) or a link backing a report."""

    # indexed by evidence_report_live (report, deleted_at), which begins with it
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("report"),
                               db_index=False)
    kind = models.CharField(_("kind"), max_length=4, choices=EvidenceKind.choices, default=EvidenceKind.FILE)
    file = models.FileField(_("file"), upload_to=evidence_path, storage=evidence_storage, max_length=255, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    status = models.CharField(_("review"), max_length=10, choices=EvidenceStatus.choices,
                              default=EvidenceStatus.PENDING)
    review_comment = models.TextField(_("superior's comment"), blank=True)
    client_token = models.UUIDField(
        _("upload token"), null=True, blank=True,
        help_text=_("Chosen by the uploading device: a retried upload with the same token is the same evidence."))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("uploaded by"))
    replaces = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("replaces"))
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("deleted by"))

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["report", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "client_token"], name="evidence_unique_client_token"),
        ]
        indexes = [
            models.Index(fields=["instance", "status", "deleted_at"], name="evidence_review_queue"),
            models.Index(fields=["report", "deleted_at"], name="evidence_report_live"),
        ]

    def __str__(self) -> str:
        return self.original_name or self.url or self.caption

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class DailyLog(TenantModel):
    """Progres harian: what the employee did on one day towards one RHK."""

    skp = models.ForeignKey("skp.Skp", on_delete=models.CASCADE, related_name="daily_logs", verbose_name=_("SKP"))
    rhk = models.ForeignKey("skp.Rhk", on_delete=models.CASCADE, related_name="daily_logs", verbose_name=_("RHK"))
    iki = models.ForeignKey("skp.Iki", on_delete=models.SET_NULL, null=True, blank=True, related_name="daily_logs",
                            verbose_name=_("IKI"), help_text=_("The indicator the quantity counts towards, if any."))
    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="daily_logs",
                                 verbose_name=_("employee"))
    date = models.DateField(_("date"))
    text = models.TextField(_("what was done"))
    quantity = models.DecimalField(_("quantity"), max_digits=20, decimal_places=4, null=True, blank=True)

    TEXT_LIMITS = {"text": 5_000}

    class Meta:
        verbose_name = _("daily log entry")
        verbose_name_plural = _("daily log")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["employee", "date"], name="dailylog_employee_date"),
                   models.Index(fields=["rhk", "date"], name="dailylog_rhk_date")]

    def __str__(self) -> str:
        return f"{self.date}: {self.text[:60]}"


class Risk(models.TextChoices):
    NONE = "", _("On track")
    AT_RISK = "at_risk", _("At risk")
    NO_DATA = "no_data", _("No report yet")


# The achievement rows below are derived: ``progress/achievement`` recomputes them from the reports at any time
# (a history rebuild rewrites millions of them). Their foreign keys are declared without a database constraint
# (``db_constraint=False``): PostgreSQL would otherwise check each key of each written row at COMMIT (2.5 million
# rows x 5 keys took half of a 20,000-employee rebuild), while every key they hold is read in the same statement
# from the rows it points at. Deleting an IKI, SKP, employee or unit still deletes its rows (Django's
# ``on_delete`` runs in Python, not in the database); an instance's rows go with ``rebuild(history=True)``. A key
# that leads a composite index or unique constraint of its table has no index of its own (``db_index=False``): every
# index is written for every row of a rebuild.
def _derived_key(to: str, verbose_name, related_name: str = "+", on_delete=models.CASCADE, **kw):
    return models.ForeignKey(to, on_delete=on_delete, related_name=related_name, verbose_name=verbose_name,
                             db_constraint=False, **kw)


class IkiAchievement(TenantModel):
    """Capaian of one IKI up to the end of one reporting period (cumulative), with its projection."""

    instance = _derived_key("organization.Instance", _("instance"), on_delete=models.PROTECT, db_index=False)
    iki = _derived_key("skp.Iki", _("IKI"), related_name="achievements", db_index=False)
    skp = _derived_key("skp.Skp", _("SKP"))
    employee = _derived_key("people.Employee", _("employee"), db_index=False)
    unit = _derived_key("organization.Unit", _("unit"), db_index=False)
    period_start = models.DateField(_("reporting period from"))
    realisation = models.DecimalField(_("realisation so far"), max_digits=20, decimal_places=4, null=True)
    achievement = models.DecimalField(_("achievement (%)"), max_digits=9, decimal_places=2, null=True)
    expected = models.DecimalField(_("expected by now (%)"), max_digits=9, decimal_places=2, null=True)
    projected = models.DecimalField(_("projected at the end (%)"), max_digits=9, decimal_places=2, null=True)
    risk = models.CharField(_("early warning"), max_length=10, choices=Risk.choices, blank=True, default="")
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("IKI achievement")
        verbose_name_plural = _("IKI achievements")
        constraints = [models.UniqueConstraint(fields=["iki", "period_start"], name="ikiachievement_unique")]
        indexes = [models.Index(fields=["instance", "unit", "period_start"], name="ikiach_unit_period"),
                   models.Index(fields=["employee", "period_start"], name="ikiach_employee_period"),
                   # a period's rows (``advance``: the period before, the RHK and employee means, the warnings)
                   models.Index(fields=["instance", "period_start"], name="ikiach_instance_period")]


class EmployeeAchievement(TenantModel):
    """An employee's achievement over their SKP up to one reporting period (the mean of their IKI)."""

    instance = _derived_key("organization.Instance", _("instance"), on_delete=models.PROTECT, db_index=False)
    skp = _derived_key("skp.Skp", _("SKP"), db_index=False)
    employee = _derived_key("people.Employee", _("employee"))
    unit = _derived_key("organization.Unit", _("unit"), db_index=False)
    period_start = models.DateField(_("reporting period from"))
    achievement = models.DecimalField(_("achievement (%)"), max_digits=9, decimal_places=2, null=True)
    projected = models.DecimalField(_("projected at the end (%)"), max_digits=9, decimal_places=2, null=True)
    indicators = models.PositiveIntegerField(_("indicators"), default=0)
    reported = models.PositiveIntegerField(_("indicators reported"), default=0)
    at_risk = models.PositiveIntegerField(_("indicators at risk"), default=0)

    class Meta:
        verbose_name = _("employee achievement")
        verbose_name_plural = _("employee achievements")
        constraints = [models.UniqueConstraint(fields=["skp", "period_start"], name="employeeachievement_unique")]
        indexes = [models.Index(fields=["instance", "unit", "period_start"], name="empach_unit_period")]


class RhkAchievement(TenantModel):
    """An RHK's achievement up to one reporting period: its own IKI (mean) and rolled up the cascade (its own
    when reported, else the mean of the RHK intervening it), which is what a PK indicator counts."""

    instance = _derived_key("organization.Instance", _("instance"), on_delete=models.PROTECT, db_index=False)
    rhk = _derived_key("skp.Rhk", _("RHK"), related_name="achievements", db_index=False)
    period_start = models.DateField(_("reporting period from"))
    achievement = models.DecimalField(_("achievement of its own IKI (%)"), max_digits=9, decimal_places=2, null=True)
    projected = models.DecimalField(_("projection of its own IKI (%)"), max_digits=9, decimal_places=2, null=True)
    rolled_achievement = models.DecimalField(_("achievement rolled up (%)"), max_digits=9, decimal_places=2,
                                             null=True)
    rolled_projected = models.DecimalField(_("projection rolled up (%)"), max_digits=9, decimal_places=2, null=True)
    contributors = models.PositiveIntegerField(_("supporting IKI"), default=0)
    at_risk = models.PositiveIntegerField(_("supporting IKI at risk"), default=0)

    class Meta:
        verbose_name = _("RHK achievement")
        verbose_name_plural = _("RHK achievements")
        constraints = [models.UniqueConstraint(fields=["rhk", "period_start"], name="rhkachievement_unique")]
        indexes = [models.Index(fields=["instance", "period_start"], name="rhkach_instance_period")]


class RollupMark(TenantModel):
    """How far the instance's roll-up is computed: the day it was computed for and the settings and rules it used.
    ``advance`` recomputes only the periods a later day can change; a different key means a full rebuild."""

    instance = models.OneToOneField("organization.Instance", on_delete=models.CASCADE, related_name="+",
                                    verbose_name=_("instance"))
    as_of = models.DateField(_("computed for the day"))
    key = models.CharField(_("settings and rules"), max_length=200)

    class Meta:
        verbose_name = _("roll-up mark")
        verbose_name_plural = _("roll-up marks")


class IndicatorLevel(models.TextChoices):
    PK = "pk", _("Performance agreement indicator")
    IKU = "iku", _("IKU")


class IndicatorAchievement(TenantModel):
    """A PK indicator's or an IKU's achievement up to one reporting period, from the work that supports it."""

    level = models.CharField(_("level"), max_length=3, choices=IndicatorLevel.choices)
    instance = _derived_key("organization.Instance", _("instance"), on_delete=models.PROTECT)
    pk_indicator = _derived_key("planning.PkIndicator", _("PK indicator"), null=True, blank=True)
    iku = _derived_key("planning.Iku", _("IKU"), null=True, blank=True)
    unit = _derived_key("organization.Unit", _("unit"))
    period_start = models.DateField(_("reporting period from"))
    achievement = models.DecimalField(_("achievement (%)"), max_digits=9, decimal_places=2, null=True)
    projected = models.DecimalField(_("projected at the end (%)"), max_digits=9, decimal_places=2, null=True)
    contributors = models.PositiveIntegerField(_("supporting IKI"), default=0)
    at_risk = models.PositiveIntegerField(_("supporting IKI at risk"), default=0)
    risk = models.CharField(_("early warning"), max_length=10, choices=Risk.choices, blank=True, default="")
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("indicator achievement")
        verbose_name_plural = _("indicator achievements")
        constraints = [
            models.UniqueConstraint(fields=["pk_indicator", "period_start"], name="indach_unique_pk",
                                    condition=models.Q(level="pk")),
            models.UniqueConstraint(fields=["iku", "period_start"], name="indach_unique_iku",
                                    condition=models.Q(level="iku")),
        ]
        indexes = [models.Index(fields=["instance", "level", "period_start"], name="indach_level_period"),
                   models.Index(fields=["instance", "unit", "period_start"], name="indach_unit_period")]
