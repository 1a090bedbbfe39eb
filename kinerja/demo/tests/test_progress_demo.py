"""The demo's progress (kinerja/demo/progress.py): months of reports with evidence, action plans, the daily
log, notifications and the roll-up, for the demo logins to find on every screen."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.audit.models import AuditEvent
from kinerja.demo.data import load_demo
from kinerja.demo.tests.building import TODAY
from kinerja.demo.world import PALEMBANG
from kinerja.notifications.models import Notification
from kinerja.progress.models import (
    ActionPlan,
    DailyLog,
    Evidence,
    IkiAchievement,
    Report,
    ReportStatus,
    Risk,
    evidence_storage,
)
from kinerja.skp.models import Iki

pytestmark = pytest.mark.django_db  # ``built``: Palembang as of TODAY (conftest.py)


@pytest.fixture
def pegawai(built):
    return User.objects.select_related("employee").get(username="plg.pegawai")


def test_the_pegawai_reported_every_month_of_this_year(pegawai):
    reports = Report.objects.filter(employee=pegawai.employee, period_start__year=TODAY.year)
    months = set(reports.values_list("period_start", flat=True))
    assert date(TODAY.year, 1, 1) in months and date(TODAY.year, 11, 1) in months
    assert date(TODAY.year, 12, 1) in months  # the current month, partly
    current = dict(reports.filter(period_start=date(TODAY.year, 12, 1)).values_list("status", "review_comment"))
    assert set(current) == {ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.RETURNED}
    assert current[ReportStatus.RETURNED]  # returned with the superior's comment
    returned = reports.get(status=ReportStatus.RETURNED)
    assert returned.reviewed_by_id is not None and returned.reviewed_at is not None
    assert reports.filter(period_start__month__lt=11, status=ReportStatus.ACCEPTED).count() > 10


def test_the_evidence_files_are_readable_from_the_storage(pegawai):
    files = Evidence.objects.filter(report__employee=pegawai.employee, kind="file")
    assert files.count() >= 10
    assert files.filter(content_type="application/pdf").exists() or Evidence.objects.filter(
        content_type="application/pdf").exists()
    storage = evidence_storage()
    for evidence in files.order_by("-report__period_start")[:5]:
        with storage.open(evidence.file.name) as f:
            content = f.read()
        assert hashlib.sha256(content).hexdigest() == evidence.sha256 and len(content) == evidence.size
        assert content[:2] == b"\xff\xd8" or content[:5] == b"%PDF-"
        assert evidence.size < 60_000  # small generated pictures and PDFs
    assert Evidence.objects.filter(kind="link").exists()
    assert Evidence.objects.filter(report__employee=pegawai.employee, status="needs_fix").exclude(
        review_comment="").exists()


def test_one_of_the_pegawai_ikis_is_at_risk_and_most_of_the_instance_on_track(pegawai):
    latest = IkiAchievement.objects.filter(employee=pegawai.employee, period_start=date(TODAY.year, 11, 1))
    assert latest.filter(risk=Risk.AT_RISK).count() >= 1
    assert latest.filter(risk=Risk.AT_RISK).exclude(reason="").exists()
    everyone = IkiAchievement.objects.filter(period_start=date(TODAY.year, 11, 1))
    at_risk, on_track = everyone.filter(risk=Risk.AT_RISK).count(), everyone.filter(risk=Risk.NONE).count()
    assert 0 < at_risk < on_track


def test_action_plans_for_the_four_quarters_and_a_recent_daily_log(pegawai):
    ikis = Iki.objects.filter(rhk__skp__employee=pegawai.employee, rhk__skp__period__year=TODAY.year)
    plans = ActionPlan.objects.filter(iki__in=ikis)
    assert plans.count() == 4 * ikis.count() and ikis.exists()
    assert set(plans.values_list("quarter", flat=True)) == {1, 2, 3, 4}
    log = DailyLog.objects.filter(employee=pegawai.employee)
    assert log.filter(date__gte=TODAY - timedelta(days=21), date__lt=TODAY).count() >= 5


def test_every_demo_login_with_a_role_has_unread_notifications(built):
    for username in ("plg.pegawai", "plg.penilai", "plg.admin_opd", "plg.pimpinan"):
        assert Notification.objects.filter(recipient__username=username, read_at__isnull=True).exists(), username


def test_nothing_of_it_is_dated_after_now(built):
    # the demo's now, or later: a page another test of this module opened may have written a row since
    # (xdist can run this test after them); a demo row dated in the future is later than both
    now = max(built.now, timezone.now())
    for model, fields in ((Report, ("created_at", "updated_at", "submitted_at", "reviewed_at")),
                          (Evidence, ("created_at",)), (ActionPlan, ("created_at",)), (DailyLog, ("created_at",)),
                          (Notification, ("created_at",))):
        for row in model.objects.values_list(*fields):
            assert all(value is None or value <= now for value in row), (model.__name__, row)
    assert not DailyLog.objects.filter(date__gte=TODAY).exists()
    assert not Report.objects.filter(period_start__gt=TODAY).exists()


def test_loading_again_adds_nothing(built):
    counts = (Report.objects.count(), Evidence.objects.count(), Notification.objects.count())
    load_demo([PALEMBANG], today=TODAY)
    assert (Report.objects.count(), Evidence.objects.count(), Notification.objects.count()) == counts
    assert AuditEvent.objects.filter(action="demo.progress").count() == 1


def test_feedback_threads_and_dialogues_past_and_upcoming(pegawai, built):
    from kinerja.feedback.models import Comment, Dialogue, DialogueAction, DialogueStatus

    skp_comments = Comment.objects.filter(skp__employee=pegawai.employee)
    assert skp_comments.filter(rhk__isnull=False, parent__isnull=True).exists()
    assert skp_comments.filter(parent__isnull=False, author=pegawai).exists()  # the employee answered
    returned = Report.objects.get(employee=pegawai.employee, status=ReportStatus.RETURNED)
    assert Comment.objects.filter(report=returned).count() == 2
    dialogues = Dialogue.objects.filter(employee=pegawai.employee)
    held = dialogues.filter(status=DialogueStatus.HELD)
    assert held.count() == 2 and all(d.notes and d.held_at <= built.now for d in held)
    assert DialogueAction.objects.filter(dialogue__in=held, done_at__isnull=False).exists()
    assert DialogueAction.objects.filter(dialogue__in=held, done_at__isnull=True).exists()
    [upcoming] = dialogues.filter(status=DialogueStatus.PLANNED)
    assert built.now < upcoming.scheduled_at < built.now + timedelta(days=7)
    assert Dialogue.objects.exclude(employee=pegawai.employee).exists()  # some of the penilai's team too


def _page(built, client, username: str, name: str) -> str:
    from django.urls import reverse

    with built.at(built.now):  # the pages read today from the clock: the demo's today
        client.force_login(User.objects.get(username=username))
        response = client.get(reverse(name))
    assert response.status_code == 200, username
    return response.content.decode()


def test_the_pegawai_login_finds_this_weeks_work_on_progres_saya(built, client):
    """The headline login reports on its approved SKP of this year: this month's rows, never last year's."""
    from kinerja.skp.models import Skp

    page = _page(built, client, "plg.pegawai", "progress:mine")
    skp = Skp.objects.get(employee__user__username="plg.pegawai", period__year=TODAY.year)
    assert skp.status == "approved"
    assert f'data-skp="{skp.pk}"' in page and 'data-period="2026-12-01"' in page
    assert 'data-testid="other-year"' not in page and 'data-testid="under-revision"' not in page
    assert page.count('data-testid="iki-row"') >= 3
    for status in ("draft", "submitted", "returned"):  # this month's business
        assert f'data-status="{status}"' in page, status
    assert 'data-testid="overall-achievement"' in page


def test_the_revising_login_keeps_reporting_against_its_approved_version(built, client):
    page = _page(built, client, "plg.pegawai_revisi", "progress:mine")
    assert 'data-testid="under-revision"' in page and 'data-testid="progress-empty"' not in page
    assert page.count('data-testid="iki-row"') >= 1
    assert Report.objects.filter(employee__user__username="plg.pegawai_revisi", period_start__year=TODAY.year,
                                 status=ReportStatus.ACCEPTED).count() >= 10


def test_the_penilai_sees_the_team_reporting_and_no_skp_under_revision_called_missing(built, client):
    from kinerja.skp.models import Skp

    page = _page(built, client, "plg.penilai", "progress:team")
    revised = Skp.objects.get(employee__user__username="plg.pegawai_revisi", period__year=TODAY.year)
    row = page[page.index(f'data-employee="{revised.employee_id}" data-urgency'):]  # the table row
    row = row[:row.index("</tr>")]
    assert 'data-testid="skp-under-revision"' in row and 'data-testid="no-skp"' not in row
    assert 'data-testid="reported"' in row
