from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "kinerja.planning"
    label = "planning"
    verbose_name = _("Organisational plan")
    # What this app offers, as the log-in page announces it (accounts/views.py: installed_features).
    login_feature = ("bullseye", _("Plan: the RPJMD missions, each OPD's Renstra and IKU, performance agreements "
                                    "and work plans"))
