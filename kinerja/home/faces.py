"""What home shows of itself: its menu entries (kinerja/core/registry.py)."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import MenuEntry

MENU = [
    MenuEntry("home", _("Home"), "home:home", "house", order=0),
    MenuEntry("api", _("API"), "api:docs", "braces", order=900,
              hint=_("Connect other systems to Kinerja")),
    MenuEntry("admin", _("Back office"), "admin:index", "gear", order=1000,
              visible="kinerja.accounts.permissions.is_staff", hint=_("Technical back office")),
]

