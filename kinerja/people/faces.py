"""What people shows of itself: menu entries, audit labels, API, commands (kinerja/core/registry.py)."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import ApiDeclaration, AuditLabels, MenuEntry

MENU = [
    MenuEntry("me", _("My profile"), "people:me", "person-badge", order=10,
              visible="kinerja.accounts.permissions.is_employee", hint=_("Your data, position history and grades")),
    MenuEntry("team", _("My team"), "people:team", "people", order=30,
              visible="kinerja.accounts.permissions.is_evaluator", hint=_("The employees you evaluate")),
    MenuEntry("directory", _("Employee directory"), "people:directory", "person-lines-fill", order=100,
              visible="kinerja.accounts.permissions.reads_units", hint=_("Find employees in your scope")),
]

AUDIT = AuditLabels(
    actions={
        "people.employee.create": _("Employee added"),
        "people.employee.update": _("Personal data changed"),
        "people.employee.transfer": _("Transferred / promoted"),
        "people.employee.deactivate": _("Employee deactivated"),
        "people.employee.activate": _("Employee reactivated"),
        "people.assignment.acting": _("Acting assignment (Plt/Plh)"),
        "people.assignment.end": _("Acting assignment ended"),
        "people.import": _("Employee import"),
    },
    object_types={
        "people.employee": _("Employee"),
        "people.assignment": _("Assignment"),
        "people.import": _("Import"),
        "people.gradehistory": _("Grade history"),
    },
    object_pages={"people.employee": "people:profile"},
)

# Its REST API: kinerja/api/api.py mounts the routers at /api/v1 (installed apps in INSTALLED_APPS order).
API = ApiDeclaration(routers=(
    "kinerja.people.api.router",
    "kinerja.people.account_api.router",  # /me, users, logins, tokens: accounts' API lists employees
))

# Its commands: `kinerja import` (the SIASN employee import) and `kinerja logins` (logins in bulk for the
# employees of a unit; kinerja/cli/__init__.py adds them).
CLI_COMMANDS = ("kinerja.people.cli.import_group", "kinerja.people.login_cli.logins_group")
