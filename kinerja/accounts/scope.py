"""Permissions as queryset filters over the org tree (NetBox-style ``restrict``).

A user's *scope* is worked out once per request from three sources:

* granted roles (:class:`~kinerja.accounts.models.RoleGrant`): BKPSDM admin, auditor, pimpinan and
  monev cover their whole instance; an OPD admin covers the subtree of the granted unit;
* the employee's own place in the tree: whoever holds (or acts in, Plt/Plh) a position that heads
  a unit is a *pejabat penilai* for that unit's subtree, and for any position reporting to theirs;
* the employee themself (pegawai): their own record.

Every list and every object lookup in views and API handlers goes through ``restrict_*`` so an
object outside the scope is simply not found (404), never shown.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinerja.core.actors import is_system

from .models import Role, RoleGrant

VIEW = "view"
CHANGE = "change"

INSTANCE_VIEW_ROLES = {Role.ADMIN_BKPSDM, Role.AUDITOR, Role.PIMPINAN, Role.MONEV}
AUDIT_ROLES = {Role.ADMIN_BKPSDM, Role.AUDITOR}


@dataclass
class Scope:
    authenticated: bool = False
    superuser: bool = False
    instance_id: int | None = None
    roles: set[str] = field(default_factory=set)
    employee_id: int | None = None
    view_paths: list[str] = field(default_factory=list)  # unit subtrees readable through role or headship
    change_paths: list[str] = field(default_factory=list)  # unit subtrees an OPD admin manages
    headed_paths: list[str] = field(default_factory=list)  # unit subtrees the user leads (penilai)
    my_position_ids: list[int] = field(default_factory=list)  # definitive + acting today
    subordinate_position_ids: list[int] = field(default_factory=list)

    @property
    def instance_wide_view(self) -> bool:
        return bool(self.roles & INSTANCE_VIEW_ROLES)

    @property
    def instance_wide_change(self) -> bool:
        return Role.ADMIN_BKPSDM in self.roles

    @property
    def is_penilai(self) -> bool:
        """An evaluating official: someone's position reports to a position the user exercises (see team_q)."""
        return bool(self.subordinate_position_ids)

    @property
    def is_pegawai(self) -> bool:
        return self.employee_id is not None

    @property
    def can_view_audit(self) -> bool:
        return self.superuser or bool(self.roles & AUDIT_ROLES)

    @property
    def read_only(self) -> bool:
        """Auditor / pimpinan / monev without any role that writes."""
        return not (self.superuser or self.instance_wide_change or self.change_paths)

    def role_labels(self) -> list[str]:
        labels = [str(Role(r).label) for r in sorted(self.roles)]
        if self.is_penilai:
            labels.insert(0, str(_("Evaluating official")))
        if self.is_pegawai:
            labels.insert(0, str(_("Employee")))
        return labels


# What the layers above add to a scope: ``contributor(scope, user, today)`` fills in what it knows (people: the
# positions the user holds or acts in, the subtrees they head, their subordinates; organization: a platform
# operator's chosen instance). Each app registers its own from its AppConfig.ready(), in INSTALLED_APPS order.
ScopeContributor = Callable[[Scope, object, date], None]
_CONTRIBUTORS: list[ScopeContributor] = []


def register_scope_contributor(contributor: ScopeContributor) -> ScopeContributor:
    if contributor not in _CONTRIBUTORS:
        _CONTRIBUTORS.append(contributor)
    return contributor


def _compute(user, today: date) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope()
    s = Scope(authenticated=True, superuser=user.is_superuser, instance_id=user.instance_id,
              employee_id=user.employee_id)
    grants = RoleGrant.objects.filter(user=user).select_related("unit")
    if s.instance_id is not None:
        grants = grants.filter(instance_id=s.instance_id)
    for grant in grants:
        s.roles.add(grant.role)
        if grant.unit_id:
            s.view_paths.append(grant.unit.path)
            if grant.role == Role.ADMIN_OPD:
                s.change_paths.append(grant.unit.path)
    for contribute in _CONTRIBUTORS:
        contribute(s, user, today)
    return s


def get_scope(user, today: date | None = None) -> Scope:
    """The user's scope, computed once and cached on the user object for the request."""
    if user is None:
        return Scope()
    cached = getattr(user, "_kinerja_scope", None)
    if cached is not None and today is None:
        return cached
    s = _compute(user, today or timezone.localdate())
    with contextlib.suppress(AttributeError):  # AnonymousUser is fine uncached
        user._kinerja_scope = s
    return s


def clear_scope(user) -> None:
    if hasattr(user, "_kinerja_scope"):
        del user._kinerja_scope


NOTHING = Q(pk__in=[])


def can_manage_instance(user, instance_id: int | None) -> bool:
    """Instance-wide administration: BKPSDM admin of that instance, or a superuser."""
    if is_system(user):  # background work (CLI import, demo loader)
        return True
    s = get_scope(user)
    return s.superuser or (s.instance_id == instance_id and s.instance_wide_change)


def restrict_audit(qs: QuerySet, user) -> QuerySet:
    s = get_scope(user)
    if s.superuser:
        return qs
    if not s.can_view_audit:
        return qs.none()
    return qs.filter(instance_id=s.instance_id)
