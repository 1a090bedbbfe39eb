"""What planning shows of itself: its menu entries, audit labels, API and log-in line (kinerja/core/registry.py)."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import ApiDeclaration, AuditLabels, LoginFeature, MenuEntry

MENU = [
    MenuEntry("plan", _("Organisation plan"), "planning:overview", "bullseye", order=70,
              hint=_("Vision, missions, Renstra, IKU, PK and RKT")),
]

AUDIT = AuditLabels(
    actions={
        "planning.rpjmd.create": _("RPJMD created"),
        "planning.rpjmd.update": _("RPJMD changed"),
        "planning.rpjmd.delete": _("RPJMD deleted"),
        "planning.mission.create": _("Mission added"),
        "planning.mission.update": _("Mission changed"),
        "planning.mission.delete": _("Mission deleted"),
        "planning.renstra.create": _("Renstra created"),
        "planning.renstra.update": _("Renstra changed"),
        "planning.renstra.delete": _("Renstra deleted"),
        "planning.goal.create": _("Goal (tujuan) added"),
        "planning.goal.update": _("Goal (tujuan) changed"),
        "planning.goal.delete": _("Goal (tujuan) deleted"),
        "planning.strategictarget.create": _("Strategic target added"),
        "planning.strategictarget.update": _("Strategic target changed"),
        "planning.strategictarget.delete": _("Strategic target deleted"),
        "planning.iku.create": _("IKU added"),
        "planning.iku.update": _("IKU changed"),
        "planning.iku.delete": _("IKU deleted"),
        "planning.ikutarget.create": _("IKU yearly target set"),
        "planning.ikutarget.update": _("IKU yearly target changed"),
        "planning.ikutarget.delete": _("IKU yearly target removed"),
        "planning.agreement.create": _("Performance agreement (PK) created"),
        "planning.agreement.update": _("Performance agreement (PK) changed"),
        "planning.agreement.delete": _("Performance agreement (PK) deleted"),
        "planning.agreement.sign": _("Performance agreement (PK) signed"),
        "planning.agreement.reopen": _("Performance agreement (PK) reopened"),
        "planning.pkindicator.create": _("PK indicator added"),
        "planning.pkindicator.update": _("PK indicator changed"),
        "planning.pkindicator.delete": _("PK indicator deleted"),
        "planning.actionplan.create": _("Action plan (rencana aksi) added"),
        "planning.actionplan.update": _("Action plan (rencana aksi) changed"),
        "planning.actionplan.delete": _("Action plan (rencana aksi) deleted"),
        "planning.workplan.create": _("Work plan (RKT) created"),
        "planning.workplan.update": _("Work plan (RKT) changed"),
        "planning.workplan.delete": _("Work plan (RKT) deleted"),
        "planning.programme.create": _("Programme added"),
        "planning.programme.update": _("Programme changed"),
        "planning.programme.delete": _("Programme deleted"),
        "planning.activity.create": _("Activity added"),
        "planning.activity.update": _("Activity changed"),
        "planning.activity.delete": _("Activity deleted"),
    },
    object_types={
        "planning.rpjmd": _("RPJMD"),
        "planning.mission": _("Mission"),
        "planning.renstra": _("Renstra"),
        "planning.goal": _("Goal (tujuan)"),
        "planning.strategictarget": _("Strategic target"),
        "planning.iku": _("IKU"),
        "planning.ikutarget": _("IKU yearly target"),
        "planning.performanceagreement": _("Performance agreement (PK)"),
        "planning.pkindicator": _("PK indicator"),
        "planning.actionplan": _("Action plan (rencana aksi)"),
        "planning.workplan": _("Work plan (RKT)"),
        "planning.programme": _("Programme"),
        "planning.activity": _("Activity"),
    },
)

# Its REST API: kinerja/api/api.py mounts the routers at /api/v1 (installed apps in INSTALLED_APPS order).
API = ApiDeclaration(routers=("kinerja.planning.api.router", "kinerja.planning.export_api.router"))

# What this app offers, as the log-in page announces it (accounts/views.py: installed_features).
LOGIN_FEATURE = LoginFeature(
    "bullseye", _("Plan: the RPJMD missions, each OPD's Renstra and IKU, performance agreements and work plans"))
