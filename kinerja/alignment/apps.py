from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlignmentConfig(AppConfig):
    name = "kinerja.alignment"
    label = "alignment"
    verbose_name = _("Alignment and cascade map")

    def ready(self):
        from kinerja.skp.panels import register_panel

        from .panels import SKP_CHAINS

        register_panel(SKP_CHAINS)
