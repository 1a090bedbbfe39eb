from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import GuardedFormMixin


class LoginForm(GuardedFormMixin, AuthenticationForm):
    username = forms.CharField(
        label=_("NIP or username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "class": "form-control",
                                      "placeholder": _("e.g. 198503122010011001")}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "class": "form-control"}),
    )
    error_messages = {
        "invalid_login": _("Wrong NIP/username or password. Please check and try again "
                           "(the account locks after several failed attempts)."),
        "inactive": _("This account is inactive. Contact your BKPSDM administrator."),
    }
