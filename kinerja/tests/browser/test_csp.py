"""Real pages under the strict Content-Security-Policy (settings.CONTENT_SECURITY_POLICY) in headless
Chromium: the browser reports no violation while the pages load and while their htmx and script
behaviours run (which they still do: folding trees, switching a target kind, auto-submitting pickers)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kinerja.alignment.tests.conftest import make_plan

from .conftest import ARTIFACTS, login
from .skp_data import period_2026, staff_skp, superiors

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} `
                              + `at ${event.sourceFile}:${event.lineNumber}`);
});
"""


class Watched:
    """A page whose CSP violations (the DOM event and Chromium's console report) and script errors are
    collected; ``clean()`` asserts there were none since the last check."""

    def __init__(self, browser, live_server):
        self.context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID",
                                           base_url=live_server.url)
        self.context.set_default_timeout(15_000)
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.page = self.context.new_page()
        self.reports: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.reports.append(f"script error: {error}"))
        self.page.on("response", self._response)

    def _response(self, response):
        # Chromium asks for /favicon.ico by itself on pages that name no icon (Django's admin)
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            self.reports.append(f"{response.status} for {response.url}")

    def _console(self, message):
        if message.text.startswith("Failed to load resource"):
            return  # a failed request: reported by _response, with its address
        if "Content Security Policy" in message.text or message.type == "error":
            self.reports.append(f"console {message.type}: {message.text}")

    def violations(self) -> list[str]:
        self.page.wait_for_load_state("load")
        return self.reports + self.page.evaluate("window.__cspViolations || []")

    def clean(self, where: str) -> None:
        found = self.violations()
        assert not found, f"{where}: " + "\n".join(found)
        self.page.evaluate("window.__cspViolations = []")

    def visit(self, url: str) -> None:
        response = self.page.goto(url)
        assert response.status < 400, (url, response.status)
        assert "default-src 'self'" in response.headers.get("content-security-policy", ""), url
        self.clean(url)

    def close(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"csp-{name}.png"), full_page=True)
        self.context.close()


@pytest.fixture
def watched(browser, live_server):
    pages = []

    def open_as(username, password):
        w = Watched(browser, live_server)
        login(w.page, username, password)
        w.clean("log-in")
        pages.append(w)
        return w

    yield open_as
    for w in pages:
        w.context.close()


def test_the_watch_sees_a_violation(watched, live_world):
    """The detector itself: an inline style attribute added to the page is blocked and reported."""
    w = watched("staff1", live_world.password)
    w.page.evaluate("""document.body.insertAdjacentHTML("beforeend", '<div id="x" style="color: red">x</div>')""")
    w.page.wait_for_timeout(200)
    assert any("style-src" in v for v in w.violations())


def test_skp_pages_and_the_editor(watched, live_world):
    period = period_2026(live_world)
    staff = staff_skp(live_world, period, superiors(live_world, period).kasi_rhks)
    w = watched("staff1", live_world.password)
    page = w.page
    w.visit("/")
    w.visit("/skp/")
    expect(page.get_by_test_id("hasil-kerja")).to_contain_text("Tersusunnya rekapitulasi data surveilans")
    w.visit(f"/skp/{staff.pk}/edit/")
    page.locator("[data-rhk] [data-testid=add-iki]").first.click()  # htmx loads the inline IKI form
    form = page.get_by_test_id("iki-form")
    expect(form).to_be_visible()
    number = form.locator("[data-target-for='number']")
    ranges = form.locator("[data-target-for='range']")
    expect(number).to_be_visible()  # skp.js ran on the swapped-in form: only the number fields show
    expect(ranges.first).to_be_hidden()
    radio = form.locator("input[name=target_kind][value=range]")
    form.locator(f"label[for='{radio.get_attribute('id')}']").click()
    expect(radio).to_be_checked()
    # (which fields the switch then shows is the SKP editor's own test; here: it runs without a violation)
    w.clean("the IKI target kind switch")
    w.close("skp-editor")


def test_cascade_map_report_and_plan(watched, live_world):
    p = make_plan(live_world)
    w = watched("admin_bkpsdm", live_world.password)
    page = w.page
    w.visit("/alignment/report/")
    bar = page.locator(".progress-bar").first
    assert bar.evaluate("(el) => el.getBoundingClientRect().width") >= 0  # sized by a pct-N class
    w.visit("/alignment/?unit=all")
    tree = page.get_by_test_id("cascade-tree")
    node = tree.locator(f"li[data-key='p{p.pki2.pk}']")
    node.locator(".c-toggle").first.click()  # htmx loads the branch
    child = tree.locator(f"li[data-key='r{p.r2.pk}']")
    expect(child).to_be_visible()
    node.locator(".c-toggle").first.click()  # folds again, no request
    expect(child).to_be_hidden()
    w.clean("expanding the cascade map")
    with page.expect_navigation():
        page.locator("#id_approved").check()  # data-autosubmit
    assert "approved=1" in page.url
    w.clean("the auto-submitting switch")
    for url in ("/plan/", f"/plan/iku/{p.i2.pk}/"):
        w.visit(url)
    w.close("cascade-map")


def test_tree_socialisation_admin_and_api_docs(watched, live_world):
    w = watched("admin_bkpsdm", live_world.password)
    page = w.page
    w.visit("/org/")
    toggle = page.locator(f"[aria-controls='children-{live_world.dinkes.pk}']")
    toggle.click()  # htmx loads the children once
    expect(page.locator(f"#children-{live_world.dinkes.pk}")).to_contain_text("Bidang")
    toggle.click()
    expect(page.locator(f"#children-{live_world.dinkes.pk}")).to_be_hidden()
    page.get_by_test_id("tree-search").fill("Dinas")  # htmx search with an indicator
    expect(page.locator("#tree-results")).to_contain_text("Dinas")
    w.clean("the organisation tree")

    w.visit("/socialisation/manage/")
    page.get_by_test_id("new-item").click()
    w.clean("the socialisation form")
    units = page.locator("#id_units")
    page.check("#id_whole_instance")
    expect(units).to_be_disabled()
    expect(page.locator("[data-units-box]")).to_have_class(re.compile("is-disabled"))
    page.uncheck("#id_whole_instance")
    expect(units).to_be_enabled()
    w.clean("whole instance / units")
    w.visit("/socialisation/")
    w.visit("/people/")
    w.visit("/api/v1/docs")
    w.visit("/accounts/logins/")
    w.close("tree-socialisation")


def test_api_swagger_and_django_admin(watched, live_world):
    w = watched("root", live_world.password)
    w.visit("/admin/")
    w.visit("/api/v1/docs/swagger")
    expect(w.page.locator("#swagger-ui .information-container")).to_be_visible()
    w.clean("Swagger UI")
    w.close("swagger")
