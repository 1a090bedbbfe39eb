"""The evidence file download (the employee's and the supervisor's pages link to it)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .. import permissions
from ..downloads import evidence_file_response
from ..models import Evidence


@login_required
@require_GET
def evidence_file(request, pk: int):
    """Streams the file to whoever may see its report; out of scope or deleted: 404."""
    evidence = get_object_or_404(permissions.restrict_evidence(Evidence.objects.live(), request.user), pk=pk)
    return evidence_file_response(evidence, download=request.GET.get("download") == "1")
