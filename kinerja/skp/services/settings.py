"""The instance's SKP settings (period kind, deadline), saved from the instance settings page (faces.py
``SETTINGS``) by the BKPSDM administrator."""

from __future__ import annotations

from kinerja.organization import services as org_services
from kinerja.organization.models import Instance

from ..forms import check_settings
from ..models import SkpSettings

ACTION = "skp.settings.update"


def update_settings(*, actor, instance: Instance, values: dict, seen: str | None = None) -> SkpSettings:
    """Change the instance's SKP settings (the row is made with the defaults first if there is none)."""
    return org_services.update_instance_settings(actor=actor, model=SkpSettings, instance=instance, values=values,
                                                 action=ACTION, seen=seen, clean=check_settings)
