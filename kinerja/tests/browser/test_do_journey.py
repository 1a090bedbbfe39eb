"""Issue 9, item 10: the whole "Do" loop in one browser journey, across three people.

Andi (staff1, on a phone) reports this month's surveillance reports with a photo from the camera; his
superior Rina (kasi_surv) asks for a fix of the photo with a comment; Andi replaces the photo from the camera
and submits again; Rina accepts; the head of the Dinas (kadinkes) sees the IKU his unit's work supports move
on the organisation dashboard; Andi finds the notifications of both reviews under the bell.

The IKI is cascaded: Andi's RHK intervenes the Kabid's, which intervenes the Kepala Dinas's RHK that carries
the PK indicator of IKU 1, so the accepted report rolls up to the IKU (kinerja/progress/achievement).
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kinerja.planning.testing import build_plan
from kinerja.progress.achievement import rebuild
from kinerja.progress.models import Evidence, IndicatorAchievement, Report, Risk
from kinerja.rules.achievement import reporting_periods
from kinerja.skp.models import Iki, Period, Rhk, Skp, SkpKind, SkpStatus

from .conftest import ARTIFACTS, login

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 900}
MONTHLY = 10  # laporan a month, of 120 a year


@pytest.fixture
def evidence_root(settings, tmp_path):
    root = tmp_path / "evidence"
    settings.STORAGES = {**settings.STORAGES, "evidence": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(root)}}}
    return root


def _skp(w, period, employee, position, unit, evaluator=None, kind=SkpKind.STANDARD):
    return Skp.objects.create(instance=w.a, period=period, employee=employee, position=position, unit=unit,
                              evaluator=evaluator, evaluator_position=getattr(evaluator, "position", None),
                              kind=kind, status=SkpStatus.APPROVED, version=1)


@pytest.fixture
def cascade(live_world, evidence_root):
    """This year's approved SKPs of the Kepala Dinas, the Kabid and Andi, cascaded to IKU 1; Andi's earlier
    months reported and accepted, this month not yet; the roll-up run as the demo and the scheduler do."""
    w = live_world
    p = build_plan(w)
    today = timezone.localdate()
    period = Period.objects.create(instance=w.a, name=str(today.year), year=today.year,
                                   start_date=date(today.year, 1, 1), end_date=date(today.year, 12, 31),
                                   deadline=date(today.year, 1, 31))
    head = _skp(w, period, w.kadinkes, w.pos_kadinkes, w.dinkes, kind=SkpKind.JPT)
    kabid = _skp(w, period, w.kabid_p2p, w.pos_kabid_p2p, w.p2p, evaluator=w.kadinkes)
    staff = _skp(w, period, w.staff1, w.pos_data, w.surv, evaluator=w.kasi_surv)
    rhk_head = Rhk.objects.create(instance=w.a, skp=head, text="Menurunnya kasus TBC", pk_indicator=p.ind1,
                                  perspective="penerima_layanan")
    rhk_kabid = Rhk.objects.create(instance=w.a, skp=kabid, text="Terlaksananya pencegahan dan pengendalian penyakit",
                                   parent=rhk_head)
    rhk = Rhk.objects.create(instance=w.a, skp=staff, text="Tersedianya data surveilans TBC yang tepat waktu",
                             parent=rhk_kabid)
    iki = Iki.objects.create(instance=w.a, rhk=rhk, text="Jumlah laporan surveilans TBC yang disampaikan",
                             target_value=12 * MONTHLY, measure_unit="laporan")
    months = reporting_periods(period.start_date, period.end_date)
    earlier = [m for m in months if m[1] < today.replace(day=1)]
    Report.objects.bulk_create([
        Report(instance=w.a, skp=staff, iki=iki, employee=w.staff1, unit=w.surv, period_start=start,
               period_end=end, value=MONTHLY, status="accepted", submitted_at=timezone.now(),
               reviewed_at=timezone.now(), reviewed_by=w.kasi_surv) for start, end in earlier])
    rebuild(instance_id=w.a.pk)
    return {"iku": p.iku1, "iki": iki, "current": [m for m in months if m[0] <= today <= m[1]][0]}


def _photo(colour) -> bytes:
    """A camera-sized JPEG (3000×2000): the page shrinks it on the phone before it uploads it."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (3000, 2000), colour)
    draw = ImageDraw.Draw(image)
    for x in range(0, 3000, 200):
        draw.rectangle([x, 600, x + 90, 1400], fill=(250, 250, 240))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _context(browser, live_server, viewport):
    phone = viewport["width"] < 600
    context = browser.new_context(viewport=viewport, base_url=live_server.url, locale="id-ID", is_mobile=phone,
                                  has_touch=phone)
    context.set_default_timeout(15_000)
    return context


def _shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"do-journey-{name}.png"), full_page=True)


def _iku_figure(page, iku) -> str:
    page.goto("/dashboard/")
    row = page.locator(f"tr[data-iku='{iku.pk}']")
    expect(row).to_be_visible()
    return row.locator("td").nth(2).inner_text().split("\n")[0].strip()


def test_report_fix_replace_accept_rolls_up_to_the_iku_and_notifies(browser, live_server, live_world, cascade):
    w = live_world
    iki, iku = cascade["iki"], cascade["iku"]
    before = IndicatorAchievement.objects.filter(iku=iku).order_by("-period_start").first()

    # the head of the Dinas looks at the dashboard before
    head_ctx = _context(browser, live_server, DESKTOP)
    head = head_ctx.new_page()
    login(head, "kadinkes", w.password)
    figure_before = _iku_figure(head, iku)

    # 1. Andi reports this month on his phone, with a photo from the camera
    andi_ctx = _context(browser, live_server, PHONE)
    andi = andi_ctx.new_page()
    login(andi, "staff1", w.password)
    andi.goto("/progress/")
    andi.locator(f"[data-testid=iki-row][data-iki='{iki.pk}']").get_by_test_id("report-link").click()
    expect(andi.get_by_test_id("report-form")).to_be_visible()
    andi.fill("input[name=value]", str(MONTHLY))
    andi.fill("textarea[name=notes]", "Sepuluh laporan surveilans TBC terkirim ke Dinkes Provinsi.")
    andi.get_by_test_id("camera-input").set_input_files(
        files=[{"name": "IMG_rapat.jpg", "mimeType": "image/jpeg", "buffer": _photo((40, 40, 45))}])
    expect(andi.get_by_test_id("evidence-item")).to_have_count(1)
    _shot(andi, "1-report-phone")
    with andi.expect_navigation():
        andi.get_by_test_id("submit-report").click()
    report = Report.objects.get(iki=iki, period_start=cascade["current"][0])
    assert report.status == "submitted"
    first_photo = Evidence.objects.live().get(report=report)

    # 2. Rina asks for a fix of the photo, with a comment
    rina_ctx = _context(browser, live_server, DESKTOP)
    rina = rina_ctx.new_page()
    login(rina, "kasi_surv", w.password)
    rina.goto("/progress/team/")
    expect(rina.get_by_test_id("team-table")).to_contain_text("Andi")
    rina.goto(f"/progress/reports/{report.pk}/review/")
    form = rina.get_by_test_id("return-form")
    form.locator("textarea").fill("Foto terlalu gelap, tulisan laporannya tidak terbaca. Mohon foto ulang.")
    form.locator("input[type=checkbox]").first.check()
    form.get_by_test_id("return").click()
    expect(rina.get_by_test_id("report-status")).to_contain_text("Dikembalikan")
    _shot(rina, "2-returned")
    first_photo.refresh_from_db()
    assert first_photo.status == "needs_fix"

    # 3. Andi sees why, replaces the photo from the camera and submits again
    andi.goto("/progress/")
    row = andi.locator(f"[data-testid=iki-row][data-iki='{iki.pk}']")
    expect(row.get_by_test_id("report-status")).to_have_attribute("data-status", "returned")
    row.get_by_test_id("report-link").click()
    expect(andi.get_by_test_id("review-comment")).to_contain_text("terlalu gelap")
    andi.get_by_test_id("evidence-replace-input").set_input_files(
        files=[{"name": "IMG_rapat_ulang.jpg", "mimeType": "image/jpeg", "buffer": _photo((200, 190, 170))}])
    expect(andi.get_by_test_id("evidence-item")).to_contain_text("IMG_rapat_ulang.jpg")
    _shot(andi, "3-replaced-phone")
    with andi.expect_navigation():
        andi.get_by_test_id("submit-report").click()
    report.refresh_from_db()
    assert report.status == "submitted"
    live = list(Evidence.objects.live().filter(report=report))
    assert [e.original_name for e in live] == ["IMG_rapat_ulang.jpg"] and live[0].replaces_id == first_photo.pk
    first_photo.refresh_from_db()
    assert first_photo.is_deleted  # kept, soft-deleted and audited

    # 4. Rina accepts
    rina.goto(f"/progress/reports/{report.pk}/review/")
    rina.get_by_test_id("accept-form").get_by_test_id("accept").click()
    expect(rina.get_by_test_id("report-status")).to_contain_text("Diterima")
    _shot(rina, "4-accepted")
    report.refresh_from_db()
    assert report.status == "accepted"

    # 5. the IKU the work supports moves on the dashboard of the head of the Dinas
    after = IndicatorAchievement.objects.filter(iku=iku).order_by("-period_start").first()
    assert after is not None and (before is None or after.achievement > before.achievement)
    figure_after = _iku_figure(head, iku)
    assert figure_after != figure_before, (figure_before, figure_after)
    _shot(head, "5-dashboard")
    assert after.risk != Risk.AT_RISK or before is None

    # 6. Andi's bell counts both reviews; the list shows them, the fix with Rina's comment
    mine = w.u_staff1.notifications.filter(read_at__isnull=True)
    assert {"evidence_returned", "report_accepted"} <= set(mine.values_list("kind", flat=True))
    andi.goto("/progress/")
    expect(andi.get_by_test_id("bell-count")).to_have_attribute("data-unread", str(mine.count()))
    andi.goto("/notifications/")
    listing = andi.get_by_test_id("notification-list")
    for note in mine.filter(kind__in=["evidence_returned", "report_accepted"]):
        expect(listing).to_contain_text(note.title)
    expect(listing).to_contain_text("terlalu gelap")
    _shot(andi, "6-notifications-phone")
    for context in (andi_ctx, rina_ctx, head_ctx):
        context.close()
