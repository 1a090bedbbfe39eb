from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialisationConfig(AppConfig):
    name = "kinerja.socialisation"
    label = "socialisation"
    verbose_name = _("Socialisation")
