"""The service worker at the site root and the offline page (core/offline.py); the browser side is
kinerja/tests/browser/test_offline.py."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from kinerja.core import offline

pytestmark = pytest.mark.django_db


def worker_settings(response) -> dict:
    match = re.search(r"self\.KINERJA_OFFLINE = (\{.*?\});\n", response.content.decode())
    assert match, response.content.decode()
    return json.loads(match.group(1))


def test_the_worker_is_served_from_the_site_root(client):
    response = client.get("/sw.js")
    assert reverse("core:service-worker") == "/sw.js"  # its scope is the folder it comes from: the whole site
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache" and response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assert 'importScripts("/static/core/service-worker.js");' in body
    config = worker_settings(response)
    assert config["static"] == "/static/" and config["offline"] == "/offline/" and config["header"] == offline.HEADER
    assert config["version"] == offline.static_version() and len(config["version"]) == 16
    # only our own static files, no CDN: each precached URL is a file of the project
    for url in config["precache"]:
        assert url.startswith("/static/") and finders.find(url.removeprefix("/static/")), url
    assert client.post("/sw.js").status_code == 405


def test_the_worker_code_is_a_static_file_of_ours():
    from pathlib import Path

    text = Path(finders.find(offline.WORKER)).read_text(encoding="utf-8")
    assert "KINERJA_OFFLINE" in text and "https://" not in text and "http://" not in text


def test_the_cache_version_follows_the_static_manifest(client, settings, tmp_path):
    """Production: the manifest's hash names the caches, so any changed static file gives new caches."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
    paths = {name: f"{name.rsplit('.', 1)[0]}.0123456789ab.{name.rsplit('.', 1)[1]}"
             for name in (offline.WORKER, *offline.PRECACHE)}
    (tmp_path / "staticfiles.json").write_text(json.dumps({"version": "1.1", "paths": paths, "hash": "feedc0ffee" * 4}))
    response = client.get("/sw.js")
    config = worker_settings(response)
    assert config["version"] == "feedc0ffeefeedc0" and config["hashed"] is True
    assert "/static/core/service-worker.0123456789ab.js" in response.content.decode()
    assert "/static/kinerja/app.0123456789ab.js" in config["precache"]
    (tmp_path / "staticfiles.json").write_text(json.dumps({"version": "1.1", "paths": paths, "hash": "0badf00d" * 5}))
    from django.contrib.staticfiles.storage import staticfiles_storage

    staticfiles_storage._wrapped = type(staticfiles_storage._wrapped)()  # a new deployment: the manifest is read anew
    assert worker_settings(client.get("/sw.js"))["version"] == "0badf00d0badf00d"


def test_the_offline_page_is_public_and_fixed(client, world):
    response = client.get("/offline/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="offline-page"' in html and "data-offline-drafts" in html
    assert "kinerja-sw" not in html  # registers nothing, forgets nothing
    client.force_login(world.u_staff1)
    html = client.get("/offline/").content.decode()
    # the worker stores it while someone is logged in and shows it later to whoever is offline: it names nobody
    assert "kinerja-sw" not in html and "kinerja-user" not in html and world.u_staff1.username not in html


def test_pages_name_the_worker_for_a_logged_in_user_and_forget_for_nobody(client, world):
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<meta name="kinerja-sw-forget" content="1">' in html and 'name="kinerja-sw"' not in html
    client.force_login(world.u_staff1)
    html = client.get(reverse("home:home")).content.decode()
    assert '<meta name="kinerja-sw" content="/sw.js">' in html
    assert f'<meta name="kinerja-user" content="{world.u_staff1.pk}">' in html and "kinerja-sw-forget" not in html


def test_only_marked_pages_are_kept(client, world):
    client.force_login(world.u_staff1)
    assert offline.HEADER not in client.get(reverse("home:home"))
    assert offline.HEADER not in client.get("/offline/")  # the worker stores it itself when it installs
