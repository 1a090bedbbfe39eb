from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Installed only so that its face (the audit labels of the demo loaders, faces.py) is collected."""

    name = "kinerja.demo"
    label = "demo"
    verbose_name = "Demo"
