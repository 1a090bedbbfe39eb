from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "kinerja.feedback"
    label = "feedback"
    verbose_name = _("Feedback and performance dialogues")

    def ready(self):
        from kinerja.progress.panels import register_panel as register_progress_panel
        from kinerja.skp.panels import register_panel

        from .panels import PROGRESS_KEY, PROGRESS_TEMPLATE, SKP_FEEDBACK, progress_feedback

        register_panel(SKP_FEEDBACK)
        register_progress_panel(PROGRESS_KEY, PROGRESS_TEMPLATE, progress_feedback)
