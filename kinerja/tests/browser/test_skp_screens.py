"""Screenshots of the SKP page, the editor and the team page, on a desktop and on a phone.

They land in test-artifacts/ (skp-*.png) for a person to look at; the tests also check that the
pages show what they must and that nothing overflows the phone's width.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kinerja.skp import services

from .conftest import ARTIFACTS, login
from .skp_data import _lock, period_2026, staff_skp, superiors

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def story(live_world):
    period = period_2026(live_world)
    up = superiors(live_world, period)
    staff = staff_skp(live_world, period, up.kasi_rhks)
    other = services.create_skp(actor=live_world.u_staff2, employee=live_world.staff2, period=period)
    return {"period": period, "staff": staff, "other": other, **vars(up)}


def _page(browser, live_server, kind):
    phone = kind == "phone"
    context = browser.new_context(viewport=VIEWPORTS[kind], base_url=live_server.url, locale="id-ID",
                                  is_mobile=phone, has_touch=phone, device_scale_factor=1)
    context.set_default_timeout(15_000)
    return context, context.new_page()


def _shot(page, name):
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def _no_horizontal_overflow(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"page is {width}px wide"


@pytest.mark.parametrize("kind", ["desktop", "phone"])
def test_screens_of_the_skp_page_editor_and_team(browser, live_server, live_world, story, kind):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context, page = _page(browser, live_server, kind)
    login(page, "staff1", live_world.password)
    page.goto("/skp/")
    expect(page.get_by_test_id("hasil-kerja")).to_contain_text("Tersusunnya rekapitulasi data surveilans")
    expect(page.get_by_test_id("skp-people")).to_contain_text("Rina Wulandari")
    _no_horizontal_overflow(page)
    _shot(page, f"skp-page-{kind}.png")

    page.goto(f"/skp/{story['staff'].pk}/edit/")
    expect(page.get_by_test_id("editor-rhks")).to_be_visible()
    page.locator("[data-rhk] [data-testid=add-iki]").first.click()
    expect(page.get_by_test_id("iki-form")).to_be_visible()
    _no_horizontal_overflow(page)
    _shot(page, f"skp-editor-{kind}.png")

    staff = story["staff"]
    services.submit(actor=live_world.u_staff1, skp=staff, lock_version=_lock(staff))
    context.clear_cookies()
    login(page, "kasi_surv", live_world.password)
    page.goto("/skp/team/")
    expect(page.get_by_test_id("team-table")).to_contain_text("Andi Pratama")
    _no_horizontal_overflow(page)
    _shot(page, f"skp-team-{kind}.png")
    context.close()


@pytest.mark.parametrize("kind", ["desktop", "phone"])
def test_screens_of_the_hr_monitoring_and_the_return_form(browser, live_server, live_world, story, kind):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    staff = story["staff"]
    services.submit(actor=live_world.u_staff1, skp=staff, lock_version=_lock(staff))
    context, page = _page(browser, live_server, kind)
    login(page, "admin_bkpsdm", live_world.password)
    page.goto(f"/skp/monitoring/?period={story['period'].pk}")
    table = page.get_by_test_id("overdue-table")
    expect(table).to_contain_text("Dewi Lestari")
    expect(table).not_to_contain_text("Rina Wulandari")  # approved
    _no_horizontal_overflow(page)
    _shot(page, f"skp-monitoring-{kind}.png")
    page.goto("/skp/templates/new/")
    page.get_by_test_id("save").click()
    expect(page.locator("[data-field-error=name]")).to_be_visible()
    _no_horizontal_overflow(page)
    _shot(page, f"skp-template-form-{kind}.png")
    context.clear_cookies()
    login(page, "kasi_surv", live_world.password)
    page.goto(f"/skp/{staff.pk}/return/")
    page.get_by_test_id("save").click()
    expect(page.locator("[data-field-error=reason]")).to_be_visible()
    _no_horizontal_overflow(page)
    _shot(page, f"skp-return-form-{kind}.png")
    context.close()
