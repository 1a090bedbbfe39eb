"""Permission cases of the core pages (the health check, the service worker, the offline page) and Django's
language switch."""

from django.urls import reverse

from kinerja.tests.permissions.harness import public

CASES = [
    public("core:healthz", reverse("core:healthz"), "load balancers probe it without a session"),
    public("core:service-worker", reverse("core:service-worker"),
           "the service worker's code and settings (static file URLs, the cache version): no data of anyone"),
    public("core:offline", reverse("core:offline"),
           "the page shown without a connection: a fixed text; the drafts it lists come from the device itself"),
    public("set_language", "/i18n/setlang/", "anyone may switch the page language (the log-in page has the switch)",
           method="post", data={"language": "en", "next": "/"}, status=302),
]
