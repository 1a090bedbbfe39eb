"""Reporting through an SKP revision (``progress/reportable.py``), the page without a reportable SKP, and the HR
admin standing in for a missing evaluator on the team view."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from kinerja.core.errors import ValidationError
from kinerja.progress.models import Report, ReportStatus
from kinerja.progress.services import reports as report_services
from kinerja.skp import services as skp_services
from kinerja.skp.models import Period

from .review_fixtures import make_report
from .test_views_mine import current

pytestmark = pytest.mark.usefixtures("evidence_dir")


def revise(world, k, reason="Perubahan tugas"):
    k.skp.refresh_from_db()
    return skp_services.start_revision(actor=world.u_staff1, skp=k.skp, lock_version=k.skp.lock_version,
                                       reason=reason)


# --- (a) an approved SKP reopened for a revision keeps its reporting -------------------------------------------


def test_reports_stay_visible_and_can_be_filed_while_the_skp_is_revised(world, k, client_for):
    start = current(k)
    report_services.save_report(actor=world.u_staff1, iki=k.iki, period_start=start, value=Decimal(3))
    skp = revise(world, k)
    assert skp.status == "draft" and skp.version == 1
    page = client_for(world.u_staff1).get(reverse("progress:mine"))
    html = page.content.decode()
    assert page.status_code == 200 and page.context["skp"].pk == k.skp.pk
    assert 'data-testid="under-revision"' in html and 'data-status="draft"' in html
    # the draft can still be submitted, and a new report filed (against the approved version)
    report = Report.objects.get(iki=k.iki, period_start=start)
    report_services.submit_report(actor=world.u_staff1, report=report, lock_version=report.lock_version)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
    report_services.save_report(actor=world.u_staff1, iki=k.iki_text, period_start=start, value_text="Lengkap")
    assert client_for(world.u_staff1).get(report_url(k.iki_text, start)).status_code == 200


def report_url(iki, start):
    return reverse("progress:report", args=[iki.pk, start.isoformat()])


def test_the_revision_shows_the_approved_targets_and_an_added_iki_waits_for_approval(world, k, client_for):
    skp = revise(world, k)
    changed = skp_services.update_iki(actor=world.u_staff1, iki=k.iki, lock_version=skp.lock_version,
                                      target_value="99")
    skp.refresh_from_db()
    added = skp_services.add_iki(actor=world.u_staff1, rhk=k.rhk, lock_version=skp.lock_version,
                                 text="Indikator baru dalam revisi", aspect="kuantitas", target_value="4",
                                 measure_unit="kegiatan")
    assert changed.target_value == Decimal("99")
    page = client_for(world.u_staff1).get(reverse("progress:mine"))
    rows = {row.iki.pk: row for block in page.context["blocks"] for row in block.rows}
    assert set(rows) == {k.iki.pk, k.iki_text.pk}  # the added one is not reported on yet
    assert "12" in rows[k.iki.pk].target and "99" not in rows[k.iki.pk].target  # the approved target
    with pytest.raises(ValidationError) as refused:
        report_services.save_report(actor=world.u_staff1, iki=added, period_start=current(k), value=Decimal(1))
    assert "iki" in refused.value.message_dict
    assert not Report.objects.filter(iki=added).exists()


def test_the_api_files_a_report_on_an_skp_under_revision_and_refuses_a_never_approved_one(world, k, client_for):
    revise(world, k)
    api = client_for(world.u_staff1)
    answer = api.post("/api/v1/progress/reports", {"iki_id": k.iki.pk, "period_start": current(k).isoformat(),
                                                   "value": "2"}, content_type="application/json")
    assert answer.status_code in (200, 201), answer.content
    refused = client_for(world.u_staff2).post(
        "/api/v1/progress/reports", {"iki_id": k.draft_iki.pk, "period_start": current(k).isoformat(), "value": "2"},
        content_type="application/json")
    assert refused.status_code == 422 and "approved" in refused.content.decode()
    assert not Report.objects.filter(iki=k.draft_iki).exists()


def test_the_team_view_does_not_call_an_skp_under_revision_missing(world, k, client_for):
    make_report(k.skp, k.iki, current(k), status=ReportStatus.SUBMITTED)
    revise(world, k)
    page = client_for(world.u_kasi_surv).get(reverse("progress:team"))
    rows = {r.pk: r for r in page.context["rows"]}
    andi = rows[world.staff1.pk]
    assert andi.approved and andi.under_revision and andi.reported == 1 and andi.urgency != 4
    assert not rows[world.staff2.pk].approved  # staff2's draft was never approved
    html = page.content.decode()
    andi_html = html[html.index(f'data-employee="{world.staff1.pk}" data-urgency'):]  # the table row
    andi_html = andi_html[:andi_html.index("</tr>")]
    assert 'data-testid="skp-under-revision"' in andi_html and 'data-testid="no-skp"' not in andi_html


# --- (b) a never-approved SKP: a clear message with a link, no fall-back to another year ------------------------


def test_a_never_approved_skp_says_so_with_a_link_and_never_falls_back_to_last_year(world, k, client_for):
    last_year = Period.objects.create(instance=world.a, name="2025", year=2025, start_date=date(2025, 1, 1),
                                      end_date=date(2025, 12, 31), deadline=date(2025, 1, 31))
    old = skp_services.create_skp(actor=world.u_staff2, employee=world.staff2, period=last_year)
    type(old).objects.filter(pk=old.pk).update(status="approved", version=1)
    Period.objects.filter(pk=last_year.pk).update(is_closed=True)
    page = client_for(world.u_staff2).get(reverse("progress:mine"))
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="progress-empty"' in html
    assert reverse("skp:detail", args=[k.draft.pk]) in html and "2026" in html and "Draft" in html
    assert f"?skp={old.pk}" in html  # last year's only as a link, not shown in its place
    assert 'data-testid="progress-page"' not in html
    # asked for explicitly, last year's is shown with the notice
    shown = client_for(world.u_staff2).get(reverse("progress:mine"), {"skp": old.pk})
    assert shown.context["skp"].pk == old.pk and 'data-testid="other-year"' in shown.content.decode()


def test_without_any_skp_this_year_the_page_links_to_the_skp_page(world, k, client_for):
    page = client_for(world.u_kasi_surv).get(reverse("progress:mine"))
    html = page.content.decode()
    assert 'data-testid="progress-empty"' in html and reverse("skp:mine") in html


# --- 2: the HR admin standing in for a missing evaluator has a team list ---------------------------------------


def test_the_hr_stand_in_gets_a_team_list_within_their_scope(world, sup, client_for):
    from kinerja.core.context_processors import menu_for
    from kinerja.people.models import Employee

    Employee.objects.filter(pk=world.kasi_surv.pk).update(is_active=False)  # the superior leaves: nobody evaluates
    for user in (world.u_admin_opd, world.u_admin_bkpsdm):
        page = client_for(user).get(reverse("progress:team"))
        assert page.status_code == 200, user
        names = {r.pk for r in page.context["rows"]}
        assert {world.staff1.pk, world.staff2.pk} <= names, user
        assert world.kabid_yankes.pk not in names  # their superior is there
        andi = next(r for r in page.context["rows"] if r.pk == world.staff1.pk)
        assert andi.waiting == 1 and andi.first_waiting_id == sup.report.pk
        assert "progress_team" in [m.key for m in menu_for(user)]
        queue = client_for(user).get(reverse("progress:review-queue"))
        assert [r.pk for r in queue.context["reports"]] == [sup.report.pk]
    # another instance's HR admin sees none of them (only whom they stand in for at home); a reader gets nothing
    other = client_for(world.u_admin_b).get(reverse("progress:team"))
    assert other.status_code == 403 or not {world.staff1.pk, world.staff2.pk} & {r.pk for r in other.context["rows"]}
    assert client_for(world.u_monev).get(reverse("progress:team")).status_code == 403
    # the stand-in reviews: accepting the waiting report works (skp.permissions.can_evaluate)
    from kinerja.progress.services import review

    review.accept_report(actor=world.u_admin_opd, report=sup.report, lock_version=sup.report.lock_version)
    assert Report.objects.get(pk=sup.report.pk).status == ReportStatus.ACCEPTED


def test_no_stand_in_list_while_every_superior_is_there(world, sup, client_for):
    from kinerja.core.context_processors import menu_for
    from kinerja.people.models import Employee
    from kinerja.progress import permissions

    for user in (world.u_admin_opd, world.u_admin_bkpsdm):
        assert not Employee.objects.filter(permissions.stand_in_q(user)).exists()  # kadinkes has no superior
        assert not permissions.has_progress_team(user) and "progress_team" not in [m.key for m in menu_for(user)]
        assert client_for(user).get(reverse("progress:team")).status_code == 403
