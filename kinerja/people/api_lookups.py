"""Employees for an API request, through the caller's view scope (another unit's employee is a 404).
The API of any app uses them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kinerja.accounts import scope
from kinerja.api.lookups import actor

from . import permissions
from .models import Employee


def employees_for(request) -> QuerySet:
    return permissions.restrict_employees(Employee.objects.all(), actor(request), scope.VIEW)


def employee_or_404(request, pk: int) -> Employee:
    return get_object_or_404(employees_for(request).select_related("instance", "unit", "position"), pk=pk)
