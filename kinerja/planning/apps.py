from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "kinerja.planning"
    label = "planning"
    verbose_name = _("Organisational plan")
    # Its REST API: the routers kinerja/api/api.py mounts at /api/v1 (installed apps in INSTALLED_APPS order).
    api_routers = ("kinerja.planning.api.router", "kinerja.planning.export_api.router")
    # What this app offers, as the log-in page announces it (accounts/views.py: installed_features).
    login_feature = ("bullseye", _("Plan: the RPJMD missions, each OPD's Renstra and IKU, performance agreements "
                                    "and work plans"))
