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
