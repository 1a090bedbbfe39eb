"""SKP periods of an instance: created per the instance's SkpSettings, closed and reopened (BKPSDM)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.accounts import scope
from kinerja.audit.services import record, snapshot
from kinerja.core.actors import require_actor
from kinerja.core.errors import PermissionDenied, field_error
from kinerja.rules import skp as rules

from ..models import (
    Period,
)
from .common import _settings

# Apps that evaluate a period register a check "does this period have evaluations?" (evaluation/apps.py):
# its scoring scheme is then frozen. skp imports nothing of them.
_SCHEME_GUARDS: list = []


def register_scheme_guard(guard) -> None:
    if guard not in _SCHEME_GUARDS:
        _SCHEME_GUARDS.append(guard)


def scheme_change_refusal(period: Period, scheme_id: str) -> str | None:
    """Why ``period``'s scoring scheme cannot become ``scheme_id`` (None when it can): an unknown scheme, a closed
    period (it keeps the rules it was evaluated with) or a period that already has evaluations."""
    from kinerja.rules.evaluation.schemes import SCHEMES

    if scheme_id not in SCHEMES:
        return _("Unknown scoring scheme %(id)s (known: %(known)s).") % {"id": scheme_id, "known": ", ".join(SCHEMES)}
    if period.pk is None or scheme_id == period.scoring_scheme:
        return None
    if period.is_closed:
        return _("%(period)s is closed: it keeps the scoring scheme it was evaluated with (%(id)s).") % {
            "period": period.name, "id": period.scoring_scheme}
    if any(guard(period) for guard in _SCHEME_GUARDS):
        return _("%(period)s already has evaluations under %(id)s: its scoring scheme can no longer change.") % {
            "period": period.name, "id": period.scoring_scheme}
    return None


def set_scoring_scheme(*, actor, period: Period, scheme: str) -> Period:
    """Choose the scoring scheme (versioned rule set) of a period: refused once the period is closed or has
    evaluations."""
    require_actor(actor)
    if not scope.can_manage_instance(actor, period.instance_id):
        raise PermissionDenied(_("Only BKPSDM administrators manage SKP periods."))
    period = Period.objects.get(pk=period.pk)
    refusal = scheme_change_refusal(period, scheme)
    if refusal:
        raise field_error("scoring_scheme", refusal, "scheme_frozen")
    if scheme == period.scoring_scheme:
        return period
    with transaction.atomic():
        before = snapshot(period)
        period.scoring_scheme = scheme
        period.save(update_fields=["scoring_scheme", "updated_at"])
        record("skp.period.scheme", period, actor=actor, before=before, after=snapshot(period))
    return period


def _period_name(kind: str, year: int, number: int) -> str:
    if kind == rules.PeriodKind.SEMESTER:
        return _("%(year)d semester %(n)d") % {"year": year, "n": number}
    if kind == rules.PeriodKind.QUARTERLY:
        return _("%(year)d quarter %(n)d") % {"year": year, "n": number}
    return str(year)


def ensure_period(*, actor, instance, year: int, index: int = 0) -> Period:
    """Create the instance's SKP period(s) of ``year`` (per SkpSettings.period_kind) that do not exist
    yet, and return the ``index``-th period of the year (0: the first)."""
    require_actor(actor)
    if not scope.can_manage_instance(actor, instance.pk):
        raise PermissionDenied(_("Only BKPSDM administrators manage SKP periods."))
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise field_error("year", _("Enter a year, e.g. 2026."), "invalid") from None
    if not 2000 <= year <= 2100:
        raise field_error("year", _("The year must be between 2000 and 2100."), "range")
    settings = _settings(instance.pk)
    bounds = rules.period_bounds(settings.period_kind, year)
    if not 0 <= index < len(bounds):
        raise field_error("index", _("The year has %(n)d periods; choose 0 to %(last)d.")
                          % {"n": len(bounds), "last": len(bounds) - 1}, "range")
    existing = {(p.start_date, p.end_date): p
                for p in Period.objects.filter(instance=instance, year=year)}
    with transaction.atomic():
        periods = []
        for number, (start, end) in enumerate(bounds, start=1):
            period = existing.get((start, end))
            if period is None:
                period = Period.objects.create(
                    instance=instance, name=_period_name(settings.period_kind, year, number),
                    kind=settings.period_kind, year=year, start_date=start, end_date=end,
                    deadline=rules.default_deadline(start, settings.deadline_months_after_start,
                                                    settings.deadline_day))
                record("skp.period.create", period, actor=actor, after=snapshot(period))
            periods.append(period)
    return periods[index]


def set_period_closed(*, actor, period: Period, closed: bool = True) -> Period:
    """Close a period (its SKPs can no longer change) or reopen it."""
    require_actor(actor)
    if not scope.can_manage_instance(actor, period.instance_id):
        raise PermissionDenied(_("Only BKPSDM administrators manage SKP periods."))
    if period.is_closed == closed:
        return period
    with transaction.atomic():
        before = snapshot(period)
        period.is_closed = closed
        period.save(update_fields=["is_closed", "updated_at"])
        record("skp.period.close" if closed else "skp.period.reopen", period, actor=actor, before=before,
               after=snapshot(period))
    return period
