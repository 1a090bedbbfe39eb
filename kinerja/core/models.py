"""Shared model building blocks."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class TenantModel(TimeStamped):
    """A row that belongs to one instance (instansi).

    Every tenant-scoped table carries ``instance`` so the data can be sharded by instance
    (Citus distribution column) and so every query can be filtered by it first.
    """

    instance = models.ForeignKey(
        "organization.Instance", on_delete=models.PROTECT, related_name="+", verbose_name=_("instance")
    )

    class Meta:
        abstract = True
