"""The role-aware home page: greeting, scope figures, my position and evaluators, the cards the apps
declare (``HOME_CARDS`` in their faces.py), the quick links of the menu and the recent audit events."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from kinerja.accounts import permissions as account_permissions
from kinerja.accounts import scope as scopes
from kinerja.audit.labels import action_label
from kinerja.audit.models import AuditEvent
from kinerja.core.context_processors import menu_for
from kinerja.core.registry import home_cards
from kinerja.organization import permissions as org_permissions
from kinerja.organization.models import STRUCTURAL_KINDS, Position, Unit
from kinerja.people import permissions as people_permissions
from kinerja.people.chain import superior_chain
from kinerja.people.models import Assignment, Employee
from kinerja.rules.greeting import PartOfDay, part_of_day


@dataclass(frozen=True)
class Stat:
    key: str
    label: str
    value: int
    icon: str
    tone: str
    url: str = ""
    hint: str = ""


def _url(name: str, query: str = "") -> str:
    return reverse(name) + query


def _scope_stats(user, today) -> list[Stat]:
    unit_q = org_permissions.overseen_unit_q(user)
    if unit_q is None:
        return []
    is_admin = account_permissions.administers_units(user)
    held = Employee.objects.filter(position_id=OuterRef("pk"), is_active=True)
    vacant = (Position.objects.filter(org_permissions.overseen_unit_q(user, "unit"), is_active=True,
                                      kind__in=STRUCTURAL_KINDS)
              .exclude(Exists(held)).count())
    acting = (Assignment.objects.active_on(today).acting()
              .filter(org_permissions.overseen_unit_q(user, "position__unit")).count())
    can_list = account_permissions.reads_units(user)
    if can_list or not account_permissions.is_evaluator(user):
        employees = people_permissions.restrict_employees(Employee.objects.filter(is_active=True), user).count()
        people = Stat("employees", _("Employees in your scope"), employees, "people-fill", "primary",
                      _url("people:directory") if can_list else "")
    else:  # a pejabat penilai: the count of the list "My team" shows
        people = _team_stat(user)
    return [
        people,
        Stat("units", _("Units"), Unit.objects.filter(unit_q).count(), "diagram-3-fill", "info",
             _url("organization:tree")),
        Stat("vacant", _("Vacant structural positions"), vacant, "person-dash-fill", "warning",
             _url("organization:positions", "?vacant=on") if is_admin else "",
             _("Without a definitive holder")),
        Stat("acting", _("Active acting assignments"), acting, "person-check-fill", "success", "",
             _("Plt. and Plh. in force today")),
    ]


def _team_stat(user) -> Stat:
    """The people ``user`` evaluates: the same definition and count as the page "My team"."""
    count = people_permissions.team_employees(Employee.objects.all(), user).count()
    return Stat("team", _("People you evaluate"), count, "people-fill", "primary", _url("people:team"))


def _own_stats(user, employee: Employee | None) -> list[Stat]:
    stats = [Stat("units", _("Units in the organisation"), Unit.objects.filter(instance_id=user.instance_id).count(),
                  "diagram-3-fill", "info", _url("organization:tree"))]
    if account_permissions.is_evaluator(user):
        stats.append(_team_stat(user))
    if employee is not None and employee.unit_id:
        colleagues = Employee.objects.filter(unit_id=employee.unit_id, is_active=True).count()
        stats.append(Stat("colleagues", _("People in your unit"), colleagues, "people-fill", "primary",
                          _url("people:me")))
    return stats


clock = timezone.now  # the moment the greeting is for (a test sets it without moving the session's clock)

GREETINGS = {
    PartOfDay.MORNING: _("Good morning"),
    PartOfDay.MIDDAY: _("Good day"),  # Indonesian "siang", 11:00–15:00; English never uses it
    PartOfDay.AFTERNOON: _("Good afternoon"),
    PartOfDay.EVENING: _("Good evening"),
}


def greeting(now) -> str:
    """"Selamat pagi/siang/sore/malam" by the site's local time (rules/greeting.py), in the active language."""
    return str(GREETINGS[part_of_day(timezone.localtime(now).time(), translation.get_language() or "id")])


def user_display_name(user, employee: Employee | None) -> str:
    """Whom the home page greets: the employee's name, else the login's full name, else its user name."""
    if employee is not None:
        return employee.full_name
    return user.get_full_name() or user.get_username()


@login_required
def home(request):
    user = request.user
    today = timezone.localdate()
    employee = None
    if user.employee_id:
        employee = (Employee.objects.select_related("unit", "position__superior").filter(pk=user.employee_id)
                    .first())
    chain = superior_chain(employee, day=today) if employee is not None and employee.position_id else []
    acting_posts = []
    if employee is not None:
        acting_posts = list(Assignment.objects.active_on(today).acting().filter(employee=employee)
                            .select_related("position", "unit"))
    stats = _scope_stats(user, today) or (_own_stats(user, employee) if user.instance_id else [])
    links = [(item, item.hint) for item in menu_for(user) if item.key != "home"]
    recent = []
    if account_permissions.reads_audit(user):
        recent = list(scopes.restrict_audit(AuditEvent.objects.all(), user).order_by("-id")[:6])
        for event in recent:
            event.label = action_label(event.action)
    cards = []
    context = {}
    for card in home_cards():
        data = card.context_for(user, employee, today)
        context[card.key] = data
        if data is not None:
            cards.append((card, data))
    return render(request, "home/home.html", context | {
        "active_menu": "home",
        "greeting": greeting(clock()),
        "greeting_name": user_display_name(user, employee),
        "today": today,
        "employee": employee,
        "chain": chain,
        "acting_posts": acting_posts,
        "stats": stats,
        "scoped": org_permissions.overseen_unit_q(user) is not None,
        "links": links,
        "recent": recent,
        "audit_url": _url("audit:list"),
        "profile_url": _url("people:me") if employee is not None else "",
        "cards": cards,
    })

