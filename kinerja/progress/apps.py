from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "kinerja.progress"
    label = "progress"
    verbose_name = _("Progress and achievement")

    def ready(self):
        from kinerja.skp.services.content import register_delete_guard

        from .reportable import deletion_refusal

        register_delete_guard(deletion_refusal)
