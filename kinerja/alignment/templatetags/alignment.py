"""Labels for the cascade templates, and ``{% skp_chain skp %}`` for the SKP page.

``{% load alignment %}{% skp_chain skp %}`` renders ``alignment/_chain.html`` for an SKP (an
``Skp`` instance): each RHK's chain up to the regional mission, computed with
:func:`kinerja.alignment.cascade.chain_for_skp` (four queries whatever the SKP holds).
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kinerja.skp.models import Perspective, SkpStatus

from .. import cascade as c

register = template.Library()


@register.filter
def kind_label(kind: str) -> str:
    return {
        c.MISSION: pgettext("cascade level", "Mission"),
        c.GOAL: pgettext("cascade level", "Goal"),
        c.TARGET: pgettext("cascade level", "Strategic target"),
        c.IKU: pgettext("cascade level", "IKU"),
        c.PK: pgettext("cascade level", "PK indicator"),
        c.RHK: pgettext("cascade level", "RHK"),
        c.BUCKET: pgettext("cascade level", "Not linked"),
    }.get(kind, kind)


@register.filter
def kind_icon(kind: str) -> str:
    return {c.MISSION: "flag-fill", c.GOAL: "signpost-2", c.TARGET: "bullseye", c.IKU: "speedometer2",
            c.PK: "file-earmark-check", c.RHK: "person-workspace", c.BUCKET: "exclamation-triangle"}.get(kind, "dot")


@register.filter
def issue_label(issue: str) -> str:
    return {
        c.NO_PARENT: _("Intervenes no superior RHK"),
        c.NO_PK_INDICATOR: _("Carries no PK indicator"),
        c.MISSING_PARENT: _("The linked RHK or PK indicator cannot be found"),
        c.CYCLE: _("Its links go round in a loop"),
        c.PK_UNPLANNED: _("The PK indicator names no IKU or strategic target"),
    }.get(issue, issue)


@register.filter
def perspective_label(value: str) -> str:
    try:
        return str(Perspective(value).label) if value else ""
    except ValueError:
        return value


@register.filter
def status_label(value: str | None) -> str:
    if not value:
        return _("No SKP")
    try:
        return str(SkpStatus(value).label)
    except ValueError:
        return value


@register.filter
def initials(name: str) -> str:
    parts = [p for p in (name or "").replace(",", " ").split() if p[:1].isalpha() and not p.endswith(".")]
    return "".join(p[0] for p in parts[:2]).upper() or "?"


@register.inclusion_tag("alignment/_chain.html")
def skp_chain(skp, compact: bool = False):
    return {"chains": c.chain_for_skp(skp) if skp is not None else [], "compact": compact}
