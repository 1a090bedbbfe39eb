"""Permission cases of the organisation dashboard and the achievement API."""

from django.urls import reverse

from kinerja.tests.permissions.harness import api, case

NO_ROLE = (("u_staff1", 404), ("u_nobody", 404))
UNITS = "the board shows only the indicators of the viewer's units (another instance sees its own, empty, board)"


def _rolled_up(w) -> None:
    """The harness world has approved SKPs but no roll-up yet: compute it once (idempotent)."""
    from kinerja.progress.achievement import rebuild
    from kinerja.progress.models import IkiAchievement

    if not IkiAchievement.objects.filter(instance_id=w.a.pk).exists():
        rebuild(instance_id=w.a.pk, notify_risks=False)


def _kasi_iki(w) -> str:
    _rolled_up(w)
    return f"/api/v1/achievement/ikis/{w.rhk_kasi.ikis.first().pk}"


CASES = [
    case("dashboard:index", reverse("dashboard:index"), ok=(("u_pimpinan", 200), ("u_kadinkes", 200),
                                                            ("u_auditor", 200), ("u_admin_opd", 200)),
         no_role=NO_ROLE, unit=("u_kadisdik", 200), other=("u_admin_b", 200), note=UNITS),
    case("dashboard:board", reverse("dashboard:board"), ok=(("u_pimpinan", 200), ("u_kasi_surv", 200)),
         no_role=NO_ROLE, unit=("u_kadisdik", 200), other=("u_admin_b", 200), note=UNITS),
    case("dashboard:indicator", lambda w: reverse("dashboard:indicator", args=[w.p.ind1.pk]),
         ok=(("u_pimpinan", 200), ("u_kadinkes", 200), ("u_admin_opd", 200)), no_role=NO_ROLE,
         unit=(("u_kadisdik", 404), ("u_admin_opd_disdik", 404)), other=("u_admin_b", 404)),
    case("dashboard:rhk", lambda w: reverse("dashboard:rhk", args=[w.rhk_kasi.pk]),
         ok=(("u_kasi_surv", 200), ("u_kadinkes", 200), ("u_monev", 200)), no_role=NO_ROLE,
         unit=("u_kadisdik", 404), other=("u_admin_b", 404)),
    case(api("get", "/achievement/indicators"), "/api/v1/achievement/indicators",
         ok=(("u_pimpinan", 200), ("u_kadinkes", 200)), no_role=NO_ROLE, unit=("u_kadisdik", 200),
         other=("u_admin_b", 200), note=UNITS),
    case(api("get", "/achievement/ikis/{iki_id}"), _kasi_iki, ok=(("u_kasi_surv", 200), ("u_kabid_p2p", 200)),
         no_role=(("u_staff2", 404), ("u_nobody", 404)), unit=("u_kadisdik", 404), other=("u_admin_b", 404),
         note="an IKI's figures: whoever may see its SKP"),
    case(api("get", "/achievement/employees/{employee_id}"),
         lambda w: f"/api/v1/achievement/employees/{w.kasi_surv.pk}",
         ok=(("u_kasi_surv", 200), ("u_kabid_p2p", 200), ("u_pimpinan", 200)),
         no_role=(("u_staff2", 404), ("u_nobody", 404)), unit=("u_kadisdik", 404), other=("u_admin_b", 404),
         note="an employee's figures: whoever may see their SKP"),
    case(api("get", "/achievement/units/{unit_id}"), lambda w: f"/api/v1/achievement/units/{w.surv.pk}",
         ok=(("u_pimpinan", 200), ("u_kadinkes", 200), ("u_kasi_surv", 200)), no_role=NO_ROLE,
         unit=("u_kadisdik", 404), other=("u_admin_b", 404)),
]
