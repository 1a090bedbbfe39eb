"""Permission cases of the feedback pages and API.

The world's staff1 has a draft SKP (``skp1``, RHK ``rhk1``, report ``report1``) evaluated by kasi_surv, who
commented on the RHK (``comment``), planned a ``dialogue`` and held another (``held``, with its ``action``).
Readers: staff1, kasi_surv, the Dinkes OPD admin, the BKPSDM admin and the instance-wide roles; the head of the
unit above (kabid_p2p) and colleagues see nothing (404). Writers: staff1 and kasi_surv only (others who read: 403).
"""

from django.urls import reverse

from kinerja.tests.permissions.harness import api, case

SCOPE = {"unit": ("u_admin_opd_disdik", 404), "other": ("u_admin_b", 404)}
READERS = (("u_staff1", 200), ("u_kasi_surv", 200), ("u_admin_opd", 200), ("u_auditor", 200))
NOT_READERS = (("u_nobody", 404), ("u_staff2", 404), ("u_kabid_p2p", 404))
LEAD = (("u_staff1", 403), ("u_auditor", 403), ("u_nobody", 404))  # only the evaluator leads a dialogue
TAKE_PART = (("u_auditor", 403), ("u_admin_opd", 403), ("u_nobody", 404))  # readers who do not take part


def _url(name, attr):
    return lambda w: reverse(f"feedback:{name}", args=[getattr(w, attr).pk])


def _api(path, attr=None):
    return lambda w: f"/api/v1/feedback/{path}".format(pk=getattr(w, attr).pk if attr else "")


AGENDA = lambda w: w.dialogue.agenda  # noqa: E731

CASES = [
    case("feedback:rhk-thread", _url("rhk-thread", "rhk1"), ok=READERS, no_role=NOT_READERS, **SCOPE),
    case("feedback:rhk-thread", _url("rhk-thread", "rhk1"), "post", {"body": "Siap, akan saya lengkapi."},
         ok=(("u_staff1", 302), ("u_kasi_surv", 302)), no_role=TAKE_PART, **SCOPE),
    case("feedback:report-thread", _url("report-thread", "report1"), ok=READERS, no_role=NOT_READERS, **SCOPE),
    case("feedback:report-thread", _url("report-thread", "report1"), "post", {"body": "Realisasi sesuai."},
         ok=(("u_staff1", 302), ("u_kasi_surv", 302)), no_role=TAKE_PART, **SCOPE),
    case("feedback:comment-edit", _url("comment-edit", "comment"), "post", {"body": "Mohon lengkapi datanya."},
         ok=("u_kasi_surv", 302), no_role=(("u_staff1", 403), ("u_nobody", 404)), **SCOPE,
         note="only the author"),
    case("feedback:comment-delete", _url("comment-delete", "comment"), "post", ok=("u_kasi_surv", 302),
         no_role=(("u_staff1", 403), ("u_nobody", 404)), **SCOPE, note="only the author"),
    case("feedback:skp-panel", _url("skp-panel", "skp1"), ok=READERS, no_role=NOT_READERS, **SCOPE),
    case("feedback:skp-dialogues", _url("skp-dialogues", "skp1"), ok=READERS, no_role=NOT_READERS, **SCOPE),
    case("feedback:dialogue-add", _url("dialogue-add", "skp1"), ok=(("u_kasi_surv", 200), ("u_staff1", 200)),
         no_role=TAKE_PART, **SCOPE),
    case("feedback:mine", reverse("feedback:mine"), ok=(("u_staff1", 200), ("u_kasi_surv", 200)),
         no_role=("u_nobody", 200), unit=("u_staff_disdik", 200), other=("u_staff_b", 200), hidden=AGENDA,
         note="everyone's own list: the dialogues they take part in"),
    case("feedback:dialogue", _url("dialogue", "dialogue"), ok=READERS, no_role=NOT_READERS, **SCOPE),
    case("feedback:dialogue-edit", _url("dialogue-edit", "dialogue"), ok=("u_kasi_surv", 200), no_role=LEAD,
         **SCOPE),
    case("feedback:dialogue-record", _url("dialogue-record", "dialogue"), ok=("u_kasi_surv", 200), no_role=LEAD,
         **SCOPE),
    case("feedback:dialogue-cancel", _url("dialogue-cancel", "dialogue"), "post", {"reason": "Dinas luar"},
         ok=("u_kasi_surv", 302), no_role=LEAD, **SCOPE),
    case("feedback:action-add", _url("action-add", "held"), "post", {"text": "Rekap triwulan", "owner": "employee"},
         ok=("u_kasi_surv", 302), no_role=LEAD, **SCOPE),
    case("feedback:action-toggle", _url("action-toggle", "action"), "post", {"done": "1"},
         ok=(("u_staff1", 302), ("u_kasi_surv", 302)), no_role=TAKE_PART, **SCOPE),

    # API
    case(api("get", "/feedback/rhk/{rhk_id}/comments"), _api("rhk/{pk}/comments", "rhk1"), ok=READERS,
         no_role=NOT_READERS, **SCOPE),
    case(api("post", "/feedback/rhk/{rhk_id}/comments"), _api("rhk/{pk}/comments", "rhk1"), "post",
         {"body": "Siap."}, ok=(("u_staff1", 201), ("u_kasi_surv", 201)), no_role=TAKE_PART, **SCOPE),
    case(api("get", "/feedback/reports/{report_id}/comments"), _api("reports/{pk}/comments", "report1"), ok=READERS,
         no_role=NOT_READERS, **SCOPE),
    case(api("post", "/feedback/reports/{report_id}/comments"), _api("reports/{pk}/comments", "report1"), "post",
         {"body": "Sesuai."}, ok=(("u_staff1", 201), ("u_kasi_surv", 201)), no_role=TAKE_PART, **SCOPE),
    case(api("patch", "/feedback/comments/{comment_id}"), _api("comments/{pk}", "comment"), "patch",
         {"body": "Diperbaiki."}, ok=("u_kasi_surv", 200), no_role=(("u_staff1", 403), ("u_nobody", 404)), **SCOPE),
    case(api("delete", "/feedback/comments/{comment_id}"), _api("comments/{pk}", "comment"), "delete",
         ok=("u_kasi_surv", 204), no_role=(("u_staff1", 403), ("u_nobody", 404)), **SCOPE),
    case(api("get", "/feedback/dialogues"), "/api/v1/feedback/dialogues", ok=READERS,
         no_role=(("u_nobody", 200), ("u_staff2", 200), ("u_kabid_p2p", 200)),
         unit=("u_admin_opd_disdik", 200), other=("u_admin_b", 200), hidden=AGENDA,
         note="a list of what the caller may read"),
    case(api("post", "/feedback/dialogues"), "/api/v1/feedback/dialogues", "post",
         lambda w: {"skp_id": w.skp1.pk, "scheduled_at": "2026-07-01T09:00:00+07:00"},
         ok=(("u_kasi_surv", 201), ("u_staff1", 201)), no_role=TAKE_PART, **SCOPE),
    case(api("get", "/feedback/dialogues/{dialogue_id}"), _api("dialogues/{pk}", "dialogue"), ok=READERS,
         no_role=NOT_READERS, **SCOPE),
    case(api("patch", "/feedback/dialogues/{dialogue_id}"), _api("dialogues/{pk}", "dialogue"), "patch",
         {"place": "Ruang rapat Seksi Surveilans"}, ok=("u_kasi_surv", 200), no_role=LEAD, **SCOPE),
    case(api("post", "/feedback/dialogues/{dialogue_id}/record"), _api("dialogues/{pk}/record", "dialogue"), "post",
         {"notes": "Capaian sesuai rencana."}, ok=("u_kasi_surv", 200), no_role=LEAD, **SCOPE),
    case(api("post", "/feedback/dialogues/{dialogue_id}/cancel"), _api("dialogues/{pk}/cancel", "dialogue"), "post",
         {"reason": "Dinas luar"}, ok=("u_kasi_surv", 200), no_role=LEAD, **SCOPE),
    case(api("post", "/feedback/dialogues/{dialogue_id}/actions"), _api("dialogues/{pk}/actions", "held"), "post",
         {"text": "Rekap triwulan"}, ok=("u_kasi_surv", 201), no_role=LEAD, **SCOPE),
    case(api("patch", "/feedback/actions/{action_id}"), _api("actions/{pk}", "action"), "patch", {"done": True},
         ok=(("u_staff1", 200), ("u_kasi_surv", 200)), no_role=TAKE_PART, **SCOPE),
]
