from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkpConfig(AppConfig):
    name = "kinerja.skp"
    label = "skp"
    verbose_name = _("SKP")

    def ready(self):
        from kinerja.exports.models import ExportKind
        from kinerja.exports.tasks import register_writer

        from .documents.export_job import write_rows

        register_writer(ExportKind.SKP_PERIOD, write_rows)
