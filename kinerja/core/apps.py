from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kinerja.core"
    label = "core"
    verbose_name = "Kinerja"

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import pre_save

        from .text import guard_pre_save, install_model_validators

        # Not domain logic: the storage rule of kinerja/core/text.py, enforced under every service,
        # the admin and the CLI alike (no text with control characters, none over its bound).
        pre_save.connect(guard_pre_save, dispatch_uid="kinerja.core.text.guard")
        install_model_validators(apps.get_models())
