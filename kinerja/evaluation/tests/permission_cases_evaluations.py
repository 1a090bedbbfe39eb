"""Permission cases of the evaluation pages and API (periodic and annual evaluation).

The harness world's kasi_surv has ``evaluation`` (annual, rated, draft) and ``evaluation_final`` (first quarter,
final), both by kabid_p2p. Readers: kabid_p2p (the evaluator), the Dinkes OPD admin and the instance-wide roles;
kasi_surv reads only the final one; colleagues and others see nothing (404). Writers: kabid_p2p rates, finalises,
reopens; kasi_surv acknowledges; other readers get 403.
"""

from django.urls import reverse

from kinerja.tests.permissions.harness import api, case

SCOPE = {"unit": ("u_admin_opd_disdik", 404), "other": ("u_admin_b", 404)}
READERS = (("u_kabid_p2p", 200), ("u_admin_opd", 200), ("u_auditor", 200))
NOT_READERS = (("u_kasi_surv", 404), ("u_staff1", 404), ("u_nobody", 404))  # kasi_surv: not while a draft
FINAL_READERS = (("u_kasi_surv", 200), ("u_kabid_p2p", 200), ("u_auditor", 200))
NOT_FINAL_READERS = (("u_staff1", 404), ("u_nobody", 404))
EVALUATOR_ONLY = (("u_auditor", 403), ("u_admin_opd", 403), ("u_nobody", 404))


def _url(name, attr="evaluation"):
    return lambda w: reverse(f"evaluation:{name}", args=[getattr(w, attr).pk])


def _api(path, attr="evaluation"):
    return lambda w: f"/api/v1/evaluations/{getattr(w, attr).pk}{path}"


def _version(attr="evaluation", **extra):
    return lambda w: {"lock_version": getattr(w, attr).lock_version, **extra}


NAME = lambda w: w.kasi_surv.nip  # noqa: E731

CASES = [
    case("evaluation:mine", reverse("evaluation:mine"), ok=(("u_kasi_surv", 200), ("u_staff1", 200)),
         no_role=("u_nobody", 200), unit=("u_staff_disdik", 200), other=("u_staff_b", 200),
         hidden=lambda w: w.kabid_p2p.full_name, note="everyone's own list: their final evaluations"),
    case("evaluation:team", reverse("evaluation:team"), ok=(("u_kabid_p2p", 200), ("u_kasi_surv", 200)),
         no_role=(("u_staff1", 403), ("u_auditor", 403)), unit="one's own team: the people who report to one",
         other=("u_kadinkes_b", 200), hidden=lambda w: w.kasi_surv.full_name),
    case("evaluation:start", reverse("evaluation:start"), "post",
         lambda w: {"period": w.period.pk, "window": f"annual:{w.period.start_date.isoformat()}"},
         ok=("u_kabid_p2p", 302), no_role=(("u_staff1", 403), ("u_auditor", 403)),
         unit="one's own team: the people who report to one", other=("u_kadinkes_b", 404)),
    case("evaluation:detail", _url("detail"), ok=READERS, no_role=NOT_READERS, **SCOPE),
    case("evaluation:detail", _url("detail"), "post", _version(result_rating="sesuai"), ok=("u_kabid_p2p", 302),
         no_role=EVALUATOR_ONLY, **SCOPE),
    case("evaluation:preview", _url("preview"), "post", {"result_rating": "di_bawah"}, ok=("u_kabid_p2p", 200),
         no_role=EVALUATOR_ONLY, **SCOPE),
    case("evaluation:finalise", _url("finalise"), "post", _version(), ok=("u_kabid_p2p", 302),
         no_role=EVALUATOR_ONLY, **SCOPE),
    case("evaluation:reopen", _url("reopen", "evaluation_final"), "post",
         _version("evaluation_final", reason="Salah pilih"), ok=("u_kabid_p2p", 302),
         no_role=(("u_kasi_surv", 403), ("u_auditor", 403), ("u_nobody", 404)), **SCOPE),
    case("evaluation:acknowledge", _url("acknowledge", "evaluation_final"), "post", _version("evaluation_final"),
         ok=("u_kasi_surv", 302), no_role=(("u_kabid_p2p", 403), ("u_auditor", 403), ("u_nobody", 404)), **SCOPE),
    case("evaluation:pdf", _url("pdf", "evaluation_final"), ok=FINAL_READERS, no_role=NOT_FINAL_READERS, **SCOPE),

    # API
    case(api("get", "/evaluations"), "/api/v1/evaluations", ok=READERS,
         no_role=(("u_nobody", 200), ("u_staff1", 200)), unit=("u_admin_opd_disdik", 200), other=("u_admin_b", 200),
         hidden=NAME, note="a list of what the caller may read"),
    case(api("get", "/evaluations/{evaluation_id}"), _api(""), ok=READERS, no_role=NOT_READERS, **SCOPE),
    case(api("post", "/evaluations/start"), "/api/v1/evaluations/start", "post",
         lambda w: {"period_id": w.period.pk, "evaluator_id": w.kabid_p2p.pk}, ok=("u_kabid_p2p", 201),
         no_role=(("u_auditor", 403), ("u_staff1", 404)), **SCOPE),
    case(api("post", "/evaluations/{evaluation_id}/ratings"), _api("/ratings"), "post",
         _version(result_rating="sesuai"), ok=("u_kabid_p2p", 200), no_role=EVALUATOR_ONLY, **SCOPE),
    case(api("post", "/evaluations/{evaluation_id}/finalise"), _api("/finalise"), "post", _version(),
         ok=("u_kabid_p2p", 200), no_role=EVALUATOR_ONLY, **SCOPE),
    case(api("post", "/evaluations/{evaluation_id}/reopen"), _api("/reopen", "evaluation_final"), "post",
         _version("evaluation_final", reason="Salah pilih"), ok=("u_kabid_p2p", 200),
         no_role=(("u_kasi_surv", 403), ("u_auditor", 403), ("u_nobody", 404)), **SCOPE),
    case(api("post", "/evaluations/{evaluation_id}/acknowledge"), _api("/acknowledge", "evaluation_final"), "post",
         _version("evaluation_final"), ok=("u_kasi_surv", 200),
         no_role=(("u_kabid_p2p", 403), ("u_auditor", 403), ("u_nobody", 404)), **SCOPE),
    case(api("get", "/evaluations/{evaluation_id}/pdf"), _api("/pdf", "evaluation_final"), ok=FINAL_READERS,
         no_role=NOT_FINAL_READERS, **SCOPE),
]
