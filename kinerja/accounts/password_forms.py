"""Forms of the password pages. They only convert input; the rules live in accounts.services."""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import BootstrapForm, GuardedFormMixin

from . import services
from .models import User


def _password(label, autocomplete: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, strip=False, help_text=help_text,
                           widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}))


class OwnPasswordForm(BootstrapForm):
    old_password = _password(_("Current password"), "current-password",
                             _("After a one-time password: the one you were given."))
    new_password = _password(_("New password"), "new-password")
    new_password_confirm = _password(_("Repeat the new password"), "new-password")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password"].help_text = password_validation.password_validators_help_text_html()

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password_confirm") \
                and data["new_password"] != data["new_password_confirm"]:
            self.add_error("new_password_confirm", _("The two passwords differ."))
        return data


class ResetRequestForm(GuardedFormMixin, auth_forms.PasswordResetForm):
    """Django's reset request, also finding a login by its employee's e-mail address."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["class"] = "form-control"
        self.fields["email"].label = _("E-mail address")

    def get_users(self, email):
        users = (User.objects.filter(Q(email__iexact=email) | Q(email="", employee__email__iexact=email),
                                     is_active=True).select_related("employee"))
        for user in users:
            if user.has_usable_password():
                # where to send it (the login's own address, else the employee's); user.email itself
                # stays as stored because the reset token is computed from it
                user.reset_address = user.email or (user.employee.email if user.employee_id else "")
                yield user

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        to_email = to_email or context["user"].reset_address
        context = {**context, "email": to_email}
        super().send_mail(subject_template_name, email_template_name, context, from_email, to_email,
                          html_email_template_name=html_email_template_name)


class ResetSetPasswordForm(GuardedFormMixin, auth_forms.SetPasswordForm):
    """The new password from the e-mailed link, written through ``services.set_password_from_reset_link``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"

    def save(self, commit=True):
        # clean() already checked the same password policy as the service
        return services.set_password_from_reset_link(user=self.user, new_password=self.cleaned_data["new_password1"])
