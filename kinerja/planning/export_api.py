"""The organisation plan as a workbook (``GET /plan/export``), the same file as the web download
``/plan/export.xlsx``: everyone in the instance reads it; a unit of another instance answers 404. The
answer is a file (``Content-Disposition: attachment``), never cached. Listed with the documents.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from kinerja.api.files import file_response, file_response_doc
from kinerja.api.lookups import actor
from kinerja.api.schemas import READ_ERRORS, WRITE_ERRORS
from kinerja.api.types import Id, Year
from kinerja.organization.models import Instance, Unit

from . import export as plan_export
from . import permissions as plan_permissions
from .models import Rpjmd

router = Router(tags=["documents"])
# Operation ids as first published (kinerja/api/routers/documents.py); clients are generated from them.
OPERATION_ID_PREFIX = "kinerja_api_routers_documents_"
FILE_ERRORS = {**READ_ERRORS, 403: WRITE_ERRORS[403]}


def plan_instance(request, instance_id: Id | None) -> Instance:
    """The caller's instance; a platform operator names one (``instance``), else the first."""
    user = actor(request)
    if user.is_superuser:
        wanted = instance_id or user.instance_id
        found = Instance.objects.filter(pk=wanted).first() if wanted else Instance.objects.order_by("name").first()
        if found is None:
            raise Http404
        return found
    if user.instance_id is None:
        raise PermissionDenied(_("Your account does not belong to an instance."))
    return user.instance


def plan_year(user, instance: Instance, year: int | None) -> int:
    """The year asked for, else (like the plan page) this year when an RPJMD covers it, else the nearest."""
    if year is not None:
        return year
    years = sorted({y for start, end in plan_permissions.restrict(Rpjmd.objects.filter(instance=instance), user)
                    .values_list("start_year", "end_year") for y in range(start, end + 1)})
    today = timezone.localdate().year
    if today in years or not years:
        return today
    return years[-1] if today > years[-1] else years[0]


@router.get("/plan/export", response=FILE_ERRORS,
            openapi_extra=file_response_doc(plan_export.CONTENT_TYPE, "The plan as an Excel workbook (sheets "
                                                                      "Renstra & IKU, Perjanjian Kinerja, RKT)."))
def plan_xlsx(request, year: Year | None = None, unit: Id | None = None, instance: Id | None = None):
    """The organisation plan of your instance for a year as an Excel workbook: the Renstra with IKU and their
    yearly targets, the performance agreements with quarterly action plans, and the work plans with budgets.
    `unit` limits it to that unit's OPD Renstra and the PK/RKT of the unit and the units below it. Default
    year: the current one when the RPJMD covers it. Platform operators name the `instance`."""
    user = actor(request)
    found = plan_instance(request, instance)
    unit_obj = get_object_or_404(Unit.objects.filter(instance=found), pk=unit) if unit is not None else None
    chosen = plan_year(user, found, year)
    workbook = plan_export.plan_workbook(found, chosen, unit_obj)
    return file_response(plan_export.to_bytes(workbook), plan_export.CONTENT_TYPE,
                         plan_export.filename(found, chosen, unit_obj))
