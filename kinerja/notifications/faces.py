"""What notifications show of themselves (kinerja/core/registry.py): the bell in the top bar of every page,
the audit labels, the API, the scheduler command."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import ApiDeclaration, AuditLabels, ScheduledJob, TopbarItem

TOPBAR = [
    TopbarItem("notifications", "notifications/_bell.html", order=10,
               visible="kinerja.notifications.permissions.has_inbox", head="notifications/_bell_head.html"),
]

AUDIT = AuditLabels(
    actions={
        "notifications.preferences.update": _("E-mail notification choices changed"),
    },
    object_types={
        "notifications.emailpreference": _("E-mail notification choices"),
    },
)

API = ApiDeclaration(routers=("kinerja.notifications.api.router",))

# the outbox: e-mails the notifications written without a task of their own, and any a task never sent
SCHEDULE = [
    ScheduledJob("notifications.email_outbox", "kinerja.notifications.tasks.send_pending_emails", every_minutes=5),
]

# `kinerja scheduler`: enqueues the SCHEDULE jobs every app declares, once per due time.
CLI_COMMANDS = ["kinerja.notifications.cli.scheduler"]
