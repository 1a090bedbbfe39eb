from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Feedback360Config(AppConfig):
    name = "kinerja.feedback360"
    label = "feedback360"
    verbose_name = _("360 feedback")
