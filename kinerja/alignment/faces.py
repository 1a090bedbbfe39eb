"""What alignment shows of itself: its menu entries, SKP bench step, API and log-in line (kinerja/core/registry.py)."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import ApiDeclaration, BenchStep, LoginFeature, MenuEntry

MENU = [
    MenuEntry("cascade", _("Cascade map"), "alignment:map", "bezier2", order=80,
              visible="kinerja.accounts.permissions.works_in_the_plan",
              hint=_("From the regional missions down to each employee")),
    MenuEntry("alignment", _("Alignment report"), "alignment:report", "ui-checks", order=90,
              visible="kinerja.accounts.permissions.oversees_units",
              hint=_("IKU without support, unlinked RHK, missing SKPs")),
]

# The SKP rows of ``kinerja bench``: seed with SKPs, then the cascade map, the SKP page and its PDF.
BENCH_STEPS = [
    BenchStep("skp", "the SKP rows (seed with SKPs, cascade map, SKP page, PDF)", "kinerja.alignment.bench.run",
              kinds=("cascade", "skp-page", "skp-pdf"), child="kinerja.alignment.bench.child_main"),
]

# Its REST API: kinerja/api/api.py mounts the routers at /api/v1 (installed apps in INSTALLED_APPS order).
API = ApiDeclaration(routers=("kinerja.alignment.api.router",))

# What this app offers, as the log-in page announces it (accounts/views.py: installed_features).
LOGIN_FEATURE = LoginFeature("bezier2", _("Cascade: every employee's work traced up to the regional missions"))
