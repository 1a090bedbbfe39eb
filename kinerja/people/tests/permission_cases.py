"""Permission cases of the people pages (directory, team, profile, the HR forms) and the employees API.

The profile of staff1 (Seksi Surveilans, Dinas Kesehatan) is the object: the BKPSDM admin, the Dinkes OPD
admin and the heads above staff1 may act on it; another OPD's admin and heads get 404, as does instance B.
"""

from django.urls import reverse

from kinerja.core.testing import make_nip
from kinerja.tests.permissions.harness import api, case

NEW_NIP = make_nip("19910505", "201801", 2, 777)


def counts():
    from kinerja.audit.models import AuditEvent
    from kinerja.people.models import Assignment, Employee

    return (list(Employee.objects.order_by("pk").values_list("pk", "name", "phone", "position_id", "is_active")),
            Assignment.objects.count(), AuditEvent.objects.count())


def db_state():
    from kinerja.api.testing import db_state

    return db_state()


def _url(name, obj="staff1"):
    return lambda w: reverse(f"people:{name}", args=[getattr(w, obj).pk])


def create_data(w):
    return {"kind": "PNS", "nip": NEW_NIP, "name": "Sri Rahayu", "grade": "III/a", "tmt_grade": "2019-04-01",
            "position": w.pos_data.pk, "tmt_position": "2021-01-04"}


def transfer_data(w):
    return {"position": w.pos_perawat.pk, "start_date": "2026-01-02"}


CHANGERS = (("u_admin_bkpsdm", 200), ("u_admin_opd", 200))
NO_ROLE = (("u_staff1", 403), ("u_kasi_surv", 403), ("u_auditor", 403), ("u_pimpinan", 403))
HR = {"unit": ("u_admin_opd_disdik", 404), "other": ("u_admin_b", 404), "state": counts}

CASES = [
    case("people:directory", reverse("people:directory"), ok=(("u_admin_bkpsdm", 200), ("u_monev", 200)),
         no_role=(("u_staff1", 200), ("u_nobody", 200)), unit=(("u_kadisdik", 200), ("u_admin_opd_disdik", 200)),
         other=("u_admin_b", 200), hidden=lambda w: w.staff1.name,
         note="everyone has the directory; it lists only their scope (themself at least)"),
    case("people:team", reverse("people:team"), ok=("u_kasi_surv", 200),
         no_role=(("u_staff1", 403), ("u_auditor", 403), ("u_nobody", 403)), unit=("u_kabid_yankes", 200),
         other=("u_kadinkes_b", 200), hidden=lambda w: w.staff1.name),
    case("people:me", reverse("people:me"), ok=("u_staff1", 200),
         no_role=(("u_nobody", 404), ("u_admin_bkpsdm", 404), ("u_root", 404)),
         unit="one's own record: no unit scope", other=("u_staff_b", 200), hidden=lambda w: w.staff1.name),
    case("people:profile", _url("profile"),
         ok=(("u_admin_bkpsdm", 200), ("u_admin_opd", 200), ("u_kadinkes", 200), ("u_kabid_p2p", 200),
             ("u_kasi_surv", 200), ("u_staff1", 200), ("u_monev", 200), ("u_auditor", 200), ("u_root", 200)),
         no_role=(("u_staff2", 404), ("u_nobody", 404)), unit=(("u_kabid_yankes", 404), ("u_kadisdik", 404)),
         other=("u_admin_b", 404)),
    case("people:create", reverse("people:create"), ok=CHANGERS,
         no_role=(("u_staff1", 403), ("u_kadinkes", 403), ("u_auditor", 403), ("u_monev", 403), ("u_nobody", 403)),
         unit="no object: the form offers only the positions of the admin's scope (people/tests)",
         other=("u_admin_b", 200), hidden=lambda w: "Pengelola Data"),
    case("people:create", reverse("people:create"), "post", create_data, ok=("u_admin_bkpsdm", 302),
         no_role=(("u_staff1", 403), ("u_kadinkes", 403), ("u_auditor", 403), ("u_monev", 403), ("u_nobody", 403)),
         unit=("u_admin_opd_disdik", 200), other=("u_admin_b", 200), state=counts,
         note="out of scope the chosen position is not a choice: a form error, nothing written"),
    case("people:edit", _url("edit"), ok=CHANGERS,
         no_role=(("u_staff1", 403), ("u_kasi_surv", 403), ("u_auditor", 403)),
         **HR),
    case("people:edit", _url("edit"), "post", lambda w: {"name": w.staff1.name, "phone": "1"},
         ok=("u_admin_opd", 302), no_role=(("u_staff1", 403), ("u_kasi_surv", 403)), **HR),
    # the same on Dinas Pendidikan: the Dinkes OPD admin is the other unit there
    case("people:edit", _url("edit", "staff_disdik"), ok=("u_admin_bkpsdm", 200), no_role=("u_staff_disdik", 403),
         unit=("u_admin_opd", 404), other=("u_admin_b", 404), state=counts),
    case("people:edit", _url("edit", "staff_disdik"), "post", lambda w: {"name": w.staff_disdik.name, "phone": "1"},
         ok=("u_admin_bkpsdm", 302), no_role=("u_staff_disdik", 403), unit=("u_admin_opd", 404),
         other=("u_admin_b", 404), state=counts),
    case("people:deactivate", _url("deactivate", "staff_disdik"), "post", {}, ok=("u_admin_bkpsdm", 302),
         no_role=("u_staff_disdik", 403), unit=("u_admin_opd", 404), other=("u_admin_b", 404), state=counts),
    case("people:transfer", _url("transfer"), ok=CHANGERS, no_role=NO_ROLE, **HR),
    case("people:transfer", _url("transfer"), "post", transfer_data, ok=("u_admin_bkpsdm", 302), no_role=NO_ROLE,
         **HR),
    case("people:acting", _url("acting"), ok=CHANGERS, no_role=(("u_staff1", 403), ("u_auditor", 403)), **HR),
    case("people:end_acting", lambda w: reverse("people:end_acting", args=[w.staff_yankes.pk, w.acting.pk]),
         ok=CHANGERS, no_role=(("u_staff1", 404), ("u_kabid_yankes", 403)), **HR),
    case("people:deactivate", _url("deactivate"), "post", {}, ok=("u_admin_opd", 302),
         no_role=(("u_staff1", 403), ("u_kasi_surv", 403), ("u_monev", 403)), **HR),
    case("people:reactivate", _url("reactivate"), "post", {}, ok=("u_admin_opd", 302),
         no_role=(("u_staff1", 403), ("u_kasi_surv", 403), ("u_monev", 403)), **HR),

    # API
    case(api("get", "/employees"), "/api/v1/employees", ok=("u_admin_bkpsdm", 200), no_role=("u_nobody", 200),
         unit=("u_kadisdik", 200), other=("u_admin_b", 200), hidden=lambda w: w.staff1.name),
    case(api("post", "/employees"), "/api/v1/employees", "post",
         lambda w: {"nip": NEW_NIP, "name": "Sri Rahayu", "position": w.pos_data.pk},
         ok=(("u_admin_bkpsdm", 201), ("u_admin_opd", 201)), no_role=(("u_staff1", 403), ("u_kadinkes", 403)),
         unit=("u_admin_opd_disdik", 403), other=("u_admin_b", 422), state=counts),
    case(api("get", "/employees/{employee_id}"), lambda w: f"/api/v1/employees/{w.staff1.pk}",
         ok=(("u_admin_opd", 200), ("u_kasi_surv", 200), ("u_staff1", 200)), no_role=("u_staff2", 404),
         unit=("u_kadisdik", 404), other=("u_admin_b", 404)),
    case(api("patch", "/employees/{employee_id}"), lambda w: f"/api/v1/employees/{w.staff1.pk}", "patch",
         {"phone": "0812"}, ok=("u_admin_opd", 200), no_role=(("u_staff1", 403), ("u_kasi_surv", 403)),
         **{**HR, "state": db_state}),
    case(api("patch", "/employees/{employee_id}"), lambda w: f"/api/v1/employees/{w.staff2.pk}", "patch",
         {"phone": "1"}, ok=("u_admin_opd", 200), no_role=("u_staff1", 404), **{**HR, "state": db_state}),
    case(api("patch", "/employees/{employee_id}"), lambda w: f"/api/v1/employees/{w.staff_disdik.pk}", "patch",
         {"phone": "1"}, ok=("u_admin_bkpsdm", 200), no_role=("u_staff_disdik", 403), unit=("u_admin_opd", 404),
         other=("u_admin_b", 404), state=db_state),
    case(api("get", "/employees/by-nip/{nip}"), lambda w: f"/api/v1/employees/by-nip/{w.staff1.nip}",
         ok=(("u_admin_opd", 200), ("u_staff1", 200)), no_role=(("u_staff2", 404), ("u_nobody", 404)),
         unit=(("u_kadisdik", 404), ("u_kabid_yankes", 404)), other=("u_admin_b", 404)),
    case(api("post", "/employees/{employee_id}/transfer"), lambda w: f"/api/v1/employees/{w.staff1.pk}/transfer",
         "post", lambda w: {"position": w.pos_perawat.pk, "start_date": "2026-01-02"}, ok=("u_admin_opd", 200),
         no_role=(("u_staff1", 403), ("u_kasi_surv", 403)), **HR),
    case(api("post", "/employees/{employee_id}/acting"), lambda w: f"/api/v1/employees/{w.staff1.pk}/acting",
         "post", lambda w: {"position": w.pos_kabid_p2p.pk, "kind": "plh", "start_date": "2026-01-05"},
         ok=("u_admin_opd", 201), no_role=(("u_staff1", 403), ("u_kasi_surv", 403)), **HR),
    case(api("post", "/employees/{employee_id}/deactivate"),
         lambda w: f"/api/v1/employees/{w.staff1.pk}/deactivate", "post", {}, ok=("u_admin_opd", 200),
         no_role=(("u_staff1", 403), ("u_kasi_surv", 403)), **{**HR, "state": db_state}),
    case(api("post", "/employees/{employee_id}/deactivate"),
         lambda w: f"/api/v1/employees/{w.staff_disdik.pk}/deactivate", "post", {}, ok=("u_admin_bkpsdm", 200),
         no_role=("u_staff_disdik", 403), unit=("u_admin_opd", 404), other=("u_admin_b", 404), state=db_state),
]
