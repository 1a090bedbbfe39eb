from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialisationConfig(AppConfig):
    name = "kinerja.socialisation"
    label = "socialisation"
    verbose_name = _("Socialisation")
    # Its REST API: the routers kinerja/api/api.py mounts at /api/v1 (installed apps in INSTALLED_APPS order).
    api_routers = ("kinerja.socialisation.api.router",)
    # What this app offers, as the log-in page announces it (accounts/views.py: installed_features).
    login_feature = ("megaphone", _("Socialisation: policies and guides published, and who has read them"))
