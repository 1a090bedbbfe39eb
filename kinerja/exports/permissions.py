"""Who may ask for an export, and who may see and download one.

* **Ask**: HR administrators — the BKPSDM admin (the whole instance), an OPD admin (their unit's
  subtree only), a platform operator.
* **See and download**: the one who asked, the BKPSDM admins of the job's instance and platform
  operators. Anybody else gets a 404 (the job's existence is not confirmed).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kinerja.accounts import scope as sc

from .models import ExportJob


def can_export(user) -> bool:
    s = sc.get_scope(user)
    return s.authenticated and (s.superuser or s.instance_wide_change or bool(s.change_paths))


def jobs_q(user) -> Q:
    s = sc.get_scope(user)
    if not s.authenticated:
        return sc.NOTHING
    if s.superuser:
        return Q()
    if s.instance_id is None:
        return sc.NOTHING
    q = Q(instance_id=s.instance_id)
    return q if s.instance_wide_change else q & Q(requested_by_id=user.pk)


def visible_jobs(user, qs: QuerySet | None = None) -> QuerySet:
    """The export jobs ``user`` may see and download."""
    return (ExportJob.objects.all() if qs is None else qs).filter(jobs_q(user))


def sees_others(user) -> bool:
    """Whether the list shows other people's exports too (BKPSDM admin, platform operator)."""
    s = sc.get_scope(user)
    return s.superuser or s.instance_wide_change
