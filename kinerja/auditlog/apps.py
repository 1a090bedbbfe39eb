from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditLogConfig(AppConfig):
    """The audit-log browser (pages under /audit/, URL namespace ``audit``): it filters the log by the
    user's scope (accounts), so it sits above accounts, while the log itself (``kinerja.audit``) sits below."""

    name = "kinerja.auditlog"
    label = "auditlog"
    verbose_name = _("Audit log")
