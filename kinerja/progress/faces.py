"""What progress shows of itself (kinerja/core/registry.py): filled in by the Do work (issue 9)."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import MenuEntry

MENU = [
    MenuEntry("progress_mine", _("My progress"), "progress:mine", "graph-up-arrow", order=22,
              visible="kinerja.accounts.permissions.is_employee",
              hint=_("Report your results with evidence, period by period")),
    MenuEntry("progress_log", _("Daily log"), "progress:log", "journal-check", order=24,
              visible="kinerja.accounts.permissions.is_employee", hint=_("What you did today, in a minute")),
]
