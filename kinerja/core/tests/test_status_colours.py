"""Status colours mean the same on every page: one mapping (core/status.py), one stylesheet rule per status."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from kinerja.core.status import STATUS_TONE, bootstrap_tone
from kinerja.exports.models import JobStatus
from kinerja.planning.models import AgreementStatus
from kinerja.skp.models import SkpStatus
from kinerja.socialisation.models import BatchStatus, Status

BASE = Path(settings.BASE_DIR)
APP_CSS = BASE / "static" / "kinerja" / "app.css"
STATUSES = {*SkpStatus.values, *AgreementStatus.values, *Status.values, *JobStatus.values, *BatchStatus.values, "none"}


def _rules(css: str) -> dict[str, str]:
    """``.status-x`` → the declarations of the rule that names it."""
    found = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        for name in re.findall(r"\.status-([a-z_]+)", selectors):
            found[name] = body.strip()
    return found


def test_every_status_has_a_tone_and_a_colour_defined_once():
    rules = _rules(APP_CSS.read_text())
    for status in STATUSES:
        assert status in STATUS_TONE, status
        assert "background" in rules.get(status, ""), status
    # same tone, same colour
    by_tone = {}
    for status in STATUSES:
        by_tone.setdefault(STATUS_TONE[status], set()).add(rules[status])
    assert all(len(bodies) == 1 for bodies in by_tone.values()), by_tone


def test_no_other_stylesheet_colours_a_status():
    sheets = [p for p in BASE.rglob("*.css") if p != APP_CSS and "node_modules" not in p.parts]
    coloured = re.compile(r"\.(skp-|soc-)?status-(" + "|".join(STATUSES) + r")\b[^{]*\{[^}]*(background|color)")
    for sheet in sheets:
        assert not coloured.search(sheet.read_text()), sheet


def test_no_template_picks_its_own_status_colour():
    for template in (BASE / "templates").rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"(skp|soc)-status-\{\{", text), template
        assert "text-bg-success\"><i class=\"bi bi-check2\"></i> {{ job" not in text


def test_bootstrap_tones_follow_the_mapping():
    assert bootstrap_tone("approved") == bootstrap_tone("signed") == bootstrap_tone("published") == "success"
    assert bootstrap_tone("submitted") == "warning" and bootstrap_tone("returned") == "danger"
    assert bootstrap_tone(None) == "light"
