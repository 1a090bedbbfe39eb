"""Permission cases of progress: the evidence download page and the progress API.

The objects are kasi_surv's (``report``, ``evidence``, ``link``, ``plan``, ``log_entry`` on the approved
``skp_kasi``, evaluator kabid_p2p; kinerja/tests/permissions/world.py). Whoever may see that SKP sees them:
kasi_surv, the evaluator, the heads and admins above, instance-wide readers. Only kasi_surv writes: the
evaluator gets 403; staff1 (a subordinate, who does not see the superior's SKP), another unit's head and
another instance get 404 — or 422 where the IKI or RHK is named in the body rather than in the URL.
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
