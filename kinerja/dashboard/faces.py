"""What the dashboard shows of itself (kinerja/core/registry.py): menu entry, API, roll-up bench step, log-in line."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import ApiDeclaration, BenchStep, LoginFeature, MenuEntry

MENU = [
    MenuEntry("dashboard", _("Organisation dashboard"), "dashboard:index", "speedometer2", order=75,
              visible="kinerja.dashboard.permissions.can_view_dashboard",
              hint=_("How each IKU moves, from the work that supports it; early warnings")),
]

# The roll-up rows of ``kinerja bench``: a year of reports, the full roll-up and the incremental update.
BENCH_STEPS = [
    BenchStep("rollup", "the achievement roll-up (a year of reports; full rebuild, incremental update)",
              "kinerja.dashboard.bench.run", kinds=("rollup", "rollup-data"),
              child="kinerja.dashboard.bench.child_main"),
]

API = ApiDeclaration(routers=("kinerja.dashboard.api.router",))

LOGIN_FEATURE = LoginFeature("speedometer2", _("Organisation dashboard: every IKU's achievement as reports arrive"))
