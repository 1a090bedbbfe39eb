"""Socialisation: performance-policy items the HR admin publishes, and who has read them.

An :class:`Item` (policy, guide or change) is addressed to the whole instance or to chosen units,
each with its subtree (:class:`ItemAudience`). An employee acknowledges an item once
(:class:`Acknowledgement`); administrators see the coverage per unit and send reminders to the
employees who have not read it (:class:`ReminderBatch` → one :class:`Reminder` per employee).
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TenantModel


class Category(models.TextChoices):
    POLICY = "policy", _("Policy")
    GUIDE = "guide", _("Guide")
    CHANGE = "change", _("Change")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ItemQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)


class Item(TenantModel):
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Plain text; separate paragraphs with an empty line."))
    category = models.CharField(_("category"), max_length=10, choices=Category.choices, default=Category.POLICY)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    whole_instance = models.BooleanField(
        _("whole instance"), default=False,
        help_text=_("Addressed to every employee of the instance; otherwise to the chosen units."))
    owner_unit = models.ForeignKey(
        "organization.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("publishing unit"),
        help_text=_("Set when an OPD administrator publishes: the audience stays inside this unit's subtree. "
                    "Empty: published by BKPSDM for the instance."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("published by"))

    objects = ItemQuerySet.as_manager()

    TEXT_LIMITS = {"body": 50_000}  # a policy text, paragraph by paragraph (core/text.py: max_length_of)

    class Meta:
        verbose_name = _("socialisation item")
        verbose_name_plural = _("socialisation items")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["instance", "status", "published_at", "id"], name="socialisation_item_feed"),
            models.Index(fields=["instance", "created_at", "id"], name="socialisation_item_admin"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def paragraphs(self) -> list[str]:
        """The body split at empty lines; the template escapes each and keeps single line breaks."""
        text = self.body.replace("\r\n", "\n").replace("\r", "\n")
        return [p.strip("\n") for p in text.split("\n\n") if p.strip()]


class ItemAudience(TenantModel):
    """One audience unit of an item; the item reaches that unit and everything below it."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="audience", verbose_name=_("item"))
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))

    class Meta:
        verbose_name = _("audience unit")
        verbose_name_plural = _("audience units")
        constraints = [models.UniqueConstraint(fields=["item", "unit"], name="socialisation_audience_unique")]
        indexes = [models.Index(fields=["unit", "item"], name="socialisation_audience_unit")]

    def __str__(self) -> str:
        return f"{self.item} → {self.unit}"


def attachment_path(attachment: Attachment, filename: str) -> str:
    """Stored under MEDIA_ROOT with a random name: the uploader's file name is never a path."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"socialisation/{attachment.instance_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(TenantModel):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("item"))
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("content type"), max_length=120)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("uploaded by"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def extension(self) -> str:
        return PurePosixPath(self.name).suffix.lower().lstrip(".")


class Acknowledgement(TenantModel):
    """"I have read and understood": one row per item and employee."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="acknowledgements",
                             verbose_name=_("item"))
    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("employee"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), default=timezone.now)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [models.UniqueConstraint(fields=["item", "employee"], name="socialisation_ack_unique")]
        indexes = [models.Index(fields=["employee", "item"], name="socialisation_ack_employee")]

    def __str__(self) -> str:
        return f"{self.employee} – {self.item}"


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    DONE = "done", _("Sent")
    FAILED = "failed", _("Failed")


class ReminderBatch(TenantModel):
    """An administrator's "remind" request; the background task fills in what it sent."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="reminder_batches",
                             verbose_name=_("item"))
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("unit"),
                             help_text=_("Only the employees of this unit's subtree; empty: the whole audience."))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("requested by"))
    status = models.CharField(_("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    recipients = models.PositiveIntegerField(_("reminded"), default=0)
    emailed = models.PositiveIntegerField(_("e-mailed"), default=0)
    without_email = models.PositiveIntegerField(_("without e-mail address"), default=0)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder batch")
        verbose_name_plural = _("reminder batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.item} ({self.created_at:%Y-%m-%d %H:%M})" if self.created_at else str(self.item)


class Reminder(TenantModel):
    """An in-app reminder: the employee's home page shows the item with emphasis."""

    batch = models.ForeignKey(ReminderBatch, on_delete=models.CASCADE, related_name="reminders",
                              verbose_name=_("batch"))
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("item"))
    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("employee"))
    emailed = models.BooleanField(_("e-mailed"), default=False)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        indexes = [models.Index(fields=["employee", "item"], name="socialisation_reminder_emp")]

    def __str__(self) -> str:
        return f"{self.employee} – {self.item}"
