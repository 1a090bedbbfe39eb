"""Who sees the cascade map and the alignment report; which period a page shows.

* The cascade map and every employee's chain are open to everyone of the instance — employees and
  holders of any role (transparency, DOMAIN §1). A login that is neither (no employee, no role) is
  refused; another instance's units, employees and SKP are simply not found (404).
* An SKP's chain is its RHK: readable across the instance once the SKP is approved; before that
  (draft, submitted, returned, under revision) only by those who may see the SKP itself
  (``skp.permissions``: its employee, evaluator, superiors and administrators in scope).
* The alignment report is for those who act on it: the BKPSDM administrator and the instance-wide
  readers (monev, pimpinan, auditor) for any unit of the instance, an OPD administrator for the
  subtrees they manage, and a superior (pejabat penilai) for the units they lead.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from kinerja.accounts.scope import get_scope
from kinerja.core.tree import in_subtrees
from kinerja.organization.models import Unit
from kinerja.skp import permissions as skp_permissions
from kinerja.skp.models import Period, Skp, SkpStatus


def can_view_map(user) -> bool:
    s = get_scope(user)
    if not s.authenticated:
        return False
    return s.superuser or (s.instance_id is not None and (s.is_pegawai or bool(s.roles)))


def sees_instance(user, instance) -> bool:
    """The map of ``instance``: a platform operator (no instance) any, everyone else their own only."""
    return user.instance_id is None or instance.pk == user.instance_id


def chain_q(user) -> Q:
    """The SKPs whose chain ``user`` may read (instance filtering is the caller's, as for the map)."""
    visible = skp_permissions.skp_q(user, skp_permissions.VIEW)
    if not visible:  # an empty Q is "every SKP" (platform operators); `Q(…) | Q()` would drop it
        return Q()
    return Q(status=SkpStatus.APPROVED) | visible


def can_view_chain(user, skp: Skp) -> bool:
    if skp.status == SkpStatus.APPROVED:
        return True
    return Skp.objects.filter(pk=skp.pk).filter(chain_q(user)).exists()


def report_paths(user) -> list[str] | None:
    """Unit subtrees whose report the user may read; ``None`` = the whole instance; ``[]`` = none."""
    s = get_scope(user)
    if not s.authenticated:
        return []
    if s.superuser or s.instance_wide_view:
        return None
    return sorted(set(s.change_paths) | set(s.headed_paths))


def can_view_report(user) -> bool:
    paths = report_paths(user)
    return paths is None or bool(paths)


def report_allows(user, unit: Unit | None) -> bool:
    """May read the report of ``unit`` (``None``: the whole instance)."""
    paths = report_paths(user)
    if paths is None:
        return True
    if unit is None:
        return False
    return in_subtrees(unit.path, paths)


def can_view_report_of(user, unit: Unit | None) -> bool:
    """May open the report on ``unit`` (a link that carries the unit is shown only then)."""
    return can_view_report(user) and report_allows(user, unit)


def default_report_unit(user, instance_id: int) -> Unit | None:
    """The unit a report opens on: the whole instance for instance-wide readers, else the first unit managed/led."""
    paths = report_paths(user)
    if not paths:
        return None
    return Unit.objects.filter(instance_id=instance_id, path__in=paths).order_by("path").first()


def periods_of(instance_id: int) -> list[Period]:
    return list(Period.objects.filter(instance_id=instance_id).order_by("-start_date"))


def pick_period(periods: list[Period], wanted: str | None) -> Period | None:
    """The period asked for (by id), else the one running today, else the latest that started, else the newest."""
    if wanted and str(wanted).isdigit():
        for period in periods:
            if period.pk == int(wanted):
                return period
        return None
    today = timezone.localdate()
    for period in periods:
        if period.start_date <= today <= period.end_date:
            return period
    started = [p for p in periods if p.start_date <= today]
    return started[0] if started else (periods[0] if periods else None)


def opd_of(unit: Unit) -> str:
    """The top-level unit's path (the OPD) of ``unit``."""
    return unit.path[: Unit.steplen]
