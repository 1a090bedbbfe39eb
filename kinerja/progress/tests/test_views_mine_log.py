"""The daily log and the action plans pages (progress/views/log.py, plans.py)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kinerja.progress.models import ActionPlan, DailyLog, Report
from kinerja.progress.services import daily as daily_services
from kinerja.progress.tests.test_views_mine import current

pytestmark = pytest.mark.usefixtures("evidence_dir")


def today():
    return timezone.localdate()


def log(world, k, text="Rekap data", quantity=None, iki=None, day=None):
    return daily_services.log_day(actor=world.u_staff1, rhk=k.rhk, date=day or today(), text=text,
                                  quantity=quantity, iki=iki)


def test_logging_today_takes_one_form(world, k, client_for):
    client = client_for(world.u_staff1)
    page = client.get(reverse("progress:log"))
    assert page.status_code == 200 and 'data-testid="log-form"' in page.content.decode()
    answer = client.post(reverse("progress:log"), {"date": today().isoformat(), "rhk": k.rhk.pk, "iki": k.iki.pk,
                                                   "text": "Input 20 formulir", "quantity": "2"})
    assert answer.status_code == 302
    entry = DailyLog.objects.get()
    assert entry.text == "Input 20 formulir" and entry.quantity == 2 and entry.iki_id == k.iki.pk
    week = client.get(answer.url).content.decode()
    assert "Input 20 formulir" in week and 'data-testid="log-entry"' in week


def test_a_log_entry_needs_a_text_and_an_rhk_of_ones_own_skp(world, k, client_for):
    client = client_for(world.u_staff1)
    answer = client.post(reverse("progress:log"), {"date": today().isoformat(), "rhk": k.draft_rhk.pk, "text": ""})
    assert answer.status_code == 200
    assert set(answer.context["form"].errors) >= {"rhk", "text"}
    assert not DailyLog.objects.exists()


def test_the_week_shows_its_entries_and_other_weeks_on_request(world, k, client_for):
    log(world, k, "minggu ini")
    last_week = today() - timedelta(days=7)
    if last_week >= k.skp.period.start_date:
        log(world, k, "minggu lalu", day=last_week)
    client = client_for(world.u_staff1)
    html = client.get(reverse("progress:log")).content.decode()
    assert "minggu ini" in html and "minggu lalu" not in html
    if last_week >= k.skp.period.start_date:
        assert "minggu lalu" in client.get(reverse("progress:log"), {"week": last_week.isoformat()}).content.decode()


def test_an_entry_is_edited_and_deleted_by_its_author_only(world, k, client_for):
    entry = log(world, k, "salah ketik", quantity=Decimal(1))
    other = client_for(world.u_staff2)
    assert other.get(reverse("progress:log_edit", args=[entry.pk])).status_code == 404
    assert other.post(reverse("progress:log_delete", args=[entry.pk])).status_code == 404
    client = client_for(world.u_staff1)
    assert client.get(reverse("progress:log_edit", args=[entry.pk])).status_code == 200
    answer = client.post(reverse("progress:log_edit", args=[entry.pk]),
                         {"date": entry.date.isoformat(), "rhk": k.rhk.pk, "text": "benar", "quantity": "3"})
    assert answer.status_code == 302
    entry.refresh_from_db()
    assert entry.text == "benar" and entry.quantity == 3
    assert client.post(reverse("progress:log_delete", args=[entry.pk])).status_code == 302
    assert not DailyLog.objects.exists()


def test_the_months_report_is_drafted_from_the_log(world, k, client_for):
    log(world, k, "hari 1", quantity=Decimal(2), iki=k.iki)
    log(world, k, "hari 2", quantity=Decimal(3), iki=k.iki)
    client = client_for(world.u_staff1)
    page = client.get(reverse("progress:log")).content.decode()
    assert 'data-testid="draft-from-log"' in page
    answer = client.post(reverse("progress:draft_from_log", args=[k.iki.pk, current(k).isoformat()]))
    assert answer.status_code == 302
    assert answer.url == reverse("progress:report", args=[k.iki.pk, current(k).isoformat()])
    report = Report.objects.get(iki=k.iki)
    assert report.value == 5 and "hari 1" in report.notes and "hari 2" in report.notes


def test_the_log_page_reads_a_fixed_number_of_queries(world, k, client_for, django_assert_max_num_queries):
    client = client_for(world.u_staff1)
    log(world, k, "satu", iki=k.iki)
    client.get(reverse("progress:log"))
    with django_assert_max_num_queries(16) as few:
        client.get(reverse("progress:log"))
    for n in range(6):
        log(world, k, f"lagi {n}", quantity=Decimal(1), iki=k.iki)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("progress:log"))
    assert page.content.decode().count('data-testid="log-entry"') == 7


def test_action_plans_save_only_the_quarters_that_changed(world, k, client_for):
    client = client_for(world.u_staff1)
    page = client.get(reverse("progress:plans"))
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="plan-iki"') == 2
    data = {f"p{iki.pk}q{q}-{field}": "" for iki in (k.iki, k.iki_text) for q in (1, 2, 3, 4)
            for field in ("text", "target")}
    data |= {f"p{k.iki.pk}q1-text": "Rekap Januari–Maret", f"p{k.iki.pk}q1-target": "3",
             f"p{k.iki.pk}q4-text": "Rekap akhir", f"p{k.iki.pk}q4-target": "12"}
    answer = client.post(reverse("progress:plans"), data)
    assert answer.status_code == 302
    plans = {p.quarter: p for p in ActionPlan.objects.filter(iki=k.iki)}
    assert set(plans) == {1, 4} and plans[4].target == 12 and plans[1].text == "Rekap Januari–Maret"
    from kinerja.audit.models import AuditEvent

    events = AuditEvent.objects.count()
    assert client.post(reverse("progress:plans"), data).status_code == 302
    assert AuditEvent.objects.count() == events  # nothing changed: nothing written


def test_a_bad_plan_target_shows_beside_its_quarter_and_nothing_is_saved(world, k, client_for):
    data = {f"p{k.iki.pk}q2-text": "x", f"p{k.iki.pk}q2-target": "banyak", f"p{k.iki.pk}q1-text": "y"}
    answer = client_for(world.u_staff1).post(reverse("progress:plans"), data)
    assert answer.status_code == 200 and not ActionPlan.objects.exists()
    assert "Enter a number" in answer.content.decode()
