"""The user's exports as a keyset-paged table: the context the export pages include (exports' own table,
the SKP export page) and refresh with htmx while a job runs."""

from __future__ import annotations

from django.urls import reverse

from kinerja.core.keyset import InvalidCursor, paginate

from . import permissions
from .models import ExportKind

PAGE_SIZE = 10
ORDERING = ["-created_at", "-id"]
POLL_SECONDS = 3


def jobs_context(request, kind: str = ExportKind.SKP_PERIOD, highlight: int | None = None) -> dict:
    """The user's exports of ``kind``, newest first, a keyset page at a time (two queries)."""
    qs = (permissions.visible_jobs(request.user).filter(kind=kind)
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
        "jobs_show_owner": permissions.sees_others(request.user),
        "jobs_highlight": highlight,
        "poll_seconds": POLL_SECONDS,
        "user_pk": request.user.pk,
    }
