"""What progress shows of itself: audit labels, API, commands (kinerja/core/registry.py)."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import ApiDeclaration, AuditLabels

AUDIT = AuditLabels(
    actions={
        "progress.report.create": _("Progress report drafted"),
        "progress.report.update": _("Progress report changed"),
        "progress.report.submit": _("Progress report submitted"),
        "progress.evidence.create": _("Evidence added"),
        "progress.evidence.delete": _("Evidence deleted"),
        "progress.actionplan.create": _("Action plan added"),
        "progress.actionplan.update": _("Action plan changed"),
        "progress.actionplan.delete": _("Action plan deleted"),
        "progress.dailylog.create": _("Daily log entry added"),
        "progress.dailylog.update": _("Daily log entry changed"),
        "progress.dailylog.delete": _("Daily log entry deleted"),
    },
    object_types={
        "progress.report": _("Progress report"),
        "progress.evidence": _("Evidence"),
        "progress.actionplan": _("Action plan"),
        "progress.dailylog": _("Daily log entry"),
        "progress.reportingsettings": _("Reporting settings"),
    },
)

# Its REST API: kinerja/api/api.py mounts the routers at /api/v1 (installed apps in INSTALLED_APPS order).
API = ApiDeclaration(
    routers=("kinerja.progress.api.router",),
    install="kinerja.progress.api.install",  # a stale lock_version: 409 with the field error; a file too big: 413
)

# Its commands: `kinerja progress` (reports, evidence, the daily log; kinerja/cli/__init__.py adds them).
CLI_COMMANDS = ("kinerja.progress.cli.progress_group",)
