"""Template filters for the plan pages: Rupiah, indicator values and quarters the Indonesian way."""

from __future__ import annotations

from django import template

from kinerja.rules.plan import format_rupiah, format_value

register = template.Library()

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@register.filter
def rupiah(value) -> str:
    """1234567 → "Rp 1.234.567" (Indonesian thousands separators in every language)."""
    return format_rupiah(value)


@register.filter
def plan_value(value) -> str:
    """An indicator value: 1250.5 → "1.250,5"; empty → "—"."""
    text = format_value(value)
    return text if text else "—"


@register.filter
def roman(quarter) -> str:
    return ROMAN.get(int(quarter), str(quarter))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def slot(prefix, pk) -> str:
    """The id of an inline-form slot: ``"goal-slot"|slot:goal.pk`` → "goal-slot-12"."""
    return f"{prefix}-{pk}"
