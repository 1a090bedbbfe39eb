"""The employee reports progress on a phone (progress/views/report.py, progress/static/progress/report.js):
a month's report with a photo from the camera (resized on the device), a draft that survives a closed tab
while offline, a failed upload retried without a double, a conflict between two devices; and screenshots of
the employee's pages on a phone (375×812) and a desktop (1280) in test-artifacts/progress-*.png."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kinerja.progress.models import Evidence, Report, evidence_storage

from .conftest import ARTIFACTS, login
from .progress_data import progress_story
from .test_csp import RECORD_VIOLATIONS

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def evidence_root(settings, tmp_path):
    root = tmp_path / "evidence"
    settings.STORAGES = {**settings.STORAGES, "evidence": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(root)}}}
    return root


@pytest.fixture
def story(live_world, evidence_root):
    return progress_story(live_world)


def _context(browser, live_server, viewport=PHONE, service_workers="allow"):
    phone = viewport["width"] < 600
    context = browser.new_context(viewport=viewport, base_url=live_server.url, locale="id-ID", is_mobile=phone,
                                  has_touch=phone, device_scale_factor=1, service_workers=service_workers)
    context.set_default_timeout(15_000)
    context.add_init_script(RECORD_VIOLATIONS)
    return context


def _watch(page) -> list[str]:
    """Script errors of ``page`` (and, with :func:`_csp_violations`, what the policy blocked)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"script error: {error}"))
    return errors


def _csp_violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations || []")


def _photo(width=3000, height=2000) -> bytes:
    """A camera-sized JPEG (4:3 would do as well): far larger than the 1600 px the page sends."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), (30, 110, 170))
    draw = ImageDraw.Draw(image)
    for x in range(0, width, 150):
        draw.rectangle([x, 0, x + 70, height], fill=(240, 190, 20))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


def _report_url(story, iki=None):
    return reverse("progress:report", args=[(iki or story.iki).pk, story.current[0].isoformat()])


def _no_horizontal_overflow(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"page is {width}px wide"


def test_an_employee_reports_the_month_with_a_camera_photo_resized_on_the_phone(browser, live_server, live_world,
                                                                                story):
    from PIL import Image

    context = _context(browser, live_server)
    page = context.new_page()
    errors = _watch(page)
    login(page, "staff1", live_world.password)
    page.goto("/progress/")
    row = page.locator(f"[data-testid=iki-row][data-iki='{story.iki.pk}']")
    expect(row).to_contain_text("52 laporan")
    row.get_by_test_id("report-link").click()
    expect(page.get_by_test_id("report-form")).to_be_visible()
    expect(page.locator("input[name=value]")).to_have_attribute("inputmode", "decimal")
    page.fill("input[name=value]", "5")
    page.fill("textarea[name=notes]", "Lima laporan mingguan terkirim ke dinas.")
    page.get_by_test_id("camera-input").set_input_files(
        files=[{"name": "IMG_20261201.jpg", "mimeType": "image/jpeg", "buffer": _photo()}])
    expect(page.get_by_test_id("evidence-item")).to_have_count(1)
    expect(page.get_by_test_id("evidence-item")).to_contain_text("IMG_20261201.jpg")
    _no_horizontal_overflow(page)
    assert _csp_violations(page) == [] and errors == []
    page.screenshot(path=str(ARTIFACTS / "progress-report-uploaded-phone.png"), full_page=True)

    evidence = Evidence.objects.get(report__iki=story.iki)
    assert evidence.content_type == "image/jpeg"
    with evidence_storage().open(evidence.file.name, "rb") as stored, Image.open(stored) as image:
        assert max(image.size) <= 1600, image.size  # resized on the device
        assert image.size == (1600, 1067)
    assert evidence.size < len(_photo())

    with page.expect_navigation():
        page.get_by_test_id("submit-report").click()
    expect(page.get_by_test_id("progress-page")).to_be_visible()
    report = Report.objects.get(iki=story.iki, period_start=story.current[0])
    assert report.status == "submitted" and report.value == 5 and "Lima laporan" in report.notes
    expect(page.locator(f"[data-testid=iki-row][data-iki='{story.iki.pk}'] [data-testid=report-status]")) \
        .to_have_attribute("data-status", "submitted")
    context.close()


def test_a_draft_typed_offline_survives_the_closed_tab_and_is_offered_back(browser, live_server, live_world, story):
    context = _context(browser, live_server)
    page = context.new_page()
    login(page, "staff1", live_world.password)
    page.goto(_report_url(story))
    page.fill("input[name=value]", "3")
    expect(page.locator("[data-save-status]")).to_contain_text(re.compile("Tersimpan|Saved"))  # online: on the server
    expect(page.locator(".report-head [data-testid=report-status]")).to_have_attribute("data-status", "draft")
    assert Report.objects.get(iki=story.iki, period_start=story.current[0]).value == 3

    context.set_offline(True)
    page.fill("textarea[name=notes]", "Diketik di lapangan tanpa sinyal")
    expect(page.locator("[data-save-status]")).to_contain_text(re.compile("Offline|Luring|perangkat"))
    page.close()  # the tab is closed while offline
    context.set_offline(False)
    assert Report.objects.get(iki=story.iki, period_start=story.current[0]).notes == ""

    page = context.new_page()
    page.goto(_report_url(story))
    expect(page.get_by_test_id("restore-draft")).to_be_visible()
    page.get_by_test_id("restore-use").click()
    expect(page.locator("textarea[name=notes]")).to_have_value("Diketik di lapangan tanpa sinyal")
    expect(page.locator("[data-save-status]")).to_contain_text(re.compile("Tersimpan|Saved"))
    assert Report.objects.get(iki=story.iki, period_start=story.current[0]).notes == "Diketik di lapangan tanpa sinyal"
    page.reload()
    expect(page.get_by_test_id("restore-draft")).to_be_hidden()  # the server has it now: nothing to offer
    context.close()


def test_an_upload_whose_answer_was_lost_is_retried_once_and_stored_once(browser, live_server, live_world, story,
                                                                          evidence_root):
    # Once the offline worker controls the page, Chromium sends its requests past Playwright's page routes
    # (microsoft/playwright#7588), and the lost answer would not be lost: this test is about the retry.
    context = _context(browser, live_server, service_workers="block")
    page = context.new_page()
    login(page, "staff1", live_world.password)
    page.goto(_report_url(story))
    lost = []

    def lose_the_answer(route):
        if not lost:
            route.fetch()  # the server stores it…
            lost.append(True)
            route.abort("connectionreset")  # …but the phone never hears back
        else:
            route.continue_()

    page.route("**/evidence/", lose_the_answer)
    page.get_by_test_id("file-input").set_input_files(
        files=[{"name": "daftar-hadir.pdf", "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"}])
    expect(page.get_by_test_id("upload-retry")).to_be_visible()
    assert Evidence.objects.filter(report__iki=story.iki).count() == 1  # stored the first time
    page.get_by_test_id("upload-retry").click()
    expect(page.get_by_test_id("evidence-item")).to_have_count(1)
    assert Evidence.objects.filter(report__iki=story.iki).count() == 1  # the retry is the same evidence
    files = [p for p in evidence_root.rglob("*") if p.is_file()]
    assert len(files) == 1
    context.close()


def test_a_refused_file_says_why_beside_it(browser, live_server, live_world, story):
    context = _context(browser, live_server)
    page = context.new_page()
    login(page, "staff1", live_world.password)
    page.goto(_report_url(story))
    page.get_by_test_id("file-input").set_input_files(
        files=[{"name": "laporan.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00" + b"\x00" * 300}])
    item = page.get_by_test_id("upload-item")
    expect(item).to_have_attribute("data-state", "refused")
    expect(item.locator("[data-upload-message]")).not_to_be_empty()
    expect(page.get_by_test_id("upload-retry")).to_be_hidden()
    assert not Evidence.objects.exists()
    context.close()


def test_two_devices_the_second_sees_both_versions_and_chooses(browser, live_server, live_world, story):
    from kinerja.progress.services import reports

    context = _context(browser, live_server)
    page = context.new_page()
    login(page, "staff1", live_world.password)
    page.goto(_report_url(story))
    page.fill("textarea[name=notes]", "dari ponsel")
    expect(page.locator("[data-save-status]")).to_contain_text(re.compile("Tersimpan|Saved"))
    report = Report.objects.get(iki=story.iki, period_start=story.current[0])
    reports.save_report(actor=live_world.u_staff1, iki=story.iki, period_start=story.current[0],
                        notes="dari laptop", lock_version=report.lock_version)  # the other device
    page.fill("textarea[name=notes]", "dari ponsel, diperbaiki")
    expect(page.get_by_test_id("conflict")).to_be_visible()
    expect(page.get_by_test_id("conflict")).to_contain_text("dari laptop")
    expect(page.get_by_test_id("conflict")).to_contain_text("dari ponsel, diperbaiki")
    page.screenshot(path=str(ARTIFACTS / "progress-conflict-phone.png"), full_page=True)
    page.get_by_test_id("conflict-mine").click()
    expect(page.locator("[data-save-status]")).to_contain_text(re.compile("Tersimpan|Saved"))
    assert Report.objects.get(pk=report.pk).notes == "dari ponsel, diperbaiki"
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_screens_of_the_employees_progress_pages(browser, live_server, live_world, story, viewport):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    kind = "phone" if viewport is PHONE else "desktop"
    context = _context(browser, live_server, viewport)
    page = context.new_page()
    errors = _watch(page)
    login(page, "staff1", live_world.password)
    for name, url, testid in (("mine", "/progress/", "progress-page"), ("report", _report_url(story), "report-form"),
                              ("report-qualitative", _report_url(story, story.iki_text), "report-form"),
                              ("log", "/progress/log/", "log-page"), ("plans", "/progress/plans/", "plans-form")):
        page.goto(url)
        expect(page.get_by_test_id(testid)).to_be_visible()
        _no_horizontal_overflow(page)
        assert _csp_violations(page) == [] and errors == [], name
        page.screenshot(path=str(ARTIFACTS / f"progress-{name}-{kind}.png"), full_page=True)
    context.close()
