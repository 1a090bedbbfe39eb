"""Permission cases of the home page."""

from django.urls import reverse

from kinerja.tests.permissions.harness import case

CASES = [
    case("home:home", reverse("home:home"),
         ok=(("u_staff1", 200), ("u_admin_bkpsdm", 200)), no_role=("u_nobody", 200),
         unit="the home page shows each user their own cards; what it lists is scoped by the cards' own queries",
         other=("u_admin_b", 200), hidden=lambda w: w.staff1.name,
         note="every logged-in user has a home page; no role is needed"),
]
