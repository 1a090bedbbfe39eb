"""Who sees and writes progress: reports, evidence, action plans and the daily log.

* SEE: whoever may see the SKP (``skp.permissions.skp_q``: oneself, the evaluator, the heads and
  administrators above, instance-wide readers) sees its reports, evidence, action plans and daily log, and may
  download its evidence files. Anyone else gets a 404 (the rows are simply not found).
* WRITE: only the SKP's own employee reports progress, adds or removes evidence, plans actions and keeps the
  daily log (background work as a system actor too). Reviewing (accepting, returning) is the evaluator's:
  ``can_review``.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kinerja.core.actors import is_system
from kinerja.skp import permissions as skp_permissions

VIEW = skp_permissions.VIEW


def _q(user, prefix: str) -> Q:
    return skp_permissions.prefix_q(skp_permissions.skp_q(user, VIEW), prefix)


def report_q(user) -> Q:
    return _q(user, "skp")


def restrict_reports(qs: QuerySet, user) -> QuerySet:
    """The reports of ``qs`` that ``user`` may see (those of the SKPs they may see)."""
    return qs.filter(report_q(user))


def restrict_evidence(qs: QuerySet, user) -> QuerySet:
    """The evidence of ``qs`` that ``user`` may see (and download)."""
    return qs.filter(_q(user, "report__skp"))


def restrict_action_plans(qs: QuerySet, user) -> QuerySet:
    return qs.filter(_q(user, "iki__rhk__skp"))


def restrict_daily_logs(qs: QuerySet, user) -> QuerySet:
    return qs.filter(_q(user, "skp"))


def restrict_ikis(qs: QuerySet, user) -> QuerySet:
    """The IKI ``user`` may see (to report on one, it must also be their own: :func:`can_report`)."""
    return qs.filter(_q(user, "rhk__skp"))


def restrict_rhks(qs: QuerySet, user) -> QuerySet:
    return qs.filter(_q(user, "skp"))


def can_report(user, skp) -> bool:
    """Only the SKP's own employee writes its progress (and background work: the demo loader, the CLI)."""
    return is_system(user) or skp_permissions.is_own(user, skp)


def can_review(user, skp) -> bool:
    """Accept or return reports and evidence: whoever evaluates the SKP (never its own employee)."""
    return skp_permissions.can_evaluate(user, skp)


def can_download(user, evidence) -> bool:
    """May ``user`` download the file of ``evidence``? Whoever may see its report; a deleted one nobody."""
    from .models import Evidence

    if evidence.deleted_at is not None:
        return False
    return restrict_evidence(Evidence.objects.filter(pk=evidence.pk), user).exists()
