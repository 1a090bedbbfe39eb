"""Permission cases of the core pages (the health check) and Django's language switch."""

from django.urls import reverse

from kinerja.tests.permissions.harness import public

CASES = [
    public("core:healthz", reverse("core:healthz"), "load balancers probe it without a session"),
    public("set_language", "/i18n/setlang/", "anyone may switch the page language (the log-in page has the switch)",
           method="post", data={"language": "en", "next": "/"}, status=302),
]
