"""What the home page shows of the SKP: my SKP of the current period, what waits for my approval, and
for HR admins how many in their scope are overdue.

A fixed number of queries whatever the size of the team or the instance (at most five): the current
period, my SKP, the team's SKP statuses grouped, and the overdue count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Case, Count, IntegerField, Value, When
from django.urls import reverse
from django.utils import timezone

from kinerja.accounts import scope as sc
from kinerja.people import permissions as people_permissions

from . import permissions, queries
from .models import Period, Skp, SkpStatus

SOON_DAYS = 14  # "n days left" from this many days before the deadline


@dataclass
class TeamSummary:
    waiting: int = 0  # submitted, waiting for my approval
    approved: int = 0
    in_progress: int = 0  # draft or returned
    without: int = 0  # no SKP yet
    url: str = ""

    @property
    def total(self) -> int:
        return self.waiting + self.approved + self.in_progress + self.without

    @property
    def approved_percent(self) -> int:
        return round(100 * self.approved / self.total) if self.total else 0


@dataclass
class AdminSummary:
    count: int = 0  # without an approved SKP (after the deadline: overdue)
    due: bool = False  # the deadline has passed
    url: str = ""
    whole_instance: bool = True


@dataclass
class SkpHome:
    period: Period | None = None
    today: object = None
    is_employee: bool = False
    has_position: bool = False
    skp: Skp | None = None
    team: TeamSummary | None = None
    admin: AdminSummary | None = None
    urls: dict = field(default_factory=dict)

    @property
    def days_left(self) -> int | None:
        return (self.period.deadline - self.today).days if self.period else None

    @property
    def days_late(self) -> int:
        return max(-(self.days_left or 0), 0)

    @property
    def approved(self) -> bool:
        return self.skp is not None and self.skp.status == SkpStatus.APPROVED

    @property
    def was_approved(self) -> bool:
        """My SKP was approved once (approved now, or reopened for a revision since)."""
        return self.skp is not None and (self.skp.status == SkpStatus.APPROVED or self.skp.version > 0)

    @property
    def overdue(self) -> bool:
        """My SKP was never approved and the period's deadline has passed (a revision is not late)."""
        return self.is_employee and self.period is not None and not self.was_approved and self.days_left < 0

    @property
    def due_soon(self) -> bool:
        return (self.is_employee and self.period is not None and not self.was_approved
                and 0 <= self.days_left <= SOON_DAYS)

    @property
    def in_revision(self) -> bool:
        return self.skp is not None and self.skp.version > 0 and self.skp.status != SkpStatus.APPROVED

    @property
    def can_start(self) -> bool:
        return self.is_employee and self.has_position and self.skp is None and self.period is not None \
            and not self.period.is_closed


def current_period(instance_id: int, today) -> Period | None:
    """The period running today, else the newest one (one query)."""
    running = Case(When(start_date__lte=today, end_date__gte=today, then=Value(1)), default=Value(0),
                   output_field=IntegerField())
    return (Period.objects.filter(instance_id=instance_id).annotate(running=running)
            .order_by("-running", "-start_date", "-pk").first())


def _team(user, period: Period) -> TeamSummary:
    counts = dict(queries.team_members(user, period).order_by().values_list("skp_status")
                  .annotate(n=Count("pk")).values_list("skp_status", "n"))
    return TeamSummary(
        waiting=counts.get(SkpStatus.SUBMITTED, 0), approved=counts.get(SkpStatus.APPROVED, 0),
        in_progress=counts.get(SkpStatus.DRAFT, 0) + counts.get(SkpStatus.RETURNED, 0),
        without=counts.get(None, 0), url=f"{reverse('skp:team')}?period={period.pk}",
    )


def _admin(user, period: Period, today) -> AdminSummary:
    due = today > period.deadline
    day = today if due else period.deadline + timedelta(days=1)
    count = (queries.overdue(period.instance_id, period, day=day).filter(people_permissions.employee_q(user, sc.VIEW))
             .order_by().count())
    url = f"{reverse('skp:monitoring')}?period={period.pk}" + ("" if due else "&preview=1")
    return AdminSummary(count=count, due=due, url=url, whole_instance=permissions.holds_instance_hr_role(user))


def skp_home(user, employee=None, today=None) -> SkpHome | None:
    """The SKP card of ``user``'s home page, or None when they have nothing to do with SKPs here."""
    instance_id = permissions.home_instance_id(user)
    if instance_id is None:
        return None
    is_employee = employee is not None and employee.is_active
    is_team = people_permissions.has_team(user)
    is_admin = permissions.holds_hr_role(user)
    if not (is_employee or is_team or is_admin):
        return None
    today = today or timezone.localdate()
    home = SkpHome(period=current_period(instance_id, today), today=today, is_employee=is_employee,
                   has_position=is_employee and employee.position_id is not None)
    home.urls = {"mine": reverse("skp:mine"), "create": reverse("skp:create"),
                 "periods": reverse("skp:periods") if permissions.holds_instance_hr_role(user) else ""}
    if home.period is None:
        return home
    if is_employee:
        home.skp = (Skp.objects.filter(employee_id=employee.pk, period=home.period)
                    .select_related("evaluator").first())
    if is_team:
        home.team = _team(user, home.period)
    if is_admin:
        home.admin = _admin(user, home.period, today)
    return home


__all__ = ["skp_home", "current_period", "SkpHome"]


def home_card(user, employee, today) -> dict | None:
    """The home page's SKP card (skp/faces.py): its template's variables, None when it has nothing to say."""
    home = skp_home(user, employee, today)
    return {"home": home} if home is not None else None
