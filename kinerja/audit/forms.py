"""Filters of the audit log browser (read-only: nothing here writes)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.people.forms import BootstrapForm, DateInput

ACTION_LABELS = {
    "organization.instance.create": _("Instance created"),
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
    "accounts.role.grant": _("Role granted"),
    "accounts.role.revoke": _("Role revoked"),
    "accounts.token.create": _("API token created"),
    "accounts.token.revoke": _("API token revoked"),
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
}

SOURCES = [("web", _("Web")), ("api", _("API")), ("cli", _("Command line")), ("admin", _("Back office")),
           ("system", _("System"))]
SOURCE_ICONS = {"web": "window", "api": "braces", "cli": "terminal", "admin": "gear", "system": "cpu"}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


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
