"""Permission cases of the 360 pages and API.

Built per test (the harness world rolls back after each): ``_round(w)``, a round of the 2026 period over Dinas
Kesehatan created by the Dinkes OPD admin with its raters proposed (staff2 rates staff1 as a peer:
``_task(w)``), draft or open. Administrators: the Dinkes OPD admin and the BKPSDM admin; the Disdik OPD admin
(another unit) and instance B's admin get a 404 on the round and a list without it; an employee gets a 403 on
the admin lists and a 404 on an admin object. A task is its rater's only: anyone else, the ratee included,
gets a 404.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from kinerja.tests.permissions.harness import api, case

ADMINS = (("u_admin_opd", 200), ("u_admin_bkpsdm", 200))
NOT_ADMIN_LIST = (("u_staff1", 403), ("u_auditor", 403), ("u_nobody", 403))
NOT_ADMIN = (("u_staff1", 404), ("u_kasi_surv", 404), ("u_auditor", 404), ("u_nobody", 404))
SCOPE = {"unit": ("u_admin_opd_disdik", 404), "other": ("u_admin_b", 404)}
NAME = "Umpan balik 360 Dinkes"


def _round(w, status="draft"):
    from kinerja.feedback360 import services
    from kinerja.feedback360.models import Round

    cached = getattr(w, "_f360_round", None)
    if cached is None or not Round.objects.filter(pk=cached.pk).exists():
        today = timezone.localdate()
        cached = services.create_round(actor=w.u_admin_opd, period=w.period, unit=w.dinkes, name=NAME,
                                       opens_on=today - timedelta(days=1), closes_on=today + timedelta(days=10))
        services.propose_raters(actor=w.u_admin_opd, round_=cached)
        w._f360_round = cached
    cached.refresh_from_db()
    if status == "open" and cached.status == "draft":
        services.open_round(actor=w.u_admin_opd, round_=cached)
        cached.refresh_from_db()
    return cached


def _open(w):
    return _round(w, "open")


def _task(w, status="open"):
    from kinerja.feedback360.models import Assignment

    return Assignment.objects.get(round=_round(w, status), ratee=w.staff1, rater=w.staff2)


def _url(name, make=_round):
    return lambda w: reverse(f"feedback360:{name}", args=[make(w).pk])


def _api(path, make=_round):
    return lambda w: "/api/v1/360/" + path.format(pk=make(w).pk)


HIDDEN = lambda w: NAME  # noqa: E731
TASK_OTHERS = (("u_staff1", 404), ("u_kasi_surv", 404), ("u_admin_opd", 404), ("u_nobody", 404))
ANSWER = {"akuntabel": "4", "kompeten": "5", "comment": "Teliti."}

CASES = [
    case("feedback360:tasks", reverse("feedback360:tasks"), ok=(("u_staff2", 200), ("u_staff1", 200)),
         no_role=("u_nobody", 200), unit="everyone's own list: the questionnaires they answer",
         other=("u_staff_b", 200)),
    case("feedback360:answer", _url("answer", _task), ok=("u_staff2", 200), no_role=TASK_OTHERS,
         unit="one's own questionnaire", other=("u_staff_b", 404)),
    case("feedback360:answer", _url("answer", _task), "post", ANSWER, ok=("u_staff2", 302), no_role=TASK_OTHERS,
         unit="one's own questionnaire", other=("u_staff_b", 404)),
    case("feedback360:results", reverse("feedback360:results"), ok=(("u_staff1", 200), ("u_kasi_surv", 200)),
         no_role=("u_nobody", 200), unit="one's own results", other=("u_staff_b", 200)),
    case("feedback360:rounds", lambda w: _round(w) and reverse("feedback360:rounds"), ok=ADMINS,
         no_role=NOT_ADMIN_LIST, unit=("u_admin_opd_disdik", 200), other=("u_admin_b", 200), hidden=HIDDEN,
         note="a list of the rounds the admin manages"),
    case("feedback360:round-add", reverse("feedback360:round-add"), ok=ADMINS, no_role=NOT_ADMIN_LIST,
         unit="the form offers the admin's own units", other=("u_admin_b", 200)),
    case("feedback360:round-add", reverse("feedback360:round-add"), "post",
         lambda w: {"period": w.period.pk, "unit": w.p2p.pk, "opens_on": "2026-11-01", "closes_on": "2026-11-30"},
         ok=("u_admin_opd", 302), no_role=NOT_ADMIN_LIST, unit=("u_admin_opd_disdik", 400),
         other=("u_admin_b", 400), note="another unit's or instance's unit or period is not a choice (400)"),
    case("feedback360:round", _url("round"), ok=ADMINS, no_role=NOT_ADMIN, **SCOPE),
    case("feedback360:round-propose", _url("round-propose"), "post", ok=("u_admin_opd", 302), no_role=NOT_ADMIN,
         **SCOPE),
    case("feedback360:round-open", _url("round-open"), "post", ok=("u_admin_opd", 302), no_role=NOT_ADMIN,
         **SCOPE),
    case("feedback360:round-close", _url("round-close", _open), "post", ok=("u_admin_opd", 302),
         no_role=NOT_ADMIN, **SCOPE),
    case("feedback360:rater-add", _url("rater-add"), "post",
         lambda w: {"ratee_nip": w.staff1.nip, "rater_nip": w.kadinkes.nip, "relation": "peer"},
         ok=("u_admin_opd", 302), no_role=NOT_ADMIN, **SCOPE),
    case("feedback360:rater-remove", _url("rater-remove", lambda w: _task(w, "draft")), "post",
         ok=("u_admin_opd", 302), no_role=NOT_ADMIN, **SCOPE),

    # API
    case(api("get", "/360/rounds"), lambda w: _round(w) and "/api/v1/360/rounds", ok=ADMINS,
         no_role=NOT_ADMIN_LIST, unit=("u_admin_opd_disdik", 200), other=("u_admin_b", 200), hidden=HIDDEN),
    case(api("post", "/360/rounds"), "/api/v1/360/rounds", "post",
         lambda w: {"period_id": w.period.pk, "unit_id": w.p2p.pk, "opens_on": "2026-11-01",
                    "closes_on": "2026-11-30"},
         ok=("u_admin_opd", 201), no_role=NOT_ADMIN_LIST, unit=("u_admin_opd_disdik", 403),
         other=("u_admin_b", 422), note="another instance's period is not found (422)"),
    case(api("get", "/360/rounds/{round_id}"), _api("rounds/{pk}"), ok=ADMINS, no_role=NOT_ADMIN, **SCOPE),
    case(api("post", "/360/rounds/{round_id}/propose"), _api("rounds/{pk}/propose"), "post",
         ok=("u_admin_opd", 200), no_role=NOT_ADMIN, **SCOPE),
    case(api("post", "/360/rounds/{round_id}/open"), _api("rounds/{pk}/open"), "post", ok=("u_admin_opd", 200),
         no_role=NOT_ADMIN, **SCOPE),
    case(api("post", "/360/rounds/{round_id}/close"), _api("rounds/{pk}/close", _open), "post",
         ok=("u_admin_opd", 200), no_role=NOT_ADMIN, **SCOPE),
    case(api("get", "/360/rounds/{round_id}/assignments"), _api("rounds/{pk}/assignments"), ok=ADMINS,
         no_role=NOT_ADMIN, **SCOPE),
    case(api("post", "/360/rounds/{round_id}/assignments"), _api("rounds/{pk}/assignments"), "post",
         lambda w: {"ratee_id": w.staff1.pk, "rater_id": w.kadinkes.pk, "relation": "peer"},
         ok=("u_admin_opd", 201), no_role=NOT_ADMIN, **SCOPE),
    case(api("delete", "/360/assignments/{assignment_id}"), _api("assignments/{pk}", lambda w: _task(w, "draft")),
         "delete", ok=("u_admin_opd", 204), no_role=NOT_ADMIN, **SCOPE),
    case(api("get", "/360/tasks"), lambda w: _open(w) and "/api/v1/360/tasks", ok=("u_staff2", 200),
         no_role=("u_nobody", 200), unit="everyone's own list", other=("u_staff_b", 200)),
    case(api("post", "/360/tasks/{assignment_id}/answer"), _api("tasks/{pk}/answer", _task), "post",
         {"scores": {"akuntabel": 4}, "comment": "Teliti."}, ok=("u_staff2", 204), no_role=TASK_OTHERS,
         unit="one's own questionnaire", other=("u_staff_b", 404)),
    case(api("get", "/360/results"), "/api/v1/360/results", ok=(("u_staff1", 200), ("u_kasi_surv", 200)),
         no_role=("u_nobody", 200), unit="one's own results", other=("u_staff_b", 200)),
]
