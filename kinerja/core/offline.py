"""Phone-first offline: what the service worker (``/sw.js``, ``core/static/core/service-worker.js``) keeps.

The worker is served from the site root (``core:service-worker``), so its scope is the whole site. It keeps two
caches whose names carry :func:`static_version` — the staticfiles manifest's hash in production (any changed
static file gives new names, and the old caches are deleted when the new worker activates):

* static files: the offline page's (:data:`PRECACHE`, fetched when the worker installs) and every static file a
  page loads afterwards (hashed URLs: cache first; in development network first);
* pages: the offline page, and each page whose response carries :data:`HEADER` (:func:`keep_offline`: the report
  form of ``progress``), stored on every successful visit. Without a connection a navigation gets the page as last
  stored, else the offline page. The draft a page keeps in ``localStorage`` (``progress/report.js``) is then
  offered back and saved once the connection returns.

Logging out (any page rendered for an anonymous user) tells the worker to forget the stored pages (``app.js``).
"""

from __future__ import annotations

import functools
import hashlib
import os

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static

HEADER = "X-Kinerja-Offline"
WORKER = "core/service-worker.js"
# what base.html loads (the offline page extends it): fetched when the worker installs
PRECACHE = (
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff",
    "kinerja/app.css",
    "kinerja/app.js",
    "kinerja/favicon.svg",
    "vendor/htmx/htmx.min.js",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
)


def hashed_static() -> bool:
    """Whether static URLs carry their content hash (the manifest storage of production)."""
    return bool(getattr(staticfiles_storage, "manifest_name", None))


def static_version() -> str:
    """A short version of the static files: the manifest's hash (production), else a hash of the size and
    modification time of the worker and the precached files (development, tests)."""
    manifest_hash = getattr(staticfiles_storage, "manifest_hash", "") if hashed_static() else ""
    if manifest_hash:
        return manifest_hash[:16]
    digest = hashlib.sha256()
    for name in (WORKER, *PRECACHE):
        found = finders.find(name)
        if found:
            stat = os.stat(found)
            digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def worker_config(offline_url: str) -> dict:
    return {
        "version": static_version(),
        "static": settings.STATIC_URL if settings.STATIC_URL.startswith("/") else f"/{settings.STATIC_URL}",
        "hashed": hashed_static(),
        "precache": [static(name) for name in PRECACHE],
        "offline": offline_url,
        "header": HEADER,
    }


def keep_offline(view):
    """Mark a page's answers for the service worker to keep: shown again without a connection."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200:
            response[HEADER] = "keep"
        return response

    return wrapped
