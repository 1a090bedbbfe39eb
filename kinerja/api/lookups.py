"""Finding objects for a request: always through the caller's restricted querysets.

* an object addressed in the URL that the caller may not see is a 404 (never "forbidden", which
  would confirm that it exists);
* an object named by id in a request body that the caller may not see is a 422 on that field.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from kinerja.accounts import scope
from kinerja.core.errors import field_error
from kinerja.core.keyset import paginate
from kinerja.organization import permissions as org_permissions
from kinerja.organization.models import Instance, Position, Unit
from kinerja.people import permissions as people_permissions
from kinerja.people.models import Employee


def actor(request):
    """The authenticated user (session or token); services take it as ``actor=``."""
    return request.auth


def units_for(request) -> QuerySet:
    return org_permissions.restrict_units(Unit.objects.all(), actor(request), scope.VIEW)


def positions_for(request) -> QuerySet:
    return org_permissions.restrict_positions(Position.objects.all(), actor(request), scope.VIEW)


def employees_for(request) -> QuerySet:
    return people_permissions.restrict_employees(Employee.objects.all(), actor(request), scope.VIEW)


def unit_or_404(request, pk: int) -> Unit:
    return get_object_or_404(units_for(request).select_related("instance"), pk=pk)


def position_or_404(request, pk: int) -> Position:
    return get_object_or_404(positions_for(request).select_related("unit", "superior"), pk=pk)


def employee_or_404(request, pk: int) -> Employee:
    return get_object_or_404(employees_for(request).select_related("instance", "unit", "position"), pk=pk)


def referenced(qs: QuerySet, pk: int | None, field: str, message: str):
    """The object ``pk`` of ``qs`` (already restricted), or a 422 on ``field``."""
    if pk is None:
        return None
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise field_error(field, message, "does_not_exist")
    return obj


def unit_ref(request, pk: int | None, field: str = "unit") -> Unit | None:
    return referenced(units_for(request).select_related("instance"), pk, field,
                      _("Unknown unit %(id)s.") % {"id": pk})


def position_ref(request, pk: int | None, field: str = "position") -> Position | None:
    return referenced(positions_for(request).select_related("unit", "superior"), pk, field,
                      _("Unknown position %(id)s.") % {"id": pk})


def instance_for(request, *, via=None, instance_id: int | None = None) -> Instance:
    """The instance a new object goes into: the caller's own.

    Platform operators (superusers without an instance) take it from a related object (``via``,
    e.g. the parent unit) or from ``instance_id`` in the request body.
    """
    user = actor(request)
    if user.instance_id is not None:
        return user.instance
    if via is not None:
        return via.instance
    if instance_id is not None:
        found = Instance.objects.filter(pk=instance_id).first()
        if found is not None:
            return found
    raise field_error("instance", _("Platform operators must name the instance."), "required")


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
