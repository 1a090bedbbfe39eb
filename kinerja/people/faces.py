"""What people shows of itself: its menu entries, its audit labels (kinerja/core/registry.py)."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import AuditLabels, MenuEntry

MENU = [
    MenuEntry("me", _("My profile"), "people:me", "person-badge", order=10,
              visible="kinerja.accounts.visibility.is_employee", hint=_("Your data, position history and grades")),
    MenuEntry("team", _("My team"), "people:team", "people", order=30,
              visible="kinerja.accounts.visibility.is_evaluator", hint=_("The employees you evaluate")),
    MenuEntry("directory", _("Employee directory"), "people:directory", "person-lines-fill", order=100,
              visible="kinerja.accounts.visibility.reads_units", hint=_("Find employees in your scope")),
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
