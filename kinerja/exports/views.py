"""The list of one's exports (a fragment the export pages include and refresh while a job runs), the
download and the removal of an export. Someone else's export is a 404 (see access.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kinerja.core.errors import error_dict
from kinerja.core.keyset import InvalidCursor, paginate

from . import access, services
from .models import ExportJob, ExportKind, JobStatus

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 10
ORDERING = ["-created_at", "-id"]
POLL_SECONDS = 3


def jobs_context(request, kind: str = ExportKind.SKP_PERIOD, highlight: int | None = None) -> dict:
    """The user's exports of ``kind``, newest first, a keyset page at a time (two queries)."""
    qs = (access.visible_jobs(request.user).filter(kind=kind)
          .select_related("requested_by__employee", "period", "unit"))
    try:
        page = paginate(qs, ORDERING, PAGE_SIZE, request.GET.get("cursor"))
    except InvalidCursor:
        page = paginate(qs, ORDERING, PAGE_SIZE)
    return {
        "jobs": page.items,
        "jobs_page": page,
        "jobs_pending": any(job.is_pending for job in page.items),
        "jobs_url": reverse("exports:table") + f"?kind={kind}",
        "jobs_show_owner": access.sees_others(request.user),
        "jobs_highlight": highlight,
        "poll_seconds": POLL_SECONDS,
        "user_pk": request.user.pk,
    }


@login_required
@require_GET
def table(request):
    """The exports table alone (htmx refresh while a job is queued or running)."""
    kind = request.GET.get("kind", ExportKind.SKP_PERIOD)
    if kind not in ExportKind.values:
        raise Http404
    return render(request, "exports/_jobs.html", jobs_context(request, kind))


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def open_download(user, pk: int) -> FileResponse:
    """The file of a ready export ``user`` may see, as an attachment; anything else is a 404."""
    job = get_object_or_404(access.visible_jobs(user).filter(status=JobStatus.DONE), pk=pk)
    if not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except OSError:
        raise Http404(_("The file is missing.")) from None
    response = FileResponse(handle, as_attachment=True, filename=job.filename, content_type=XLSX_CONTENT_TYPE)
    return _private(response)


@login_required
@require_GET
def download(request, pk: int):
    return open_download(request.user, pk)


@login_required
@require_POST
def delete(request, pk: int):
    job = get_object_or_404(access.visible_jobs(request.user), pk=pk)
    try:
        services.delete_export(actor=request.user, job=job)
    except ValidationError as exc:
        for message_list in error_dict(exc).values():
            for message in message_list:
                messages.error(request, message)
    else:
        messages.success(request, _("The export “%(title)s” is removed.") % {"title": job.title})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        back = reverse("skp_documents:export")
    return redirect(back)


__all__ = ["jobs_context", "open_download", "table", "download", "delete", "ExportJob"]
