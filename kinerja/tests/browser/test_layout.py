"""Layout on a phone (390×844) and on a desktop with the real demo data (Palembang): no page scrolls
sideways, the mission cards give their text room, the error pages look like the app. Screenshots go
to test-artifacts/ (looked at by a person; see the report)."""

from __future__ import annotations

import pytest

from .conftest import ARTIFACTS, login

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

PHONE_PAGES = ["/", "/audit/", "/api/v1/docs", "/socialisation/manage/", "/plan/", "/skp/monitoring/",
               "/alignment/report/", "/people/", "/org/", "/skp/periods/", "/skp/documents/export/"]


@pytest.fixture
def live_demo(transactional_db):
    from kinerja.demo.data import DEMO_PASSWORD, load_demo
    from kinerja.demo.world import INSTANCES

    logins = {login.role: login.username for login in load_demo([INSTANCES[0]])}
    return logins, DEMO_PASSWORD


def _context(browser, live_server, viewport):
    # not ``is_mobile``: a mobile viewport widens itself to overflowing content, hiding what we look for
    context = browser.new_context(viewport=viewport, locale="id-ID", base_url=live_server.url)
    context.set_default_timeout(20_000)
    return context


def _overflow(page) -> tuple[int, int]:
    scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert inner == page.viewport_size["width"]
    return scroll, inner


WIDEST = """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)
  .slice(-3).map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 40))"""


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def _name(path: str) -> str:
    return path.strip("/").replace("/", "-") or "home"


def test_no_page_scrolls_sideways_on_a_phone(browser, live_server, live_demo):
    logins, password = live_demo
    context = _context(browser, live_server, PHONE)
    page = context.new_page()
    login(page, logins["admin_bkpsdm"], password)
    wide = {}
    for path in PHONE_PAGES:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        scroll, inner = _overflow(page)
        _shot(page, f"phone-{_name(path)}")
        if scroll > inner:
            wide[path] = (scroll, inner, page.evaluate(WIDEST))
    # the coverage of every item is on screen in the list, not in a column off to the right
    page.goto("/socialisation/manage/")
    for box in page.locator("[data-testid=items-table] [data-pct]").all():
        if box.is_visible():
            right = box.evaluate("e => e.getBoundingClientRect().right")
            if right > PHONE["width"]:
                wide["coverage in /socialisation/manage/"] = right
    assert page.locator("[data-testid=items-table] [data-pct]:visible").count() >= 1
    # the coverage of one item (the column of counts per unit)
    page.locator("td a.fw-semibold").first.click()
    page.wait_for_load_state("networkidle")
    _shot(page, "phone-socialisation-coverage")
    scroll, inner = _overflow(page)
    if scroll > inner:
        wide[page.url] = (scroll, inner)
    context.close()
    assert not wide, wide


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_mission_cards_give_their_text_room(browser, live_server, live_demo, viewport):
    logins, password = live_demo
    context = _context(browser, live_server, viewport)
    page = context.new_page()
    login(page, logins["admin_bkpsdm"], password)  # the admin sees the edit buttons that squeezed the text
    page.goto("/plan/")
    widths = page.eval_on_selector_all(".mission-item .mission-text",
                                       "els => els.map(e => e.getBoundingClientRect().width)")
    _shot(page, f"plan-missions-{'phone' if viewport is PHONE else 'desktop'}")
    context.close()
    assert widths and min(widths) >= 200, widths


def test_error_page_on_a_phone(browser, live_server, live_demo):
    logins, password = live_demo
    context = _context(browser, live_server, PHONE)
    page = context.new_page()
    login(page, logins["pegawai"], password)
    response = page.goto("/tidak/ada/")
    assert response.status == 404
    assert page.get_by_test_id("error-page").is_visible()
    scroll, inner = _overflow(page)
    _shot(page, "phone-error-404")
    context.close()
    assert scroll <= inner


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_login_page_says_what_exists(browser, live_server, live_demo, viewport):
    context = _context(browser, live_server, viewport)
    page = context.new_page()
    page.goto("/accounts/login/")
    features = page.get_by_test_id("login-features")
    if viewport is DESKTOP:
        assert features.is_visible()
        text = features.inner_text()
        assert "SKP" in text and "Sosialisasi" in text and "predikat" in text.lower()  # Evaluate is announced
    scroll, inner = _overflow(page)
    _shot(page, f"login-{'phone' if viewport is PHONE else 'desktop'}")
    context.close()
    assert scroll <= inner


def test_the_platform_operator_picks_the_instance_in_the_menu(browser, live_server, live_demo):
    logins, password = live_demo
    context = _context(browser, live_server, DESKTOP)
    page = context.new_page()
    login(page, "admin", password)
    page.goto("/skp/monitoring/")
    picker = page.get_by_test_id("instance-picker")
    assert picker.is_visible()
    assert "Palembang" in picker.locator("option:checked").inner_text()
    assert page.get_by_test_id("monitoring-filters").is_visible()  # a period exists: no "no period" notice
    _shot(page, "desktop-operator-monitoring")
    page.goto("/tidak/ada/")
    _shot(page, "desktop-error-404")
    context.close()
