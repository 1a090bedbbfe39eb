"""The health check; the service worker and the offline page (core/offline.py)."""

from __future__ import annotations

import json

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import offline


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
def service_worker(request):
    """The service worker at the site root (its scope is the whole site): its settings, then its code, a static
    file (``core/service-worker.js``; core/offline.py says what it keeps). Never cached by the browser's HTTP
    cache, so a new static version reaches the phones at their next visit."""
    config = offline.worker_config(reverse("core:offline"))
    response = HttpResponse(
        render_to_string("core/service-worker.js", {
            "config": json.dumps(config, sort_keys=True), "worker": json.dumps(static(offline.WORKER))}),
        content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline_page(request):
    """What the service worker shows for a page it has not kept when there is no connection; it lists the report
    drafts kept on this device (their pages open if the worker kept them)."""
    return render(request, "core/offline.html", {"title": _("No connection")})
