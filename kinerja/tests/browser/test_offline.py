"""Phone-first offline (core/offline.py, core/static/core/service-worker.js, progress/static/progress/report.js):
on a phone (375×812) the report page opened once opens again without a connection, with the draft typed offline
offered back; another page shows the offline page listing that draft; back online the draft is submitted.
Screenshots: test-artifacts/offline-*.png."""

from __future__ import annotations

import contextlib
import re
import time

import pytest
from django.core.signals import request_started
from playwright.sync_api import expect

from kinerja.progress.models import Report

from .conftest import ARTIFACTS, login
from .progress_data import progress_story
from .test_progress_employee import _context, _csp_violations, _report_url, _watch

SW_READY = """async () => {
  const registration = await navigator.serviceWorker.ready;
  return Boolean(registration.active) && registration.scope;
}"""
KEPT = """async (url) => {
  const names = await caches.keys();
  for (const name of names) {
    const cache = await caches.open(name);
    if (name.startsWith("kinerja-pages-") && await cache.match(url, { ignoreVary: true })) return name;
  }
  return null;
}"""

GONE = f"async (url) => !(await ({KEPT})(url))"
CONTROLLED = "() => Boolean(navigator.serviceWorker.controller)"


def _until(page, predicate: str, arg=None, timeout: float = 15.0):
    """Poll an async ``predicate`` (KEPT, GONE: what the Cache API holds) in the page until it is truthy.

    ``page.wait_for_function`` cannot do it: it does not await a promise, and a promise is truthy, so it returns at
    once whatever the cache holds (the wait this test had was no wait at all)."""
    deadline = time.monotonic() + timeout
    while not (result := page.evaluate(predicate, arg)):
        assert time.monotonic() < deadline, f"not true after {timeout:.0f} s: {predicate.splitlines()[0]} ({arg})"
        page.wait_for_timeout(200)  # the polling interval of the check, not a wait for the condition
    return result


@contextlib.contextmanager
def _served(path: str):
    """The GET requests for ``path`` that reached the live server meanwhile."""
    served = []

    def started(sender, environ, **kwargs):
        if environ.get("REQUEST_METHOD") == "GET" and environ.get("PATH_INFO") == path:
            served.append(path)

    request_started.connect(started)
    try:
        yield served
    finally:
        request_started.disconnect(started)


@pytest.fixture
def story(live_world, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "evidence": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "evidence")}}}
    return progress_story(live_world)


def _stored(story):
    return Report.objects.get(iki=story.iki, period_start=story.current[0])


def test_the_report_page_opens_offline_with_its_draft_and_submits_back_online(browser, live_server, live_world,
                                                                                story):
    context = _context(browser, live_server)  # a phone: 375×812
    page = context.new_page()
    errors = _watch(page)
    login(page, "staff1", live_world.password)
    url = _report_url(story)
    with _served(url) as served:
        page.goto(url)
        assert page.evaluate(SW_READY) == f"{live_server.url}/"  # registered from /sw.js: the whole site is its scope
        page.wait_for_function(CONTROLLED)
        # the worker keeps the page: stored on the visit when the worker answered it, else (the first page after
        # logging in often loads while the worker installs) when app.js sends "seen"; before going offline
        _until(page, KEPT, live_server.url + url)
    assert len(served) == 1  # either way the server sent it once: "seen" takes the copy the browser has
    page.fill("input[name=value]", "4")  # online: saved on the server in the background
    expect(page.locator("[data-save-status]")).to_contain_text(re.compile("Tersimpan|Saved"))
    assert _stored(story).value == 4

    context.set_offline(True)
    page.fill("textarea[name=notes]", "Diketik di lapangan tanpa sinyal")
    expect(page.locator("[data-save-status]")).to_contain_text(re.compile("Offline|Luring|perangkat"))
    page.reload()  # no connection: the service worker answers with the page it kept
    expect(page.locator("[data-report-form]")).to_be_visible()
    expect(page.get_by_test_id("restore-draft")).to_be_visible()  # the draft on the device is offered back
    page.screenshot(path=str(ARTIFACTS / "offline-report-phone.png"), full_page=True)
    page.get_by_test_id("restore-use").click()
    expect(page.locator("textarea[name=notes]")).to_have_value("Diketik di lapangan tanpa sinyal")
    expect(page.locator("input[name=value]")).to_have_value("4")
    # the page's own files came from our static files through the worker: styled, scripts running
    assert page.evaluate("getComputedStyle(document.querySelector('.topbar')).position") == "sticky"

    # a page it did not keep: the offline page, listing the draft kept on this device
    page.goto("/progress/")
    expect(page.get_by_test_id("offline-page")).to_be_visible()
    draft = page.get_by_test_id("offline-draft")
    expect(draft).to_have_count(1)
    expect(draft.locator("a")).to_have_attribute("href", url)
    page.screenshot(path=str(ARTIFACTS / "offline-page-phone.png"), full_page=True)
    draft.locator("a").click()  # back to the kept report page, still offline
    expect(page.get_by_test_id("restore-draft")).to_be_visible()
    page.get_by_test_id("restore-use").click()
    assert _stored(story).notes == ""  # nothing reached the server while offline

    context.set_offline(False)
    with page.expect_navigation():
        page.get_by_test_id("submit-report").click()
    expect(page.get_by_test_id("progress-page")).to_be_visible()
    report = _stored(story)
    assert report.status == "submitted" and report.value == 4 and report.notes == "Diketik di lapangan tanpa sinyal"
    assert not errors and not _csp_violations(page)
    context.close()


def _report_page_kept(browser, live_server, live_world, story):
    """staff1 logged in on a phone, the report page open and kept by the worker: (context, page, its path)."""
    context = _context(browser, live_server)
    page = context.new_page()
    login(page, "staff1", live_world.password)
    url = _report_url(story)
    page.goto(url)
    page.wait_for_function(CONTROLLED)
    _until(page, KEPT, live_server.url + url)
    return context, page, url


def test_logging_out_makes_the_worker_forget_the_kept_pages(browser, live_server, live_world, story):
    context, page, url = _report_page_kept(browser, live_server, live_world, story)
    page.get_by_test_id("user-menu").click()
    with page.expect_navigation():
        page.locator("form[action$='/logout/'] button").click()
    _until(page, GONE, live_server.url + url)
    context.set_offline(True)
    page.goto(url)  # offline, logged out: the report page is no longer on the phone
    expect(page.get_by_test_id("offline-page")).to_be_visible()
    expect(page.get_by_test_id("offline-draft")).to_have_count(0)
    context.close()


def test_a_log_in_page_the_worker_does_not_control_makes_it_forget_too(browser, live_server, live_world, story):
    """A log-in page loaded past the worker (a hard reload, here the DevTools' bypass) still tells the registered
    worker to forget the kept pages: the next person on a shared phone must not find them."""
    context, page, url = _report_page_kept(browser, live_server, live_world, story)
    context.clear_cookies()  # the session ends elsewhere (expired, or logged out in another tab)
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.setBypassServiceWorker", {"bypass": True})
    page.goto(live_server.url + "/accounts/login/")
    assert not page.evaluate(CONTROLLED)  # the worker did not serve, nor control, this page
    _until(page, GONE, live_server.url + url)
    context.close()


def test_a_page_the_worker_takes_over_while_it_loads_is_kept_too(browser, live_server, live_world, story):
    """The race behind an occasional offline page instead of the report form: a page whose HTML came from the network
    (no worker was active when it was requested) can be claimed by the worker (clients.claim when it activates)
    before app.js runs, so a controller alone does not tell that the worker kept the page. Held here on purpose:
    the report page waits for app.js while another tab registers the worker, which takes the page over."""
    context = _context(browser, live_server)
    page = context.new_page()
    page.goto("/accounts/login/?next=/offline/")  # the offline page registers no worker
    page.fill("input[name=username]", "staff1")
    page.fill("input[name=password]", live_world.password)
    with page.expect_navigation():
        page.get_by_test_id("login-submit").click()
    assert page.evaluate("navigator.serviceWorker.getRegistration().then((registration) => !registration)")
    held = []

    def hold_app_js(route):
        if not route.request.service_worker and route.request.frame == page.main_frame and not held:
            held.append(route)  # answered below, once the worker controls the page
        else:
            route.fallback()

    context.route("**/static/kinerja/app.js", hold_app_js)
    url = _report_url(story)
    with page.expect_request(lambda request: request.url.endswith("/static/kinerja/app.js")):
        page.goto(url, wait_until="commit")  # from the network: no worker yet
    other = context.new_page()
    other.goto("/")  # registers the worker; activated, it claims every open page of the site
    other.wait_for_function(CONTROLLED)
    page.wait_for_function(CONTROLLED)
    assert len(held) == 1 and page.evaluate("performance.getEntriesByType('navigation')[0].workerStart") == 0
    held[0].continue_()
    context.unroute("**/static/kinerja/app.js")
    expect(page.locator("[data-report-form]")).to_be_visible()
    _until(page, KEPT, live_server.url + url)  # app.js asked the worker to keep it although it had a controller
    other.close()
    context.set_offline(True)
    page.reload()
    expect(page.locator("[data-report-form]")).to_be_visible()
    context.close()
