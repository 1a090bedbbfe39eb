"""Documents: an SKP as PDF or workbook, and the SKP period export (the plan workbook: planning/export_api.py).

The same files as the web downloads (``/skp/documents/<id>/pdf/``, ``…/xlsx/``) with the same scope: an
SKP is found through the caller's view scope (own, superiors, scoped admins, the instance-wide readers),
anything else answers 404 in the JSON error shape. Successful answers are files (``Content-Disposition:
attachment``, or ``inline`` with ``inline=true`` for the PDF), never cached.

The period export (every SKP of a period, one row per IKI) can take minutes, so it is a job: ``POST
/skp/exports`` answers 202 with the job, a background task writes the file, ``GET /skp/exports/{id}``
tells its status and ``GET /skp/exports/{id}/file`` fetches it when done. Only HR admins ask for one;
only the requester and the BKPSDM admins of the instance see it (404 for anyone else).
"""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError

from kinerja.api.files import file_response, file_response_doc
from kinerja.api.lookups import actor, page, referenced
from kinerja.api.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut
from kinerja.api.types import Cursor, Id, Limit
from kinerja.exports import permissions as export_permissions
from kinerja.exports import services as export_services
from kinerja.exports.downloads import open_download
from kinerja.exports.models import ExportJob, ExportKind
from kinerja.organization.models import Unit
from kinerja.skp import permissions
from kinerja.skp.documents.data import load_document
from kinerja.skp.documents.excel import XLSX_CONTENT_TYPE, skp_workbook
from kinerja.skp.documents.pdf import PDF_TOO_SLOW, RenderTimeout, document_language, render_document_pdf
from kinerja.skp.models import Skp

from .schemas import ExportOut, ExportPage, SkpExportIn

router = Router(tags=["documents"])
# Operation ids as first published (kinerja/api/routers/documents.py); clients are generated from them.
OPERATION_ID_PREFIX = "kinerja_api_routers_documents_"

PDF_CONTENT_TYPE = "application/pdf"
Language = Literal["id", "en"]
JobState = Literal["queued", "running", "done", "failed"]


def visible_skp_pk(request, skp_id: Id) -> int:
    qs = permissions.restrict_skps(Skp.objects.all(), actor(request), permissions.VIEW)
    return get_object_or_404(qs.values_list("pk", flat=True), pk=skp_id)


# --- the SKP --------------------------------------------------------------------------------------


@router.get("/skp/{int:skp_id}/pdf", response={**READ_ERRORS, 503: ErrorOut},
            openapi_extra=file_response_doc(PDF_CONTENT_TYPE, "The SKP as a PDF (A4 landscape, the official layout)."))
def skp_pdf(request, skp_id: Id, lang: Language | None = None, inline: bool = False):
    """The SKP in the official layout as a PDF: header of the employee, the evaluating official and their
    superior, hasil kerja, perilaku kerja, signatures and lampiran; a DRAFT watermark until it is approved.
    Printed in Indonesian unless `lang=en`."""
    pk = visible_skp_pk(request, skp_id)
    with translation.override(document_language(lang)):
        doc = load_document(pk)
    try:
        data = render_document_pdf(doc)
    except RenderTimeout as exc:
        raise HttpError(503, str(PDF_TOO_SLOW)) from exc
    return file_response(data, PDF_CONTENT_TYPE, f"{doc.filename_stem}.pdf", inline=inline)


@router.get("/skp/{int:skp_id}/xlsx", response=READ_ERRORS,
            openapi_extra=file_response_doc(XLSX_CONTENT_TYPE, "The SKP as an Excel workbook (sheets SKP and "
                                                               "Lampiran)."))
def skp_xlsx(request, skp_id: Id, lang: Language | None = None):
    """The SKP as an Excel workbook with the same content as the PDF."""
    pk = visible_skp_pk(request, skp_id)
    workbook, doc = skp_workbook(pk, language=document_language(lang))
    response = file_response(b"", XLSX_CONTENT_TYPE, f"{doc.filename_stem}.xlsx")
    workbook.save(response)
    return response


# --- the SKP period export (a background job) ---------------------------------------------------


EXPORT_ORDERING = ["-created_at", "-id"]


def _jobs(request):
    return (export_permissions.visible_jobs(actor(request)).filter(kind=ExportKind.SKP_PERIOD)
            .select_related("requested_by", "period", "unit"))


def _require_exporter(request) -> None:
    if not export_permissions.can_export(actor(request)):
        raise PermissionDenied(_("Only an HR administrator (BKPSDM or OPD) can export the SKPs of a period."))


@router.post("/skp/exports", response={202: ExportOut, **WRITE_ERRORS})
def create_export(request, payload: SkpExportIn):
    """Export every SKP of a period (one row per IKI) to an Excel workbook, in the background. BKPSDM admins
    export the whole instance or a unit; an OPD admin a unit of their OPD (`unit` required). Answers 202 with
    the job: poll `GET /skp/exports/{id}` until `status` is "done", then fetch `download_url`."""
    _require_exporter(request)
    user = actor(request)
    periods = permissions.export_periods(user)
    period = referenced(periods.select_related("instance"), payload.period, "period",
                        _("Unknown period %(id)s.") % {"id": payload.period})
    unit = referenced(Unit.objects.filter(instance_id=period.instance_id), payload.unit, "unit",
                      _("Unknown unit %(id)s.") % {"id": payload.unit})
    job = export_services.request_skp_export(actor=user, period=period, unit=unit, language=payload.language)
    return Status(202, _jobs(request).get(pk=job.pk))


@router.get("/skp/exports", response={200: ExportPage, **READ_ERRORS})
def list_exports(request, status: JobState | None = None, cursor: Cursor | None = None, limit: Limit | None = None):
    """Your SKP exports, newest first (a BKPSDM admin sees every export of the instance)."""
    qs = _jobs(request)
    if status:
        qs = qs.filter(status=status)
    return page(qs, EXPORT_ORDERING, limit, cursor)


@router.get("/skp/exports/{int:export_id}", response={200: ExportOut, **READ_ERRORS})
def get_export(request, export_id: Id):
    """One export: its status, and when done its row count, size and `download_url`."""
    return get_object_or_404(_jobs(request), pk=export_id)


@router.get("/skp/exports/{int:export_id}/file", response=READ_ERRORS, url_name="export_file",
            openapi_extra=file_response_doc(XLSX_CONTENT_TYPE, "The export's workbook."))
def export_file(request, export_id: Id):
    """The workbook of a finished export (404 while it is queued or running, or if it failed)."""
    get_object_or_404(_jobs(request), pk=export_id)
    return open_download(actor(request), export_id)


@router.delete("/skp/exports/{int:export_id}", response={204: None, **WRITE_ERRORS})
def delete_export(request, export_id: Id):
    """Remove a finished or failed export and its file."""
    export_services.delete_export(actor=actor(request), job=get_object_or_404(_jobs(request), pk=export_id))
    return Status(204, None)


__all__ = ["router", "ExportJob"]
