"""The superior's progress pages in a browser: the team view on a phone and on a desktop, and the review of a
report with htmx (ask for a fix with a comment without a reload, then accept). Screenshots go to the test
artifacts (progress-team-375.png, progress-team-1280.png, progress-review-375.png, progress-review-1280.png)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from kinerja.core.testing import SYSTEM, make_nip

from .conftest import ARTIFACTS, login

pytestmark = pytest.mark.browser


def _team_data(w):
    """kasi_surv's team: Andi with a report waiting (photo, PDF, link), Dewi on track, and four more people in
    several states; the roll-up rows of some of them, one at risk."""
    from django.utils import timezone

    from kinerja.accounts import services as accounts
    from kinerja.people import services as people
    from kinerja.progress.models import ActionPlan, EmployeeAchievement, IkiAchievement, ReportStatus
    from kinerja.progress.tests.review_fixtures import approved, make_evidence, make_report
    from kinerja.skp import services as skp

    today = timezone.localdate()
    this_month = today.replace(day=1)
    last = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)
    period = skp.ensure_period(actor=SYSTEM, instance=w.a, year=today.year)
    ikis = [{"text": "Jumlah laporan surveilans penyakit menular yang tersusun", "target_value": "12",
             "measure_unit": "laporan"},
            {"text": "Persentase data kasus yang terverifikasi", "target_value": "95", "measure_unit": "%"},
            {"text": "Kualitas analisis tren kasus", "target_kind": "text",
             "target_text": "Analisis bulanan tepat waktu dan akurat"}]
    s1, (a1, a2, a3) = approved(w, period, w.staff1, w.u_staff1, w.u_kasi_surv, ikis)
    s2, (b1, b2, _b3) = approved(w, period, w.staff2, w.u_staff2, w.u_kasi_surv, ikis)
    from kinerja.progress import services as progress

    report = progress.save_report(actor=w.u_staff1, iki=a1, period_start=this_month, value="11",
                                  notes="Laporan mingguan minggu 1–4 sudah dikirim ke Dinkes Provinsi.\n"
                                        "Satu laporan terlambat karena server SKDR gangguan.")
    progress.add_evidence(actor=w.u_staff1, report=report, upload=_photo("foto-rapat-koordinasi.jpg"),
                          caption="Foto rapat koordinasi")
    progress.add_evidence(actor=w.u_staff1, report=report, upload=_pdf("rekap-laporan.pdf"), caption="Rekap laporan")
    progress.add_evidence(actor=w.u_staff1, report=report, url="https://skdr.example.go.id/dasbor",
                          caption="Dasbor SKDR")
    k = {"report": progress.submit_report(actor=w.u_staff1, report=report, lock_version=report.lock_version)}
    make_report(s1, a1, last, status=ReportStatus.ACCEPTED, value="10")
    make_report(s1, a1, date(last.year, last.month - 1, 1), status=ReportStatus.ACCEPTED, value="9")
    ActionPlan.objects.create(instance=w.a, iki=a1, quarter=(this_month.month - 1) // 3 + 1,
                              text="Menyusun dan mengirim laporan mingguan; rapat koordinasi bulanan.", target="12")
    for iki in (b1, b2):
        make_report(s2, iki, this_month, status=ReportStatus.ACCEPTED, value="12")
    EmployeeAchievement.objects.create(instance=w.a, skp=s2, employee=w.staff2, unit=w.surv, period_start=this_month,
                                       achievement=Decimal("98.5"), indicators=3, reported=2)
    IkiAchievement.objects.create(instance=w.a, iki=a1, skp=s1, employee=w.staff1, unit=w.surv,
                                  period_start=this_month, achievement=Decimal("76.4"), expected=Decimal("91.7"),
                                  projected=Decimal("78"), risk="at_risk",
                                  reason="Proyeksi akhir tahun 78%, di bawah ambang 80%")
    names = ["Rudi Hartono", "Lestari Wulan", "Fajar Nugroho", "Intan Permata"]
    for seq, name in enumerate(names):
        female = seq % 2 == 1
        nip = make_nip(seq=900 + seq, sex=2 if female else 1)
        employee = people.create_employee(actor=SYSTEM, instance=w.a, nip=nip, name=name, position=w.pos_data,
                                          sex="F" if female else "M")
        user = accounts.create_user(actor=SYSTEM, instance=w.a, username=f"tim{seq}", password=w.password,
                                    employee=employee, validate=False)
        if seq == 3:
            continue  # no SKP yet
        s, (c1, c2, _c3) = approved(w, period, employee, user, w.u_kasi_surv, ikis)
        if seq == 0:
            make_evidence(make_report(s, c1, this_month, value="6"), "dokumentasi-kegiatan.jpg")
        if seq == 1:
            make_report(s, c1, this_month, status=ReportStatus.RETURNED, value="3",
                        review_comment="Lampirkan rekap")
    return k


def _photo(name):
    """A small JPEG that looks like a photo of a meeting room (a gradient, a table, people as circles)."""
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 240))
    draw = ImageDraw.Draw(image)
    for y in range(240):
        draw.line([(0, y), (320, y)], fill=(200 - y // 4, 190 - y // 5, 170 - y // 6))
    draw.rectangle([40, 150, 280, 190], fill=(120, 80, 50))
    for x, colour in ((70, (30, 60, 120)), (130, (150, 40, 40)), (190, (40, 110, 60)), (250, (90, 90, 90))):
        draw.ellipse([x - 18, 95, x + 18, 131], fill=(230, 190, 160))
        draw.rectangle([x - 22, 128, x + 22, 160], fill=colour)
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _pdf(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
                              content_type="application/pdf")


def _shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_the_superior_reviews_on_a_phone_and_a_desktop(page, live_world):
    w = live_world
    k = _team_data(w)
    login(page, "kasi_surv", w.password)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/progress/team/")
        if width == 375:
            cards = page.get_by_test_id("team-cards")
            expect(cards).to_be_visible()
            expect(cards.locator("li").first).to_contain_text("Andi")
        else:
            table = page.get_by_test_id("team-table")
            expect(table).to_be_visible()
            expect(table.locator("tbody tr").first).to_contain_text("Andi")
            expect(table).to_contain_text("Berisiko")
        _shot(page, f"progress-team-{width}")
        page.goto(f"/progress/reports/{k['report'].pk}/review/")
        expect(page.get_by_test_id("iki")).to_contain_text("Jumlah laporan surveilans")
        _shot(page, f"progress-review-{width}")

    # ask for a fix with htmx: the panel changes, the page does not reload
    page.evaluate("window.__stay = 1")
    form = page.get_by_test_id("return-form")
    form.locator("textarea").fill("Foto rapat tidak terbaca; unggah ulang yang lebih jelas.")
    form.locator("input[type=checkbox]").first.check()
    form.get_by_test_id("return").click()
    expect(page.get_by_test_id("review-done")).to_be_visible()
    expect(page.get_by_test_id("report-status")).to_contain_text("Dikembalikan")
    assert page.evaluate("window.__stay") == 1
    expect(page.locator("[data-status=needs_fix]")).to_have_count(1)
    _shot(page, "progress-review-returned-1280")
