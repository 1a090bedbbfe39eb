"""The demo lives in the present: built for a given "today", every dated row is consistent with it.

The current period contains today, last year's is closed, nothing lies after now, each SKP's history
runs in causal order (started → submitted → returned/approved → revised …, its versions and audit
events agreeing), the audit log's ids follow time within an instance, and socialisation items are
published after they are written and read after they are published.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.audit.models import AuditEvent
from kinerja.demo.clock import DemoClock
from kinerja.demo.tests.building import demo_built
from kinerja.demo.world import PALEMBANG
from kinerja.organization.models import Instance, Unit
from kinerja.people.models import Employee
from kinerja.planning.models import PerformanceAgreement, Rpjmd
from kinerja.skp.home import skp_home
from kinerja.skp.models import Period, Rhk, Skp, SkpVersion
from kinerja.socialisation.models import Acknowledgement, Item

pytestmark = pytest.mark.django_db

# the first week of December (the "today"), ten days after the deadline, and the first days of a year
DAYS = [date(2026, 12, 6), date(2027, 2, 10), date(2027, 1, 4)]


@pytest.fixture(scope="module", params=DAYS, ids=str)
def built(request, django_db_setup, django_db_blocker):
    """Palembang built as of one day, once per day (rolled back at the end)."""
    with demo_built(django_db_blocker, [PALEMBANG], request.param):
        yield DemoClock(request.param)  # its ``now`` is after the build's


def _dated(model, *fields, **filters):
    return list(model.objects.filter(**filters).values_list(*fields))


def test_the_current_period_contains_today_and_last_year_is_closed(built):
    today = built.today
    instance = Instance.objects.get(slug="palembang")
    periods = {p.year: p for p in Period.objects.filter(instance=instance)}
    current = periods[today.year]
    assert current.start_date <= today <= current.end_date and not current.is_closed
    assert periods[today.year - 1].is_closed
    assert set(periods) == {today.year - 1, today.year}
    assert Rpjmd.objects.get(instance=instance).covers(today.year)


def test_nothing_is_dated_after_now(built):
    now, today = built.now, built.today
    checks = {
        "audit": _dated(AuditEvent, "at"),
        "skp": _dated(Skp, "created_at", "updated_at", "submitted_at", "approved_at"),
        "version": _dated(SkpVersion, "at", "created_at"),
        "rhk": _dated(Rhk, "created_at", "parent_changed_at"),
        "item": _dated(Item, "created_at", "published_at"),
        "ack": _dated(Acknowledgement, "acknowledged_at", "created_at"),
        "employee": _dated(Employee, "created_at", "updated_at"),
        "unit": _dated(Unit, "created_at"),
        "period": _dated(Period, "created_at"),
        "user": _dated(User, "date_joined"),
    }
    for name, rows in checks.items():
        moments = [value for row in rows for value in row if value is not None]
        assert moments, name
        assert max(moments) <= now, (name, max(moments), now)
    signed = [d for (d,) in _dated(PerformanceAgreement, "signed_on") if d is not None]
    assert signed and max(signed) < today


def test_each_skp_history_runs_in_order(built):
    skps = {s.pk: s for s in Skp.objects.all()}
    versions: dict[int, list] = {}
    for v in SkpVersion.objects.order_by("skp_id", "number"):
        versions.setdefault(v.skp_id, []).append(v)
    events: dict[int, list] = {}
    for e in AuditEvent.objects.filter(object_type="skp.skp").order_by("id"):
        events.setdefault(int(e.object_id), []).append(e)
    for pk, skp in skps.items():
        steps = versions.get(pk, [])
        moments = [skp.created_at, *(v.at for v in steps)]
        assert moments == sorted(moments) and len(set(moments)) == len(moments), skp  # "SKP started" comes first
        assert [e.action for e in events[pk]] == ["skp.skp.create", *(f"skp.skp.{v.action}" for v in steps)]
        assert [e.at for e in events[pk]] == moments
        if steps:
            assert steps[-1].status == skp.status and skp.updated_at >= steps[-1].at
            assert steps[0].action == "submit"
        approvals = [v.at for v in steps if v.action == "approve"]
        assert skp.version == len(approvals)
        if skp.status == "approved":
            assert skp.submitted_at <= skp.approved_at == approvals[-1]
        if skp.submitted_at:
            assert skp.submitted_at == [v.at for v in steps if v.action == "submit"][-1]
        for rhk in skp.rhks.all():
            assert rhk.created_at == skp.created_at
            assert rhk.parent_changed_at is None or rhk.parent_changed_at >= skp.created_at
        period = skp.period
        assert timezone.localtime(skp.created_at).date() >= period.start_date - timedelta(days=1)


def test_a_subordinate_starts_after_the_superior_whose_rhk_it_links(built):
    for rhk in Rhk.objects.exclude(parent=None).select_related("skp", "parent__skp"):
        assert rhk.parent.skp.created_at < rhk.skp.created_at, rhk


def test_the_audit_log_follows_time_and_comes_after_the_launch(built):
    instance = Instance.objects.get(slug="palembang")
    rows = list(AuditEvent.objects.filter(instance=instance).order_by("id").values_list("at", "action"))
    moments = [at for at, _action in rows]
    assert moments == sorted(moments)
    assert rows[0][1] == "organization.instance.create" and abs(rows[0][0] - built.setup) < timedelta(seconds=1)
    # the demo's summaries come last, in the order they were written: the SKPs', then the progress's (none in the
    # first days of a year: no SKP approved yet), the evaluations', the 360 rounds' and the tim monev's
    order = ["demo.skp", "demo.progress", "demo.evaluation", "demo.feedback360", "demo.monev"]
    summaries = []
    for _at, action in reversed(rows):
        if action not in order:
            break
        summaries.insert(0, action)
    assert summaries[0] == "demo.skp" and summaries == [a for a in order if a in summaries]
    if built.today == date(2026, 12, 6):
        assert summaries == order
    employees = dict(Employee.objects.filter(instance=instance).values_list("pk", "created_at"))
    for skp in Skp.objects.filter(instance=instance):
        assert employees[skp.employee_id] < skp.created_at


def test_socialisation_is_written_published_then_read(built):
    for item in Item.objects.all():
        if item.published_at is not None:
            assert item.created_at < item.published_at
            for ack in item.acknowledgements.all():
                assert item.published_at < ack.acknowledged_at <= built.now
        assert str(built.today.year) in " ".join(Item.objects.values_list("title", flat=True))


def test_december_is_a_working_office(built):
    """Early December: the year's SKPs approved long ago, a few late ones, activity this week."""
    if built.today != date(2026, 12, 6):
        pytest.skip("the December picture")
    current = Skp.objects.filter(period__year=2026)
    approved = current.filter(version__gte=1).count()
    assert approved / current.count() > 0.9
    week = built.now - timedelta(days=7)
    recent = AuditEvent.objects.filter(at__gte=week, action__startswith="skp.skp.").values_list("action", flat=True)
    assert {"skp.skp.revise", "skp.skp.submit", "skp.skp.return"} <= set(recent)
    # the demo logins meet no "deadline passed 309 days ago"
    for login in PALEMBANG.logins:
        user = User.objects.select_related("employee").get(username=login.username)
        home = skp_home(user, user.employee, built.today)
        assert home is None or not (home.is_employee and home.overdue), login.username
    pegawai = User.objects.get(username="plg.pegawai").employee
    mine = current.get(employee=pegawai)
    assert mine.version >= 1 and mine.status == "approved" and mine.approved_at.month in (1, 2)
    revisi = User.objects.get(username="plg.pegawai_revisi").employee
    revised = current.get(employee=revisi)
    assert revised.version == 1 and revised.status == "returned" and revised.approved_at.year == 2026
    assert revised.evaluator_id == mine.evaluator_id  # the same penilai
    first = SkpVersion.objects.filter(skp=revised).order_by("number").first()
    assert first.at.month in (1, 2)
    last_year = Skp.objects.filter(period__year=2025)
    assert set(last_year.values_list("status", flat=True)) == {"approved"}


def test_early_january_is_the_start_of_the_planning_weeks(built):
    """On 4 January hardly anything is approved yet, and nothing pretends otherwise."""
    if built.today != date(2027, 1, 4):
        pytest.skip("the January picture")
    current = Skp.objects.filter(period__year=2027)
    assert not current.filter(status="approved").exists()
    assert PerformanceAgreement.objects.filter(year=2027, status="draft").exists()
