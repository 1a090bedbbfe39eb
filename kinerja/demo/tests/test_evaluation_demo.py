"""The demo's evaluations, 360 rounds and tim monev (kinerja/demo/evaluation.py, feedback360.py, monev.py): a
closed, calibrated previous year and the current year in progress, for every demo login to find this week."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.test import Client

from kinerja.accounts.models import User
from kinerja.audit.models import AuditEvent
from kinerja.demo.feedback360 import next_week_friday
from kinerja.demo.tests.building import TODAY
from kinerja.evaluation.models import Appeal, Calibration, Evaluation, PredikatChange, UnitRating
from kinerja.feedback360 import results
from kinerja.feedback360.models import Assignment, Response, Round, RoundStatus
from kinerja.monev import permissions as monev_permissions
from kinerja.monev.models import Recommendation, Session, TeamMember, TrainingNeed
from kinerja.monev.models import Round as MonevRound
from kinerja.organization.models import Unit
from kinerja.rules.evaluation import curve
from kinerja.rules.skp import BERAKHLAK_CODES
from kinerja.skp.models import Period, Skp

pytestmark = pytest.mark.django_db  # ``built``: Palembang as of TODAY (conftest.py)


def _user(name: str) -> User:
    return User.objects.select_related("employee").get(username=name)


def _periods():
    periods = Period.objects.filter(instance__slug="palembang")
    return periods.get(year=TODAY.year - 1), periods.get(year=TODAY.year)


def _page(username: str, url: str) -> str:
    client = Client()
    client.force_login(_user(username))
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_previous_years_units_fit_the_curve(built):
    previous, _current = _periods()
    ratings = {r.unit_id: r.predikat for r in UnitRating.objects.filter(period=previous)}
    calibrations = list(Calibration.objects.filter(period=previous).select_related("unit"))
    assert calibrations and {c.unit_id for c in calibrations} == set(ratings)
    assert all(c.status == "locked" and c.locked_at for c in calibrations)
    units = {u.pk: u.path for u in Unit.objects.filter(instance__slug="palembang")}
    for cal in calibrations:
        counts = Counter(p for unit_id, p in Evaluation.objects.filter(period=previous, kind="annual")
                         .values_list("unit_id", "predikat") if units[unit_id].startswith(cal.unit.path))
        found = curve.check(ratings[cal.unit_id], counts)
        assert found.ok or not found.feasible, (cal.unit.name, counts, found.violations)


def test_every_approved_skp_of_last_year_has_an_acknowledged_locked_annual_evaluation(built):
    previous, _current = _periods()
    skps = set(Skp.objects.filter(period=previous, version__gte=1).values_list("pk", flat=True))
    evaluations = {e.skp_id: e for e in Evaluation.objects.filter(period=previous, kind="annual")}
    assert skps and skps == set(evaluations)
    assert all(e.status == "acknowledged" and e.locked_at and e.predikat for e in evaluations.values())
    assert PredikatChange.objects.filter(evaluation__period=previous, source="calibration").exists()


def test_the_pegawai_has_a_final_evaluation_to_acknowledge_this_week(built):
    pegawai = _user("plg.pegawai")
    waiting = Evaluation.objects.get(employee=pegawai.employee, status="final")
    assert built.now - timedelta(days=7) < waiting.finalised_at < built.now and waiting.acknowledged_at is None
    assert f"/evaluation/{waiting.pk}/" in _page("plg.pegawai", "/evaluation/")


def test_the_penilai_has_drafts_to_finish(built):
    penilai = _user("plg.penilai")
    drafts = Evaluation.objects.filter(evaluator=penilai.employee, status="draft")
    assert drafts.exists()
    _page("plg.penilai", "/evaluation/team/")


def test_every_draft_can_be_rated_it_has_its_seven_berakhlak_rows(built):
    """As start_evaluations writes them: the ratings are saved into these rows, so a draft without them could never be
    rated ("Unknown core value")."""
    drafts = Evaluation.objects.filter(instance__slug="palembang", status="draft").prefetch_related("behaviour")
    assert drafts.exists()
    for draft in drafts:
        assert sorted(b.value for b in draft.behaviour.all()) == sorted(BERAKHLAK_CODES), draft.pk
        assert all(b.rating == "" for b in draft.behaviour.all())


def test_the_granted_appeal_changed_the_predikat(built):
    appeal = Appeal.objects.select_related("evaluation").get(instance__slug="palembang")
    change = PredikatChange.objects.get(evaluation=appeal.evaluation, source="appeal")
    assert appeal.status == "upheld" and appeal.decided_at and appeal.decision_reason
    assert change.from_predikat != change.to_predikat == appeal.new_predikat == appeal.evaluation.predikat
    assert appeal.evaluation.is_locked


def test_last_years_360_is_closed_purged_and_released(built):
    previous, _current = _periods()
    round_ = Round.objects.get(period=previous)
    assert round_.status == RoundStatus.CLOSED and round_.raters_purged and round_.closed_at < built.now
    assignments = Assignment.objects.filter(round=round_)
    assert assignments.exists() and not assignments.exclude(rater=None).exists()  # no rater link kept
    answered = Counter(assignments.filter(answered=True).values_list("ratee_id", flat=True))
    assert Counter(Response.objects.filter(round=round_).values_list("ratee_id", flat=True)) == answered
    summaries = results.summaries(previous, list(answered))
    released = {pk for pk, s in summaries.items() if s.released}
    assert released == {pk for pk, n in answered.items() if n >= round_.min_responses} and released
    assert all(s.mean is None for pk, s in summaries.items() if pk not in released)


def test_this_years_360_is_open_until_next_week_with_tasks_for_the_pegawai(built):
    _previous, current = _periods()
    round_ = Round.objects.get(period=current)
    assert round_.status == RoundStatus.OPEN and round_.closes_on == next_week_friday(TODAY)
    assert round_.opens_on <= TODAY < round_.closes_on and round_.closes_on - TODAY <= timedelta(days=14)
    pegawai = _user("plg.pegawai")
    mine = Assignment.objects.filter(round=round_, rater=pegawai.employee)
    assert mine.filter(answered=False).count() >= 2 and mine.filter(answered=True).exists()
    answered = Assignment.objects.filter(round=round_, answered=True).count()
    assert 0 < answered < Assignment.objects.filter(round=round_).count()
    assert Response.objects.filter(round=round_).count() == answered
    assert [f.name for f in Response._meta.concrete_fields][:4] == ["id", "instance", "round", "ratee"]
    assert not results.summary(current, pegawai.employee_id).released  # nothing shown while it is open
    page = _page("plg.pegawai", "/360/")
    assert any(f"/360/tasks/{a.pk}/" in page for a in mine.filter(answered=False))


def test_the_tim_monev_has_a_round_this_quarter_with_recommendations_to_follow(built):
    assert TeamMember.objects.filter(instance__slug="palembang", role="chair").count() == 1
    sessions = Session.objects.filter(instance__slug="palembang")
    assert {s.kind for s in sessions} == {"interview", "discussion"}
    assert all(TODAY - timedelta(days=35) <= s.held_on < TODAY and s.findings.exists() for s in sessions)
    recs = list(Recommendation.objects.filter(instance__slug="palembang"))
    statuses = Counter(r.status for r in recs)
    assert statuses["done"] >= 2 and statuses["in_progress"] >= 2
    assert sum(r.is_overdue(TODAY) for r in recs) == 1
    assert any(r.status != "done" and TODAY <= r.due_on <= TODAY + timedelta(days=6) for r in recs)
    assert all(r.done_at and r.done_at < built.now for r in recs if r.status == "done")
    pegawai, penilai = _user("plg.pegawai"), _user("plg.penilai")
    assert any(r.owner_employee_id == pegawai.employee_id for r in recs)
    assert any(r.owner_unit_id == penilai.employee.unit_id for r in recs)
    need = TrainingNeed.objects.filter(instance__slug="palembang", target_unit__kind="puskesmas").get()
    assert need.target_employees.exists() and need.recommendation.category == "training"
    assert "Monev" in _page("plg.monev", "/monev/")
    mine = _page("plg.pegawai", "/monev/recommendations/mine/")
    assert "bukti dukung" in mine


def test_the_monev_login_is_the_teams_secretary_and_works_on_this_weeks_round(built):
    monev = _user("plg.monev")
    assert monev.employee is not None and monev.employee.unit.path.startswith(
        Unit.objects.get(instance__slug="palembang", kind="setda").path)
    assert set(monev.role_grants.values_list("role", flat=True)) == {"monev"}
    member = TeamMember.objects.get(instance__slug="palembang", employee=monev.employee)
    assert member.role == "secretary" and member.is_active_on(TODAY) and monev_permissions.can_write(monev)
    round_ = MonevRound.objects.get(instance__slug="palembang", status="open")
    assert round_.start_date <= TODAY <= round_.end_date
    assert Session.objects.filter(round=round_, participants=monev.employee).count() == round_.sessions.count()
    recs = Recommendation.objects.filter(round=round_)
    assert any(r.is_overdue(TODAY) for r in recs) and recs.filter(status="done").exists()
    assert any(abs((r.due_on - TODAY).days) <= 7 for r in recs)
    home = _page("plg.monev", "/")
    assert 'data-testid="monev-home"' in home and round_.name in home
    dashboard = _page("plg.monev", "/monev/")
    assert 'data-testid="membership"' in dashboard and f"/monev/rounds/{round_.pk}/" in dashboard
    page = _page("plg.monev", f"/monev/rounds/{round_.pk}/")
    assert 'data-testid="new-session"' in page  # a member writes
    assert all(f"/monev/sessions/{s.pk}/" in page for s in round_.sessions.all())
    session = round_.sessions.filter(findings__isnull=False).first()
    assert session.findings.first().text in _page("plg.monev", f"/monev/sessions/{session.pk}/")


def test_each_part_wrote_its_summary_event(built):
    actions = set(AuditEvent.objects.filter(instance__slug="palembang", action__startswith="demo.")
                  .values_list("action", flat=True))
    assert {"demo.evaluation", "demo.feedback360", "demo.monev"} <= actions
