"""Back office for evaluation: the instance's evaluation settings.

Evaluations, organisation predikat, calibrations and appeals are written in the app through the services
(permission, optimistic lock, audit), so they have no page here. The evaluation settings (suggestion
thresholds, the rule for the rating perilaku, the 360 minimum, the appeal window, the credit-point coefficients
and rounding) are set on the instance settings page by the BKPSDM administrator (services/settings.py) and here by the
platform operator, validated by the same form (forms.py) and the model's ``clean`` (the thresholds go down
strictly), and audited with their real before/after.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kinerja.audit.admin import AuditedAdminMixin

from .forms import SETTINGS_FIELDS, EvaluationSettingsForm
from .models import EvaluationSettings


class EvaluationSettingsAdminForm(EvaluationSettingsForm):
    """The page's form (evaluation/forms.py) with the instance, which the platform operator picks here."""

    class Meta(EvaluationSettingsForm.Meta):
        fields = ("instance", *SETTINGS_FIELDS)


@admin.register(EvaluationSettings)
class EvaluationSettingsAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = EvaluationSettingsAdminForm
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
