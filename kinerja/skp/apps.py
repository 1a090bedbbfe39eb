from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkpConfig(AppConfig):
    name = "kinerja.skp"
    label = "skp"
    verbose_name = _("SKP")
    # Its REST API: the routers kinerja/api/api.py mounts at /api/v1 (installed apps in INSTALLED_APPS order).
    api_routers = ("kinerja.skp.api.router", "kinerja.skp.documents.api.router")
    api_install = "kinerja.skp.api.install"  # a stale SKP lock_version: 409 with the field error
    # What this app offers, as the log-in page announces it (accounts/views.py: installed_features).
    login_feature = ("clipboard-check", _("SKP: work results (RHK), indicators and targets, drafted, approved and "
                                           "printed online"))

    def ready(self):
        from kinerja.exports.models import ExportKind
        from kinerja.exports.tasks import register_writer

        from .documents.export_job import write_rows

        register_writer(ExportKind.SKP_PERIOD, write_rows)
