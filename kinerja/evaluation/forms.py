"""The evaluation settings form, shared by the back office (admin.py adds the instance) and the instance settings
page (kinerja/instancesettings, through ``SETTINGS`` in faces.py): one validation for both."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kinerja.rules.evaluation import credit as credit_rules

from .models import EvaluationSettings

SETTINGS_FIELDS = ("suggest_above_from", "suggest_meets_from", "org_istimewa_from", "org_baik_from",
                   "org_butuh_perbaikan_from", "org_kurang_from", "behaviour_rule", "min_360_responses",
                   "appeal_days", "periodic_months", "credit_coefficients", "credit_rounding")


def clean_credit_coefficients(value) -> dict:
    """An object of functional level code → coefficient (0–1000); unknown levels are refused by name. Returns
    the coefficients as strings of decimals (JSON keeps them exact)."""
    value = value or {}
    if not isinstance(value, dict):
        raise ValidationError(_("Give an object of level code → coefficient, e.g. {\"ahli_pertama\": 12.5}."),
                              code="invalid")
    clean = {}
    for level, coefficient in value.items():
        if level not in credit_rules.DEFAULT_COEFFICIENTS:
            raise ValidationError(
                _("Unknown functional level %(level)s (known: %(known)s).")
                % {"level": level, "known": ", ".join(credit_rules.DEFAULT_COEFFICIENTS)}, code="level")
        try:
            number = Decimal(str(coefficient))
        except (InvalidOperation, ValueError):
            number = None
        if isinstance(coefficient, bool) or number is None or not number.is_finite() \
                or not Decimal(0) <= number <= credit_rules.MAX_COEFFICIENT:
            raise ValidationError(
                _("The coefficient of %(level)s must be a number from 0 to %(max)s.")
                % {"level": level, "max": credit_rules.MAX_COEFFICIENT}, code="range")
        clean[level] = str(number)
    return clean


class EvaluationSettingsForm(forms.ModelForm):
    """The instance's evaluation rules; the model's ``clean`` checks that each list of thresholds goes down."""

    class Meta:
        model = EvaluationSettings
        fields = SETTINGS_FIELDS

    def clean_credit_coefficients(self):
        return clean_credit_coefficients(self.cleaned_data.get("credit_coefficients"))
