"""Alignment: the cascade map (instance or unit subtree), an SKP's chain to the mission, the report.

The cascade and every approved SKP's chain are open to everyone of the instance (employees and role
holders): transparency. A chain of an SKP not yet approved is shown only to those who may see that SKP
(404 for anyone else). The report is for the BKPSDM administrator and the instance-wide readers, an OPD
administrator for their subtree and a superior for the units they lead. A unit or SKP of another
instance (or, for the report, outside the caller's units) answers 404; a login with neither an
employee nor a role answers 403.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field as NinjaField
from ninja import Query, Router, Schema

from kinerja.alignment import permissions, report
from kinerja.alignment.cascade import build_cascade, chain_for_skp
from kinerja.api.lookups import actor
from kinerja.api.schemas import READ_ERRORS
from kinerja.api.types import Id
from kinerja.core.errors import PermissionDenied, field_error
from kinerja.organization.models import Instance, Unit
from kinerja.skp.models import Period, Skp

from .schemas import CascadeOut, ChainOut, ReportOut

router = Router(tags=["alignment"])
# Operation ids as first published (kinerja/api/routers/alignment.py); clients are generated from them.
OPERATION_ID_PREFIX = "kinerja_api_routers_alignment_"
ERRORS = {**READ_ERRORS, 403: READ_ERRORS[404]}
MAX_LIMIT = 1000


class CascadeQuery(Schema):
    period: Id | None = NinjaField(None, description="SKP period id; default: the one running today.")
    depth: int | None = NinjaField(None, ge=0, le=100, description="Levels below the missions to include (0: missions "
                                                           "only); default: all. Cut nodes say `truncated`.")
    approved_only: bool = NinjaField(False, description="Count only approved SKP (and those under revision).")
    instance: Id | None = NinjaField(None, description="Platform operators only: the instance.")


class ReportQuery(Schema):
    period: Id | None = NinjaField(None, description="SKP period id; default: the one running today.")
    limit: int = NinjaField(report.DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per list (totals are "
                                                                                  "always complete).")
    instance: Id | None = NinjaField(None, description="Platform operators only: the instance.")


def _instance_id(request, instance: int | None) -> int:
    user = actor(request)
    if user.instance_id is not None:
        return user.instance_id
    if instance is None:
        raise field_error("instance", _("Platform operators must name the instance."), "required")
    if not Instance.objects.filter(pk=instance).exists():
        raise field_error("instance", _("Unknown instance %(id)s.") % {"id": instance}, "does_not_exist")
    return instance


def _map_instance(request, instance: int | None) -> int:
    if not permissions.can_view_map(actor(request)):
        raise PermissionDenied(_("The cascade map is open to the employees of the instance and its role holders."))
    return _instance_id(request, instance)


def _period(instance_id: int, period: int | None) -> Period:
    periods = permissions.periods_of(instance_id)
    found = permissions.pick_period(periods, str(period) if period is not None else None)
    if found is None:
        if period is not None:
            raise field_error("period", _("Unknown period %(id)s.") % {"id": period}, "does_not_exist")
        raise field_error("period", _("No SKP period has been opened for this instance yet."), "required")
    return found


def _unit(instance_id: Id, unit_id: Id) -> Unit:
    return get_object_or_404(Unit.objects.filter(instance_id=instance_id), pk=unit_id)


def _period_ref(period: Period) -> dict:
    return {"id": period.pk, "name": period.name, "year": period.year}


def _cascade(instance_id: Id, period: Period, unit: Unit | None, q: CascadeQuery) -> dict:
    tree = build_cascade(instance_id, period.pk, unit, approved_only=q.approved_only)
    data = tree.to_dict(q.depth)
    data["period"] = _period_ref(period)
    data["unit"] = unit
    return data


@router.get("/alignment/cascade", response={200: CascadeOut, **ERRORS})
def instance_cascade(request, q: Query[CascadeQuery]):
    """The whole instance's cascade: missions → strategic targets → IKU → PK indicators → RHK of each level.

    Every node counts the in-scope RHK, employees and IKI below it; RHK that link to nothing are in
    `unlinked`. Large instances: pass `depth`, or ask for a unit subtree.
    """
    instance_id = _map_instance(request, q.instance)
    return _cascade(instance_id, _period(instance_id, q.period), None, q)


@router.get("/alignment/units/{int:unit_id}/cascade", response={200: CascadeOut, **ERRORS})
def unit_cascade(request, unit_id: Id, q: Query[CascadeQuery]):
    """The cascade of a unit subtree; superiors' RHK above it come as context (`in_scope: false`)."""
    instance_id = _map_instance(request, q.instance)
    unit = _unit(instance_id, unit_id)
    return _cascade(instance_id, _period(instance_id, q.period), unit, q)


@router.get("/alignment/skps/{int:skp_id}/chain", response={200: ChainOut, **ERRORS})
def skp_chain(request, skp_id: Id, instance: Id | None = None):
    """For each RHK of the SKP, its chain up to the regional mission (nearest link first).

    An approved SKP's chain is readable by everyone of the instance; a draft (or submitted, returned,
    under revision) SKP's chain only by those who may see that SKP — 404 for anyone else.
    """
    instance_id = _map_instance(request, instance)
    skps = Skp.objects.filter(instance_id=instance_id).filter(permissions.chain_q(actor(request)))
    skp = get_object_or_404(skps.select_related("employee", "period",
                                                                                       "position", "unit"),
                            pk=skp_id)
    employee = skp.employee
    return {
        "skp": {"id": skp.pk, "status": skp.status, "period": _period_ref(skp.period),
                "employee": {"id": employee.pk, "name": employee.full_name, "nip": employee.nip,
                             "position": skp.position.name, "unit": skp.unit.name}},
        "chains": [chain.to_dict() for chain in chain_for_skp(skp)],
    }


def _report(request, unit_id: Id | None, q: ReportQuery) -> dict:
    user = actor(request)
    if not permissions.can_view_report(user):
        raise PermissionDenied(_("The alignment report is for administrators, superiors and the monitoring team."))
    instance_id = _instance_id(request, q.instance)
    unit = _unit(instance_id, unit_id) if unit_id is not None else None
    if not permissions.report_allows(user, unit):
        if unit is None:
            raise PermissionDenied(_("Ask for the report of a unit you manage or lead."))
        raise Http404  # outside the units the caller manages or leads
    period = _period(instance_id, q.period)
    return report.build_report(instance_id, period, unit, limit=q.limit).to_dict()


@router.get("/alignment/report", response={200: ReportOut, **ERRORS})
def instance_report(request, q: Query[ReportQuery]):
    """The whole instance's alignment report (BKPSDM administrator, monev, pimpinan, auditor)."""
    return _report(request, None, q)


@router.get("/alignment/units/{int:unit_id}/report", response={200: ReportOut, **ERRORS})
def unit_report(request, unit_id: Id, q: Query[ReportQuery]):
    """A unit subtree's report: IKU no RHK supports, RHK that link to nothing, employees without an approved SKP."""
    return _report(request, unit_id, q)
