"""The SKP (Sasaran Kinerja Pegawai): each employee's plan for a period (DOMAIN §1–§3).

An :class:`Skp` belongs to one employee and one :class:`Period`. It holds RHK (rencana hasil
kerja), each with IKI (indicators) and targets; the lampiran (resources, accountability,
consequences); and the expected behaviour (the seven BerAKHLAK values plus the superior's own
expectations). A JPT's RHK carry a PK indicator (planning.PkIndicator) and a perspective; everyone
else's RHK name the superior's RHK they intervene (``Rhk.parent``), which makes the cascade.

The workflow (draft → submitted → approved, or returned → resubmitted; approved → revision) is the
pure state machine in kinerja.rules.skp; ``lock_version`` gives optimistic concurrency (a second
save of stale data is refused, not silently merged), and every submit/return/approve keeps a
snapshot in :class:`SkpVersion`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kinerja.core.models import TenantModel
from kinerja.rules import skp as rules


class PeriodKind(models.TextChoices):
    ANNUAL = rules.PeriodKind.ANNUAL, _("Annual")
    SEMESTER = rules.PeriodKind.SEMESTER, _("Semester")
    QUARTERLY = rules.PeriodKind.QUARTERLY, _("Quarterly")


class SkpSettings(TenantModel):
    """Per-instance SKP settings (one row per instance; defaults apply when there is none)."""

    period_kind = models.CharField(_("SKP period"), max_length=10, choices=PeriodKind.choices,
                                   default=PeriodKind.ANNUAL)
    deadline_months_after_start = models.PositiveSmallIntegerField(
        _("deadline: months after the period starts"), default=0,
        help_text=_("0 means the end of the period's first month (end of January for a year)."))
    deadline_day = models.PositiveSmallIntegerField(_("deadline: day of the month"), default=31)

    class Meta:
        verbose_name = _("SKP settings")
        verbose_name_plural = _("SKP settings")
        constraints = [models.UniqueConstraint(fields=["instance"], name="skpsettings_one_per_instance")]

    def __str__(self) -> str:
        return str(_("SKP settings"))


class Period(TenantModel):
    """An SKP period of an instance: a year by default, or a semester or quarter."""

    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.ANNUAL)
    year = models.PositiveSmallIntegerField(_("year"))
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    deadline = models.DateField(_("SKP deadline"))
    is_closed = models.BooleanField(_("closed"), default=False,
                                    help_text=_("A closed period's SKPs can no longer change."))
    scoring_scheme = models.CharField(_("scoring scheme"), max_length=40, default="permenpanrb-6-2022",
                                      help_text=_("The evaluation rules used for this period (versioned)."))

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["instance", "start_date", "end_date"], name="period_unique_dates"),
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                   name="period_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.name


class SkpKind(models.TextChoices):
    JPT = "jpt", _("JPT (perspectives)")
    STANDARD = "standard", _("Administrator, Pengawas, Pelaksana, Fungsional")


class SkpStatus(models.TextChoices):
    DRAFT = rules.Status.DRAFT, _("Draft")
    SUBMITTED = rules.Status.SUBMITTED, _("Submitted")
    RETURNED = rules.Status.RETURNED, _("Returned")
    APPROVED = rules.Status.APPROVED, _("Approved")


class Skp(TenantModel):
    """One employee's SKP for one period, with the people on its header frozen when it is written."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="skps", verbose_name=_("period"))
    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="skps",
                                 verbose_name=_("employee"))
    kind = models.CharField(_("kind"), max_length=10, choices=SkpKind.choices, default=SkpKind.STANDARD)
    # the header (DOMAIN §2), refreshed while the SKP is editable and frozen once approved
    position = models.ForeignKey("organization.Position", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("position"))
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    evaluator = models.ForeignKey("people.Employee", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("evaluating official"))
    evaluator_position = models.ForeignKey("organization.Position", on_delete=models.PROTECT, null=True,
                                           blank=True, related_name="+", verbose_name=_("evaluator's position"))
    evaluator_acting = models.CharField(_("evaluator acts as"), max_length=3, blank=True,
                                        help_text=_("plt or plh when the evaluator is an acting official."))
    evaluator_superior = models.ForeignKey("people.Employee", on_delete=models.PROTECT, null=True, blank=True,
                                           related_name="+", verbose_name=_("evaluator's superior"))
    evaluator_superior_position = models.ForeignKey("organization.Position", on_delete=models.PROTECT,
                                                    null=True, blank=True, related_name="+",
                                                    verbose_name=_("position of the evaluator's superior"))
    status = models.CharField(_("status"), max_length=10, choices=SkpStatus.choices, default=SkpStatus.DRAFT)
    version = models.PositiveIntegerField(_("approved version"), default=0,
                                          help_text=_("How many times it has been approved."))
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    return_reason = models.TextField(_("reason for return"), blank=True)
    revision_reason = models.TextField(_("reason for revision"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey("people.Employee", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved by"))
    set_by_admin = models.BooleanField(_("set by the HR admin"), default=False)

    class Meta:
        verbose_name = _("SKP")
        verbose_name_plural = _("SKP")
        ordering = ["-period__start_date", "employee__name"]
        constraints = [models.UniqueConstraint(fields=["period", "employee"], name="skp_unique_employee_period")]
        indexes = [
            models.Index(fields=["instance", "period", "status"]),
            models.Index(fields=["instance", "period", "unit"]),
            models.Index(fields=["evaluator", "status"]),
        ]

    def __str__(self) -> str:
        return f"SKP {self.period}: {self.employee}"

    @property
    def is_editable(self) -> bool:
        return rules.is_editable(self.status)

    @property
    def is_jpt(self) -> bool:
        return self.kind == SkpKind.JPT


class RhkGroup(models.TextChoices):
    UTAMA = rules.Group.UTAMA, _("Main (utama)")
    TAMBAHAN = rules.Group.TAMBAHAN, _("Additional (tambahan)")


class Perspective(models.TextChoices):
    PENERIMA_LAYANAN = rules.Perspective.PENERIMA_LAYANAN, _("Service recipients (Penerima Layanan)")
    PROSES_BISNIS = rules.Perspective.PROSES_BISNIS, _("Business process (Proses Bisnis)")
    PENGUATAN_INTERNAL = rules.Perspective.PENGUATAN_INTERNAL, _("Internal strengthening (Penguatan Internal)")
    ANGGARAN = rules.Perspective.ANGGARAN, _("Budget (Anggaran)")


class Rhk(TenantModel):
    """A planned work result (rencana hasil kerja) of an SKP."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="rhks", verbose_name=_("SKP"))
    group = models.CharField(_("group"), max_length=10, choices=RhkGroup.choices, default=RhkGroup.UTAMA)
    perspective = models.CharField(_("perspective"), max_length=20, choices=Perspective.choices, blank=True)
    text = models.TextField(_("planned work result (RHK)"))
    parent = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children",
                               verbose_name=_("superior's RHK intervened"))
    pk_indicator = models.ForeignKey("planning.PkIndicator", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="rhks", verbose_name=_("PK indicator"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    parent_changed_at = models.DateTimeField(
        _("linked RHK changed"), null=True, blank=True,
        help_text=_("Set when the superior's RHK this one intervenes changes; cleared when the employee has seen it."))
    return_comment = models.TextField(
        _("evaluator's comment"), blank=True, default="", db_default="",
        help_text=_("What the evaluating official asked to correct in this RHK when returning the SKP; kept until "
                    "the next return or the approval (the version history keeps every one)."))

    class Meta:
        verbose_name = _("RHK")
        verbose_name_plural = _("RHK")
        ordering = ["skp", "group", "order", "pk"]
        indexes = [models.Index(fields=["instance", "skp"])]

    def __str__(self) -> str:
        return self.text


class Aspect(models.TextChoices):
    KUANTITAS = rules.Aspect.KUANTITAS, _("Quantity (kuantitas)")
    KUALITAS = rules.Aspect.KUALITAS, _("Quality (kualitas)")
    WAKTU = rules.Aspect.WAKTU, _("Time (waktu)")
    BIAYA = rules.Aspect.BIAYA, _("Cost (biaya)")


class TargetKind(models.TextChoices):
    NUMBER = rules.TargetKind.NUMBER, pgettext_lazy("IKI target kind", "Number")  # "Angka", not "Nomor"
    RANGE = rules.TargetKind.RANGE, _("Range")
    TEXT = rules.TargetKind.TEXT, _("Qualitative")


class Iki(TenantModel):
    """An individual performance indicator (IKI) of an RHK, with its target."""

    rhk = models.ForeignKey(Rhk, on_delete=models.CASCADE, related_name="ikis", verbose_name=_("RHK"))
    aspect = models.CharField(_("aspect"), max_length=10, choices=Aspect.choices, blank=True)
    text = models.TextField(_("indicator (IKI)"))
    target_kind = models.CharField(_("target kind"), max_length=6, choices=TargetKind.choices,
                                   default=TargetKind.NUMBER)
    target_value = models.DecimalField(_("target"), max_digits=20, decimal_places=4, null=True, blank=True)
    target_min = models.DecimalField(_("target from"), max_digits=20, decimal_places=4, null=True, blank=True)
    target_max = models.DecimalField(_("target to"), max_digits=20, decimal_places=4, null=True, blank=True)
    target_text = models.CharField(_("qualitative target"), max_length=255, blank=True)
    measure_unit = models.CharField(_("unit of measure"), max_length=60, blank=True)
    lower_is_better = models.BooleanField(_("lower is better"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("IKI")
        verbose_name_plural = _("IKI")
        ordering = ["rhk", "order", "pk"]
        indexes = [models.Index(fields=["instance", "rhk"])]

    def __str__(self) -> str:
        return self.text

    @property
    def target(self) -> rules.Target:
        return rules.Target(rules.TargetKind(self.target_kind), self.target_value, self.target_min,
                            self.target_max, self.target_text, self.measure_unit)

    @property
    def target_display(self) -> str:
        return self.target.display()


class AppendixKind(models.TextChoices):
    RESOURCES = rules.AppendixKind.RESOURCES, _("Resources (dukungan sumber daya)")
    ACCOUNTABILITY = rules.AppendixKind.ACCOUNTABILITY, _("Accountability scheme (skema pertanggungjawaban)")
    CONSEQUENCES = rules.AppendixKind.CONSEQUENCES, _("Consequences (konsekuensi)")


class Appendix(TenantModel):
    """One line of the SKP's lampiran."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="appendix", verbose_name=_("SKP"))
    kind = models.CharField(_("kind"), max_length=20, choices=AppendixKind.choices)
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("lampiran line")
        verbose_name_plural = _("lampiran")
        ordering = ["skp", "kind", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class BehaviourExpectation(TenantModel):
    """The superior's specific expectation (ekspektasi khusus pimpinan) for one BerAKHLAK value."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="expectations", verbose_name=_("SKP"))
    value = models.CharField(_("core value"), max_length=30,
                             choices=[(v.code, v.name) for v in rules.BERAKHLAK])
    expectation = models.TextField(_("specific expectation of the superior"), blank=True)

    class Meta:
        verbose_name = _("expected behaviour")
        verbose_name_plural = _("expected behaviour")
        ordering = ["skp", "pk"]
        constraints = [models.UniqueConstraint(fields=["skp", "value"], name="expectation_unique_value")]

    def __str__(self) -> str:
        return self.get_value_display()


class SkpVersion(TenantModel):
    """A snapshot of the SKP's whole content at a workflow step (submit, return, approve, revise)."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="versions", verbose_name=_("SKP"))
    number = models.PositiveIntegerField(_("number"))
    action = models.CharField(_("action"), max_length=10)
    status = models.CharField(_("status"), max_length=10, choices=SkpStatus.choices)
    note = models.TextField(_("note"), blank=True)
    content = models.JSONField(_("content"))
    by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                           verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("SKP version")
        verbose_name_plural = _("SKP versions")
        ordering = ["skp", "-number"]
        constraints = [models.UniqueConstraint(fields=["skp", "number"], name="skpversion_unique_number")]

    def __str__(self) -> str:
        return f"{self.skp} v{self.number}"


class SkpTemplate(TenantModel):
    """Standard RHK and IKI for a position (e.g. the outputs of a functional position).

    ``content`` is a list of RHK: ``[{"group", "text", "perspective", "ikis": [{"aspect", "text",
    "target_kind", "target_value", "target_min", "target_max", "target_text", "measure_unit",
    "lower_is_better"}]}]``, validated with the same rules as an SKP when it is saved.
    """

    name = models.CharField(_("name"), max_length=200)
    position_name = models.CharField(_("position name"), max_length=200, blank=True,
                                     help_text=_("Offered to every position of this name (e.g. Perawat Ahli Pertama)."))
    position_kind = models.CharField(_("position kind"), max_length=20, blank=True)
    content = models.JSONField(_("content"), default=list)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("SKP template")
        verbose_name_plural = _("SKP templates")
        ordering = ["name"]
        indexes = [models.Index(fields=["instance", "position_name"])]

    def __str__(self) -> str:
        return self.name
