"""What the audit-log browser shows of itself: its menu entry (kinerja/core/registry.py)."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import MenuEntry

MENU = [
    MenuEntry("audit", _("Audit log"), "audit:list", "journal-text", order=160,
              visible="kinerja.accounts.permissions.reads_audit", hint=_("Who changed what, and when")),
]

