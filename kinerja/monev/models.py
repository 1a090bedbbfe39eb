"""The monitoring and evaluation team (tim monev; issue 10 item 5; DOMAIN.md §4).

* :class:`TeamMember`: who sits on the instance's tim monev (an employee, as chair, secretary or member, from a
  date, until a date or open-ended). The BKPSDM admin manages it; an active member writes the team's records.
* :class:`Round` (putaran monev): an evaluation round for an SKP period, with its dates and the units it covers
  (none: the whole instance); open until the team closes it.
* :class:`Session`: an interview (wawancara) or discussion (diskusi) in a round, about one employee or one unit:
  its date, participants, notes; :class:`Finding` (structured: text, category, severity) and
  :class:`EvidenceLink` (a link to the evidence, of the session or of one finding).
* :class:`Recommendation`: what the team recommends, with an owner (an employee, or a unit — its head),
  a due date and a status (``kinerja/rules/monev.py``: open → in progress → done, or dropped with a reason);
  :class:`RecommendationUpdate` is its trail (progress notes and status changes).
* :class:`TrainingNeed`: a training recommendation kept as a structured need (competency, target employees or
  unit, the gap, priority, estimates) for the development app to come.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kinerja.core.models import TenantModel
from kinerja.rules import monev as rules


class TeamRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class TeamMember(TenantModel):
    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("employee"))
    role = models.CharField(_("role in the team"), max_length=10, choices=TeamRole.choices, default=TeamRole.MEMBER)
    start_date = models.DateField(_("member from"))
    end_date = models.DateField(_("member until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__isnull=True)
                                   | models.Q(end_date__gte=models.F("start_date")),
                                   name="monev_member_end_after_start"),
        ]
        indexes = [models.Index(fields=["instance", "employee", "start_date"], name="monev_member_employee")]

    def __str__(self) -> str:
        return f"{self.employee} ({self.get_role_display()})"

    def is_active_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class RoundStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("round status", "Open")
    CLOSED = "closed", _("Closed")


class Round(TenantModel):
    period = models.ForeignKey("skp.Period", on_delete=models.PROTECT, related_name="+", verbose_name=_("period"))
    name = models.CharField(_("name"), max_length=150)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    units = models.ManyToManyField("organization.Unit", blank=True, related_name="+", verbose_name=_("units covered"),
                                   help_text=_("Each with its subtree; none: the whole instance."))
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    TEXT_LIMITS = {"description": 5_000}

    class Meta:
        verbose_name = _("monitoring round")
        verbose_name_plural = _("monitoring rounds")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                   name="monev_round_end_after_start"),
        ]
        indexes = [models.Index(fields=["instance", "-start_date", "-id"], name="monev_round_list")]

    def __str__(self) -> str:
        return self.name


class SessionKind(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    DISCUSSION = "discussion", _("Discussion")


class Session(TenantModel):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("round"))
    kind = models.CharField(_("kind"), max_length=10, choices=SessionKind.choices, default=SessionKind.INTERVIEW)
    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("employee"))
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("unit"))
    subject_unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("unit concerned"), editable=False,
                                     help_text=_("The unit, or the employee's unit when the session was held."))
    held_on = models.DateField(_("date"))
    participants = models.ManyToManyField("people.Employee", blank=True, related_name="+",
                                          verbose_name=_("participants"))
    other_participants = models.CharField(_("other participants"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    TEXT_LIMITS = {"notes": 20_000}

    class Meta:
        verbose_name = _("monitoring session")
        verbose_name_plural = _("monitoring sessions")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=(models.Q(employee__isnull=False, unit__isnull=True)
                                              | models.Q(employee__isnull=True, unit__isnull=False)),
                                   name="monev_session_employee_or_unit"),
        ]
        indexes = [
            models.Index(fields=["instance", "round", "-held_on"], name="monev_session_round"),
            models.Index(fields=["instance", "employee"], name="monev_session_employee"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject} {self.held_on:%d-%m-%Y}"

    @property
    def subject(self):
        return self.employee if self.employee_id else self.unit


class FindingCategory(models.TextChoices):
    TARGETS = "targets", _("Targets and achievement")
    EVIDENCE = "evidence", _("Evidence and data")
    PROCESS = "process", _("Process and procedure")
    BEHAVIOUR = "behaviour", _("Behaviour (BerAKHLAK)")
    COMPETENCY = "competency", _("Competency")
    RESOURCES = "resources", _("Resources and facilities")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Finding(TenantModel):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="findings",
                                verbose_name=_("session"))
    text = models.TextField(_("finding"))
    category = models.CharField(_("category"), max_length=12, choices=FindingCategory.choices)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices, default=Severity.MEDIUM)

    TEXT_LIMITS = {"text": 2_000}

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["session", "pk"]
        indexes = [models.Index(fields=["instance", "session"], name="monev_finding_session")]

    def __str__(self) -> str:
        return self.text[:60]


class EvidenceLink(TenantModel):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="links", verbose_name=_("session"))
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, null=True, blank=True, related_name="links",
                                verbose_name=_("finding"))
    url = models.URLField(_("link"), max_length=500)
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("evidence link")
        verbose_name_plural = _("evidence links")
        ordering = ["session", "pk"]
        indexes = [models.Index(fields=["instance", "session"], name="monev_link_session")]

    def __str__(self) -> str:
        return self.caption or self.url


class RecommendationCategory(models.TextChoices):
    TRAINING = "training", _("Training and competency development")
    COACHING = "coaching", _("Coaching and mentoring")
    PROCESS = "process", _("Process or procedure improvement")
    TARGETS = "targets", _("Targets and indicators")
    DATA = "data", _("Data and evidence")
    RESOURCES = "resources", _("Resources")
    OTHER = "other", _("Other")


class RecommendationStatus(models.TextChoices):
    OPEN = rules.OPEN, pgettext_lazy("recommendation status", "Open")
    IN_PROGRESS = rules.IN_PROGRESS, pgettext_lazy("recommendation status", "In progress")
    DONE = rules.DONE, _("Done")
    DROPPED = rules.DROPPED, _("Dropped")


class Recommendation(TenantModel):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="recommendations",
                              verbose_name=_("round"))
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="recommendations",
                                verbose_name=_("session"))
    finding = models.ForeignKey(Finding, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("finding"))
    text = models.TextField(_("recommendation"))
    category = models.CharField(_("category"), max_length=10, choices=RecommendationCategory.choices,
                                default=RecommendationCategory.OTHER)
    owner_employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("owner (employee)"))
    owner_unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("owner (unit head)"))
    owner_path = models.CharField(max_length=255, editable=False,
                                  help_text="The owner unit's tree path (the employee's unit): heads read it.")
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=12, choices=RecommendationStatus.choices,
                              default=RecommendationStatus.OPEN)
    drop_reason = models.TextField(_("reason for dropping"), blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    TEXT_LIMITS = {"text": 2_000, "drop_reason": 2_000}

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=(models.Q(owner_employee__isnull=False, owner_unit__isnull=True)
                                              | models.Q(owner_employee__isnull=True, owner_unit__isnull=False)),
                                   name="monev_recommendation_one_owner"),
            models.CheckConstraint(condition=~models.Q(status=rules.DROPPED) | ~models.Q(drop_reason=""),
                                   name="monev_recommendation_dropped_reason"),
        ]
        indexes = [
            models.Index(fields=["instance", "status", "due_on"], name="monev_rec_status_due"),
            models.Index(fields=["instance", "round", "due_on"], name="monev_rec_round"),
            models.Index(fields=["owner_employee", "status"], name="monev_rec_owner_employee"),
            models.Index(fields=["owner_unit", "status"], name="monev_rec_owner_unit"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def owner(self):
        return self.owner_employee if self.owner_employee_id else self.owner_unit

    def is_overdue(self, today) -> bool:
        return rules.is_overdue(self.status, self.due_on, today)

    def days_late(self, today) -> int:
        return rules.days_late(self.status, self.due_on, today)


class RecommendationUpdate(TenantModel):
    """One entry of a recommendation's trail: a progress note, a status change (with its note), a reassignment."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="updates",
                                       verbose_name=_("recommendation"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("author"))
    author_employee = models.ForeignKey("people.Employee", on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+", verbose_name=_("author (employee)"))
    note = models.TextField(_("note"), blank=True)
    status_from = models.CharField(_("from"), max_length=12, choices=RecommendationStatus.choices, blank=True)
    status_to = models.CharField(_("to"), max_length=12, choices=RecommendationStatus.choices, blank=True)

    TEXT_LIMITS = {"note": 5_000}

    class Meta:
        verbose_name = _("recommendation update")
        verbose_name_plural = _("recommendation updates")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["instance", "recommendation", "created_at"], name="monev_rec_trail")]

    def __str__(self) -> str:
        return self.note[:60] or f"{self.status_from} → {self.status_to}"


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class TrainingNeed(TenantModel):
    """A training need for the development app to come: what competency, for whom, why, how urgent."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="training_needs",
                                       verbose_name=_("source recommendation"))
    competency = models.CharField(_("competency or topic"), max_length=200)
    target_unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("target unit"))
    target_employees = models.ManyToManyField("people.Employee", blank=True, related_name="+",
                                              verbose_name=_("target employees"))
    reason = models.TextField(_("reason or gap"))
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.MEDIUM)
    estimated_participants = models.PositiveIntegerField(_("estimated participants"), null=True, blank=True)
    estimated_cost = models.DecimalField(_("estimated cost (Rp)"), max_digits=14, decimal_places=0, null=True,
                                         blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))

    TEXT_LIMITS = {"reason": 2_000}

    class Meta:
        verbose_name = _("training need")
        verbose_name_plural = _("training needs")
        ordering = ["recommendation", "pk"]
        indexes = [models.Index(fields=["instance", "priority"], name="monev_training_priority")]

    def __str__(self) -> str:
        return self.competency
