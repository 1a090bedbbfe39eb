from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlignmentConfig(AppConfig):
    name = "kinerja.alignment"
    label = "alignment"
    verbose_name = _("Alignment and cascade map")
    # Its REST API: the routers kinerja/api/api.py mounts at /api/v1 (installed apps in INSTALLED_APPS order).
    api_routers = ("kinerja.alignment.api.router",)
    # What this app offers, as the log-in page announces it (accounts/views.py: installed_features).
    login_feature = ("bezier2", _("Cascade: every employee's work traced up to the regional missions"))

    def ready(self):
        from kinerja.skp.panels import register_panel

        from .panels import SKP_CHAINS

        register_panel(SKP_CHAINS)
