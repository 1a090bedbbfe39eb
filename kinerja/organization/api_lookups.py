"""Units, positions and the instance of a new object for an API request (kinerja/api/lookups.py has
the rules: out of scope in the URL is a 404, in a body a 422 on the field). The API of any app uses them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from kinerja.accounts import scope
from kinerja.api.lookups import actor, referenced
from kinerja.core.errors import field_error

from . import permissions
from .models import Instance, Position, Unit


def units_for(request) -> QuerySet:
    return permissions.restrict_units(Unit.objects.all(), actor(request), scope.VIEW)


def positions_for(request) -> QuerySet:
    return permissions.restrict_positions(Position.objects.all(), actor(request), scope.VIEW)


def unit_or_404(request, pk: int) -> Unit:
    return get_object_or_404(units_for(request).select_related("instance"), pk=pk)


def position_or_404(request, pk: int) -> Position:
    return get_object_or_404(positions_for(request).select_related("unit", "superior"), pk=pk)


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
