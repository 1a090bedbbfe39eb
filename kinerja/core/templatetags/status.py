"""``{{ value|status_class }}`` → ``status-<value>`` and ``{{ value|status_tone }}`` → a Bootstrap tone,
both from the one mapping in kinerja/core/status.py."""

from __future__ import annotations

from django import template

from kinerja.core.status import bootstrap_tone

register = template.Library()


@register.filter
def status_class(value) -> str:
    return f"status-{value or 'none'}"


@register.filter
def status_tone(value) -> str:
    return bootstrap_tone(value)
