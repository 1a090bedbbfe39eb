"""Filters of the audit log browser (read-only: nothing here writes)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.audit.labels import object_types
from kinerja.audit.models import SOURCE_LABELS
from kinerja.core.forms import BootstrapForm, DateInput

SOURCES = list(SOURCE_LABELS.items())
SOURCE_ICONS = {"web": "window", "api": "braces", "cli": "terminal", "admin": "gear", "system": "cpu"}


class AuditFilterForm(BootstrapForm):
    actor = forms.CharField(label=_("Actor"), required=False, max_length=150,
                            widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Username")}))
    action = forms.CharField(label=_("Action"), required=False, max_length=80,
                             widget=forms.TextInput(attrs={"list": "audit-actions",
                                                           "placeholder": _("e.g. people.employee")}),
                             help_text=_("An action or its beginning, e.g. people.employee"))
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    source = forms.ChoiceField(label=_("Source"), required=False, choices=[("", _("All sources")), *SOURCES])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = object_types()
        self.fields["object_type"].choices = [("", _("All types")), *types.items()]
        if self.is_bound:  # keep an unknown type from the URL selectable rather than failing
            value = self.data.get("object_type")
            if value and value not in types:
                self.fields["object_type"].choices = [*self.fields["object_type"].choices, (value, value)]

    def filters(self) -> dict:
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields}
