"""Rencana aksi: per indicator of the approved SKP, the four quarters' planned action and cumulative target,
editable while the SKP is approved and its period open. One form for the whole SKP; only the quarters that
changed are saved (one service call each, in one transaction)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kinerja.core.forms import apply_service_errors
from kinerja.rules import skp as skp_rules

from ..forms import ActionPlanForm
from ..models import ActionPlan
from ..services import plans as plan_services
from .common import current_skp, empty_context, own_employee_id, quarter_of, today
from .mine import _rhk_blocks

QUARTERS = (1, 2, 3, 4)


def _same(form: ActionPlanForm, plan: ActionPlan | None) -> bool:
    data = form.cleaned_data
    if plan is None:
        return not data["text"] and data["target"] is None
    return data["text"] == plan.text and data["target"] == plan.target


@login_required
def plans(request):
    employee_id = own_employee_id(request)
    day = today()
    skp = current_skp(employee_id, day, request.GET.get("skp"))
    if skp is None:
        if request.method == "POST":
            raise Http404(_("You have no approved SKP to plan for."))
        return render(request, "progress/mine_empty.html", empty_context(employee_id, day, "progress_plans"))
    editable = not skp.period.is_closed
    blocks = _rhk_blocks(skp)
    stored = {(p.iki_id, p.quarter): p for p in ActionPlan.objects.filter(iki__rhk__skp=skp)}
    posted = request.POST if request.method == "POST" and editable else None
    forms_ = {}
    for block in blocks:
        for row in block.rows:
            row.quarters = []
            for quarter in QUARTERS:
                plan = stored.get((row.iki.pk, quarter))
                form = ActionPlanForm(posted, prefix=f"p{row.iki.pk}q{quarter}", initial={
                    "text": plan.text if plan else "",
                    "target": skp_rules.format_number(plan.target) if plan and plan.target is not None else ""})
                forms_[(row.iki.pk, quarter)] = (row.iki, form, plan)
                row.quarters.append({"number": quarter, "form": form, "plan": plan})
    if posted is not None:
        if all(form.is_valid() for _iki, form, _plan in forms_.values()):
            changed = [(iki, quarter, form) for (pk, quarter), (iki, form, plan) in forms_.items()
                       if not _same(form, plan)]
            try:
                with transaction.atomic():
                    for iki, quarter, form in changed:
                        plan_services.save_action_plan(actor=request.user, iki=iki, quarter=quarter,
                                                       text=form.cleaned_data["text"],
                                                       target=form.cleaned_data["target"])
            except ValidationError as exc:
                apply_service_errors(form, exc)  # the quarter that failed shows why
            else:
                messages.success(request, _("Action plans saved.") if changed else _("Nothing changed."))
                return redirect("progress:plans")
        messages.error(request, _("Some quarters could not be saved: see the messages beside them."))
    return render(request, "progress/plans.html", {
        "skp": skp, "blocks": blocks, "editable": editable, "current_quarter": quarter_of(day, skp),
        "quarters": QUARTERS, "active_menu": "progress_plans",
    })
