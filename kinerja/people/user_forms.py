"""Forms of the users-and-roles pages. They only convert input; the rules live in accounts.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.accounts.models import Role
from kinerja.core.forms import BootstrapForm, UnitTreeChoiceField
from kinerja.organization.models import Unit


class UserFilterForm(BootstrapForm):
    q = forms.CharField(label=_("Search"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("Name, NIP or username"), "type": "search"}))
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices])


class UserCreateForm(BootstrapForm):
    nip = forms.CharField(
        label=_("Employee NIP"), max_length=30, required=False,
        help_text=_("The employee who will use this login. Leave empty for an operator account without an "
                    "employee record."),
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 198503122010011001"), "inputmode": "numeric"}),
    )
    username = forms.CharField(label=_("Username"), max_length=150, required=False,
                               help_text=_("Leave empty to use the NIP. Employees can always log in with their NIP."))
    email = forms.EmailField(label=_("Email"), required=False)
    password = forms.CharField(label=_("Initial password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text=_("At least 10 characters, not only digits, not a common password. "
                                           "The owner must replace it at the first log-in."))
    password_confirm = forms.CharField(label=_("Repeat the password"), strip=False,
                                       widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_confirm") and data["password"] != data["password_confirm"]:
            self.add_error("password_confirm", _("The two passwords differ."))
        return data


class RoleGrantForm(BootstrapForm):
    role = forms.ChoiceField(label=_("Role"), choices=[("", "---------"), *Role.choices])
    unit = UnitTreeChoiceField(
        label=_("Unit scope"), queryset=Unit.objects.none(), required=False, empty_label=_("Whole instance"),
        help_text=_("Needed for an OPD administrator: the unit (with its sub-units) they manage."),
    )

    def __init__(self, *args, instance_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(instance_id=instance_id).order_by("path")
