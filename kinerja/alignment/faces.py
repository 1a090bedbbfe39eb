"""What alignment shows of itself: its menu entries and the SKP bench step (kinerja/core/registry.py)."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import BenchStep, MenuEntry

MENU = [
    MenuEntry("cascade", _("Cascade map"), "alignment:map", "bezier2", order=80,
              visible="kinerja.accounts.visibility.works_in_the_plan",
              hint=_("From the regional missions down to each employee")),
    MenuEntry("alignment", _("Alignment report"), "alignment:report", "ui-checks", order=90,
              visible="kinerja.accounts.visibility.oversees_units",
              hint=_("IKU without support, unlinked RHK, missing SKPs")),
]

# The SKP rows of ``kinerja bench``: seed with SKPs, then the cascade map, the SKP page and its PDF.
BENCH_STEPS = [
    BenchStep("skp", "the SKP rows (seed with SKPs, cascade map, SKP page, PDF)", "kinerja.alignment.bench.run",
              kinds=("cascade", "skp-page", "skp-pdf"), child="kinerja.alignment.bench.child_main"),
]
