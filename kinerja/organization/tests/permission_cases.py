"""Permission cases of the organisation pages (tree, units, positions) and the units/positions API."""

from django.urls import reverse

from kinerja.tests.permissions.harness import api, case

INSTANCE = "instance-wide: every user of the instance reads its organisation tree"


def counts():
    from kinerja.audit.models import AuditEvent
    from kinerja.organization.models import Position, Unit

    return (list(Unit.objects.order_by("pk").values_list("pk", "name", "path")),
            list(Position.objects.order_by("pk").values_list("pk", "name")), AuditEvent.objects.count())


def db_state():
    from kinerja.api.testing import db_state

    return db_state()


def _url(name, obj="dinkes"):
    return lambda w: reverse(f"organization:{name}", args=[getattr(w, obj).pk])


UNIT_FORM = {"name": "X", "kind": "seksi"}
# The unit forms: the BKPSDM admin and the OPD admin of the unit's subtree; another OPD's admin 403 (the unit
# is visible to the whole instance), another instance 404.
FORMS = []
for _name in ("unit_add_child", "unit_edit", "unit_move", "position_add"):
    for _method, _data in (("get", None), ("post", UNIT_FORM)):
        FORMS.append(case(
            f"organization:{_name}", _url(_name), _method, _data,
            ok=(("u_admin_bkpsdm", 200), ("u_admin_opd", 200)) if _method == "get" else (
                ("u_admin_bkpsdm", 200 if _name == "position_add" else 302),),
            no_role=(("u_staff1", 403), ("u_kadinkes", 403), ("u_auditor", 403)),
            unit=("u_admin_opd_disdik", 403), other=("u_admin_b", 404), state=counts))

# The same forms on Dinas Pendidikan: the Dinkes OPD admin is the other unit there.
for _name in ("unit_add_child", "unit_edit", "unit_move", "position_add"):
    FORMS.append(case(f"organization:{_name}", _url(_name, "disdik"), ok=("u_admin_bkpsdm", 200),
                      no_role=("u_staff_disdik", 403), unit=("u_admin_opd", 403), other=("u_admin_b", 404)))

CASES = [
    case("organization:tree", reverse("organization:tree"),
         ok=(("u_staff1", 200), ("u_nobody", 200), ("u_auditor", 200), ("u_admin_opd", 200), ("u_kadisdik", 200)),
         no_role=("u_nobody", 200), unit=INSTANCE, other=("u_admin_b", 200), hidden=lambda w: w.kadinkes.name),
    case("organization:tree_children", _url("tree_children"), ok=("u_staff1", 200), no_role=("u_nobody", 200),
         unit=INSTANCE, other=("u_admin_b", 404)),
    case("organization:tree_search", reverse("organization:tree_search"), data={"q": "Dinas"},
         ok=("u_staff1", 200), no_role=("u_nobody", 200), unit=INSTANCE, other=("u_admin_b", 200),
         hidden=lambda w: "Dinas Pendidikan"),
    case("organization:unit", _url("unit"), ok=(("u_staff1", 200), ("u_admin_opd", 200)), no_role=("u_nobody", 200),
         unit=INSTANCE, other=(("u_admin_b", 404), ("u_staff_b", 404))),
    case("organization:unit_add", reverse("organization:unit_add"), ok=("u_admin_bkpsdm", 200),
         no_role=(("u_staff1", 403), ("u_kadinkes", 403), ("u_auditor", 403)), unit=("u_admin_opd", 403),
         other=("u_admin_b", 200), hidden=lambda w: "Dinas Pendidikan",
         note="a top-level unit is the BKPSDM admin's; another instance's admin adds to their own instance"),
    case("organization:unit_add", reverse("organization:unit_add"), "post", UNIT_FORM, ok=("u_admin_bkpsdm", 302),
         no_role=(("u_staff1", 403), ("u_auditor", 403)), unit=("u_admin_opd", 403), other=("u_admin_b", 302),
         state=counts),
    *FORMS,
    case("organization:positions", reverse("organization:positions"),
         ok=(("u_admin_bkpsdm", 200), ("u_admin_opd", 200)),
         no_role=(("u_staff1", 403), ("u_kadinkes", 403), ("u_auditor", 403), ("u_pimpinan", 403), ("u_nobody", 403)),
         unit=("u_admin_opd_disdik", 200), other=("u_admin_b", 200), hidden=lambda w: "Kepala Seksi Surveilans"),
    case("organization:position_edit", _url("position_edit", "pos_data"),
         ok=(("u_admin_bkpsdm", 200), ("u_admin_opd", 200)), no_role=(("u_staff1", 403), ("u_kasi_surv", 403)),
         unit=("u_admin_opd_disdik", 403), other=("u_admin_b", 404), state=counts),
    case("organization:position_edit", _url("position_edit", "pos_kadisdik"), ok=("u_admin_bkpsdm", 200),
         no_role=("u_kadisdik", 403), unit=("u_admin_opd", 403), other=("u_admin_b", 404)),
    case("organization:unit", _url("unit", "dinkes_b"), ok=("u_staff_b", 200), no_role=("u_nobody", 404),
         unit=INSTANCE, other=("u_staff1", 404)),
    case("organization:position_edit", _url("position_edit", "pos_data"), "post",
         {"name": "Pengolah Data", "kind": "pelaksana"}, ok=("u_admin_bkpsdm", 200),
         no_role=(("u_staff1", 403), ("u_kasi_surv", 403)), unit=("u_admin_opd_disdik", 403),
         other=("u_admin_b", 404), state=counts),

    # API
    case(api("get", "/instances/current"), "/api/v1/instances/current", ok=("u_staff1", 200),
         no_role=(("u_nobody", 200), ("u_root", 404)), unit=INSTANCE, other=("u_staff_b", 200),
         hidden=lambda w: w.a.name, note="a platform operator belongs to no instance: 404"),
    case(api("get", "/units"), "/api/v1/units", ok=("u_staff1", 200), no_role=("u_nobody", 200), unit=INSTANCE,
         other=("u_admin_b", 200), hidden=lambda w: "Bidang P2P"),
    case(api("post", "/units"), "/api/v1/units", "post", lambda w: {"name": "Seksi Baru", "kind": "seksi",
                                                                    "parent": w.surv.pk},
         ok=(("u_admin_bkpsdm", 201), ("u_admin_opd", 201)), no_role=(("u_staff1", 403), ("u_auditor", 403)),
         unit=("u_admin_opd_disdik", 403), other=("u_admin_b", 422), state=db_state),
    case(api("post", "/units"), "/api/v1/units", "post",
         lambda w: {"name": "X", "kind": "seksi", "parent": w.disdik.pk},
         ok=("u_admin_bkpsdm", 201), no_role=("u_staff_disdik", 403), unit=("u_admin_opd", 403),
         other=("u_admin_b", 422), state=db_state),
    case(api("post", "/units"), "/api/v1/units", "post", {"name": "X", "kind": "dinas", "parent": None},
         ok=("u_admin_bkpsdm", 201), no_role=("u_staff1", 403), unit=("u_admin_opd", 403),
         other=("u_admin_b", 201), state=db_state,
         note="a top-level unit is the BKPSDM admin's; another instance's admin adds to their own"),
    case(api("get", "/units/{unit_id}"), lambda w: f"/api/v1/units/{w.surv.pk}", ok=("u_staff1", 200),
         no_role=("u_nobody", 200), unit=INSTANCE, other=("u_admin_b", 404)),
    case(api("patch", "/units/{unit_id}"), lambda w: f"/api/v1/units/{w.surv.pk}", "patch", {"name": "Seksi S"},
         ok=(("u_admin_bkpsdm", 200), ("u_admin_opd", 200)),
         no_role=(("u_staff1", 403), ("u_kasi_surv", 403), ("u_kadinkes", 403)),
         unit=("u_admin_opd_disdik", 403), other=("u_admin_b", 404), state=db_state),
    case(api("patch", "/units/{unit_id}"), lambda w: f"/api/v1/units/{w.disdik.pk}", "patch", {"name": "X"},
         ok=("u_admin_bkpsdm", 200), no_role=("u_staff_disdik", 403), unit=("u_admin_opd", 403),
         other=("u_admin_b", 404), state=db_state),
    case(api("get", "/units/{unit_id}/children"), lambda w: f"/api/v1/units/{w.dinkes.pk}/children",
         ok=("u_staff1", 200), no_role=("u_nobody", 200), unit=INSTANCE, other=("u_admin_b", 404)),
    case(api("post", "/units/{unit_id}/move"), lambda w: f"/api/v1/units/{w.surv.pk}/move", "post",
         lambda w: {"parent": w.yankes.pk}, ok=(("u_admin_bkpsdm", 200), ("u_admin_opd", 200)),
         no_role=(("u_staff1", 403), ("u_kasi_surv", 403)), unit=("u_admin_opd_disdik", 403),
         other=("u_admin_b", 404)),
    case(api("get", "/positions"), "/api/v1/positions", ok=("u_staff1", 200), no_role=("u_nobody", 200),
         unit=INSTANCE, other=("u_admin_b", 200), hidden=lambda w: "Kepala Seksi Surveilans"),
    case(api("post", "/positions"), "/api/v1/positions", "post",
         lambda w: {"unit": w.surv.pk, "name": "Epidemiolog", "kind": "FUNGSIONAL"},
         ok=(("u_admin_bkpsdm", 201), ("u_admin_opd", 201)), no_role=(("u_staff1", 403), ("u_kasi_surv", 403)),
         unit=("u_admin_opd_disdik", 403), other=("u_admin_b", 422)),
    case(api("get", "/positions/{position_id}"), lambda w: f"/api/v1/positions/{w.pos_data.pk}",
         ok=("u_staff1", 200), no_role=("u_nobody", 200), unit=INSTANCE, other=("u_admin_b", 404)),
    case(api("patch", "/positions/{position_id}"), lambda w: f"/api/v1/positions/{w.pos_data.pk}", "patch",
         {"name": "Pengolah Data"}, ok=(("u_admin_bkpsdm", 200), ("u_admin_opd", 200)),
         no_role=(("u_staff1", 403), ("u_kasi_surv", 403)), unit=("u_admin_opd_disdik", 403),
         other=("u_admin_b", 404), state=db_state),
    case(api("patch", "/positions/{position_id}"), lambda w: f"/api/v1/positions/{w.pos_kadisdik.pk}", "patch",
         {"name": "X"}, ok=("u_admin_bkpsdm", 200), no_role=("u_kadisdik", 403), unit=("u_admin_opd", 403),
         other=("u_admin_b", 404), state=db_state),
]
