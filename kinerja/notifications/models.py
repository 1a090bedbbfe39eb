"""Notifications: what happened that a user should know, in the app (the bell) and by e-mail.

A :class:`Notification` is one message to one user (a login): its kind (what happened), a title, a
line of text and the page it points to. Apps create them through
:func:`kinerja.notifications.services.notify`, inside the transaction of the write that causes them;
e-mail goes out afterwards as a background task, to those whose :class:`EmailPreference` allows it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TenantModel


class Kind(models.TextChoices):
    SKP_SUBMITTED = "skp_submitted", _("An SKP was submitted to you")
    SKP_RETURNED = "skp_returned", _("Your SKP was returned")
    SKP_APPROVED = "skp_approved", _("Your SKP was approved")
    REPORT_SUBMITTED = "report_submitted", _("A progress report was submitted to you")
    REPORT_ACCEPTED = "report_accepted", _("Your progress report was accepted")
    EVIDENCE_RETURNED = "evidence_returned", _("Your evidence needs a fix")
    FEEDBACK = "feedback", _("New feedback")
    DIALOGUE = "dialogue", _("Performance dialogue")
    DEADLINE = "deadline", _("Reporting deadline")
    AT_RISK = "at_risk", _("Early warning: indicator at risk")
    EVALUATION = "evaluation", _("Your performance evaluation")
    PREDIKAT_FINAL = "predikat_final", _("Your predikat is final")
    APPEAL_FILED = "appeal_filed", _("An appeal was filed to you")
    APPEAL_DECIDED = "appeal_decided", _("Your appeal was decided")
    RECOMMENDATION = "recommendation", _("Monitoring team recommendation")


class Notification(TenantModel):
    # indexed by notification_inbox and notification_recent, which begin with it
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                                  verbose_name=_("recipient"), db_index=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    dedupe_key = models.CharField(
        _("once-only key"), max_length=120, blank=True,
        help_text=_("Set for reminders: a second notification with the same key to the same user is not sent."))

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], condition=~models.Q(dedupe_key=""),
                                    name="notification_once_per_key"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox"),
            # the list page and the API (keyset on created_at, id, newest first)
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_recent"),
            # the outbox (tasks.send_pending_emails): only the rows not e-mailed yet
            models.Index(fields=["created_at"], condition=models.Q(emailed_at__isnull=True),
                         name="notification_outbox"),
        ]

    def __str__(self) -> str:
        return self.title


class EmailPreference(TenantModel):
    """One user's choice for one kind of notification by e-mail (no row: the kind's default, on)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences",
                             verbose_name=_("user"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    enabled = models.BooleanField(_("send e-mail"), default=True)

    class Meta:
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="emailpreference_unique_kind")]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind}"


class LanguagePreference(TenantModel):
    """The language a user's notifications and e-mails are written in (no row: the instance default,
    ``notifications.languages.default_language``). Chosen on the e-mail preferences page or over the API."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_language", verbose_name=_("user"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("notification language")
        verbose_name_plural = _("notification languages")

    def __str__(self) -> str:
        return f"{self.user}: {self.language}"


class ScheduledRun(models.Model):
    """One run of a scheduled job (kinerja/core/registry.py ``SCHEDULE``) for one due time: the row is
    written in the transaction that enqueues the task, and its unique key makes a second scheduler (or a
    restarted one) skip a run already made. Platform-wide, not an instance's row."""

    name = models.CharField(_("job"), max_length=100)
    due_at = models.DateTimeField(_("due"))
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("enqueued"), auto_now_add=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [models.UniqueConstraint(fields=["name", "due_at"], name="scheduledrun_once_per_due_time")]

    def __str__(self) -> str:
        return f"{self.name} @ {self.due_at:%Y-%m-%d %H:%M}"
