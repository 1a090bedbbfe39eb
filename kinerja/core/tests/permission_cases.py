"""Permission cases of the core pages (home, health check) and Django's language switch."""

from django.urls import reverse

from kinerja.tests.permissions.harness import case, public

CASES = [
    case("core:home", reverse("core:home"),
         ok=(("u_staff1", 200), ("u_admin_bkpsdm", 200)), no_role=("u_nobody", 200),
         unit="the home page shows each user their own cards; what it lists is scoped by the cards' own queries",
         other=("u_admin_b", 200), hidden=lambda w: w.staff1.name,
         note="every logged-in user has a home page; no role is needed"),
    public("core:healthz", reverse("core:healthz"), "load balancers probe it without a session"),
    public("set_language", "/i18n/setlang/", "anyone may switch the page language (the log-in page has the switch)",
           method="post", data={"language": "en", "next": "/"}, status=302),
]
