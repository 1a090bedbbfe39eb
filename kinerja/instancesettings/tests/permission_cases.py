"""Permission cases of the instance settings page: the BKPSDM administrator changes their instance's settings,
the auditor and the regional leadership read them, anyone else is refused (403). The page always shows the
user's own instance: another instance's administrator gets their own settings, never ours."""

from django.urls import reverse

from kinerja.tests.permissions.harness import case

NO_UNIT = "instance-wide settings: the page has no unit scope (an OPD administrator has no access at all)"

CASES = [
    case("instancesettings:page", reverse("instancesettings:page"),
         ok=(("u_admin_bkpsdm", 200), ("u_auditor", 200), ("u_pimpinan", 200)),
         no_role=(("u_nobody", 403), ("u_staff1", 403), ("u_monev", 403)),
         unit=(("u_admin_opd", 403),), other=("u_admin_b", 200), hidden=lambda w: w.a.name,
         note="readers see the values without a way to save them"),
    case("instancesettings:save", reverse("instancesettings:save", args=["skp"]), "post",
         {"skp-period_kind": "annual", "skp-deadline_months_after_start": "1", "skp-deadline_day": "28",
          "seen": ""},
         ok=("u_admin_bkpsdm", 302),
         no_role=(("u_nobody", 403), ("u_auditor", 403), ("u_pimpinan", 403), ("u_staff1", 403)),
         unit=(("u_admin_opd", 403),), other=("u_admin_b", 302),
         note="another instance's administrator saves their own instance's settings (the page names no instance)"),
    case("instancesettings:save", reverse("instancesettings:save", args=["nosuchsection"]), "post", {},
         ok=("u_admin_bkpsdm", 404), no_role=("u_auditor", 403), unit=(("u_admin_opd", 403),),
         other=("u_admin_b", 404), note="an unknown section"),
]
