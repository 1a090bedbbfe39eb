"""Permission cases of the tim monev's pages and API.

The harness world (kinerja/tests/permissions/world.py, ``_monev``): ``u_monev_chair`` is an active member (and holds
the monev role); the session ``mv_session`` is an interview with staff_yankes (Bidang Pelayanan Kesehatan, Dinkes);
``mv_rec`` is owned by staff_yankes, ``mv_rec_late`` by the unit (its head kabid_yankes).

Readers: the member, the monev role, BKPSDM admin, pimpinan, auditor, and the heads of the units above the subject
(kabid_yankes, kadinkes). The head of another unit (kadisdik) and plain employees: 404; another instance: 404.
Writers: the member only (the monev role, the auditor: 403). The owner updates their recommendation's progress.
"""

from django.urls import reverse

from kinerja.tests.permissions.harness import api, case

SCOPE = {"unit": ("u_kadisdik", 404), "other": ("u_admin_b", 404)}
READERS = (("u_monev_chair", 200), ("u_monev", 200), ("u_auditor", 200), ("u_pimpinan", 200),
           ("u_admin_bkpsdm", 200), ("u_kabid_yankes", 200), ("u_kadinkes", 200))
NOT_READERS = (("u_nobody", 404), ("u_staff1", 404))
WRITER_GET = ("u_monev_chair", 200)
NOT_WRITERS = (("u_monev", 403), ("u_auditor", 403), ("u_kabid_yankes", 403), ("u_nobody", 404))
OWNER_STEP = (("u_staff_yankes", 302), ("u_monev_chair", 302))
NOT_OWNERS = (("u_monev", 403), ("u_kabid_yankes", 403), ("u_nobody", 404))
LIST = {"unit": ("u_kadisdik", 200), "other": ("u_admin_b", 200)}
ROUND_NAME = lambda w: w.mv_round.name  # noqa: E731
REC_TEXT = lambda w: w.mv_rec.text  # noqa: E731
MEMBER_NAME = lambda w: w.monev_chair.name  # noqa: E731


def _url(name, attr=None):
    return lambda w: reverse(f"monev:{name}", args=[getattr(w, attr).pk] if attr else [])


def _api(path, attr=None):
    return lambda w: f"/api/v1/monev/{path}".format(pk=getattr(w, attr).pk if attr else "")


CASES = [
    case("monev:dashboard", _url("dashboard"), ok=READERS, no_role=("u_nobody", 200), **LIST, hidden=ROUND_NAME,
         note="everyone's view of what they may read (empty for most)"),
    case("monev:team", _url("team"), ok=READERS, no_role=("u_nobody", 200), **LIST, hidden=MEMBER_NAME,
         note="the members shown only to those who read the team's work"),
    case("monev:member-add", _url("member-add"), ok=("u_admin_bkpsdm", 200),
         no_role=(("u_monev_chair", 403), ("u_monev", 403), ("u_nobody", 403)),
         unit="the team is one per instance: no unit scope", other=("u_admin_b", 200)),
    case("monev:member-add", _url("member-add"), "post",
         lambda w: {"employee": w.staff1.nip, "role": "member", "start_date": "2026-01-05"},
         ok=("u_admin_bkpsdm", 302), no_role=(("u_monev_chair", 403), ("u_nobody", 403)),
         unit="the team is one per instance: no unit scope", other=("u_admin_b", 200),
         note="another instance's admin: the NIP is not found there (the form again)"),
    case("monev:member-edit", _url("member-edit", "mv_member"), ok=("u_admin_bkpsdm", 200),
         no_role=(("u_monev_chair", 403), ("u_nobody", 404)), unit="one team per instance",
         other=("u_admin_b", 404)),
    case("monev:round-add", _url("round-add"), ok=WRITER_GET,
         no_role=(("u_monev", 403), ("u_auditor", 403), ("u_nobody", 403)), unit=("u_kadisdik", 403),
         other=("u_admin_b", 403)),
    case("monev:round", _url("round", "mv_round"), ok=READERS, no_role=NOT_READERS, **SCOPE),
    case("monev:round-edit", _url("round-edit", "mv_round"), ok=WRITER_GET, no_role=NOT_WRITERS, **SCOPE),
    case("monev:round-status", _url("round-status", "mv_round"), "post", {"status": "closed"},
         ok=("u_monev_chair", 302), no_role=NOT_WRITERS, **SCOPE),
    case("monev:session-add", _url("session-add", "mv_round"), ok=WRITER_GET, no_role=NOT_WRITERS, **SCOPE),
    case("monev:session", _url("session", "mv_session"), ok=READERS, no_role=NOT_READERS, **SCOPE),
    case("monev:session-edit", _url("session-edit", "mv_session"), ok=WRITER_GET, no_role=NOT_WRITERS, **SCOPE),
    case("monev:finding-add", _url("finding-add", "mv_session"), "post",
         {"text": "Buku register tidak diisi", "category": "evidence", "severity": "medium"},
         ok=("u_monev_chair", 302), no_role=NOT_WRITERS, **SCOPE),
    case("monev:finding-delete", _url("finding-delete", "mv_finding_free"), "post", ok=("u_monev_chair", 302),
         no_role=NOT_WRITERS, **SCOPE),
    case("monev:link-add", _url("link-add", "mv_session"), "post", {"url": "https://example.org/foto"},
         ok=("u_monev_chair", 302), no_role=NOT_WRITERS, **SCOPE),
    case("monev:link-delete", _url("link-delete", "mv_link"), "post", ok=("u_monev_chair", 302),
         no_role=NOT_WRITERS, **SCOPE),
    case("monev:recommendation-add", _url("recommendation-add", "mv_session"), ok=WRITER_GET, no_role=NOT_WRITERS,
         **SCOPE),
    case("monev:recommendations", _url("recommendations"), ok=READERS, no_role=("u_nobody", 200), **LIST,
         hidden=REC_TEXT, note="a list of what the caller may read"),
    case("monev:mine", _url("mine"), ok=(("u_staff_yankes", 200), ("u_kabid_yankes", 200)),
         no_role=("u_nobody", 200), **LIST, hidden=REC_TEXT, note="everyone's own list"),
    case("monev:recommendation", _url("recommendation", "mv_rec"), ok=(*READERS, ("u_staff_yankes", 200)),
         no_role=NOT_READERS, **SCOPE),
    case("monev:recommendation-edit", _url("recommendation-edit", "mv_rec"), ok=WRITER_GET,
         no_role=(("u_staff_yankes", 403), *NOT_WRITERS), **SCOPE),
    case("monev:recommendation-status", _url("recommendation-status", "mv_rec"), "post",
         lambda w: {"status": "in_progress", "lock_version": w.mv_rec.lock_version},
         ok=OWNER_STEP, no_role=NOT_OWNERS, **SCOPE),
    case("monev:recommendation-note", _url("recommendation-note", "mv_rec"), "post", {"note": "Sudah mendaftar"},
         ok=OWNER_STEP, no_role=NOT_OWNERS, **SCOPE),
    case("monev:training-add", _url("training-add", "mv_rec"), ok=WRITER_GET,
         no_role=(("u_staff_yankes", 403), *NOT_WRITERS), **SCOPE),
    case("monev:training-delete", _url("training-delete", "mv_need"), "post", ok=("u_monev_chair", 302),
         no_role=(("u_staff_yankes", 403), *NOT_WRITERS), **SCOPE),

    # API
    case(api("get", "/monev/team"), _api("team"), ok=READERS, no_role=("u_nobody", 200), **LIST,
         hidden=MEMBER_NAME, note="an empty list for those who do not read the team's work"),
    case(api("post", "/monev/team"), _api("team"), "post", lambda w: {"employee_id": w.staff1.pk},
         ok=("u_admin_bkpsdm", 201), no_role=(("u_monev_chair", 403), ("u_nobody", 403)),
         unit="one team per instance", other=("u_admin_b", 422), note="another instance: no such employee there"),
    case(api("patch", "/monev/team/{member_id}"), _api("team/{pk}", "mv_member"), "patch", {"note": "SK 800/1"},
         ok=("u_admin_bkpsdm", 200), no_role=(("u_monev_chair", 403), ("u_nobody", 404)),
         unit="one team per instance", other=("u_admin_b", 404)),
    case(api("get", "/monev/rounds"), _api("rounds"), ok=READERS, no_role=("u_nobody", 200), **LIST,
         hidden=ROUND_NAME, note="a list of what the caller may read"),
    case(api("post", "/monev/rounds"), _api("rounds"), "post",
         lambda w: {"period_id": w.mv_period.pk, "name": "Monev khusus", "start_date": "2026-02-01",
                    "end_date": "2026-02-28"},
         ok=("u_monev_chair", 201), no_role=(("u_monev", 403), ("u_auditor", 403), ("u_nobody", 403)),
         unit=("u_kadisdik", 403), other=("u_admin_b", 422), note="another instance: no such period there"),
    case(api("get", "/monev/rounds/{round_id}"), _api("rounds/{pk}", "mv_round"), ok=READERS, no_role=NOT_READERS,
         **SCOPE),
    case(api("patch", "/monev/rounds/{round_id}"), _api("rounds/{pk}", "mv_round"), "patch", {"status": "closed"},
         ok=("u_monev_chair", 200), no_role=NOT_WRITERS, **SCOPE),
    case(api("get", "/monev/sessions"), _api("sessions"), ok=READERS, no_role=("u_nobody", 200), **LIST,
         hidden=lambda w: w.mv_session.notes, note="a list of what the caller may read"),
    case(api("post", "/monev/sessions"), _api("sessions"), "post",
         lambda w: {"round_id": w.mv_round.pk, "unit_id": w.yankes.pk, "kind": "discussion",
                    "held_on": w.mv_session.held_on.isoformat()},
         ok=("u_monev_chair", 201), no_role=NOT_WRITERS, **SCOPE),
    case(api("get", "/monev/sessions/{session_id}"), _api("sessions/{pk}", "mv_session"), ok=READERS,
         no_role=NOT_READERS, **SCOPE),
    case(api("patch", "/monev/sessions/{session_id}"), _api("sessions/{pk}", "mv_session"), "patch",
         {"notes": "Catatan baru"}, ok=("u_monev_chair", 200), no_role=NOT_WRITERS, **SCOPE),
    case(api("post", "/monev/sessions/{session_id}/findings"), _api("sessions/{pk}/findings", "mv_session"), "post",
         {"text": "Data ganda", "category": "evidence"}, ok=("u_monev_chair", 201), no_role=NOT_WRITERS, **SCOPE),
    case(api("delete", "/monev/findings/{finding_id}"), _api("findings/{pk}", "mv_finding_free"), "delete",
         ok=("u_monev_chair", 204), no_role=NOT_WRITERS, **SCOPE),
    case(api("get", "/monev/recommendations"), _api("recommendations"), ok=READERS, no_role=("u_nobody", 200),
         **LIST, hidden=REC_TEXT, note="a list of what the caller may read"),
    case(api("post", "/monev/recommendations"), _api("recommendations"), "post",
         lambda w: {"session_id": w.mv_session.pk, "text": "Bimtek", "owner_employee_id": w.staff_yankes.pk,
                    "due_on": w.mv_rec.due_on.isoformat()},
         ok=("u_monev_chair", 201), no_role=NOT_WRITERS, **SCOPE),
    case(api("get", "/monev/recommendations/{rec_id}"), _api("recommendations/{pk}", "mv_rec"),
         ok=(*READERS, ("u_staff_yankes", 200)), no_role=NOT_READERS, **SCOPE),
    case(api("patch", "/monev/recommendations/{rec_id}"), _api("recommendations/{pk}", "mv_rec"), "patch",
         {"text": "Pelatihan dua hari"}, ok=("u_monev_chair", 200),
         no_role=(("u_staff_yankes", 403), *NOT_WRITERS), **SCOPE),
    case(api("post", "/monev/recommendations/{rec_id}/status"), _api("recommendations/{pk}/status", "mv_rec"), "post",
         {"status": "in_progress"}, ok=(("u_staff_yankes", 200), ("u_monev_chair", 200)), no_role=NOT_OWNERS, **SCOPE),
    case(api("post", "/monev/recommendations/{rec_id}/notes"), _api("recommendations/{pk}/notes", "mv_rec"), "post",
         {"note": "Minggu pertama"}, ok=(("u_staff_yankes", 201), ("u_monev_chair", 201)), no_role=NOT_OWNERS,
         **SCOPE),
    case(api("get", "/monev/training-needs"), _api("training-needs"), ok=READERS, no_role=("u_nobody", 200),
         **LIST, hidden=lambda w: w.mv_need.competency, note="a list of what the caller may read"),
    case(api("post", "/monev/recommendations/{rec_id}/training-needs"),
         _api("recommendations/{pk}/training-needs", "mv_rec"), "post",
         lambda w: {"competency": "Komunikasi efektif", "reason": "Keluhan", "target_unit_id": w.yankes.pk},
         ok=("u_monev_chair", 201), no_role=(("u_staff_yankes", 403), *NOT_WRITERS), **SCOPE),
    case(api("delete", "/monev/training-needs/{need_id}"), _api("training-needs/{pk}", "mv_need"), "delete",
         ok=("u_monev_chair", 204), no_role=(("u_staff_yankes", 403), *NOT_WRITERS), **SCOPE),
]
