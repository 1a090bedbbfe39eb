"""Permission cases of progress: the evidence download page and the progress API.

The objects are kasi_surv's (``report``, ``evidence``, ``link``, ``plan``, ``log_entry`` on the approved
``skp_kasi``, evaluator kabid_p2p; kinerja/tests/permissions/world.py). Whoever may see that SKP sees them:
kasi_surv, the evaluator, the heads and admins above, instance-wide readers. Only kasi_surv writes: the
evaluator gets 403; staff1 (a subordinate, who does not see the superior's SKP), another unit's head and
another instance get 404 — or 422 where the IKI or RHK is named in the body rather than in the URL.

Supervision (the superior's side): ``report_kasi`` is kasi_surv's November report, submitted to their evaluator
kabid_p2p, who reviews it; kasi_surv (its owner) and the heads above see it but do not review it (403); another
unit and another instance get 404. The team view and the review queue are an evaluating official's (403 without
a team).
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinerja.tests.permissions.harness import api, case

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
VIEWERS = (("u_kasi_surv", 200), ("u_kabid_p2p", 200), ("u_kadinkes", 200), ("u_admin_opd", 200),
           ("u_admin_bkpsdm", 200), ("u_monev", 200), ("u_auditor", 200), ("u_pimpinan", 200))
VIEW = {"ok": VIEWERS, "no_role": (("u_staff1", 404), ("u_nobody", 404)),
        "unit": (("u_kadisdik", 404), ("u_admin_opd_disdik", 404)), "other": (("u_admin_b", 404), ("u_staff_b", 404))}
LIST = {"ok": VIEWERS, "no_role": (("u_staff1", 200), ("u_nobody", 200)),
        "unit": (("u_kadisdik", 200), ("u_admin_opd_disdik", 200)), "other": (("u_admin_b", 200), ("u_staff_b", 200))}
REFUSED = (401, 403, 404, 413, 422)


def write(status: int, hidden_status: int = 404) -> dict:
    """Only kasi_surv writes; the evaluator sees it (403); the others do not see it."""
    return {"ok": ("u_kasi_surv", status), "no_role": (("u_kabid_p2p", 403), ("u_staff1", hidden_status)),
            "unit": ("u_kadisdik", hidden_status), "other": ("u_admin_b", hidden_status), "refused": REFUSED}


def _a(template: str):
    def build(w):
        return "/api/v1" + template.format(report=w.report.pk, evidence=w.evidence.pk, plan=w.plan.pk,
                                           entry=w.log_entry.pk)
    return build


def _hidden_report(w):
    return f'"skp_id": {w.skp_kasi.pk},'


def _pdf(**fields):
    return lambda w: {**{k: (v(w) if callable(v) else v) for k, v in fields.items()},
                      "file" if "iki_id" not in fields else "files": SimpleUploadedFile("Bukti.pdf", PDF)}


CASES = [
    case("progress:evidence-file", lambda w: reverse("progress:evidence-file", args=[w.evidence.pk]), **VIEW),

    case(api("get", "/progress/skp/{skp_id}/periods"), lambda w: f"/api/v1/progress/skp/{w.skp_kasi.pk}/periods",
         **VIEW),
    case(api("get", "/progress/reports"), "/api/v1/progress/reports", **LIST, hidden=_hidden_report),
    case(api("get", "/progress/reports/{report_id}"), _a("/progress/reports/{report}"), **VIEW),
    case(api("post", "/progress/reports"), "/api/v1/progress/reports", "post",
         lambda w: {"iki_id": w.iki_kasi.pk, "period_start": "2026-01-01", "value": "4", "lock_version": 0},
         **write(200, 422)),
    case(api("patch", "/progress/reports/{report_id}"), _a("/progress/reports/{report}"), "patch",
         {"value": "5", "lock_version": 0}, **write(200)),
    case(api("post", "/progress/reports/{report_id}/submit"), _a("/progress/reports/{report}/submit"), "post",
         {"lock_version": 0}, **write(200)),
    case(api("post", "/progress/reports/submit"), "/api/v1/progress/reports/submit", "post",
         _pdf(iki_id=lambda w: w.iki_kasi.pk, period_start="2026-02-01", value="1"), multipart=True,
         **write(201, 422)),
    case(api("post", "/progress/reports/draft-from-log"), "/api/v1/progress/reports/draft-from-log", "post",
         lambda w: {"iki_id": w.iki_kasi.pk, "period_start": "2026-01-01"}, **write(200, 422)),
    case(api("post", "/progress/reports/{report_id}/evidence"), _a("/progress/reports/{report}/evidence"), "post",
         _pdf(caption="Foto"), multipart=True, **write(201)),
    case(api("post", "/progress/reports/{report_id}/links"), _a("/progress/reports/{report}/links"), "post",
         {"url": "https://example.org/bukti", "caption": "Tautan"}, **write(201)),
    case(api("delete", "/progress/evidence/{evidence_id}"), _a("/progress/evidence/{evidence}"), "delete",
         **write(204)),
    case(api("get", "/progress/evidence/{evidence_id}/file"), _a("/progress/evidence/{evidence}/file"), **VIEW),

    case(api("get", "/progress/action-plans"), "/api/v1/progress/action-plans", **LIST,
         hidden=lambda w: f'"id": {w.plan.pk},'),
    case(api("put", "/progress/action-plans"), "/api/v1/progress/action-plans", "put",
         lambda w: {"iki_id": w.iki_kasi.pk, "quarter": 2, "text": "Rekap triwulan"}, **write(200, 422)),
    case(api("delete", "/progress/action-plans/{plan_id}"), _a("/progress/action-plans/{plan}"), "delete",
         **write(204)),

    case(api("get", "/progress/daily-log"), "/api/v1/progress/daily-log", **LIST,
         hidden=lambda w: f'"id": {w.log_entry.pk},'),
    case(api("post", "/progress/daily-log"), "/api/v1/progress/daily-log", "post",
         lambda w: {"rhk_id": w.rhk_kasi.pk, "date": "2026-01-07", "text": "Verifikasi data"}, **write(201, 422)),
    case(api("patch", "/progress/daily-log/{entry_id}"), _a("/progress/daily-log/{entry}"), "patch",
         {"text": "Rekap data mingguan"}, **write(200)),
    case(api("delete", "/progress/daily-log/{entry_id}"), _a("/progress/daily-log/{entry}"), "delete",
         **write(204)),
]


# --- supervision: the superior's team view, review queue and review (progress/views/team.py, review_api.py)

TEAM_NO_ROLE = (("u_staff1", 403), ("u_auditor", 403), ("u_admin_bkpsdm", 403), ("u_nobody", 403))


def review_state():
    from kinerja.audit.models import AuditEvent
    from kinerja.notifications.models import Notification
    from kinerja.progress.models import Evidence, Report

    return (list(Report.objects.order_by("pk").values_list("pk", "status", "lock_version")),
            list(Evidence.objects.order_by("pk").values_list("pk", "status")), Notification.objects.count(),
            AuditEvent.objects.count())


def _report(name):
    return lambda w: reverse(f"progress:{name}", args=[w.report_kasi.pk])


def _ra(path):
    return lambda w: "/api/v1" + path.format(report=w.report_kasi.pk, evidence=w.evidence_kasi.pk)


def kasi_name(w):
    return w.kasi_surv.name


def report_lock(w) -> int:
    from kinerja.progress.models import Report

    return Report.objects.values_list("lock_version", flat=True).get(pk=w.report_kasi.pk)


# kabid_p2p reviews kasi_surv's report; the owner and the heads above may see it (403 on a review)
REVIEW = {"ok": ("u_kabid_p2p", 200),
          "no_role": (("u_kasi_surv", 403), ("u_kadinkes", 403), ("u_admin_opd", 403), ("u_staff1", 404),
                      ("u_nobody", 404)),
          "unit": (("u_kadisdik", 404), ("u_kabid_yankes", 404)), "other": (("u_admin_b", 404), ("u_kadinkes_b", 404)),
          "state": review_state}
REVIEW_WEB = {**REVIEW, "ok": ("u_kabid_p2p", 302)}

CASES += [
    # --- supervision: pages
    case("progress:team", reverse("progress:team"), ok=(("u_kabid_p2p", 200), ("u_kasi_surv", 200)),
         no_role=TEAM_NO_ROLE, unit=("u_kabid_yankes", 200), other=("u_kadinkes_b", 200), hidden=kasi_name),
    case("progress:team", reverse("progress:team") + "?scope=unit", ok=("u_kabid_p2p", 200), no_role=TEAM_NO_ROLE,
         unit=("u_kabid_yankes", 200), other=("u_kadinkes_b", 200), hidden=lambda w: w.staff1.name,
         note="a unit head's whole subtree"),
    case("progress:review-queue", reverse("progress:review-queue"), ok=("u_kabid_p2p", 200),
         no_role=TEAM_NO_ROLE,
         unit=("u_kabid_yankes", 200), other=("u_kadinkes_b", 200), hidden=kasi_name),
    case("progress:review", _report("review"),
         ok=(("u_kabid_p2p", 200), ("u_kasi_surv", 200), ("u_kadinkes", 200), ("u_admin_opd", 200),
             ("u_auditor", 200)),
         no_role=(("u_staff1", 404), ("u_nobody", 404)), unit=(("u_kadisdik", 404), ("u_admin_opd_disdik", 404)),
         other=("u_admin_b", 404), note="whoever may see the SKP sees its reports; only the evaluator reviews"),
    case("progress:review-accept", _report("review-accept"), "post", lambda w: {"lock_version": report_lock(w)},
         **REVIEW_WEB),
    case("progress:review-return", _report("review-return"), "post",
         lambda w: {"lock_version": report_lock(w), "comment": "Lengkapi rekap", "evidence_ids": [w.evidence_kasi.pk]},
         **REVIEW_WEB),
    case("progress:evidence-review", lambda w: reverse("progress:evidence-review", args=[w.evidence_kasi.pk]), "post",
         {"accept": "1"}, **REVIEW_WEB),
    # --- supervision: API
    case(api("get", "/progress/team"), "/api/v1/progress/team",
         ok=(("u_kabid_p2p", 200), ("u_kasi_surv", 200)), no_role=TEAM_NO_ROLE,
         unit=("u_kabid_yankes", 200), other=("u_kadinkes_b", 200), hidden=kasi_name),
    case(api("get", "/progress/team"), "/api/v1/progress/team?scope=unit", ok=("u_kabid_p2p", 200),
         no_role=(("u_staff1", 403), ("u_nobody", 403)), unit=("u_kabid_yankes", 200), other=("u_kadinkes_b", 200),
         hidden=lambda w: w.staff1.name, note="a unit head's whole subtree"),
    case(api("get", "/progress/review-queue"), "/api/v1/progress/review-queue", ok=("u_kabid_p2p", 200),
         no_role=TEAM_NO_ROLE, unit=("u_kabid_yankes", 200), other=("u_kadinkes_b", 200), hidden=kasi_name),
    case(api("post", "/progress/reports/{report_id}/accept"), _ra("/progress/reports/{report}/accept"), "post",
         lambda w: {"lock_version": report_lock(w)}, **REVIEW),
    case(api("post", "/progress/reports/{report_id}/return"), _ra("/progress/reports/{report}/return"), "post",
         lambda w: {"lock_version": report_lock(w), "comment": "Lengkapi rekap", "evidence_ids": [w.evidence_kasi.pk]},
         **REVIEW),
    case(api("post", "/progress/evidence/{evidence_id}/review"), _ra("/progress/evidence/{evidence}/review"), "post",
         {"accept": False, "comment": "Tautan mati"}, **REVIEW),
]

# the employee's own pages (helper employee): permission_cases_mine.py
from .permission_cases_mine import CASES_MINE  # noqa: E402

CASES += CASES_MINE
