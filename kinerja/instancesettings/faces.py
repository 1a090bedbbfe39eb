"""What the instance settings page shows of itself: its menu entry (kinerja/core/registry.py). The sections are
the apps' own (their ``SETTINGS``)."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import MenuEntry

MENU = [
    MenuEntry("instance_settings", _("Instance settings"), "instancesettings:page", "sliders2", order=155,
              visible="kinerja.instancesettings.permissions.can_read_settings",
              hint=_("The rules of SKPs, reports and evaluations for your instance")),
]
