"""Who may read and who may change the organisation's plan.

* **Read**: everyone with a login in the instance (transparency: every employee sees the region's
  missions, each OPD's goals and IKU, the performance agreements and work plans). Another
  instance's plan is never found (404).
* **Change**:
  - the RPJMD (vision, missions): only the BKPSDM admin of the instance;
  - a unit's Renstra, IKU, performance agreement (PK) and work plan (RKT): the BKPSDM admin, or the
    OPD admin whose granted subtree holds the unit;
  - the unit head (holder, or Plt/Plh of the head position) may also draft and edit their own PK
    while it is a draft, and sign it.

Background work runs as a system actor (`kinerja.core.actors`), which may do everything, as elsewhere.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kinerja.accounts import scope
from kinerja.core.actors import is_system
from kinerja.organization import permissions as org_permissions

from .models import AgreementStatus, PerformanceAgreement

NOTHING = Q(pk__in=[])


def plan_q(user, prefix: str = "") -> Q:
    """Rows of the plan ``user`` may read: their whole instance (``prefix`` for a related table)."""
    s = scope.get_scope(user)
    if not s.authenticated:
        return NOTHING
    if s.superuser:
        return Q()
    return Q(**{f"{prefix}__instance_id" if prefix else "instance_id": s.instance_id})


def restrict(qs: QuerySet, user) -> QuerySet:
    """Any planning queryset limited to what ``user`` may read."""
    return qs.filter(plan_q(user))


def can_edit_rpjmd(user, instance_id: int | None) -> bool:
    return scope.can_manage_instance(user, instance_id)


def can_edit_unit_plan(user, unit) -> bool:
    """Renstra, IKU, PK and RKT of ``unit``: the BKPSDM admin, or the OPD admin of its subtree."""
    return org_permissions.can_change_unit(user, unit)


def heads_unit(user, unit) -> bool:
    """``user`` holds or acts in (Plt/Plh) the head position of ``unit`` today."""
    s = scope.get_scope(user)
    return s.authenticated and s.instance_id == unit.instance_id and unit.path in s.headed_paths


def can_edit_agreement(user, agreement: PerformanceAgreement) -> bool:
    """Indicators and action plans: the unit's admins, or its head while the PK is a draft."""
    if can_edit_unit_plan(user, agreement.unit):
        return True
    return agreement.status == AgreementStatus.DRAFT and heads_unit(user, agreement.unit)


def can_create_agreement(user, unit) -> bool:
    return can_edit_unit_plan(user, unit) or heads_unit(user, unit)


def can_sign_agreement(user, agreement: PerformanceAgreement) -> bool:
    """The head signs their own PK; an admin may record a signature made on paper."""
    return can_edit_unit_plan(user, agreement.unit) or heads_unit(user, agreement.unit)


def can_edit_any(user) -> bool:
    """Whether ``user`` changes some part of the plan (to show the editing controls at all)."""
    if is_system(user):
        return True
    s = scope.get_scope(user)
    return s.superuser or s.instance_wide_change or bool(s.change_paths) or bool(s.headed_paths)


def editable_units_q(user) -> Q:
    """Units whose Renstra/PK/RKT ``user`` may change (for form choices)."""
    return org_permissions.unit_q(user, scope.CHANGE)


def renstra_units(user, instance_id: int) -> QuerySet:
    """OPDs of the instance for which ``user`` may write a Renstra."""
    from kinerja.organization.models import OPD_KINDS, Unit

    return (Unit.objects.filter(editable_units_q(user), instance_id=instance_id, kind__in=OPD_KINDS, is_active=True)
            .order_by("path").only("id", "name", "depth", "path"))


def work_plan_units(user, instance_id: int) -> QuerySet:
    """Units of the instance for which ``user`` may write a work plan (RKT)."""
    from kinerja.organization.models import Unit

    return Unit.objects.filter(editable_units_q(user), instance_id=instance_id, is_active=True).order_by("path")


def agreement_units(user, instance_id: int) -> QuerySet:
    """Units whose PK ``user`` may draft: the admins' units and the units the user heads."""
    from kinerja.organization.models import Unit

    q = editable_units_q(user)
    for path in scope.get_scope(user).headed_paths:
        q |= Q(path=path)
    return Unit.objects.filter(q, instance_id=instance_id, is_active=True).order_by("path")


def can_create_renstra(user, instance_id: int) -> bool:
    return renstra_units(user, instance_id).exists()


def can_create_work_plan(user, instance_id: int) -> bool:
    return work_plan_units(user, instance_id).exists()


def can_draft_agreement(user, instance_id: int) -> bool:
    return agreement_units(user, instance_id).exists()


__all__ = ["plan_q", "restrict", "can_edit_rpjmd", "can_edit_unit_plan", "heads_unit", "can_edit_agreement",
           "can_create_agreement", "can_sign_agreement", "can_edit_any", "editable_units_q",
           "renstra_units", "work_plan_units", "agreement_units", "can_create_renstra", "can_create_work_plan",
           "can_draft_agreement"]
