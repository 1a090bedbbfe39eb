"""Finding objects for a request: always through the caller's restricted querysets.

* an object addressed in the URL that the caller may not see is a 404 (never "forbidden", which
  would confirm that it exists);
* an object named by id in a request body that the caller may not see is a 422 on that field.

The lookups of one domain live in its app (``organization/api_lookups.py``: units, positions, the
instance of a new object; ``people/api_lookups.py``: employees); these are the shared pieces.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kinerja.core.errors import field_error
from kinerja.core.keyset import paginate


def actor(request):
    """The authenticated user (session or token); services take it as ``actor=``."""
    return request.auth


def referenced(qs: QuerySet, pk: int | None, field: str, message: str):
    """The object ``pk`` of ``qs`` (already restricted), or a 422 on ``field``."""
    if pk is None:
        return None
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise field_error(field, message, "does_not_exist")
    return obj


def page_size(limit: int | None) -> int:
    maximum = settings.KINERJA["API_MAX_PAGE_SIZE"]
    if limit is None:
        return min(settings.KINERJA["PAGE_SIZE"], maximum)
    if limit < 1 or limit > maximum:
        raise field_error("limit", _("Page size must be between 1 and %(max)d.") % {"max": maximum}, "range")
    return limit


def page(qs: QuerySet, ordering: list[str], limit: int | None, cursor: str | None) -> dict:
    """A keyset page as the API returns it: ``{"items", "next_cursor", "prev_cursor"}``."""
    result = paginate(qs, ordering, page_size(limit), cursor or None)
    return {"items": result.items, "next_cursor": result.next_cursor, "prev_cursor": result.prev_cursor}
