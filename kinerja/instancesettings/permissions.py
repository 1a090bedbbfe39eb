"""Who reads and who changes the instance settings: the BKPSDM administrator (and the platform operator, in the
instance they picked) changes them; the auditor and the regional leadership read them; nobody else sees the page.
The page always shows the user's own instance: there is no other instance to reach."""

from __future__ import annotations

from kinerja.accounts.models import Role
from kinerja.accounts.scope import get_scope

READERS = {Role.ADMIN_BKPSDM, Role.AUDITOR, Role.PIMPINAN}


def can_change_settings(user) -> bool:
    s = get_scope(user)
    return bool(s.instance_id and (s.superuser or s.instance_wide_change))


def can_read_settings(user) -> bool:
    s = get_scope(user)
    return bool(s.instance_id and (s.superuser or s.roles & READERS))


def settings_instance_id(user) -> int | None:
    """The instance whose settings the page shows: the user's own (the operator's: the one they picked)."""
    return get_scope(user).instance_id
