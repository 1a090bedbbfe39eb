"""The home page's SKP card as an employee, a superior and an HR admin (desktop and phone), and the SKP
export page: an admin starts an export and downloads it when ready."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kinerja.core.testing import PASSWORD

from .conftest import ARTIFACTS, login

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def skp_world(live_world):
    from kinerja.skp.documents.tests.factories import build_skps
    from kinerja.skp.models import Period

    data = build_skps(live_world)
    today = timezone.localdate()
    Period.objects.filter(pk=data.period.pk).update(start_date=today - timedelta(days=90),
                                                    end_date=today + timedelta(days=270),
                                                    deadline=today - timedelta(days=6))
    return live_world, data


def test_home_skp_card_as_employee(page, skp_world):
    world, _data = skp_world
    login(page, "staff1", PASSWORD)
    card = page.get_by_test_id("skp-home")
    mine = card.get_by_test_id("skp-mine")
    assert mine.get_by_test_id("skp-status").get_attribute("data-status") == "draft"
    assert mine.get_by_test_id("skp-overdue").is_visible()
    assert "6" in mine.get_by_test_id("skp-overdue").inner_text()
    card.screenshot(path=str(ARTIFACTS / "home-skp-card-pegawai.png"))
    with page.expect_navigation():
        mine.get_by_test_id("skp-open").click()
    assert "/skp/" in page.url


def test_home_skp_card_as_superior_on_a_phone(page, skp_world):
    world, _data = skp_world
    page.set_viewport_size(PHONE)
    login(page, "kabid_p2p", PASSWORD)
    card = page.get_by_test_id("skp-home")
    assert card.get_by_test_id("skp-waiting").inner_text() == "1"
    assert card.get_by_test_id("skp-mine").get_by_test_id("skp-status").get_attribute("data-status") == "approved"
    # on a phone the panels stack and nothing overflows the screen
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    page.screenshot(path=str(ARTIFACTS / "home-skp-penilai-phone.png"), full_page=True)
    with page.expect_navigation():
        card.get_by_test_id("skp-team-link").click()
    assert "/skp/team/" in page.url and "status=waiting" in page.url


def test_home_skp_card_as_penilai_desktop(page, skp_world):
    login(page, "kabid_p2p", PASSWORD)
    page.get_by_test_id("skp-home").screenshot(path=str(ARTIFACTS / "home-skp-card-penilai.png"))
    page.screenshot(path=str(ARTIFACTS / "home-skp-penilai-desktop.png"), full_page=True)


def test_admin_starts_an_export_and_downloads_it(page, skp_world):
    world, data = skp_world
    login(page, "admin_bkpsdm", PASSWORD)
    assert page.get_by_test_id("skp-home").get_by_test_id("skp-overdue-count").inner_text() == "7"
    page.get_by_test_id("skp-home").screenshot(path=str(ARTIFACTS / "home-skp-card-admin.png"))
    page.goto("/skp/documents/export/")
    assert page.get_by_test_id("no-exports").is_visible()
    page.select_option("select[name=period]", str(data.period.pk))
    with page.expect_navigation():
        page.get_by_test_id("start-export").click()
    row = page.locator("[data-job]").first
    assert row.get_attribute("data-status") == "done"  # the immediate backend wrote it during the request
    page.screenshot(path=str(ARTIFACTS / "skp-export-jobs.png"), full_page=True)
    with page.expect_download() as info:
        row.get_by_test_id("export-download").click()
    download = info.value
    assert download.suggested_filename.startswith("SKP-") and download.suggested_filename.endswith(".xlsx")
