"""Users, roles scoped by the org tree, and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TenantModel


class User(AbstractUser):
    """A login. Most users are employees (``employee``); operators may have none."""

    instance = models.ForeignKey(
        "organization.Instance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("instance"),
        help_text=_("Empty only for platform operators (superusers)."),
    )
    employee = models.OneToOneField(
        "people.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("employee"),
    )
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set with a one-time password (new login, reset by an administrator): the next log-in "
                    "must choose a new password before anything else."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        if self.employee_id:
            return self.employee.full_name
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    """Granted roles. Pegawai and Pejabat penilai follow from the employee and the org tree."""

    ADMIN_OPD = "admin_opd", _("OPD administrator")
    ADMIN_BKPSDM = "admin_bkpsdm", _("BKPSDM administrator")
    MONEV = "monev", _("Monitoring and evaluation team")
    PIMPINAN = "pimpinan", _("Regional leadership")
    AUDITOR = "auditor", _("Auditor")


# Roles that need a unit (their scope is that unit's subtree); the others cover the instance.
UNIT_SCOPED_ROLES = {Role.ADMIN_OPD}


class RoleGrant(TenantModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "organization.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit scope"),
        help_text=_("The subtree this role covers; empty means the whole instance."),
    )
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("granted by")
    )

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="rolegrant_unique"),
            models.UniqueConstraint(
                fields=["user", "role"], condition=models.Q(unit__isnull=True), name="rolegrant_unique_instance"
            ),
        ]

    def __str__(self) -> str:
        scope = self.unit.name if self.unit_id else self.instance.name
        return f"{self.get_role_display()} – {scope}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(TenantModel):
    """A bearer token for the REST API; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> str:
        return "knj_" + secrets.token_urlsafe(32)
