from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "kinerja.evaluation"
    label = "evaluation"
    verbose_name = _("Performance evaluation")

    def ready(self):
        # skp refuses to change a period's scoring scheme once it has evaluations (skp imports nothing of ours)
        from kinerja.skp.services.periods import register_scheme_guard

        from .services.evaluations import period_has_evaluations

        register_scheme_guard(period_has_evaluations)
