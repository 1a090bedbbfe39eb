"""The append-only audit log: who did what, when, with the state before and after."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    pass


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit events cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit events cannot be deleted")


# What the ``source`` codes and the label of a write without a user say in the user's language.
SOURCE_LABELS = {"web": _("Web"), "api": _("API"), "cli": _("Command line"), "admin": _("Back office"),
                 "system": _("System")}
SYSTEM_ACTOR = "system"  # the actor_label of a write without a user: "system:<name>" (core/actors.py)


class AuditEvent(models.Model):
    """One recorded write. Rows are only ever inserted (see also the PostgreSQL trigger)."""

    # instance and object_type: no index of their own, audit_instance_keyset and audit_object start
    # with them (one row per write: each index is paid on every write of the system)
    instance = models.ForeignKey(
        "organization.Instance", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("instance"), db_index=False,
    )
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=255, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, blank=True)  # web, api, cli, admin, system
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["instance", "-id"], name="audit_instance_keyset"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")

    def changed_fields(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]

    @property
    def actor_display(self) -> str:
        """Who did it, for pages: the recorded label, "sistem"/"system" for a write without a user."""
        if self.actor_id is None and (self.actor_label in ("", SYSTEM_ACTOR)
                                      or self.actor_label.startswith(f"{SYSTEM_ACTOR}:")):
            return str(_("system"))
        return self.actor_label

    @property
    def source_display(self) -> str:
        return str(SOURCE_LABELS.get(self.source, self.source))
