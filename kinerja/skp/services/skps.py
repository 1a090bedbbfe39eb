"""Starting an SKP: who may, and its header (position, unit, evaluator) from the org tree."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.accounts import scope
from kinerja.audit.services import snapshot
from kinerja.core.actors import require_actor
from kinerja.core.errors import PermissionDenied, field_error
from kinerja.people import permissions as people_permissions
from kinerja.people.chain import superior_chain
from kinerja.rules import skp as rules

from ..models import (
    BehaviourExpectation,
    Period,
    Skp,
    SkpKind,
)
from .common import _record


def _header_values(employee) -> dict:
    chain = superior_chain(employee, levels=2)
    evaluator = chain[0] if chain else None
    above = chain[1] if len(chain) > 1 else None
    return {
        "position": employee.position,
        "unit": employee.unit or employee.position.unit,
        "evaluator": evaluator.holder if evaluator else None,
        "evaluator_position": evaluator.position if evaluator else None,
        "evaluator_acting": (evaluator.acting_kind or "") if evaluator else "",
        "evaluator_superior": above.holder if above else None,
        "evaluator_superior_position": above.position if above else None,
    }


def create_skp(*, actor, employee, period: Period) -> Skp:
    """Start an SKP for ``employee`` in ``period``: by the employee, their evaluator or an HR admin
    (then ``set_by_admin``). Fills the header from the org tree and the seven BerAKHLAK rows."""
    require_actor(actor)
    own = actor.employee_id is not None and actor.employee_id == employee.pk
    admin = not own and people_permissions.can_change_employee(actor, employee)
    if not (own or admin):
        evaluates = (employee.position_id is not None and employee.position.superior_id is not None
                     and employee.position.superior_id in scope.get_scope(actor).my_position_ids)
        if not evaluates:
            raise PermissionDenied(_("You may not start an SKP for this employee."))
    if period.instance_id != employee.instance_id:
        raise field_error("period", _("The period belongs to another instance."), "other_instance")
    if period.is_closed:
        raise field_error("period", _("The period is closed; its SKPs can no longer change."), "closed")
    if not employee.is_active:
        raise field_error("employee", _("The employee is not active."), "inactive")
    if employee.position_id is None:
        raise field_error("employee", _("%(name)s has no position; assign one before starting an SKP.")
                          % {"name": employee.full_name}, "no_position")
    if Skp.objects.filter(period=period, employee=employee).exists():
        raise field_error("period", _("%(name)s already has an SKP for %(period)s.")
                          % {"name": employee.full_name, "period": period.name}, "duplicate")
    header = _header_values(employee)
    kind = SkpKind.JPT if rules.is_jpt(employee.position.kind) else SkpKind.STANDARD
    with transaction.atomic():
        skp = Skp.objects.create(instance_id=employee.instance_id, period=period, employee=employee, kind=kind,
                                 set_by_admin=admin, **header)
        BehaviourExpectation.objects.bulk_create(
            [BehaviourExpectation(instance_id=skp.instance_id, skp=skp, value=code) for code in rules.BERAKHLAK_CODES])
        _record("skp.skp.create", skp, actor, after=snapshot(skp))
    return skp
