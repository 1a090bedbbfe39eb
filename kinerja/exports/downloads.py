"""Serving a ready export file to someone who may see it (the web download and the API's); else 404."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from . import permissions
from .models import JobStatus

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def open_download(user, pk: int) -> FileResponse:
    """The file of a ready export ``user`` may see, as an attachment; anything else is a 404."""
    job = get_object_or_404(permissions.visible_jobs(user).filter(status=JobStatus.DONE), pk=pk)
    if not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except OSError:
        raise Http404(_("The file is missing.")) from None
    response = FileResponse(handle, as_attachment=True, filename=job.filename, content_type=XLSX_CONTENT_TYPE)
    return _private(response)
