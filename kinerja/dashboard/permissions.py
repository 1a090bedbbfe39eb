"""Who sees the organisation dashboard and what it holds: queryset filters over the org tree.

Readers of the whole instance (BKPSDM admin, pimpinan, auditor, monev) see every unit of their instance;
an OPD admin the subtree they administer; a unit head the subtree they lead; an evaluating official who
heads no unit the units of the people they evaluate. The people behind a number are shown only to those
who may see their SKP (``skp.permissions.restrict_skps``). Anything else is a 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kinerja.accounts.permissions import is_evaluator, is_platform_operator
from kinerja.accounts.scope import NOTHING
from kinerja.organization.permissions import overseen_unit_q
from kinerja.people.permissions import team_q
from kinerja.skp.permissions import restrict_skps, working_instance_id


def units_q(user, prefix: str = "") -> Q:
    """The units whose indicators ``user`` sees on the dashboard (``prefix`` reaches Unit from another model)."""
    if not getattr(user, "is_authenticated", False):
        return NOTHING
    p = f"{prefix}__" if prefix else ""
    instance_id = working_instance_id(user)
    if instance_id is None:
        return NOTHING
    tenant = Q(**{f"{p}instance_id": instance_id})
    overseen = overseen_unit_q(user, prefix)
    if overseen is not None:
        return tenant & overseen
    if is_evaluator(user):
        from kinerja.people.models import Employee

        unit_ids = Employee.objects.filter(team_q(user)).values("unit_id")
        return tenant & Q(**{f"{p}pk__in" if prefix else "pk__in": unit_ids})
    return NOTHING


def can_view_dashboard(user) -> bool:
    """Readers of the instance, administrators, unit heads, evaluators, and the platform operator (who sees the
    instance picked in the menu)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_platform_operator(user):
        return True
    return working_instance_id(user) is not None and (overseen_unit_q(user) is not None or is_evaluator(user))


def dashboard_instance_id(user) -> int | None:
    """The instance the dashboard shows (None: none picked yet, or no dashboard)."""
    return working_instance_id(user) if can_view_dashboard(user) else None


def restrict_units(qs: QuerySet, user) -> QuerySet:
    return qs.filter(units_q(user))


def restrict_unit_rows(qs: QuerySet, user) -> QuerySet:
    """Rows carrying ``unit`` (indicator, employee and IKI achievement rows, IKU, PK indicators by agreement)."""
    return qs.filter(units_q(user, "unit"))


def restrict_people_rows(qs: QuerySet, user, skp_field: str = "skp") -> QuerySet:
    """Rows about one person's SKP (their IKI or employee achievement): those whose SKP the user may see."""
    from kinerja.skp.models import Skp

    return qs.filter(**{f"{skp_field}_id__in": restrict_skps(Skp.objects.all(), user).values("pk")})
