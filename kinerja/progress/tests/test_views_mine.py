"""The employee's progress pages (progress/views/mine.py, report.py): what the page shows, the report form
without JavaScript, and the JSON views the script uses (autosave with its conflict, uploads with their token).

The world: staff1's approved SKP of 2026 (``k.skp``, tests/conftest.py) with a numeric IKI ``k.iki`` (12
laporan) and a qualitative one ``k.iki_text``; staff2's SKP is a draft.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from kinerja.progress import periods
from kinerja.progress.models import ActionPlan, Evidence, IkiAchievement, Report, ReportStatus
from kinerja.progress.panels import ProgressPanel, register_panel, unregister_panel
from kinerja.progress.services import evidence as evidence_services
from kinerja.progress.services import reports as report_services
from kinerja.progress.tests.conftest import PDF, image_bytes, pdf, upload

pytestmark = pytest.mark.usefixtures("evidence_dir")


def current(k) -> date:
    """The first day of the reporting period running today (the SKP's last one once 2026 is over)."""
    from django.utils import timezone

    settings = periods.settings_for(k.skp.instance_id)
    today = timezone.localdate()
    found = periods.period_containing(today, k.skp.period.start_date, k.skp.period.end_date, settings.cadence)
    return (found or periods.reporting_periods(k.skp.period.start_date, k.skp.period.end_date,
                                               settings.cadence)[-1])[0]


def report_url(k, iki=None, name="progress:report", start=None):
    return reverse(name, args=[(iki or k.iki).pk, (start or current(k)).isoformat()])


def save(world, k, iki=None, start=None, **fields) -> Report:
    return report_services.save_report(actor=world.u_staff1, iki=iki or k.iki, period_start=start or current(k),
                                       **fields)


# --- my progress ------------------------------------------------------------------------------------------------


def test_my_progress_lists_each_indicator_with_its_target_and_status(world, k, client_for):
    page = client_for(world.u_staff1).get(reverse("progress:mine"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Jumlah laporan" in html and "Kualitas laporan" in html
    assert "12 laporan" in html and "Laporan lengkap" in html  # the targets
    assert html.count('data-status="none"') >= 2  # nothing reported yet
    assert report_url(k) in html
    assert 'data-testid="due-date"' in html
    assert reverse("progress:log") in html and reverse("progress:plans") in html


def test_my_progress_shows_where_each_report_stands_and_the_superiors_comment(world, k, client_for):
    report = save(world, k, value=Decimal("3"))
    from kinerja.progress.models import Report as R

    R.objects.filter(pk=report.pk).update(status=ReportStatus.RETURNED, review_comment="Lampirkan daftar hadir.")
    save(world, k, iki=k.iki_text, value_text="Sudah lengkap")
    page = client_for(world.u_staff1).get(reverse("progress:mine")).content.decode()
    assert 'data-status="returned"' in page and 'data-status="draft"' in page
    assert "Lampirkan daftar hadir." in page
    assert 'data-testid="returned-alert"' in page


def test_my_progress_shows_the_achievement_and_the_action_plan(world, k, client_for):
    start = current(k)
    IkiAchievement.objects.create(instance=world.a, iki=k.iki, skp=k.skp, employee=world.staff1, unit=world.surv,
                                  period_start=start, realisation=Decimal(6), achievement=Decimal("50.00"),
                                  risk="at_risk", reason="Di bawah lintasan target")
    quarter = (start.month - 1) // 3 + 1
    ActionPlan.objects.create(instance=world.a, iki=k.iki, quarter=quarter, text="Rekap mingguan", target=Decimal(12))
    page = client_for(world.u_staff1).get(reverse("progress:mine")).content.decode()
    assert 'data-testid="iki-achievement"' in page and "50%" in page and "Di bawah lintasan target" in page
    assert "Rekap mingguan" in page


def test_an_earlier_period_is_shown_when_asked_for(world, k, client_for):
    start = current(k)
    if start.month == 1:
        pytest.skip("no earlier period in January")
    earlier = date(start.year, start.month - 1, 1)
    save(world, k, start=earlier, value=Decimal(2))
    page = client_for(world.u_staff1).get(reverse("progress:mine"), {"period": earlier.isoformat()})
    assert page.context["selected"][0] == earlier
    assert 'data-status="draft"' in page.content.decode()
    assert len(page.context["history"]) >= 2


def test_without_an_approved_skp_the_page_says_so(world, k, client_for):
    page = client_for(world.u_staff2).get(reverse("progress:mine"))
    assert page.status_code == 200 and 'data-testid="progress-empty"' in page.content.decode()


def test_a_login_without_an_employee_gets_a_404(world, client_for):
    assert client_for(world.u_nobody).get(reverse("progress:mine")).status_code == 404


def test_my_progress_reads_a_fixed_number_of_queries(world, k, client_for, django_assert_max_num_queries):
    from kinerja.skp import services as skp_services

    client = client_for(world.u_staff1)
    client.get(reverse("progress:mine"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("progress:mine"))
    # more indicators and reports: the same count
    skp = k.skp
    from kinerja.skp.models import Skp

    Skp.objects.filter(pk=skp.pk).update(status="draft")
    skp.refresh_from_db()
    for n in range(5):
        rhk = skp_services.add_rhk(actor=world.u_staff1, skp=skp, lock_version=skp.lock_version, text=f"RHK {n}")
        skp.refresh_from_db()
        skp_services.add_iki(actor=world.u_staff1, rhk=rhk, lock_version=skp.lock_version, text=f"IKI {n}",
                             aspect="kuantitas", target_value="4", measure_unit="dokumen")
        skp.refresh_from_db()
    Skp.objects.filter(pk=skp.pk).update(status="approved")
    save(world, k, value=Decimal(1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("progress:mine"))
    assert page.content.decode().count('data-testid="iki-row"') == 7


def test_panels_registered_by_other_apps_show_on_the_page(world, k, client_for, tmp_path, settings):
    seen = []

    def context(ctx):
        seen.append(ctx)
        return {"threads": 2}

    register_panel(ProgressPanel("test-panel", "progress/_status.html", context))
    try:
        page = client_for(world.u_staff1).get(reverse("progress:mine"))
    finally:
        unregister_panel("test-panel")
    ours = [p for p in page.context["panels"] if p["key"] == "test-panel"]  # beside those the apps register
    assert ours == [{"key": "test-panel", "template": "progress/_status.html", "panel": {"threads": 2}}]
    assert seen[0].skp.pk == k.skp.pk and seen[0].user == world.u_staff1 and seen[0].period[0] == current(k)


# --- the report form without JavaScript -----------------------------------------------------------------------------


def test_the_report_form_offers_a_decimal_keypad_the_camera_and_files(world, k, client_for):
    page = client_for(world.u_staff1).get(report_url(k))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'inputmode="decimal"' in html
    assert 'capture="environment"' in html and 'accept="image/*"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "progress/report.js" in html
    assert f'data-draft-key="kinerja.report.{world.u_staff1.pk}.{k.iki.pk}.{current(k).isoformat()}"' in html


def test_a_qualitative_indicator_asks_for_a_statement_not_a_number(world, k, client_for):
    html = client_for(world.u_staff1).get(report_url(k, k.iki_text)).content.decode()
    assert 'name="value"' not in html and 'name="value_text"' in html


def test_posting_the_form_saves_the_draft_with_its_files_and_link(world, k, client_for):
    response = client_for(world.u_staff1).post(report_url(k), {
        "value": "4,5", "value_text": "", "notes": "Rekap minggu 1", "action": "save",
        "files": [pdf("rekap.pdf")], "link_url": "https://example.org/laporan", "link_caption": "Dasbor"})
    assert response.status_code == 302 and response.url == report_url(k)
    report = Report.objects.get(iki=k.iki)
    assert report.value == Decimal("4.5") and report.notes == "Rekap minggu 1" and report.status == "draft"
    assert sorted(Evidence.objects.live().filter(report=report).values_list("kind", flat=True)) == ["file", "link"]


def test_posting_submit_submits_and_goes_back_to_my_progress(world, k, client_for):
    response = client_for(world.u_staff1).post(report_url(k), {"value": "6", "action": "submit",
                                                               "files": [pdf()]})
    assert response.status_code == 302 and response.url.startswith(reverse("progress:mine"))
    assert Report.objects.get(iki=k.iki).status == ReportStatus.SUBMITTED
    page = client_for(world.u_staff1).get(report_url(k)).content.decode()
    assert 'data-editable="0"' in page and 'data-testid="submit-report"' not in page


def test_a_value_that_is_not_a_number_is_refused_and_nothing_is_saved(world, k, client_for):
    response = client_for(world.u_staff1).post(report_url(k), {"value": "dua belas", "notes": "x",
                                                               "action": "save", "files": [pdf()]})
    assert response.status_code == 200
    assert "Enter a number" in response.content.decode()
    assert not Report.objects.exists() and not Evidence.objects.exists()


def test_a_bad_file_is_refused_beside_the_files_and_nothing_is_saved(world, k, client_for, evidence_dir):
    from kinerja.progress.tests.conftest import stored_files

    exe = upload(b"MZ\x90\x00" + b"\x00" * 200, "laporan.pdf", "application/pdf")
    response = client_for(world.u_staff1).post(report_url(k), {"value": "3", "action": "save",
                                                               "files": [pdf(), exe]})
    assert response.status_code == 200
    assert response.context["form"].errors.get("files")
    assert not Report.objects.exists() and not Evidence.objects.exists() and stored_files(evidence_dir) == []


def test_a_stale_form_gets_the_conflict_with_both_versions_and_keeps_the_users_text(world, k, client_for):
    report = save(world, k, value=Decimal(1), notes="first")
    stale = report.lock_version
    report_services.save_report(actor=world.u_staff1, iki=k.iki, period_start=current(k), value=Decimal(2),
                                notes="other device", lock_version=stale)
    response = client_for(world.u_staff1).post(report_url(k), {"value": "3", "notes": "mine",
                                                               "lock_version": stale, "action": "save"})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="conflict-server"' in html
    assert "other device" in html and "\nmine</textarea>" in html
    assert response.context["form"].data["lock_version"] == stale + 1  # the next save goes against it
    assert Report.objects.get(pk=report.pk).notes == "other device"


def test_another_employees_or_an_unapproved_indicator_or_a_strange_period_is_a_404(world, k, client_for):
    client = client_for(world.u_staff2)
    assert client.get(report_url(k)).status_code == 404  # staff1's IKI
    assert client.get(report_url(k, k.draft_iki)).status_code == 404  # staff2's own SKP is a draft
    own = client_for(world.u_staff1)
    assert own.get(reverse("progress:report", args=[k.iki.pk, "2026-02-15"])).status_code == 404
    assert own.get(reverse("progress:report", args=[k.iki.pk, "not-a-date"])).status_code == 404
    assert own.get(reverse("progress:report", args=[k.iki.pk, "2031-01-01"])).status_code == 404


# --- autosave --------------------------------------------------------------------------------------------------------


def test_autosave_creates_then_updates_the_draft_with_the_lock_version(world, k, client_for):
    client = client_for(world.u_staff1)
    first = client.post(report_url(k, name="progress:autosave"), {"value": "2", "notes": "ketik"})
    assert first.status_code == 200
    lock = first.json()["report"]["lock_version"]
    second = client.post(report_url(k, name="progress:autosave"),
                         {"value": "2,5", "notes": "ketik lagi", "lock_version": lock})
    assert second.status_code == 200 and second.json()["report"]["value"] == "2,5"
    assert Report.objects.get(iki=k.iki).notes == "ketik lagi"


def test_autosave_with_a_stale_version_answers_409_with_the_other_devices_text(world, k, client_for):
    report = save(world, k, notes="phone")
    stale = report.lock_version
    save(world, k, notes="laptop", lock_version=stale)
    answer = client_for(world.u_staff1).post(report_url(k, name="progress:autosave"),
                                             {"notes": "phone again", "lock_version": stale})
    assert answer.status_code == 409
    assert answer.json()["server"]["notes"] == "laptop" and answer.json()["server"]["lock_version"] == stale + 1
    assert Report.objects.get(pk=report.pk).notes == "laptop"


def test_autosave_refuses_a_bad_number_with_422(world, k, client_for):
    answer = client_for(world.u_staff1).post(report_url(k, name="progress:autosave"), {"value": "abc"})
    assert answer.status_code == 422 and "value" in answer.json()["errors"]
    assert not Report.objects.exists()


# --- uploads ----------------------------------------------------------------------------------------------------------


def test_an_upload_starts_the_draft_and_a_retry_with_the_same_token_is_the_same_evidence(world, k, client_for,
                                                                                         evidence_dir):
    from kinerja.progress.tests.conftest import stored_files

    client = client_for(world.u_staff1)
    token = str(uuid.uuid4())
    first = client.post(report_url(k, name="progress:upload"),
                        {"file": upload(image_bytes("JPEG", (40, 30)), "foto.jpg", "image/jpeg"),
                         "client_token": token})
    assert first.status_code == 201
    again = client.post(report_url(k, name="progress:upload"),
                        {"file": upload(image_bytes("JPEG", (40, 30)), "foto.jpg", "image/jpeg"),
                         "client_token": token})
    assert again.status_code == 201 and again.json()["evidence"]["id"] == first.json()["evidence"]["id"]
    assert Evidence.objects.count() == 1 and len(stored_files(evidence_dir)) == 1
    assert first.json()["report"]["lock_version"] is not None


def test_an_upload_over_the_limit_is_a_413_and_a_program_a_422_with_the_reason(world, k, client_for, settings):
    from kinerja.progress.models import ReportingSettings

    ReportingSettings.objects.create(instance=world.a, max_upload_mb=1)
    client = client_for(world.u_staff1)
    big = client.post(report_url(k, name="progress:upload"),
                      {"file": upload(PDF + b"0" * (1024 * 1024 + 10), "besar.pdf")})
    assert big.status_code == 413 and "besar.pdf" in big.json()["detail"]
    exe = client.post(report_url(k, name="progress:upload"),
                      {"file": upload(b"MZ\x90\x00" + b"\x00" * 100, "x.pdf")})
    assert exe.status_code == 422 and exe.json()["detail"]
    assert not Evidence.objects.exists()


def test_a_link_goes_up_the_same_way(world, k, client_for):
    answer = client_for(world.u_staff1).post(report_url(k, name="progress:upload"),
                                             {"url": "https://example.org/x", "caption": "Berita"})
    assert answer.status_code == 201 and answer.json()["evidence"]["kind"] == "link"


def test_removing_evidence_soft_deletes_it(world, k, client_for):
    report = save(world, k, value=Decimal(1))
    item = evidence_services.add_evidence(actor=world.u_staff1, report=report, upload=pdf())
    client = client_for(world.u_staff1)
    answer = client.post(reverse("progress:evidence_delete", args=[item.pk]), HTTP_ACCEPT="application/json")
    assert answer.status_code == 200
    assert Evidence.objects.get(pk=item.pk).deleted_at is not None
    assert client_for(world.u_staff2).post(reverse("progress:evidence_delete", args=[item.pk])).status_code == 404


def test_evidence_the_superior_asked_to_fix_is_replaced_in_one_step(world, k, client_for):
    from kinerja.progress.models import EvidenceStatus

    report = save(world, k, value=Decimal(1))
    old = evidence_services.add_evidence(actor=world.u_staff1, report=report, upload=pdf("lama.pdf"))
    Evidence.objects.filter(pk=old.pk).update(status=EvidenceStatus.NEEDS_FIX, review_comment="Tidak terbaca")
    client = client_for(world.u_staff1)
    page = client.get(report_url(k)).content.decode()
    assert 'data-testid="evidence-replace"' in page and "Tidak terbaca" in page
    assert reverse("progress:evidence-file", args=[old.pk]) in page
    answer = client.post(report_url(k, name="progress:upload"), {"file": pdf("baru.pdf"), "replaces": old.pk})
    assert answer.status_code == 201 and answer.json()["evidence"]["replaces"] == old.pk
    assert Evidence.objects.get(pk=old.pk).deleted_at is not None
    assert list(Evidence.objects.live().filter(report=report).values_list("original_name", flat=True)) == ["baru.pdf"]
    other = save(world, k, iki=k.iki_text, value_text="x")
    stranger = evidence_services.add_evidence(actor=world.u_staff1, report=other, url="https://example.org/a")
    refused = client.post(report_url(k, name="progress:upload"), {"file": pdf(), "replaces": stranger.pk})
    assert refused.status_code == 422 and Evidence.objects.get(pk=stranger.pk).deleted_at is None


def test_the_report_page_reads_a_fixed_number_of_queries(world, k, client_for, django_assert_max_num_queries):
    report = save(world, k, value=Decimal(1))
    client = client_for(world.u_staff1)
    evidence_services.add_evidence(actor=world.u_staff1, report=report, upload=pdf())
    client.get(report_url(k))
    with django_assert_max_num_queries(20) as few:
        client.get(report_url(k))
    for n in range(5):
        evidence_services.add_evidence(actor=world.u_staff1, report=report, url=f"https://example.org/{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(report_url(k))
    assert page.content.decode().count('data-testid="evidence-item"') == 6


def test_an_approved_skp_of_another_year_is_offered_not_shown_in_place_of_this_years(world, k, client_for):
    from django.utils import timezone

    from kinerja.skp import services as skp_services
    from kinerja.skp.models import Period, Skp

    year = timezone.localdate().year + 1
    Skp.objects.filter(pk=k.skp.pk).update(period=Period.objects.create(
        instance=world.a, name=str(year - 5), year=year - 5, start_date=date(year - 5, 1, 1),
        end_date=date(year - 5, 12, 31), deadline=date(year - 5, 1, 31), is_closed=True))
    running = Period.objects.create(instance=world.a, name="Berjalan", year=year - 1,
                                    start_date=timezone.localdate() - timedelta(days=30),
                                    end_date=timezone.localdate() + timedelta(days=300),
                                    deadline=timezone.localdate())
    this_year = skp_services.create_skp(actor=world.u_staff1, employee=world.staff1, period=running)
    # no silent fall-back: the page says where this period's SKP stands, links to it and offers the old one
    html = client_for(world.u_staff1).get(reverse("progress:mine")).content.decode()
    assert 'data-testid="progress-empty"' in html and "Berjalan" in html and "Draft" in html
    assert reverse("skp:detail", args=[this_year.pk]) in html and f"?skp={k.skp.pk}" in html
    assert 'data-testid="iki-row"' not in html
    # asked for, the old one is shown, with where this year's stands
    html = client_for(world.u_staff1).get(reverse("progress:mine"), {"skp": k.skp.pk}).content.decode()
    assert 'data-testid="other-year"' in html and "Berjalan" in html and "Draft" in html
    assert 'data-testid="report-link"' not in html  # a closed period takes no report
