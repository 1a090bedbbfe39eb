from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonevConfig(AppConfig):
    name = "kinerja.monev"
    label = "monev"
    verbose_name = _("Monitoring and evaluation team")
