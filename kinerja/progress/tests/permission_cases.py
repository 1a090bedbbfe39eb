"""Permission cases of the progress pages and API.

Supervision (the superior's side): the world's ``report_kasi`` is kasi_surv's report, submitted to their
evaluator kabid_p2p, who reviews it; kasi_surv (its owner) and the heads above see it but do not review it
(403); a colleague of another unit and another instance get 404. The team view and the review queue are an
evaluating official's (403 without a team).
"""

from django.urls import reverse

from kinerja.tests.permissions.harness import api, case

TEAM_NO_ROLE = (("u_staff1", 403), ("u_auditor", 403), ("u_admin_bkpsdm", 403), ("u_nobody", 403))


def state():
    from kinerja.audit.models import AuditEvent
    from kinerja.notifications.models import Notification
    from kinerja.progress.models import Evidence, Report

    return (list(Report.objects.order_by("pk").values_list("pk", "status", "lock_version")),
            list(Evidence.objects.order_by("pk").values_list("pk", "status")), Notification.objects.count(),
            AuditEvent.objects.count())


def _report(name):
    return lambda w: reverse(f"progress:{name}", args=[w.report_kasi.pk])


def _a(path):
    return lambda w: "/api/v1" + path.format(report=w.report_kasi.pk, evidence=w.evidence_kasi.pk)


def kasi_name(w):
    return w.kasi_surv.name


# kabid_p2p reviews kasi_surv's report; the owner and the heads above may see it (403 on a review)
REVIEW = {"ok": ("u_kabid_p2p", 200),
          "no_role": (("u_kasi_surv", 403), ("u_kadinkes", 403), ("u_admin_opd", 403), ("u_staff1", 404),
                      ("u_nobody", 404)),
          "unit": (("u_kadisdik", 404), ("u_kabid_yankes", 404)), "other": (("u_admin_b", 404), ("u_kadinkes_b", 404)),
          "state": state}
REVIEW_WEB = {**REVIEW, "ok": ("u_kabid_p2p", 302)}

CASES = [
    # --- supervision: pages
    case("progress:team", reverse("progress:team"), ok=(("u_kabid_p2p", 200), ("u_kasi_surv", 200)),
         no_role=TEAM_NO_ROLE, unit=("u_kabid_yankes", 200), other=("u_kadinkes_b", 200), hidden=kasi_name),
    case("progress:review-queue", reverse("progress:review-queue"), ok=("u_kabid_p2p", 200), no_role=TEAM_NO_ROLE,
         unit=("u_kabid_yankes", 200), other=("u_kadinkes_b", 200), hidden=kasi_name),
    case("progress:review", _report("review"),
         ok=(("u_kabid_p2p", 200), ("u_kasi_surv", 200), ("u_kadinkes", 200), ("u_admin_opd", 200),
             ("u_auditor", 200)),
         no_role=(("u_staff1", 404), ("u_nobody", 404)), unit=(("u_kadisdik", 404), ("u_admin_opd_disdik", 404)),
         other=("u_admin_b", 404), note="whoever may see the SKP sees its reports; only the evaluator reviews"),
    case("progress:review-accept", _report("review-accept"), "post", lambda w: {"lock_version": 0}, **REVIEW_WEB),
    case("progress:review-return", _report("review-return"), "post",
         lambda w: {"lock_version": 0, "comment": "Lengkapi rekap", "evidence_ids": [w.evidence_kasi.pk]},
         **REVIEW_WEB),
    case("progress:evidence-review", lambda w: reverse("progress:evidence-review", args=[w.evidence_kasi.pk]), "post",
         {"accept": "1"}, **REVIEW_WEB),
    # --- supervision: API
    case(api("get", "/progress/team"), "/api/v1/progress/team", ok=(("u_kabid_p2p", 200), ("u_kasi_surv", 200)),
         no_role=TEAM_NO_ROLE, unit=("u_kabid_yankes", 200), other=("u_kadinkes_b", 200), hidden=kasi_name),
    case(api("get", "/progress/review-queue"), "/api/v1/progress/review-queue", ok=("u_kabid_p2p", 200),
         no_role=TEAM_NO_ROLE, unit=("u_kabid_yankes", 200), other=("u_kadinkes_b", 200), hidden=kasi_name),
    case(api("post", "/progress/reports/{report_id}/accept"), _a("/progress/reports/{report}/accept"), "post",
         {"lock_version": 0}, **REVIEW),
    case(api("post", "/progress/reports/{report_id}/return"), _a("/progress/reports/{report}/return"), "post",
         lambda w: {"lock_version": 0, "comment": "Lengkapi rekap", "evidence_ids": [w.evidence_kasi.pk]}, **REVIEW),
    case(api("post", "/progress/evidence/{evidence_id}/review"), _a("/progress/evidence/{evidence}/review"), "post",
         {"accept": False, "comment": "Tautan mati"}, **REVIEW),
]
