from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstanceSettingsConfig(AppConfig):
    """The instance settings page (under /settings/, URL namespace ``instancesettings``): each app declares its
    section in its faces.py (``SETTINGS``: a form and a service, by dotted path); the page shows them and saves
    through the app's service. It reads the user's scope (accounts), so it sits with the apps, above accounts."""

    name = "kinerja.instancesettings"
    label = "instancesettings"
    verbose_name = _("Instance settings")
