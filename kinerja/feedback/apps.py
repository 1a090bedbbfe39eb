from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "kinerja.feedback"
    label = "feedback"
    verbose_name = _("Feedback and performance dialogues")

    def ready(self):
        from kinerja.skp.panels import register_panel

        from .panels import SKP_FEEDBACK

        register_panel(SKP_FEEDBACK)
