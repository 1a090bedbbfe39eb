"""The list of one's exports (a fragment the export pages include and refresh while a job runs), the
download and the removal of an export. Someone else's export is a 404 (see permissions.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kinerja.core.errors import error_dict

from . import permissions, services
from .downloads import open_download
from .listing import jobs_context
from .models import ExportJob, ExportKind


@login_required
@require_GET
def table(request):
    """The exports table alone (htmx refresh while a job is queued or running)."""
    kind = request.GET.get("kind", ExportKind.SKP_PERIOD)
    if kind not in ExportKind.values:
        raise Http404
    return render(request, "exports/_jobs.html", jobs_context(request, kind))


@login_required
@require_GET
def download(request, pk: int):
    return open_download(request.user, pk)


@login_required
@require_POST
def delete(request, pk: int):
    job = get_object_or_404(permissions.visible_jobs(request.user), pk=pk)
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
