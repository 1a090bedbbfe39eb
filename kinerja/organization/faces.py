"""What organization shows of itself: its menu entries, audit labels and API (kinerja/core/registry.py)."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import ApiDeclaration, AuditLabels, MenuEntry

MENU = [
    MenuEntry("org", _("Organisation"), "organization:tree", "diagram-3", order=60,
              hint=_("Units, their heads and positions")),
    MenuEntry("positions", _("Positions"), "organization:positions", "briefcase", order=120,
              visible="kinerja.accounts.permissions.administers_units", hint=_("Positions, holders and vacancies")),
]

AUDIT = AuditLabels(
    actions={
        "organization.instance.create": _("Instance created"),
        "organization.instance.update": _("Instance changed"),
        "organization.instance.signing_place": _("Place of signing set"),
        "organization.unit.create": _("Unit created"),
        "organization.unit.update": _("Unit changed"),
        "organization.unit.move": _("Unit moved"),
        "organization.position.create": _("Position created"),
        "organization.position.update": _("Position changed"),
        "admin.organization.unit.move": _("Unit moved (back office)"),
    },
    object_types={
        "organization.instance": _("Instance"),
        "organization.unit": _("Unit"),
        "organization.position": _("Position"),
    },
    object_pages={"organization.unit": "organization:unit"},
)

# Its REST API: kinerja/api/api.py mounts the routers at /api/v1 (installed apps in INSTALLED_APPS order).
API = ApiDeclaration(routers=("kinerja.organization.api.units.router", "kinerja.organization.api.positions.router"))
