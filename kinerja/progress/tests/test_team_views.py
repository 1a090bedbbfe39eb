"""The superior's pages: the team view, the review queue and the review page (progress/views/team.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from kinerja.core.testing import SYSTEM, make_nip
from kinerja.notifications.models import Notification
from kinerja.people import services as people
from kinerja.progress.models import EmployeeAchievement, Evidence, IkiAchievement, Report, ReportStatus

from .review_fixtures import approved, make_evidence, make_report

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


HX = {"HTTP_HX_REQUEST": "true"}


# --- team view ---------------------------------------------------------------------------------


def test_the_team_view_shows_who_reported_and_what_waits(client, sup):
    w = sup.w
    make_report(sup.skp2, sup.iki2, sup.this_month, status=ReportStatus.ACCEPTED)
    response = login(client, w.u_kasi_surv).get(reverse("progress:team"))
    assert response.status_code == 200
    rows = {r.pk: r for r in response.context["rows"]}
    assert set(rows) == {w.staff1.pk, w.staff2.pk}
    andi, dewi = rows[w.staff1.pk], rows[w.staff2.pk]
    assert (andi.iki_count, andi.reported, andi.waiting, andi.evidence_waiting) == (2, 0, 1, 2)
    assert (dewi.iki_count, dewi.reported, dewi.waiting, dewi.evidence_waiting) == (1, 1, 0, 0)
    assert andi.first_waiting_id == sup.report.pk and andi.urgency == 0 and dewi.urgency == 3
    assert [r.pk for r in response.context["rows"]] == [w.staff1.pk, w.staff2.pk]  # most urgent first
    assert response.context["rp"].start == sup.this_month
    html = response.content.decode()
    assert reverse("progress:review", args=[sup.report.pk]) in html
    assert 'data-testid="achievement">—' in html  # the roll-up has nothing yet


def test_last_month_counts_its_reports(client, sup):
    response = login(client, sup.w.u_kasi_surv).get(reverse("progress:team"),
                                                    {"period": sup.last_month.isoformat()})
    andi = next(r for r in response.context["rows"] if r.pk == sup.w.staff1.pk)
    assert response.context["rp"].start == sup.last_month and andi.reported == 1 and andi.not_reported == 1


def test_the_team_view_reads_the_roll_up_and_flags_the_risk(client, sup):
    w = sup.w
    EmployeeAchievement.objects.create(instance=w.a, skp=sup.skp2, employee=w.staff2, unit=w.staff2.unit,
                                       period_start=sup.this_month, achievement=Decimal("61.5"), indicators=1,
                                       reported=1, at_risk=1)
    IkiAchievement.objects.create(instance=w.a, iki=sup.iki2, skp=sup.skp2, employee=w.staff2, unit=w.staff2.unit,
                                  period_start=sup.this_month, achievement=Decimal("61.5"), expected=Decimal("91.7"),
                                  projected=Decimal("67"), risk="at_risk", reason="Proyeksi akhir tahun 67%")
    response = login(client, w.u_kasi_surv).get(reverse("progress:team"), {"status": "at_risk"})
    [dewi] = response.context["rows"]
    assert dewi.pk == w.staff2.pk and dewi.at_risk and dewi.behind and dewi.expected == Decimal("91.7")
    html = response.content.decode()
    assert "Proyeksi akhir tahun 67%" in html and 'data-testid="at-risk"' in html and "61.5%" in html


def test_filters_and_search(client, sup):
    w = sup.w
    c = login(client, w.u_kasi_surv)
    assert [r.pk for r in c.get(reverse("progress:team"), {"status": "waiting"}).context["rows"]] == [w.staff1.pk]
    assert [r.pk for r in c.get(reverse("progress:team"), {"q": "dewi"}).context["rows"]] == [w.staff2.pk]
    make_report(sup.skp2, sup.iki2, sup.this_month)
    rows = c.get(reverse("progress:team"), {"status": "not_reported"}).context["rows"]
    assert [r.pk for r in rows] == [w.staff1.pk]  # Dewi reported her one IKI this month
    assert c.get(reverse("progress:team"), {"status": "bogus"}).context["status"] == ""
    assert c.get(reverse("progress:team"), {"period": "1999-01-01"}).context["rp"].start == sup.this_month


def test_an_acting_official_sees_the_team_of_the_position(client, sup):
    w = sup.w
    people.assign_acting(actor=SYSTEM, employee=w.kabid_yankes, position=w.pos_kasi_surv, kind="plh",
                         start_date=date(2020, 1, 1))
    rows = login(client, w.u_kabid_yankes).get(reverse("progress:team")).context["rows"]
    assert {w.staff1.pk, w.staff2.pk} <= {r.pk for r in rows}


def test_a_unit_head_may_see_the_whole_subtree(client, sup):
    w = sup.w
    c = login(client, w.u_kabid_p2p)
    team = c.get(reverse("progress:team"))
    assert [r.pk for r in team.context["rows"]] == [w.kasi_surv.pk] and team.context["offer_unit"]
    unit = c.get(reverse("progress:team"), {"scope": "unit"})
    assert unit.context["scope"] == "unit"
    assert {r.pk for r in unit.context["rows"]} == {w.kasi_surv.pk, w.staff1.pk, w.staff2.pk}
    andi = next(r for r in unit.context["rows"] if r.pk == w.staff1.pk)
    assert andi.waiting == 1 and 'data-testid="scope-switch"' in unit.content.decode()
    assert len(CaptureCount.of(c, {"scope": "unit"})) == len(CaptureCount.of(c, {}))  # the same two queries
    # reading is not reviewing: the review stays kasi_surv's
    assert c.post(reverse("progress:review-accept", args=[sup.report.pk]), {"lock_version": 0}).status_code == 403


def test_the_wider_view_is_a_unit_heads(client, sup):
    response = login(client, sup.w.u_staff1).get(reverse("progress:team"), {"scope": "unit"})
    assert response.status_code == 403
    response = login(client, sup.w.u_kadisdik).get(reverse("progress:team"), {"scope": "unit"})
    assert sup.w.staff1.pk not in {r.pk for r in response.context["rows"]}


class CaptureCount:
    @staticmethod
    def of(c, params):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            c.get(reverse("progress:team"), params)
        return ctx.captured_queries


@pytest.mark.parametrize("who", ["u_staff1", "u_admin_bkpsdm", "u_auditor", "u_nobody"])
def test_no_team_no_team_view(client, sup, who):
    c = login(client, getattr(sup.w, who))
    assert c.get(reverse("progress:team")).status_code == 403
    assert c.get(reverse("progress:review-queue")).status_code == 403


def test_the_team_view_costs_the_same_for_a_bigger_team(client, sup, django_assert_max_num_queries):
    w = sup.w
    c = login(client, w.u_kasi_surv)
    c.get(reverse("progress:team"))  # warm the session and caches
    with django_assert_max_num_queries(12) as small:  # 8 of the layout and scope, periods, cadence, team, roll-up
        c.get(reverse("progress:team"))
    for seq in range(6):
        employee = people.create_employee(actor=SYSTEM, instance=w.a, nip=make_nip(seq=700 + seq),
                                          name=f"Pegawai {seq}", position=w.pos_data)
        from kinerja.accounts import services as accounts

        user = accounts.create_user(actor=SYSTEM, instance=w.a, username=f"p{seq}", password=w.password,
                                    employee=employee, validate=False)
        s, (iki,) = approved(w, sup.period, employee, user, w.u_kasi_surv,
                             [{"text": "Jumlah", "target_value": "10", "measure_unit": "x"}])
        make_evidence(make_report(s, iki, sup.last_month))
    with django_assert_max_num_queries(len(small.captured_queries)) as big:
        response = c.get(reverse("progress:team"))
    assert len(response.context["rows"]) == 8 and len(big.captured_queries) == len(small.captured_queries)


# --- queue -------------------------------------------------------------------------------------


def test_the_queue_lists_reports_and_evidence_waiting(client, sup, django_assert_max_num_queries):
    w = sup.w
    make_report(sup.skp2, sup.iki2, sup.this_month, status=ReportStatus.DRAFT)  # not waiting
    c = login(client, w.u_kasi_surv)
    c.get(reverse("progress:review-queue"))
    with django_assert_max_num_queries(10):  # 8 of the layout and scope, the reports, the evidence page
        response = c.get(reverse("progress:review-queue"))
    assert [r.pk for r in response.context["reports"]] == [sup.report.pk]
    assert response.context["reports"][0].evidence_waiting == 2
    assert {e.pk for e in response.context["page"].items} == {sup.photo.pk, sup.link.pk}
    response = c.post(reverse("progress:evidence-review", args=[sup.photo.pk]), {"accept": "1", "next": "queue"})
    assert response.status_code == 302 and response["Location"] == reverse("progress:review-queue")
    assert fresh(sup.photo).status == "accepted"


def test_the_queue_of_another_evaluator_is_empty(client, sup):
    response = login(client, sup.w.u_kabid_p2p).get(reverse("progress:review-queue"))
    assert response.context["reports"] == [] and response.context["page"].items == []


# --- review page -------------------------------------------------------------------------------


def test_the_review_page_shows_the_report_evidence_and_history(client, sup, django_assert_max_num_queries):
    w = sup.w
    earlier = make_report(sup.skp1, sup.iki1, date(sup.last_month.year, sup.last_month.month - 1, 1),
                          status=ReportStatus.ACCEPTED, value="3")
    from kinerja.progress.models import ActionPlan

    ActionPlan.objects.create(instance=w.a, iki=sup.iki1, quarter=(sup.last_month.month - 1) // 3 + 1,
                              text="Menyusun laporan mingguan", target="12")
    c = login(client, w.u_kasi_surv)
    url = reverse("progress:review", args=[sup.report.pk])
    c.get(url)
    with django_assert_max_num_queries(14):
        response = c.get(url)
    html = response.content.decode()
    assert response.status_code == 200 and response.context["can_review"]
    assert "Jumlah laporan surveilans" in html and "Menyusun laporan mingguan" in html
    assert "Laporan mingguan minggu 1-4" in html and "Dasbor surveilans" in html
    assert [h.pk for h in response.context["history"]] == [earlier.pk]
    assert 'data-testid="accept-form"' in html and 'data-testid="return-form"' in html
    assert 'name="lock_version" value="0"' in html
    assert f'hx-get="{reverse("feedback:report-thread", args=[sup.report.pk])}"' in html  # the comment thread


def test_the_employee_sees_the_page_without_the_buttons(client, sup):
    response = login(client, sup.w.u_staff1).get(reverse("progress:review", args=[sup.report.pk]))
    assert response.status_code == 200 and not response.context["can_review"]
    assert 'data-testid="accept-form"' not in response.content.decode()


@pytest.mark.parametrize("who", ["u_staff2", "u_kadisdik", "u_admin_b", "u_nobody"])
def test_out_of_scope_is_not_found(client, sup, who):
    c = login(client, getattr(sup.w, who))
    assert c.get(reverse("progress:review", args=[sup.report.pk])).status_code == 404
    assert c.post(reverse("progress:review-accept", args=[sup.report.pk]), {"lock_version": 0}).status_code == 404
    assert c.post(reverse("progress:evidence-review", args=[sup.photo.pk]), {"accept": "1"}).status_code == 404
    assert fresh(sup.report).status == ReportStatus.SUBMITTED


def test_seeing_is_not_reviewing(client, sup):
    c = login(client, sup.w.u_kabid_p2p)  # the evaluator's superior sees the SKP, does not review it
    assert c.get(reverse("progress:review", args=[sup.report.pk])).status_code == 200
    assert c.post(reverse("progress:review-accept", args=[sup.report.pk]), {"lock_version": 0}).status_code == 403
    assert fresh(sup.report).status == ReportStatus.SUBMITTED


def test_accepting_with_htmx_swaps_the_panel(client, sup):
    c = login(client, sup.w.u_kasi_surv)
    response = c.post(reverse("progress:review-accept", args=[sup.report.pk]),
                      {"lock_version": 0, "comment": "Terima kasih"}, **HX)
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith('<div id="review-body"')
    assert 'data-testid="review-done"' in html and 'data-status="accepted"' in html
    assert 'data-testid="accept-form"' not in html and "Terima kasih" in html
    assert fresh(sup.report).status == ReportStatus.ACCEPTED
    assert Notification.objects.filter(kind="report_accepted", recipient=sup.w.u_staff1).exists()


def test_returning_without_htmx_redirects_and_errors_are_shown(client, sup):
    c = login(client, sup.w.u_kasi_surv)
    url = reverse("progress:review-return", args=[sup.report.pk])
    response = c.post(url, {"lock_version": 0, "comment": ""}, **HX)
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert fresh(sup.report).status == ReportStatus.SUBMITTED
    response = c.post(url, {"lock_version": 0, "comment": "Foto buram", "evidence_ids": [sup.photo.pk]})
    assert response.status_code == 302 and response["Location"] == reverse("progress:review", args=[sup.report.pk])
    assert fresh(sup.report).status == ReportStatus.RETURNED and fresh(sup.photo).status == "needs_fix"


def test_a_stale_form_says_so(client, sup):
    Report.objects.filter(pk=sup.report.pk).update(lock_version=1)
    response = login(client, sup.w.u_kasi_surv).post(reverse("progress:review-accept", args=[sup.report.pk]),
                                                     {"lock_version": 0}, **HX)
    assert 'data-testid="conflict"' in response.content.decode()
    assert fresh(sup.report).status == ReportStatus.SUBMITTED


def test_asking_a_fix_of_one_evidence_with_htmx(client, sup):
    c = login(client, sup.w.u_kasi_surv)
    url = reverse("progress:evidence-review", args=[sup.link.pk])
    response = c.post(url, {"accept": "0", "comment": ""}, **HX)
    assert 'data-testid="evidence-error"' in response.content.decode()
    response = c.post(url, {"accept": "0", "comment": "Tautan mati"}, **HX)
    assert response.status_code == 200 and fresh(sup.link).status == "needs_fix"
    assert Evidence.objects.get(pk=sup.link.pk).review_comment == "Tautan mati"


def test_the_menu_shows_team_progress_to_evaluators(client, sup):
    from kinerja.core.context_processors import menu_for

    assert "progress_team" in [m.key for m in menu_for(sup.w.u_kasi_surv)]
    assert "progress_team" not in [m.key for m in menu_for(sup.w.u_staff1)]
