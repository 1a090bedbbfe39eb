"""Documents: an SKP as PDF or workbook, and the organisation plan as a workbook.

The same files as the web downloads (``/skp/documents/<id>/pdf/``, ``…/xlsx/``, ``/plan/export.xlsx``)
with the same scope: an SKP is found through the caller's view scope (own, superiors, scoped admins,
the instance-wide readers), anything else answers 404 in the JSON error shape; the plan is read by
everyone in the instance, and a unit of another instance answers 404. Successful answers are files
(``Content-Disposition: attachment``, or ``inline`` with ``inline=true`` for the PDF), never cached.
"""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import Query, Router

from kinerja.organization.models import Instance, Unit
from kinerja.planning import export as plan_export
from kinerja.planning import permissions as plan_permissions
from kinerja.planning.models import Rpjmd
from kinerja.skp import permissions
from kinerja.skp.documents.data import load_document
from kinerja.skp.documents.excel import XLSX_CONTENT_TYPE, skp_workbook
from kinerja.skp.documents.pdf import document_language, render_document_pdf
from kinerja.skp.models import Skp

from ..lookups import actor
from ..schemas.common import READ_ERRORS, WRITE_ERRORS

router = Router(tags=["documents"])

PDF_CONTENT_TYPE = "application/pdf"
Language = Literal["id", "en"]
FILE_ERRORS = {**READ_ERRORS, 403: WRITE_ERRORS[403]}


def file_response_doc(content_type: str, description: str) -> dict:
    """``openapi_extra`` documenting a 200 answer that is a file of ``content_type``."""
    return {"responses": {200: {
        "description": description,
        "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
        "headers": {"Content-Disposition": {
            "description": "attachment; filename=\"…\" (the name to save the file under)",
            "schema": {"type": "string"}}},
    }}}


def file_response(data: bytes, content_type: str, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def visible_skp_pk(request, skp_id: int) -> int:
    qs = permissions.restrict_skps(Skp.objects.all(), actor(request), permissions.VIEW)
    return get_object_or_404(qs.values_list("pk", flat=True), pk=skp_id)


# --- the SKP --------------------------------------------------------------------------------------


@router.get("/skp/{int:skp_id}/pdf", response=READ_ERRORS,
            openapi_extra=file_response_doc(PDF_CONTENT_TYPE, "The SKP as a PDF (A4 landscape, the official layout)."))
def skp_pdf(request, skp_id: int, lang: Language | None = None, inline: bool = False):
    """The SKP in the official layout as a PDF: header of the employee, the evaluating official and their
    superior, hasil kerja, perilaku kerja, signatures and lampiran; a DRAFT watermark until it is approved.
    Printed in Indonesian unless `lang=en`."""
    pk = visible_skp_pk(request, skp_id)
    with translation.override(document_language(lang)):
        doc = load_document(pk)
    return file_response(render_document_pdf(doc), PDF_CONTENT_TYPE, f"{doc.filename_stem}.pdf", inline=inline)


@router.get("/skp/{int:skp_id}/xlsx", response=READ_ERRORS,
            openapi_extra=file_response_doc(XLSX_CONTENT_TYPE, "The SKP as an Excel workbook (sheets SKP and "
                                                               "Lampiran)."))
def skp_xlsx(request, skp_id: int, lang: Language | None = None):
    """The SKP as an Excel workbook with the same content as the PDF."""
    pk = visible_skp_pk(request, skp_id)
    workbook, doc = skp_workbook(pk, language=document_language(lang))
    response = file_response(b"", XLSX_CONTENT_TYPE, f"{doc.filename_stem}.xlsx")
    workbook.save(response)
    return response


# --- the organisation plan ------------------------------------------------------------------------


def plan_instance(request, instance_id: int | None) -> Instance:
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
            openapi_extra=file_response_doc(XLSX_CONTENT_TYPE, "The plan as an Excel workbook (sheets Renstra & "
                                                               "IKU, Perjanjian Kinerja, RKT)."))
def plan_xlsx(request, year: int | None = Query(None, ge=2000, le=2100), unit: int | None = None,
              instance: int | None = None):
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


__all__ = ["router", "file_response", "file_response_doc"]
