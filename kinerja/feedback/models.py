"""Continuous feedback and performance dialogues (issue 9 item 3; DOMAIN.md §13).

* :class:`Comment` (umpan balik berkelanjutan): a threaded comment on an RHK or on a progress report, by
  the SKP's employee or its evaluating official. A reply names its ``parent`` (replies are one level deep: a
  reply to a reply joins the same thread). Its author may edit it and delete it (soft delete: the thread keeps
  its place, saying it was deleted).
* :class:`Dialogue` (dialog kinerja): a meeting of the employee and the superior about one SKP — when, where
  (in person or online), the agenda, the superior's notes (the employee reads them), its status and the
  follow-up date; :class:`DialogueAction`: what they agreed, whose it is and by when, and when it was done.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TenantModel


class Comment(TenantModel):
    skp = models.ForeignKey("skp.Skp", on_delete=models.CASCADE, related_name="+", verbose_name=_("SKP"))
    rhk = models.ForeignKey("skp.Rhk", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                            verbose_name=_("RHK"))
    report = models.ForeignKey("progress.Report", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="+", verbose_name=_("progress report"))
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies",
                               verbose_name=_("reply to"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("author"))
    author_employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name=_("author (employee)"))
    body = models.TextField(_("comment"))
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)

    BODY_MAX = 5_000
    TEXT_LIMITS = {"body": BODY_MAX}

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(rhk__isnull=False, report__isnull=True)
                           | models.Q(rhk__isnull=True, report__isnull=False)),
                name="comment_on_rhk_or_report"),
        ]
        indexes = [
            models.Index(fields=["rhk", "created_at"], name="comment_rhk_thread"),
            models.Index(fields=["report", "created_at"], name="comment_report_thread"),
            models.Index(fields=["instance", "skp"], name="comment_instance_skp"),
        ]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


PLACE_MAX = 300


class Medium(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class DialogueStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Dialogue(TenantModel):
    skp = models.ForeignKey("skp.Skp", on_delete=models.CASCADE, related_name="+", verbose_name=_("SKP"))
    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("employee"))
    superior = models.ForeignKey("people.Employee", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("superior"))
    scheduled_at = models.DateTimeField(_("date and time"))
    medium = models.CharField(_("medium"), max_length=10, choices=Medium.choices, default=Medium.IN_PERSON)
    place = models.CharField(_("place or link"), max_length=PLACE_MAX, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    notes = models.TextField(_("notes"), blank=True,
                             help_text=_("Written by the superior; the employee reads them."))
    status = models.CharField(_("status"), max_length=10, choices=DialogueStatus.choices,
                              default=DialogueStatus.PLANNED)
    requested_by_employee = models.BooleanField(_("requested by the employee"), default=False)
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    held_at = models.DateTimeField(_("held"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    TEXT_LIMITS = {"agenda": 5_000, "notes": 20_000, "cancel_reason": 2_000}

    class Meta:
        verbose_name = _("performance dialogue")
        verbose_name_plural = _("performance dialogues")
        ordering = ["-scheduled_at", "-pk"]
        indexes = [
            models.Index(fields=["instance", "skp", "scheduled_at"], name="dialogue_skp"),
            models.Index(fields=["employee", "scheduled_at"], name="dialogue_employee"),
            models.Index(fields=["superior", "scheduled_at"], name="dialogue_superior"),
            models.Index(fields=["status", "scheduled_at"], name="dialogue_status_date"),
            models.Index(fields=["status", "follow_up_on"], name="dialogue_follow_up"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.scheduled_at:%Y-%m-%d}"


class ActionOwner(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    SUPERIOR = "superior", _("Superior")


class DialogueAction(TenantModel):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="actions",
                                 verbose_name=_("dialogue"))
    text = models.TextField(_("agreed action"))
    owner = models.CharField(_("whose"), max_length=10, choices=ActionOwner.choices, default=ActionOwner.EMPLOYEE)
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("done by"))

    TEXT_MAX = 2_000
    TEXT_LIMITS = {"text": TEXT_MAX}

    class Meta:
        verbose_name = _("agreed action")
        verbose_name_plural = _("agreed actions")
        ordering = ["dialogue", "pk"]
        indexes = [models.Index(fields=["instance", "dialogue"], name="dialogueaction_dialogue")]

    def __str__(self) -> str:
        return self.text[:60]
