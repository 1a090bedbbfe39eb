from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "kinerja.people"
    label = "people"
    verbose_name = _("People")
    # Its REST API: the routers kinerja/api/api.py mounts at /api/v1 (installed apps in INSTALLED_APPS order).
    api_routers = ("kinerja.people.api.router", "kinerja.people.account_api.router")  # the latter: /me, logins

    def ready(self):
        from kinerja.accounts.scope import register_scope_contributor
        from kinerja.organization import staffing

        from .permissions import add_positions
        from .staffing import PeopleStaffing

        register_scope_contributor(add_positions)
        staffing.register(PeopleStaffing())
