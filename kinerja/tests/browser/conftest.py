"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright against pytest-django's live server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("KINERJA_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("KINERJA_TEST_ARTIFACTS", Path(__file__).resolve().parents[3] / "test-artifacts"))
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
               "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def _plain_http_live_server():
    """The live server speaks plain HTTP: SecurityMiddleware reads these once, when the server starts,
    so they are set on the settings object itself before ``live_server`` is created."""
    from django.conf import settings

    for name, value in (("SECURE_SSL_REDIRECT", False), ("SESSION_COOKIE_SECURE", False),
                        ("CSRF_COOKIE_SECURE", False), ("SECURE_HSTS_SECONDS", 0)):
        setattr(settings, name, value)


@pytest.fixture(autouse=True)
def _indonesian_pages(settings):
    """The product default: pages are Indonesian whatever the browser's locale (kinerja/core/locale.py
    ignores Accept-Language), while the other tests default to English for their assertions."""
    settings.LANGUAGE_CODE = "id"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/bootstrap.sh --test (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the tests
    # themselves (fixtures) are still synchronous, so allow them.
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _patient_assertions() -> None:
    """expect() waits as long as actions do (15 s, not Playwright's 5 s): on a loaded 2-core CI machine an
    htmx round trip during a parallel test run can take longer than 5 s, which is slowness, not a failure."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)


_patient_assertions()


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID",
                                  base_url=live_server.url)
    context.set_default_timeout(15_000)
    pg = context.new_page()
    yield pg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def login(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.get_by_test_id("login-submit").click()


@pytest.fixture
def live_world(transactional_db):
    """The test world, committed so that the live server thread sees it."""
    from kinerja.core.testing import build_world

    return build_world()
