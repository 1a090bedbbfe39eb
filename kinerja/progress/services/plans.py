"""Action plans (rencana aksi): what the employee plans for one IKI in one quarter, with the cumulative target
for the end of that quarter. A plan's target sets the IKI's expected-by-now: when it changes, the IKI is rolled up
again (every period, as a reviewed report)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.audit.services import record, snapshot
from kinerja.core.actors import require_actor
from kinerja.core.errors import field_error

from .. import periods
from ..achievement import refresh_for_ikis
from ..models import ActionPlan
from .common import check_open, check_reporter, clean_number, clean_text, load_iki

TEXT_MAX = 2000


def save_action_plan(*, actor, iki, quarter, text, target=None) -> ActionPlan:
    """Create or change the plan of ``iki`` for ``quarter`` (1 … the SKP period's number of quarters)."""
    require_actor(actor)
    iki = load_iki(iki)
    skp = iki.rhk.skp
    check_reporter(actor, skp)
    check_open(skp)
    count = len(periods.quarters(skp.period.start_date, skp.period.end_date))
    try:
        number = int(quarter)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= count:
        raise field_error("quarter", _("Choose a quarter from 1 to %(max)d.") % {"max": count}, "invalid_choice")
    data = {"text": clean_text(text, "text", TEXT_MAX, required=True, label=_("The planned action")),
            "target": clean_number(target, "target")}
    with transaction.atomic():
        plan = ActionPlan.objects.select_for_update().filter(iki=iki, quarter=number).first()
        if plan is None:
            plan = ActionPlan.objects.create(instance_id=iki.instance_id, iki=iki, quarter=number, **data)
            record("progress.actionplan.create", plan, actor=actor, after=snapshot(plan))
            if plan.target is not None:
                refresh_for_ikis([iki.pk])
            return plan
        if all(getattr(plan, k) == v for k, v in data.items()):
            return plan
        before = snapshot(plan)
        target_changed = plan.target != data["target"]
        for key, value in data.items():
            setattr(plan, key, value)
        plan.save()
        record("progress.actionplan.update", plan, actor=actor, before=before, after=snapshot(plan))
        if target_changed:
            refresh_for_ikis([iki.pk])
    return plan


def delete_action_plan(*, actor, plan: ActionPlan) -> None:
    require_actor(actor)
    iki = load_iki(plan.iki_id)
    check_reporter(actor, iki.rhk.skp)
    check_open(iki.rhk.skp)
    with transaction.atomic():
        before = snapshot(plan)
        record("progress.actionplan.delete", plan, actor=actor, before=before, after=None)
        ActionPlan.objects.filter(pk=plan.pk).delete()
        if plan.target is not None:
            refresh_for_ikis([iki.pk])
