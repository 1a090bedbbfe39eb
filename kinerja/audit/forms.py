"""Filters of the audit log browser (read-only: nothing here writes)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import BootstrapForm, DateInput

from .models import SOURCE_LABELS

ACTION_LABELS = {
    "organization.instance.create": _("Instance created"),
    "organization.instance.update": _("Instance changed"),
    "organization.instance.signing_place": _("Place of signing set"),
    "organization.unit.create": _("Unit created"),
    "organization.unit.update": _("Unit changed"),
    "organization.unit.move": _("Unit moved"),
    "organization.position.create": _("Position created"),
    "organization.position.update": _("Position changed"),
    "people.employee.create": _("Employee added"),
    "people.employee.update": _("Personal data changed"),
    "people.employee.transfer": _("Transferred / promoted"),
    "people.employee.deactivate": _("Employee deactivated"),
    "people.employee.activate": _("Employee reactivated"),
    "people.assignment.acting": _("Acting assignment (Plt/Plh)"),
    "people.assignment.end": _("Acting assignment ended"),
    "people.import": _("Employee import"),
    "accounts.user.create": _("Login created"),
    "accounts.user.deactivate": _("Login deactivated (employee left)"),
    "accounts.user.password_change": _("Password changed"),
    "accounts.user.password_reset": _("One-time password set"),
    "accounts.user.password_reset_email": _("Password reset by e-mail"),
    "accounts.user.unlock": _("Login unlocked"),
    "accounts.role.grant": _("Role granted"),
    "accounts.role.revoke": _("Role revoked"),
    "accounts.token.create": _("API token created"),
    "accounts.token.revoke": _("API token revoked"),
    # the organisation plan
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
    # the SKP
    "skp.period.create": _("SKP period created"),
    "skp.period.close": _("SKP period closed"),
    "skp.period.reopen": _("SKP period reopened"),
    "skp.skp.create": _("SKP started"),
    "skp.skp.copy": _("SKP copied from the previous period"),
    "skp.skp.apply_template": _("SKP template applied"),
    "skp.skp.submit": _("SKP submitted"),
    "skp.skp.withdraw": _("SKP withdrawn"),
    "skp.skp.return": _("SKP returned for revision"),
    "skp.skp.approve": _("SKP approved"),
    "skp.skp.revise": _("SKP revision started"),
    "skp.rhk.create": _("RHK added"),
    "skp.rhk.update": _("RHK changed"),
    "skp.rhk.delete": _("RHK deleted"),
    "skp.rhk.acknowledge": _("Change of the superior's RHK seen"),
    "skp.iki.create": _("IKI added"),
    "skp.iki.update": _("IKI changed"),
    "skp.iki.delete": _("IKI deleted"),
    "skp.appendix.update": _("SKP appendix changed"),
    "skp.expectations.update": _("Superior's expectations changed"),
    "skp.template.create": _("SKP template created"),
    "skp.template.update": _("SKP template changed"),
    # socialisation
    "socialisation.item.create": _("Policy or guide drafted"),
    "socialisation.item.update": _("Policy or guide changed"),
    "socialisation.item.publish": _("Policy or guide published"),
    "socialisation.acknowledgement.create": _("Policy or guide acknowledged"),
    "socialisation.reminder.create": _("Reminders sent"),
    # exports
    "exports.export.create": _("Export requested"),
    "exports.export.delete": _("Export removed"),
    # data loading
    "demo.seed": _("Demo data loaded"),
    "demo.skp": _("Demo plan and SKPs loaded"),
    "admin.organization.unit.move": _("Unit moved (back office)"),
}

# ``admin.<app>.<model>.<verb>``: a change made in the back office (kinerja.audit.admin)
ADMIN_VERBS = {
    "create": _("Back office: %(object)s created"),
    "update": _("Back office: %(object)s changed"),
    "delete": _("Back office: %(object)s deleted"),
}

OBJECT_TYPES = {
    "organization.instance": _("Instance"),
    "organization.unit": _("Unit"),
    "organization.position": _("Position"),
    "people.employee": _("Employee"),
    "people.assignment": _("Assignment"),
    "people.import": _("Import"),
    "accounts.user": _("User"),
    "accounts.rolegrant": _("Role grant"),
    "accounts.apitoken": _("API token"),
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
    "skp.period": _("SKP period"),
    "skp.skp": _("SKP"),
    "skp.rhk": _("RHK"),
    "skp.skptemplate": _("SKP template"),
    "skp.skpsettings": _("SKP settings"),
    "socialisation.item": _("Policy or guide"),
    "socialisation.acknowledgement": _("Acknowledgement"),
    "socialisation.reminderbatch": _("Reminder batch"),
    "exports.exportjob": _("Export"),
    "people.gradehistory": _("Grade history"),
}

SOURCES = list(SOURCE_LABELS.items())
SOURCE_ICONS = {"web": "window", "api": "braces", "cli": "terminal", "admin": "gear", "system": "cpu"}


def action_label(code: str) -> str:
    """The human label of an audit action code; the code itself when none is known."""
    label = ACTION_LABELS.get(code)
    if label is not None:
        return str(label)
    if code.startswith("admin."):
        object_type, _dot, verb = code[len("admin."):].rpartition(".")
        if verb in ADMIN_VERBS and object_type:
            what = OBJECT_TYPES.get(object_type) or object_type.rpartition(".")[2]
            return str(ADMIN_VERBS[verb]) % {"object": what}
    return code


class AuditFilterForm(BootstrapForm):
    actor = forms.CharField(label=_("Actor"), required=False, max_length=150,
                            widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Username")}))
    action = forms.CharField(label=_("Action"), required=False, max_length=80,
                             widget=forms.TextInput(attrs={"list": "audit-actions",
                                                           "placeholder": _("e.g. people.employee")}),
                             help_text=_("An action or its beginning, e.g. people.employee"))
    object_type = forms.ChoiceField(label=_("Object type"), required=False,
                                    choices=[("", _("All types")), *OBJECT_TYPES.items()])
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    source = forms.ChoiceField(label=_("Source"), required=False, choices=[("", _("All sources")), *SOURCES])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:  # keep an unknown type from the URL selectable rather than failing
            value = self.data.get("object_type")
            if value and value not in OBJECT_TYPES:
                self.fields["object_type"].choices = [*self.fields["object_type"].choices, (value, value)]

    def filters(self) -> dict:
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields}
