"""Exports that run in the background: who asked for what, how far it got, and where the file is.

An :class:`ExportJob` is written by :func:`kinerja.exports.services.request_skp_export` (with its
audit event) and filled in by the background task :func:`kinerja.exports.tasks.run_export`: queued →
running → done (file, row count, size) or failed (error). The file lives under ``MEDIA_ROOT`` with a
random name and is served only through the scoped download view, never as a public media URL.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TenantModel


class ExportKind(models.TextChoices):
    SKP_PERIOD = "skp_period", _("SKPs of a period")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


PENDING = (JobStatus.QUEUED, JobStatus.RUNNING)


class ExportJob(TenantModel):
    """One export an administrator asked for."""

    kind = models.CharField(_("kind"), max_length=20, choices=ExportKind.choices, default=ExportKind.SKP_PERIOD)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("requested by"))
    period = models.ForeignKey("skp.Period", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("period"))
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("unit"),
                             help_text=_("The unit with its sub-units; empty: the whole instance."))
    scope_paths = models.JSONField(_("limited to"), default=list, blank=True,
                                   help_text=_("The unit subtrees the requester administers (OPD admin), as paths."))
    language = models.CharField(_("language"), max_length=8, default="id")
    title = models.CharField(_("title"), max_length=255)
    filename = models.CharField(_("file name"), max_length=255, help_text=_("The name the download is saved as."))
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    file = models.FileField(_("file"), max_length=255, blank=True)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["instance", "requested_by", "-id"], name="exportjob_requester"),
            models.Index(fields=["instance", "kind", "-id"], name="exportjob_kind"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING

    @property
    def is_ready(self) -> bool:
        return self.status == JobStatus.DONE and bool(self.file)

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None
