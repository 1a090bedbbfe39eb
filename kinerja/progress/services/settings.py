"""The instance's reporting settings (period, deadline, reminders, achievement cap, at-risk threshold, what
counts, file size), saved from the instance settings page (faces.py ``SETTINGS``) by the BKPSDM administrator."""

from __future__ import annotations

from kinerja.organization import services as org_services
from kinerja.organization.models import Instance

from ..models import ReportingSettings

ACTION = "progress.settings.update"


def update_settings(*, actor, instance: Instance, values: dict, seen: str | None = None) -> ReportingSettings:
    """Change the instance's reporting settings (the row is made with the defaults first if there is none)."""
    return org_services.update_instance_settings(actor=actor, model=ReportingSettings, instance=instance,
                                                 values=values, action=ACTION, seen=seen)
