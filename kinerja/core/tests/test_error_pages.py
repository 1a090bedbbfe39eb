"""Our own error pages (400, 403, 404, 429, 500, CSRF) with DEBUG off: the app's layout, the user's
language, a way back; under /api/ the JSON error shape."""

from __future__ import annotations

import json

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from kinerja.core.testing import PASSWORD

pytestmark = pytest.mark.django_db

TEXTS = {
    "en": {400: "The request could not be understood", 403: "You do not have access to this page",
           404: "Page not found", 429: "Account temporarily locked", 500: "Something went wrong on our side",
           "csrf": "The form has expired", "home": "To the home page", "login": "Back to log in"},
    "id": {400: "Permintaan tidak dapat dipahami", 403: "Anda tidak memiliki akses ke halaman ini",
           404: "Halaman tidak ditemukan", 429: "Akun dikunci sementara", 500: "Terjadi kesalahan di sisi kami",
           "csrf": "Formulir sudah kedaluwarsa", "home": "Ke beranda", "login": "Kembali ke halaman masuk"},
}


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def _client(language: str, user=None, **kwargs) -> Client:
    client = Client(raise_request_exception=False, **kwargs)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        client.force_login(user)
    return client


def _assert_page(response, status, language, key=None, way_back="home"):
    body = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert 'data-testid="error-page"' in body and f'lang="{language}"' in body
    assert TEXTS[language][key or status] in body
    assert TEXTS[language][way_back] in body
    assert "vendor/bootstrap/css/bootstrap.min.css" in body  # the app's layout
    return body


@pytest.mark.parametrize("language", ["id", "en"])
def test_404_in_the_layout_with_the_menu_and_a_way_back(world, language):
    client = _client(language, world.u_staff1)
    body = _assert_page(client.get("/no/such/page/", HTTP_REFERER="http://testserver/people/me/"), 404, language)
    assert 'data-testid="main-menu"' in body  # navigation stays
    assert 'href="/people/me/"' in body and 'data-testid="error-back"' in body


@pytest.mark.parametrize("language", ["id", "en"])
def test_404_for_a_visitor_offers_the_log_in(db, language):
    body = _assert_page(_client(language).get("/no/such/page/"), 404, language)
    assert 'data-testid="login-link"' in body


def test_a_foreign_referer_is_no_way_back(world):
    body = _client("en", world.u_staff1).get("/nope/", HTTP_REFERER="https://evil.example/x").content.decode()
    assert "evil.example" not in body and 'data-testid="error-back"' not in body


@pytest.mark.parametrize("language", ["id", "en"])
def test_403_says_why(world, language):
    response = _client(language, world.u_staff1).get(reverse("planning:renstra_add"))
    body = _assert_page(response, 403, language)
    assert 'data-testid="error-reason"' in body


@pytest.mark.parametrize("language", ["id", "en"])
def test_400(world, language):
    response = _client(language).get("/", HTTP_HOST="evil.example", HTTP_REFERER="http://evil.example/")
    body = _assert_page(response, 400, language)
    assert 'data-testid="error-back"' not in body


@pytest.mark.parametrize("language", ["id", "en"])
def test_429_lockout(world, language, settings):
    client = _client(language)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "staff1", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "staff1", "password": PASSWORD})
    _assert_page(response, 429, language, way_back="login")


@pytest.mark.parametrize("language", ["id", "en"])
def test_429_any_rate_limit(rf, language):
    from django.utils import translation

    from kinerja.core.error_pages import too_many_requests

    with translation.override(language):
        request = rf.get("/")
        request.user = None
        response = too_many_requests(request)
    assert response.status_code == 429
    body = response.content.decode()
    assert {"en": "Too many attempts", "id": "Terlalu banyak percobaan"}[language] in body


@pytest.mark.parametrize("language", ["id", "en"])
def test_500_needs_no_context_processor(world, language, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("kinerja.skp.home.skp_home", boom)
    monkeypatch.setattr("kinerja.core.context_processors.menu_for", boom)  # even the menu is broken
    body = _assert_page(_client(language, world.u_staff1).get("/"), 500, language)
    assert "boom" not in body and "Traceback" not in body


@pytest.mark.parametrize("language", ["id", "en"])
def test_csrf_failure(world, language):
    client = _client(language, enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "staff1", "password": PASSWORD})
    _assert_page(response, 403, language, "csrf")


@pytest.mark.parametrize("path, status", [("/api/v1/no-such-endpoint", 404), ("/api/v2/units", 404)])
def test_api_paths_keep_the_json_shape(world, path, status):
    response = _client("en", world.u_staff1).get(path)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_api_500_is_json(rf):
    from kinerja.core.error_pages import server_error

    response = server_error(rf.get("/api/v1/units"))
    assert response.status_code == 500 and json.loads(response.content) == {"detail": "Server error."}
