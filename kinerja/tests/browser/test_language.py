"""The interface language in a real browser: an English browser still gets Indonesian; the EN switch
chooses English, and the choice survives the login and later pages."""

import re

from playwright.sync_api import expect

from .conftest import login


def test_english_browser_gets_indonesian_until_english_is_chosen(browser, live_server, live_world):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US",
                                  base_url=live_server.url)
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        expect(page.locator("html")).to_have_attribute("lang", "id")
        expect(page.get_by_test_id("login-submit")).to_have_text(re.compile("Masuk"))
        with page.expect_navigation():
            page.get_by_test_id("language-switch").locator("button[value=en]").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        login(page, live_world.u_staff1.username, live_world.password)
        expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_test_id("greeting")).to_contain_text(re.compile(r"^Good (morning|afternoon|evening), "))
        page.goto("/people/me/")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        # and back to Indonesian
        with page.expect_navigation():
            page.get_by_test_id("language-switch").locator("button[value=id]").click()
        expect(page.locator("html")).to_have_attribute("lang", "id")
        page.goto("/")
        expect(page.get_by_test_id("greeting")).to_contain_text(re.compile(r"^Selamat (pagi|siang|sore|malam), "))
    finally:
        context.close()
