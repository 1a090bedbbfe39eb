from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "kinerja.people"
    label = "people"
    verbose_name = _("People")

    def ready(self):
        from kinerja.accounts.scope import register_scope_contributor
        from kinerja.organization import staffing

        from .permissions import add_positions
        from .staffing import PeopleStaffing

        register_scope_contributor(add_positions)
        staffing.register(PeopleStaffing())
