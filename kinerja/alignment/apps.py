from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlignmentConfig(AppConfig):
    name = "kinerja.alignment"
    label = "alignment"
    verbose_name = _("Alignment and cascade map")
