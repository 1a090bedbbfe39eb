from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "kinerja.organization"
    label = "organization"
    verbose_name = _("Organisation")

    def ready(self):
        from kinerja.accounts.scope import register_scope_contributor

        from .permissions import add_operator_instance

        register_scope_contributor(add_operator_instance)
