"""Reading SKPs: one page with a constant number of queries, the superior's RHK to link to, the lists.

Every helper here costs a fixed number of queries whatever the number of rows (tests assert it).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from kinerja.accounts import scope
from kinerja.people import permissions as people_permissions
from kinerja.people.models import Assignment, Employee

from .models import Appendix, BehaviourExpectation, Iki, Period, Rhk, Skp, SkpStatus, SkpTemplate

HEADER_RELATED = (
    "instance", "period", "employee", "position", "position__superior", "unit", "evaluator", "evaluator_position",
    "evaluator_position__unit", "evaluator_superior", "evaluator_superior_position",
    "evaluator_superior_position__unit", "approved_by",
)


def skp_detail(skp: Skp | int) -> Skp:
    """The SKP with its header, RHK (with parent RHK and its owner), IKI, lampiran and expectations.

    Seven queries however many RHK and IKI there are. Pass an Skp or a primary key.
    """
    pk = skp.pk if isinstance(skp, Skp) else skp
    rhks = (Rhk.objects.select_related("parent__skp__employee", "pk_indicator")
            .prefetch_related(Prefetch("ikis", queryset=Iki.objects.order_by("order", "pk"))))
    return (
        Skp.objects.select_related(*HEADER_RELATED)
        .prefetch_related(
            Prefetch("rhks", queryset=rhks),
            Prefetch("appendix", queryset=Appendix.objects.order_by("kind", "order", "pk")),
            Prefetch("expectations", queryset=BehaviourExpectation.objects.order_by("pk")),
        )
        .get(pk=pk)
    )


def position_exercisers_q(position_id: int | None, day: date | None = None, prefix: str = "") -> Q:
    """Employees who exercise ``position_id`` on ``day``: its active holders and its acting officials."""
    if position_id is None:
        return scope.NOTHING
    day = day or timezone.localdate()
    p = f"{prefix}__" if prefix else ""
    acting = Assignment.objects.active_on(day).acting().filter(position_id=position_id).values("employee_id")
    return (Q(**{f"{p}position_id": position_id, f"{p}is_active": True})
            | Q(**{f"{p}pk__in" if not prefix else f"{prefix}_id__in": acting}))


def superiors(skp: Skp, day: date | None = None) -> QuerySet:
    """The employees whose RHK ``skp`` may intervene: whoever holds or acts in the superior position."""
    return Employee.objects.filter(position_exercisers_q(skp.position.superior_id, day))


def allowed_parents(skp: Skp, day: date | None = None) -> QuerySet:
    """The superior's RHK of the same period that ``skp``'s RHK may intervene (drafts included). One query."""
    return (Rhk.objects.filter(skp__period_id=skp.period_id, skp__instance_id=skp.instance_id)
            .filter(position_exercisers_q(skp.position.superior_id, day, prefix="skp__employee"))
            .exclude(skp_id=skp.pk)
            .select_related("skp__employee")
            .order_by("skp__employee__name", "group", "order", "pk"))


def superior_skps(skp: Skp, day: date | None = None) -> QuerySet:
    """The SKPs of the same period of whoever exercises the superior position of ``skp``."""
    return (Skp.objects.filter(period_id=skp.period_id)
            .filter(position_exercisers_q(skp.position.superior_id, day, prefix="employee")))


def latest_skp_status_subquery(period: Period) -> Subquery:
    return Subquery(Skp.objects.filter(period=period, employee_id=OuterRef("pk")).values("status")[:1])


def overdue(instance, period: Period, unit=None, day: date | None = None) -> QuerySet:
    """Active employees with a position and no approved SKP for ``period`` once its deadline has passed.

    Each row is annotated with ``skp_status`` (None: no SKP at all) and ``skp_id``. Empty before the
    deadline. ``unit`` limits it to that unit's subtree. One query.
    """
    day = day or timezone.localdate()
    if day <= period.deadline:
        return Employee.objects.none()
    qs = (Employee.objects.filter(instance_id=instance.pk if hasattr(instance, "pk") else instance,
                                  is_active=True, position__isnull=False)
          # one correlated subquery: exclude(skps__period=…, skps__status=…) across the multi-valued
          # relation would drop whoever has *an* SKP in the period and *an* approved SKP in any period
          .exclude(Exists(Skp.objects.filter(employee_id=OuterRef("pk"), period=period,
                                             status=SkpStatus.APPROVED)))
          .select_related("unit", "position")
          .annotate(skp_status=latest_skp_status_subquery(period),
                    skp_id=Subquery(Skp.objects.filter(period=period, employee_id=OuterRef("pk")).values("pk")[:1])))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs


def team_skps(user, period: Period) -> QuerySet:
    """The SKPs of ``period`` of ``user``'s team (``people.permissions.team_q``: the people they evaluate)."""
    return (Skp.objects.filter(people_permissions.team_q(user, prefix="employee"), period=period)
            .select_related("employee", "position", "unit")
            .order_by("employee__name", "pk"))


def team_members(user, period: Period) -> QuerySet:
    """``user``'s team (``people.permissions.team_q``), each with their SKP of ``period``.

    Rows are Employees annotated with ``skp_id`` and ``skp_status`` (None when they have no SKP yet).
    """
    return (people_permissions.team_employees(Employee.objects.all(), user)
            .select_related("position", "unit")
            .annotate(skp_status=latest_skp_status_subquery(period),
                      skp_id=Subquery(Skp.objects.filter(period=period, employee_id=OuterRef("pk")).values("pk")[:1]))
            .order_by("name", "pk"))


def templates_for(skp: Skp) -> QuerySet:
    """Active templates of the instance offered to ``skp``'s position: by its name, by its kind, or to everyone
    (neither given). Templates for the position's name come first."""
    position = skp.position
    return (SkpTemplate.objects.filter(instance_id=skp.instance_id, is_active=True)
            .filter(Q(position_name__iexact=position.name)
                    | Q(position_name="", position_kind=position.kind)
                    | Q(position_name="", position_kind=""))
            .order_by("-position_name", "name", "pk"))


def current_periods(instance_id: int) -> QuerySet:
    return Period.objects.filter(instance_id=instance_id).order_by("-start_date")
