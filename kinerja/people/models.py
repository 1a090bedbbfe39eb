"""Employees (ASN: PNS and PPPK), their position history, acting assignments and grades."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TenantModel
from kinerja.rules import grades


class EmployeeKind(models.TextChoices):
    PNS = "PNS", _("Civil servant (PNS)")
    PPPK = "PPPK", _("Contract civil servant (PPPK)")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


GRADE_CHOICES = [(code, f"{code} – {rank}") for code, rank in grades.PNS_GRADES] + [
    (code, f"PPPK {code}") for code in grades.PPPK_GRADES
]


class EmployeeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_display(self):
        return self.select_related("unit", "position")


# Foreign keys whose own index would repeat the leading column of a composite index below are
# declared ``db_index=False``: the composite index serves the same lookups (and the database's own
# foreign-key checks on delete), and every index is one more write for each of 100,000 imported rows.

class Employee(TenantModel):
    instance = models.ForeignKey(  # indexed by employee_keyset and employee_unique_nip_per_instance
        "organization.Instance", on_delete=models.PROTECT, related_name="+", verbose_name=_("instance"),
        db_index=False,
    )
    nip = models.CharField(_("NIP"), max_length=18)
    nip_lama = models.CharField(_("old NIP"), max_length=9, blank=True)
    pns_id = models.CharField(_("SIASN PNS ID"), max_length=64, blank=True)
    front_title = models.CharField(_("front title"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=150)
    back_title = models.CharField(_("back title"), max_length=60, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    kind = models.CharField(_("employee kind"), max_length=4, choices=EmployeeKind.choices, default="PNS")
    grade = models.CharField(_("rank/grade"), max_length=6, choices=GRADE_CHOICES, blank=True)
    tmt_grade = models.DateField(_("grade since (TMT)"), null=True, blank=True)
    tmt_cpns = models.DateField(_("TMT CPNS"), null=True, blank=True)
    position = models.ForeignKey(
        "organization.Position",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="holders",
        verbose_name=_("position"),
        db_index=False,  # indexed by employee_position
    )
    unit = models.ForeignKey(
        "organization.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("unit"),
        db_index=False,  # indexed by employee_unit_keyset
    )
    tmt_position = models.DateField(_("position since (TMT)"), null=True, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["instance", "nip"], name="employee_unique_nip_per_instance"),
        ]
        indexes = [
            models.Index(fields=["instance", "name", "id"], name="employee_keyset"),
            models.Index(fields=["unit", "name", "id"], name="employee_unit_keyset"),
            models.Index(fields=["position"], name="employee_position"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """Name with academic titles: "dr. Siti Aminah, M.Kes."."""
        name = f"{self.front_title} {self.name}".strip() if self.front_title else self.name
        return f"{name}, {self.back_title}" if self.back_title else name

    @property
    def nip_display(self) -> str:
        from kinerja.rules import nip as nip_rules

        try:
            return nip_rules.parse(self.nip, self.kind).formatted()
        except nip_rules.NipError:
            return self.nip

    @property
    def rank_name(self) -> str:
        return grades.RANK_NAMES.get(self.grade, "")


class AssignmentKind(models.TextChoices):
    DEFINITIVE = "definitive", _("Definitive")
    PLT = "plt", _("Acting (Plt)")
    PLH = "plh", _("Daily acting (Plh)")


class AssignmentQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(start_date__lte=day).filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=day))

    def acting(self):
        return self.exclude(kind=AssignmentKind.DEFINITIVE)


class Assignment(TenantModel):
    """Who held which position when: definitive posts (history) and acting posts (Plt/Plh)."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="assignments",
                                 verbose_name=_("employee"), db_index=False)  # indexed by (employee, start_date)
    position = models.ForeignKey("organization.Position", on_delete=models.PROTECT, related_name="assignments",
                                 verbose_name=_("position"), db_index=False)  # by (position, kind, end_date)
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=12, choices=AssignmentKind.choices,
                            default=AssignmentKind.DEFINITIVE)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    decree_number = models.CharField(_("decree (SK) number"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-start_date", "-id"]
        indexes = [
            models.Index(fields=["employee", "start_date"]),
            models.Index(fields=["position", "kind", "end_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="assignment_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} – {self.position} ({self.get_kind_display()})"


class GradeHistory(TenantModel):
    """Promotions in rank: which grade from when."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="grade_history",
                                 verbose_name=_("employee"), db_index=False)  # indexed by grade_history_unique
    grade = models.CharField(_("rank/grade"), max_length=6, choices=GRADE_CHOICES)
    tmt = models.DateField(_("since (TMT)"))
    decree_number = models.CharField(_("decree (SK) number"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("grade history")
        verbose_name_plural = _("grade history")
        ordering = ["-tmt", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "grade", "tmt"], name="grade_history_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.grade} ({self.tmt})"
