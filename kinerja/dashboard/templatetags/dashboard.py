"""Achievement figures on the dashboard pages: ``{{ value|pct }}``, ``{{ value|tone }}``, ``{% risk_badge risk %}``."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def pct(value) -> str:
    """87.5 → "87,5%" (the active language's decimal mark); no value → "–"."""
    if value is None or value == "":
        return "–"
    return f"{number_format(round(float(value), 1), 1)}%"


@register.filter
def tone(value) -> str:
    """The Bootstrap colour of an achievement: on target (≥ 100), near (≥ 80), behind (< 80), none."""
    if value is None or value == "":
        return "secondary"
    value = float(value)
    return "success" if value >= 100 else "primary" if value >= 80 else "danger"


@register.filter
def bar(value) -> int:
    """The width class of a bar (``pct-0`` … ``pct-100``) for an achievement capped at 120 %."""
    if value is None or value == "":
        return 0
    return max(0, min(100, round(float(value) / 1.2)))


BADGES = {
    "at_risk": ("danger", "exclamation-triangle"),
    "no_data": ("secondary", "hourglass"),
    "": ("success", "check2"),
}


@register.simple_tag
def risk_badge(risk: str):
    """The early warning as a badge: at risk, no report yet, on track."""
    tone, icon = BADGES.get(risk or "", BADGES[""])
    label = {"at_risk": _("At risk"), "no_data": _("No report yet")}.get(risk or "", _("On track"))
    return format_html('<span class="badge text-bg-{} text-wrap"><i class="bi bi-{}"></i> {}</span>', tone, icon,
                       label)


@register.filter
def risk_reason(stored) -> str:
    """An early-warning reason (code and parameters) in the reader's language (progress/achievement/reasons.py)."""
    from kinerja.progress.achievement.reasons import reason_text

    return reason_text(stored or "")
