"""The instance's evaluation settings (suggestion thresholds, organisation predikat cut-offs, the rule for the
rating perilaku, the 360 minimum, appeal days, periodic months, credit coefficients and rounding), saved from the
instance settings page (declared in faces.py ``SETTINGS``) by the BKPSDM administrator."""

from __future__ import annotations

from kinerja.core.errors import ValidationError
from kinerja.organization import services as org_services
from kinerja.organization.models import Instance

from ..forms import clean_credit_coefficients
from ..models import EvaluationSettings

ACTION = "evaluation.settings.update"


def _clean(values: dict) -> dict:
    if "credit_coefficients" in values:
        try:
            values["credit_coefficients"] = clean_credit_coefficients(values["credit_coefficients"])
        except ValidationError as exc:
            raise ValidationError({"credit_coefficients": exc.error_list}) from exc
    return values


def update_settings(*, actor, instance: Instance, values: dict, seen: str | None = None) -> EvaluationSettings:
    """Change the instance's evaluation settings (the row is made with the defaults first if there is none)."""
    return org_services.update_instance_settings(actor=actor, model=EvaluationSettings, instance=instance,
                                                 values=values, action=ACTION, seen=seen, clean=_clean)
