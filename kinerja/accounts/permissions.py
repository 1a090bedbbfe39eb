"""Accounts' permission rules: who administers logins and roles (the BKPSDM administrator of their instance,
platform operators), and whom each menu entry is shown to (the apps' ``faces.py`` name these by dotted
path; kinerja/core/registry.py)."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import User
from .scope import get_scope


def can_manage_users(user) -> bool:
    s = get_scope(user)
    return s.superuser or s.instance_wide_change


def managed_users(user, qs: QuerySet | None = None) -> QuerySet:
    """The logins ``user`` administers: every login for a platform operator, else those of their instance
    (check :func:`can_manage_users` first: this filter alone lets anyone see their own instance)."""
    qs = User.objects.all() if qs is None else qs
    s = get_scope(user)
    return qs if s.superuser else qs.filter(instance_id=s.instance_id)


# --- whom a menu entry is shown to ---------------------------------------------------------------------

def is_employee(user) -> bool:
    """Has an employee record: their own profile, SKP and the policies addressed to them."""
    return get_scope(user).is_pegawai


def is_evaluator(user) -> bool:
    """Evaluates someone (pejabat penilai): their team and its SKPs."""
    return get_scope(user).is_penilai


def works_in_the_plan(user) -> bool:
    """An employee, a role holder or the platform operator: the cascade map."""
    s = get_scope(user)
    return bool(s.superuser or s.is_pegawai or s.roles)


def oversees_units(user) -> bool:
    """Reads the whole instance, administers a unit or heads one: the alignment report."""
    s = get_scope(user)
    return bool(s.superuser or s.instance_wide_view or s.change_paths or s.headed_paths)


def reads_units(user) -> bool:
    """Reads the whole instance or administers a unit: the directory and the SKP monitoring."""
    s = get_scope(user)
    return bool(s.superuser or s.instance_wide_view or s.change_paths)


def administers_units(user) -> bool:
    """Changes the whole instance or a unit's subtree: positions, socialisation management."""
    s = get_scope(user)
    return bool(s.superuser or s.instance_wide_change or s.change_paths)


def administers_instance(user) -> bool:
    """The BKPSDM administrator or the platform operator: users and roles."""
    s = get_scope(user)
    return bool(s.superuser or s.instance_wide_change)


def reads_audit(user) -> bool:
    return get_scope(user).can_view_audit


def is_staff(user) -> bool:
    return bool(user.is_staff)


# --- the caller's standing, as the views and the API's /me show it ---------------------------------------

def is_platform_operator(user) -> bool:
    """A superuser: works across instances (the instance they picked in the menu, or all of them)."""
    return get_scope(user).superuser


def own_employee_id(user) -> int | None:
    """The employee record ``user`` acts as (None: a login without one, or not signed in)."""
    return get_scope(user).employee_id


def is_read_only(user) -> bool:
    """Auditor, pimpinan, monev or a plain employee: no role that writes (no administrator of anything)."""
    return get_scope(user).read_only


def granted_roles(user) -> list[str]:
    """The codes of the roles granted to ``user`` in their instance, sorted."""
    return sorted(get_scope(user).roles)


def role_labels(user) -> list[str]:
    """What ``user`` is, for display: employee, evaluating official, then the granted roles."""
    return get_scope(user).role_labels()
