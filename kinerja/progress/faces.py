"""What progress shows of itself: menu, audit, API, commands, bench, schedule (kinerja/core/registry.py)."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import (
    ApiDeclaration,
    AuditLabels,
    BenchStep,
    LoginFeature,
    MenuEntry,
    ScheduledJob,
    SettingsSection,
)

MENU = [
    MenuEntry("progress_mine", _("My progress"), "progress:mine", "graph-up-arrow", order=22,
              visible="kinerja.accounts.permissions.is_employee",
              hint=_("Report your results with evidence, period by period")),
    MenuEntry("progress_log", _("Daily log"), "progress:log", "journal-check", order=24,
              visible="kinerja.accounts.permissions.is_employee", hint=_("What you did today, in a minute")),
    # supervision: the superior's team view (progress/views/team.py)
    MenuEntry("progress_team", _("Team progress"), "progress:team", "graph-up", order=45,
              visible="kinerja.progress.permissions.has_progress_team",
              hint=_("Who reported, who is behind, evidence waiting for your review")),
]

AUDIT = AuditLabels(
    actions={
        # progress/services/settings.py (the instance settings page)
        "progress.settings.update": _("Reporting settings changed"),
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
        # supervision (progress/services/review.py)
        "progress.report.accept": _("Progress report accepted"),
        "progress.report.return": _("Progress report returned for a fix"),
        "progress.evidence.review": _("Evidence reviewed"),
    },
    object_types={
        "progress.report": _("Progress report"),
        "progress.evidence": _("Evidence"),
        "progress.actionplan": _("Action plan"),
        "progress.dailylog": _("Daily log entry"),
        "progress.reportingsettings": _("Reporting settings"),
    },
    object_pages={
        "progress.report": "progress:review",
    },
)

# Its section of the instance settings page (kinerja/instancesettings).
SETTINGS = [
    SettingsSection("reporting", _("Progress reports"), "kinerja.progress.forms.ReportingSettingsForm",
                    "kinerja.progress.services.settings.update_settings", order=20, icon="graph-up",
                    help=_("The reporting period and deadline, reminders, what counts towards achievement and the "
                           "largest evidence file.")),
]

# Its REST API: kinerja/api/api.py mounts the routers at /api/v1 (installed apps in INSTALLED_APPS order).
API = ApiDeclaration(
    routers=("kinerja.progress.api.router",
             "kinerja.progress.review_api.router"),  # supervision: team overview, review queue, review
    install="kinerja.progress.api.install",  # a stale lock_version: 409 with the field error; a file too big: 413
)

# Its commands: `kinerja progress` (reports, evidence, the daily log, and `rollup` from progress/achievement/cli.py,
# added to the group in progress/cli.py; kinerja/cli/__init__.py adds them).
CLI_COMMANDS = ("kinerja.progress.cli.progress_group",)

# The month-end rush (issue 9): `kinerja bench --only rush` runs `kinerja serve` on PostgreSQL and a bounded
# load of report submissions with evidence from a separate process; throughput, latency, errors, loss check.
BENCH_STEPS = [
    BenchStep("rush", "the month-end rush (report submissions with evidence against `kinerja serve`, loss check)",
              "kinerja.progress.bench.run", kinds=("rush-seed", "rush-check"),
              child="kinerja.progress.bench.child_main", order=200),
]

# Periodic tasks (kinerja scheduler): the achievement roll-up brought up to the day every night (a period begun, a
# deadline passed: progress/tasks.py), then the reporting-deadline reminders in the morning.
SCHEDULE = [
    ScheduledJob("progress.achievement", "kinerja.progress.tasks.advance_achievement", hour=1, minute=30),
    ScheduledJob("progress.deadline_reminders", "kinerja.progress.tasks.send_deadline_reminders", hour=7, minute=0),
]

# What this app offers, as the log-in page announces it (accounts/views.py: installed_features).
LOGIN_FEATURE = LoginFeature("graph-up-arrow", _("Progress: results reported with evidence as they happen, reviewed by "
                                                 "the superior"))
