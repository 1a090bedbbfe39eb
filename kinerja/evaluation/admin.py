"""Back office for evaluation: the instance's evaluation settings.

Evaluations, organisation predikat, calibrations and appeals are written in the app through the services
(permission, optimistic lock, audit), so they have no page here. The evaluation settings (suggestion
thresholds, the rule for the rating perilaku, the 360 minimum, the appeal window, the credit-point coefficients
and rounding) have no page in the app: they are set here, validated by the form and the model's ``clean`` (the
thresholds go down strictly) and audited with their real before/after by the mixin.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kinerja.audit.admin import AuditedAdminMixin
from kinerja.rules.evaluation import credit as credit_rules

from .models import EvaluationSettings


class EvaluationSettingsForm(forms.ModelForm):
    class Meta:
        model = EvaluationSettings
        fields = ("instance", "suggest_above_from", "suggest_meets_from", "org_istimewa_from", "org_baik_from",
                  "org_butuh_perbaikan_from", "org_kurang_from", "behaviour_rule", "min_360_responses",
                  "appeal_days", "periodic_months", "credit_coefficients", "credit_rounding")

    def clean_credit_coefficients(self):
        """An object of functional level code → coefficient (0–1000); unknown levels are refused by name."""
        value = self.cleaned_data.get("credit_coefficients") or {}
        if not isinstance(value, dict):
            raise forms.ValidationError(_("Give an object of level code → coefficient, e.g. {\"ahli_pertama\": 12.5}."),
                                        code="invalid")
        clean = {}
        for level, coefficient in value.items():
            if level not in credit_rules.DEFAULT_COEFFICIENTS:
                raise forms.ValidationError(
                    _("Unknown functional level %(level)s (known: %(known)s).")
                    % {"level": level, "known": ", ".join(credit_rules.DEFAULT_COEFFICIENTS)}, code="level")
            try:
                number = Decimal(str(coefficient))
            except (InvalidOperation, ValueError):
                number = None
            if isinstance(coefficient, bool) or number is None or not number.is_finite() \
                    or not Decimal(0) <= number <= credit_rules.MAX_COEFFICIENT:
                raise forms.ValidationError(
                    _("The coefficient of %(level)s must be a number from 0 to %(max)s.")
                    % {"level": level, "max": credit_rules.MAX_COEFFICIENT}, code="range")
            clean[level] = str(number)
        return clean


@admin.register(EvaluationSettings)
class EvaluationSettingsAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = EvaluationSettingsForm
    list_display = ("instance", "behaviour_rule", "org_istimewa_from", "org_baik_from", "org_butuh_perbaikan_from",
                    "org_kurang_from", "credit_rounding", "appeal_days")
    list_select_related = ("instance",)
    fieldsets = (
        (None, {"fields": ("instance",)}),
        (_("Rating hasil kerja suggested from the achievement"), {"fields": ("suggest_above_from",
                                                                            "suggest_meets_from")}),
        (_("Organisation predikat suggested from the Perjanjian Kinerja achievement"), {
            "fields": ("org_istimewa_from", "org_baik_from", "org_butuh_perbaikan_from", "org_kurang_from")}),
        (_("Rating perilaku kerja"), {"fields": ("behaviour_rule", "min_360_responses")}),
        (_("Periodic evaluation and appeals"), {"fields": ("periodic_months", "appeal_days")}),
        (_("Credit points (functional officials)"), {"fields": ("credit_coefficients", "credit_rounding")}),
    )
