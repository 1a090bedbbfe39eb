"""Reporting-deadline reminders: who is reminded, when, once per period, in a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest

from kinerja.core.testing import SYSTEM
from kinerja.notifications.models import Notification
from kinerja.progress import reminders
from kinerja.progress.models import Cadence, Report, ReportingSettings, ReportStatus
from kinerja.progress.tasks import send_deadline_reminders
from kinerja.skp import services as skp
from kinerja.skp.models import Iki, Period


def _approved(employee, user, evaluator_user, period, parent=None):
    s = skp.create_skp(actor=user, employee=employee, period=period)
    rhk = skp.add_rhk(actor=user, skp=s, lock_version=s.lock_version, text="Tersedianya data", parent=parent,
                      perspective="proses_bisnis" if s.is_jpt else "")
    s.refresh_from_db()
    skp.add_iki(actor=user, rhk=rhk, lock_version=s.lock_version, text="Jumlah laporan",
                aspect="" if s.is_jpt else "kuantitas", target_value="12", measure_unit="laporan")
    s.refresh_from_db()
    skp.submit(actor=user, skp=s, lock_version=s.lock_version)
    s.refresh_from_db()
    skp.approve(actor=evaluator_user, skp=s, lock_version=s.lock_version)
    s.refresh_from_db()
    return s


def _report(s, status, start=date(2026, 11, 1), end=date(2026, 11, 30)):
    iki = Iki.objects.filter(rhk__skp=s).first()
    return Report.objects.create(instance_id=s.instance_id, skp=s, iki=iki, employee_id=s.employee_id,
                                 unit_id=s.unit_id, period_start=start, period_end=end, value=1, status=status)


@pytest.fixture
def team(world):
    period = Period.objects.create(instance=world.a, name="2026", year=2026, start_date=date(2026, 1, 1),
                                   end_date=date(2026, 12, 31), deadline=date(2026, 1, 31))
    period_b = Period.objects.create(instance=world.b, name="2026", year=2026, start_date=date(2026, 1, 1),
                                     end_date=date(2026, 12, 31), deadline=date(2026, 1, 31))
    w = world
    w.skp_staff1 = _approved(w.staff1, w.u_staff1, w.u_kasi_surv, period)
    w.skp_staff2 = _approved(w.staff2, w.u_staff2, w.u_kasi_surv, period)
    w.skp_b = _approved(w.staff_b, w.u_staff_b, w.u_kadinkes_b, period_b)
    draft = skp.create_skp(actor=w.u_staff_disdik, employee=w.staff_disdik, period=period)
    assert draft.status == "draft"
    _report(w.skp_staff2, ReportStatus.SUBMITTED)
    Notification.objects.all().delete()  # the workflow's own
    return w


def _reminded():
    return sorted(Notification.objects.filter(kind="deadline").values_list("recipient__username", flat=True))


def test_periods_to_remind_monthly_and_quarterly():
    monthly = ReportingSettings(cadence=Cadence.MONTHLY, deadline_day=5, reminder_days=3)
    assert reminders.periods_to_remind(date(2026, 12, 1), monthly) == []
    (nov,) = reminders.periods_to_remind(date(2026, 12, 2), monthly)
    assert (nov.start, nov.end, nov.due) == (date(2026, 11, 1), date(2026, 11, 30), date(2026, 12, 5))
    assert reminders.periods_to_remind(date(2026, 12, 5), monthly) == [nov]
    assert reminders.periods_to_remind(date(2026, 12, 6), monthly) == []
    quarterly = ReportingSettings(cadence=Cadence.QUARTERLY, deadline_day=10, reminder_days=5)
    assert reminders.periods_to_remind(date(2026, 12, 20), quarterly) == []
    (q4,) = reminders.periods_to_remind(date(2027, 1, 7), quarterly)
    assert (q4.start, q4.end, q4.due) == (date(2026, 10, 1), date(2026, 12, 31), date(2027, 1, 10))
    assert str(q4.label) == "quarter 4 of 2026"


def test_those_behind_are_reminded_once(team, django_assert_max_num_queries):
    # settings, instances, and per instance with a period due: the logins, notify's 4 (with the recipients'
    # languages), the savepoint pair
    with django_assert_max_num_queries(16):
        sent = reminders.send_deadline_reminders(actor=SYSTEM, today=date(2026, 12, 3))
    # staff1 has not reported; staff2 submitted; staff_disdik's SKP is not approved; the evaluators have no
    # SKP; staff_b (instance B) is reminded by B's own (default) settings
    assert _reminded() == ["staff1", "staff_b"]
    assert sent == {team.a.pk: 1, team.b.pk: 1}
    row = Notification.objects.get(recipient=team.u_staff1)
    assert row.title == "Your progress report for November 2026 is due on 5 December 2026"
    assert row.dedupe_key == "deadline:2026-11-01" and row.instance_id == team.a.pk
    # the next morning: nobody twice
    assert reminders.send_deadline_reminders(actor=SYSTEM, today=date(2026, 12, 4)) == {team.a.pk: 0, team.b.pk: 0}
    assert Notification.objects.filter(kind="deadline").count() == 2


def test_a_draft_or_returned_report_is_not_done(team):
    _report(team.skp_staff1, ReportStatus.DRAFT)
    reminders.send_deadline_reminders(actor=SYSTEM, today=date(2026, 12, 3))
    assert "staff1" in _reminded()


def test_an_accepted_report_is_done_and_an_older_month_does_not_count(team):
    _report(team.skp_staff1, ReportStatus.ACCEPTED, start=date(2026, 10, 1), end=date(2026, 10, 31))
    reminders.send_deadline_reminders(actor=SYSTEM, today=date(2026, 12, 3))
    assert "staff1" in _reminded()
    Notification.objects.all().delete()
    _report(team.skp_staff1, ReportStatus.ACCEPTED)
    reminders.send_deadline_reminders(actor=SYSTEM, today=date(2026, 12, 3))
    assert "staff1" not in _reminded()


def test_instance_settings_move_the_window(team):
    ReportingSettings.objects.create(instance=team.b, cadence=Cadence.QUARTERLY)
    reminders.send_deadline_reminders(actor=SYSTEM, today=date(2026, 12, 3))
    assert _reminded() == ["staff1"]


def test_queries_do_not_grow_with_the_people(team, django_assert_max_num_queries):
    # as many queries for two reminded people in A as for one
    _approved(team.staff_yankes, team.u_staff_yankes, team.u_kabid_yankes,
              Period.objects.get(instance=team.a))
    Notification.objects.all().delete()
    with django_assert_max_num_queries(16):
        reminders.send_deadline_reminders(actor=SYSTEM, today=date(2026, 12, 3))
    assert _reminded() == ["staff1", "staff_b", "staff_yankes"]


def test_the_task_runs_for_a_given_day(team):
    result = send_deadline_reminders.call("2026-12-03")
    assert result["day"] == "2026-12-03" and sum(result["sent"].values()) == 2


def test_a_report_of_a_clipped_period_counts(team):
    _report(team.skp_staff1, ReportStatus.SUBMITTED, start=date(2026, 11, 16), end=date(2026, 11, 30))
    reminders.send_deadline_reminders(actor=SYSTEM, today=date(2026, 12, 3))
    assert "staff1" not in _reminded()
