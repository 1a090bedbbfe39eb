from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Feedback360Config(AppConfig):
    name = "kinerja.feedback360"
    label = "feedback360"
    verbose_name = _("360 feedback")

    def ready(self):
        from kinerja.evaluation.panels import EvaluationPanel, register_panel

        from .panels import KEY, TEMPLATE, evaluation_panel

        register_panel(EvaluationPanel(KEY, TEMPLATE, evaluation_panel, order=50))
