"""Permission cases of the SKP pages (own, team, monitoring, periods, templates, the editor, the workflow,
the documents) and the SKP API.

The SKP of the editor cases is staff1's draft ``skp1`` (evaluator kasi_surv): staff1 changes it; the
evaluator and the heads above see it (403 on a change); a colleague (staff2), another unit's head and
another instance get 404. Workflow steps use the SKP in the right state: ``skp2`` (staff2's, submitted to
kasi_surv) and ``skp_kasi`` (kasi_surv's, approved by kabid_p2p).
"""

from django.urls import reverse

from kinerja.tests.permissions.harness import api, case

INSTANCE_ADMIN = "instance-wide: periods and templates are the BKPSDM admin's, with no unit scope"
ADMIN_NO_ROLE = (("u_staff1", 403), ("u_admin_opd", 403), ("u_kadinkes", 403), ("u_monev", 403))


def state():
    from kinerja.audit.models import AuditEvent
    from kinerja.skp.models import Iki, Rhk, Skp

    return (list(Skp.objects.order_by("pk").values_list("pk", "status", "lock_version")),
            list(Rhk.objects.order_by("pk").values_list("pk", "text")), Iki.objects.count(),
            AuditEvent.objects.count())


def _skp(name, obj="skp1", *extra):
    return lambda w: reverse(f"skp:{name}", args=[getattr(w, obj).pk, *(e(w) if callable(e) else e for e in extra)])


def lock(obj="skp1"):
    def data(w):
        from kinerja.skp.models import Skp

        return {"lock_version": Skp.objects.values_list("lock_version", flat=True).get(pk=getattr(w, obj).pk)}
    return data


def with_lock(obj="skp1", **extra):
    return lambda w: {**lock(obj)(w), **extra}


def rhk(w):
    return w.rhk1.pk


def iki(w):
    return w.iki1.pk


def without_reports(key):
    """The RHK/IKI to delete, its progress reports removed first (inside the case's transaction): an IKI with
    reports is not deleted (progress's delete guard; kinerja/progress/tests/test_delete_guard.py)."""
    def value(w):
        from kinerja.progress.models import Report

        Report.objects.filter(iki__rhk=w.rhk1).delete()
        return key(w)
    return value


# staff1's own draft: staff1 changes it; the evaluator sees it (403); a colleague 404; another unit's head 404
OWN_EDIT = {"ok": ("u_staff1", 200),
            "no_role": (("u_kasi_surv", 403), ("u_monev", 403), ("u_auditor", 403), ("u_staff2", 404)),
            "unit": ("u_kadisdik", 404), "other": (("u_admin_b", 404), ("u_staff_b", 404)), "state": state}
OWN_POST = {**OWN_EDIT, "ok": ("u_staff1", 302)}
VIEW = {"ok": (("u_staff1", 200), ("u_kasi_surv", 200), ("u_kabid_p2p", 200), ("u_kadinkes", 200),
               ("u_admin_opd", 200), ("u_admin_bkpsdm", 200), ("u_monev", 200), ("u_auditor", 200)),
        "no_role": (("u_staff2", 404), ("u_nobody", 404)),
        "unit": (("u_kadisdik", 404), ("u_staff_yankes", 404), ("u_admin_opd_disdik", 404)),
        "other": (("u_admin_b", 404), ("u_staff_b", 404))}
DOCUMENT = {**VIEW, "unit": (*VIEW["unit"], ("u_kabid_yankes", 404), ("u_staff_disdik", 404))}
EXPORT_NO_ROLE = (("u_staff1", 403), ("u_kadinkes", 403), ("u_auditor", 403), ("u_nobody", 403))

CASES = [
    case("skp:mine", reverse("skp:mine"), ok=("u_staff1", 200), no_role=("u_nobody", 404),
         unit="one's own SKP", other=("u_staff_b", 200), hidden=lambda w: w.rhk1.text),
    case("skp:create", reverse("skp:create"), "post", lambda w: {"period": w.period.pk}, ok=("u_staff_yankes", 302),
         no_role=("u_nobody", 404), unit="one's own SKP", other=("u_staff_b", 404), state=state),
    case("skp:team", reverse("skp:team"), ok=("u_kasi_surv", 200),
         no_role=(("u_staff1", 403), ("u_auditor", 403), ("u_admin_bkpsdm", 403), ("u_monev", 403),
                  ("u_nobody", 403)), unit=("u_kabid_yankes", 200),
         other=("u_kadinkes_b", 200), hidden=lambda w: w.staff1.name),
    case("skp:monitoring", reverse("skp:monitoring"), ok=(("u_admin_bkpsdm", 200), ("u_admin_opd", 200)),
         no_role=(("u_staff1", 403), ("u_kasi_surv", 403), ("u_nobody", 403)), unit=("u_admin_opd_disdik", 200),
         other=("u_admin_b", 200), hidden=lambda w: w.staff1.name),
    case("skp:set_for", reverse("skp:set_for"), "post",
         lambda w: {"employee": w.staff_yankes.pk, "period": w.period.pk}, ok=("u_admin_opd", 302),
         no_role=(("u_kabid_yankes", 403), ("u_staff1", 404)), unit=("u_admin_opd_disdik", 404),
         other=("u_admin_b", 404), state=state),
    case("skp:periods", reverse("skp:periods"), ok=("u_admin_bkpsdm", 200), no_role=ADMIN_NO_ROLE,
         unit=INSTANCE_ADMIN, other=("u_admin_b", 200)),
    case("skp:periods", reverse("skp:periods"), "post", {"year": "2030"}, ok=("u_admin_bkpsdm", 302),
         no_role=ADMIN_NO_ROLE, unit=INSTANCE_ADMIN, other=("u_admin_b", 302)),
    case("skp:signing_place", reverse("skp:signing_place"), "post", {"city": "Palembang"},
         ok=("u_admin_bkpsdm", 302), no_role=ADMIN_NO_ROLE, unit=INSTANCE_ADMIN, other=("u_admin_b", 302)),
    case("skp:period_close", lambda w: reverse("skp:period_close", args=[w.period.pk]), "post", {"closed": "1"},
         ok=("u_admin_bkpsdm", 302), no_role=ADMIN_NO_ROLE, unit=INSTANCE_ADMIN, other=("u_admin_b", 404)),
    case("skp:templates", reverse("skp:templates"), ok=("u_admin_bkpsdm", 200), no_role=ADMIN_NO_ROLE,
         unit=INSTANCE_ADMIN, other=("u_admin_b", 200), hidden=lambda w: w.template.name),
    case("skp:template_create", reverse("skp:template_create"), ok=("u_admin_bkpsdm", 200), no_role=ADMIN_NO_ROLE,
         unit=INSTANCE_ADMIN, other=("u_admin_b", 200)),
    case("skp:template_edit", lambda w: reverse("skp:template_edit", args=[w.template.pk]), ok=("u_admin_bkpsdm", 200),
         no_role=ADMIN_NO_ROLE, unit=INSTANCE_ADMIN, other=("u_admin_b", 404)),

    case("skp:detail", _skp("detail"), **VIEW),
    case("skp:edit", _skp("edit"), **{**OWN_EDIT, "ok": (("u_staff1", 200), ("u_admin_bkpsdm", 200),
                                                          ("u_admin_opd", 200))}),
    case("skp:section", _skp("section", "skp1", "rhks"), **OWN_EDIT),
    case("skp:rhk_add", _skp("rhk_add"), **OWN_EDIT),
    case("skp:rhk_add", _skp("rhk_add"), "post", lambda w: {**lock()(w), "text": "RHK baru", "group": "utama"},
         **OWN_POST),
    case("skp:rhk_edit", _skp("rhk_edit", "skp1", rhk), **OWN_EDIT),
    case("skp:rhk_delete", _skp("rhk_delete", "skp1", without_reports(rhk)), "post", lock(), **OWN_POST),
    case("skp:seen", _skp("seen", "skp1", rhk), "post", **OWN_POST),
    case("skp:iki_add", _skp("iki_add", "skp1", rhk), **OWN_EDIT),
    case("skp:iki_edit", _skp("iki_edit", "skp1", iki), **OWN_EDIT),
    case("skp:iki_delete", _skp("iki_delete", "skp1", without_reports(iki)), "post", lock(), **OWN_POST),
    case("skp:appendix", _skp("appendix", "skp1", "resources"), **OWN_EDIT),
    case("skp:expectations", _skp("expectations"), ok=("u_kasi_surv", 200),
         no_role=(("u_staff1", 403), ("u_monev", 403), ("u_staff2", 404)), unit=("u_kadisdik", 404),
         other=(("u_admin_b", 404), ("u_staff_b", 404)),
         note="the expectations (ekspektasi) are the evaluator's to write"),
    case("skp:copy", _skp("copy"), "post", lock(), **OWN_POST),
    case("skp:template", _skp("template"), "post", lambda w: {**lock()(w), "template": w.template.pk}, **OWN_POST),
    case("skp:submit", _skp("submit"), "post", lock(), **OWN_POST),
    case("skp:withdraw", _skp("withdraw", "skp2"), "post", lock("skp2"), ok=("u_staff2", 302),
         no_role=(("u_kasi_surv", 403), ("u_staff1", 404)), unit=("u_kadisdik", 404), other=("u_admin_b", 404),
         state=state),
    case("skp:approve", _skp("approve", "skp2"), "post", lambda w: {**lock("skp2")(w), "confirmed": "1"},
         ok=("u_kasi_surv", 302), no_role=(("u_staff2", 302), ("u_admin_bkpsdm", 403), ("u_staff1", 404)),
         unit=("u_kadisdik", 404), other=("u_admin_b", 404), state=state, refused=(302, 403, 404),
         note="the owner is refused with a message on the SKP page (a redirect), nothing written"),
    case("skp:approve", _skp("approve", "skp2"), ok=("u_kasi_surv", 200),
         no_role=(("u_staff2", 302), ("u_staff1", 404)), unit=("u_kadisdik", 404), other=("u_admin_b", 404),
         note="GET: the confirmation page; to anyone who may not approve, the SKP page says it is not available"),
    case("skp:return", _skp("return", "skp2"), ok=("u_kasi_surv", 200),
         no_role=(("u_staff2", 302), ("u_staff1", 404)), unit=("u_kadisdik", 404), other=("u_admin_b", 404)),
    case("skp:revise", _skp("revise", "skp_kasi"), ok=("u_kasi_surv", 200),
         no_role=(("u_staff1", 404),), unit=("u_kadisdik", 404), other=("u_admin_b", 404)),
    case("skp:revise", _skp("revise", "skp_kasi"), "post", with_lock("skp_kasi", reason="Mutasi"),
         ok=("u_kasi_surv", 302), no_role=(("u_monev", 403), ("u_staff1", 404)), unit=("u_kadisdik", 404),
         other=("u_admin_b", 404), state=state),

    case("skp_documents:pdf", lambda w: reverse("skp_documents:pdf", args=[w.skp1.pk]), **DOCUMENT),
    case("skp_documents:xlsx", lambda w: reverse("skp_documents:xlsx", args=[w.skp1.pk]), **DOCUMENT),
    case("skp_documents:export", reverse("skp_documents:export"), ok=(("u_admin_bkpsdm", 200), ("u_admin_opd", 200)),
         no_role=EXPORT_NO_ROLE, unit=("u_admin_opd_disdik", 200),
         other=("u_admin_b", 200), hidden=lambda w: "Bidang P2P"),
    case("skp_documents:export", reverse("skp_documents:export"), "post",
         lambda w: {"period": w.period.pk, "unit": w.p2p.pk, "language": "id"}, ok=("u_admin_opd", 302),
         no_role=EXPORT_NO_ROLE, unit=("u_admin_opd_disdik", 404),
         other=("u_admin_b", 404)),
]


def _a(path):
    """An API path with ``{skp1}``, ``{skp2}``, ``{skp_kasi}``, ``{rhk}``, ``{iki}``, ``{period}``, ``{template}``."""
    return lambda w: "/api/v1" + path.format(skp1=w.skp1.pk, skp2=w.skp2.pk, skp_kasi=w.skp_kasi.pk, rhk=w.rhk1.pk,
                                             iki=w.iki1.pk, period=w.period.pk, template=w.template.pk)


API_OWN = {"ok": ("u_staff1", 200), "no_role": (("u_kasi_surv", 403), ("u_staff2", 404)),
           "unit": ("u_kadisdik", 404), "other": ("u_admin_b", 404), "state": state}
API_VIEW = {**VIEW, "state": None}
TEMPLATE_CONTENT = [{"group": "utama", "text": "Tersusunnya laporan", "ikis": [
    {"text": "Jumlah laporan", "aspect": "kuantitas", "target_kind": "number", "target_value": "12",
     "measure_unit": "laporan"}]}]

CASES += [
    case(api("get", "/skp/periods"), "/api/v1/skp/periods", ok=("u_staff1", 200), no_role=("u_nobody", 200),
         unit="instance-wide: every user of the instance reads its periods", other=("u_staff_b", 200),
         hidden=lambda w: f'"id": {w.period.pk},'),
    case(api("post", "/skp/periods"), "/api/v1/skp/periods", "post", {"year": 2030}, ok=("u_admin_bkpsdm", 201),
         no_role=ADMIN_NO_ROLE, unit=INSTANCE_ADMIN, other=("u_admin_b", 201)),
    case(api("post", "/skp/periods/{period_id}/close"), _a("/skp/periods/{period}/close"), "post", {"closed": True},
         ok=("u_admin_bkpsdm", 200), no_role=ADMIN_NO_ROLE, unit=INSTANCE_ADMIN, other=("u_admin_b", 404)),
    case(api("get", "/skp/templates"), "/api/v1/skp/templates", ok=(("u_admin_bkpsdm", 200), ("u_staff1", 200)),
         no_role=("u_nobody", 200), unit="instance-wide: every user of the instance reads the templates (the API; "
                                          "the templates page is the BKPSDM admin's)",
         other=("u_admin_b", 200), hidden=lambda w: w.template.name),
    case(api("post", "/skp/templates"), "/api/v1/skp/templates", "post",
         {"name": "Perawat", "content": TEMPLATE_CONTENT}, ok=("u_admin_bkpsdm", 201), no_role=ADMIN_NO_ROLE,
         unit=INSTANCE_ADMIN, other=("u_admin_b", 201)),
    case(api("patch", "/skp/templates/{template_id}"), _a("/skp/templates/{template}"), "patch", {"name": "PD"},
         ok=("u_admin_bkpsdm", 200), no_role=ADMIN_NO_ROLE, unit=INSTANCE_ADMIN, other=("u_admin_b", 404)),
    case(api("get", "/skp/overdue"), "/api/v1/skp/overdue", data=lambda w: {"period": w.period.pk},
         ok=(("u_admin_bkpsdm", 200), ("u_admin_opd", 200)),
         no_role=(("u_staff1", 403), ("u_nobody", 403)), unit=("u_admin_opd_disdik", 200), other=("u_admin_b", 404),
         ),
    case(api("get", "/skp"), "/api/v1/skp", ok=(("u_staff1", 200), ("u_kasi_surv", 200)), no_role=("u_staff2", 200),
         unit=("u_kadisdik", 200), other=("u_admin_b", 200), hidden=lambda w: w.rhk1.text,
         note="everyone lists the SKPs they may see"),
    case(api("post", "/skp"), "/api/v1/skp", "post", lambda w: {"employee": w.staff_yankes.pk, "period": w.period.pk},
         ok=(("u_staff_yankes", 201), ("u_admin_opd", 201), ("u_kabid_yankes", 201)),
         no_role=(("u_staff1", 422), ("u_auditor", 403)), unit=("u_admin_opd_disdik", 422),
         other=("u_admin_b", 422), state=state, refused=(403, 404, 422),
         note="for oneself, as the evaluator for a subordinate, or as HR admin; an employee one may not see is an "
              "unknown id in the body (422)"),
    case(api("get", "/skp/{skp_id}"), _a("/skp/{skp1}"), **API_VIEW),
    case(api("get", "/skp/{skp_id}/allowed-parents"), _a("/skp/{skp1}/allowed-parents"), **API_VIEW),
    case(api("get", "/skp/{skp_id}/versions"), _a("/skp/{skp2}/versions"), ok=(("u_staff2", 200), ("u_kasi_surv", 200)),
         no_role=("u_staff1", 404), unit=("u_kadisdik", 404), other=("u_admin_b", 404)),
    case(api("get", "/skp/{skp_id}/versions/{number}"), lambda w: f"/api/v1/skp/{w.skp_kasi.pk}/versions/1",
         ok=(("u_kasi_surv", 200), ("u_kabid_p2p", 200)), no_role=("u_staff1", 404), unit=("u_kadisdik", 404),
         other=("u_admin_b", 404)),
    case(api("post", "/skp/{skp_id}/copy-previous"), _a("/skp/{skp1}/copy-previous"), "post", with_lock(),
         **{**API_OWN, "ok": ("u_staff1", 422)},
         note="no previous SKP: a 422 from the service, after its permission check"),
    case(api("post", "/skp/{skp_id}/apply-template"), _a("/skp/{skp1}/apply-template"), "post",
         lambda w: {**lock()(w), "template": w.template.pk}, **API_OWN),
    case(api("put", "/skp/{skp_id}/appendix/{kind}"), _a("/skp/{skp1}/appendix/resources"), "put",
         with_lock(lines=["Anggaran"]), **API_OWN),
    case(api("put", "/skp/{skp_id}/expectations"), _a("/skp/{skp1}/expectations"), "put",
         with_lock(expectations={"berorientasi_pelayanan": "Ramah"}), ok=("u_kasi_surv", 200),
         no_role=(("u_staff1", 403), ("u_staff2", 404)), unit=("u_kadisdik", 404), other=("u_admin_b", 404),
         state=state),
    case(api("post", "/skp/{skp_id}/submit"), _a("/skp/{skp1}/submit"), "post", with_lock(), **API_OWN),
    case(api("post", "/skp/{skp_id}/withdraw"), _a("/skp/{skp2}/withdraw"), "post", with_lock("skp2"),
         ok=("u_staff2", 200), no_role=(("u_kasi_surv", 403), ("u_staff1", 404)), unit=("u_kadisdik", 404),
         other=("u_admin_b", 404), state=state),
    case(api("post", "/skp/{skp_id}/return"), _a("/skp/{skp2}/return"), "post", with_lock("skp2", reason="Perbaiki"),
         ok=("u_kasi_surv", 200), no_role=(("u_staff2", 422), ("u_staff1", 404)), unit=("u_kadisdik", 404),
         other=("u_admin_b", 404), state=state, refused=(403, 404, 422), note="the owner: a 422 saying why"),
    case(api("post", "/skp/{skp_id}/approve"), _a("/skp/{skp2}/approve"), "post", with_lock("skp2"),
         ok=("u_kasi_surv", 200), no_role=(("u_staff2", 422), ("u_admin_bkpsdm", 403), ("u_staff1", 404)),
         unit=("u_kadisdik", 404), other=("u_admin_b", 404), state=state, refused=(403, 404, 422),
         note="the owner: a 422 saying why"),
    case(api("post", "/skp/{skp_id}/revise"), _a("/skp/{skp_kasi}/revise"), "post",
         with_lock("skp_kasi", reason="Mutasi"), ok=("u_kasi_surv", 200), no_role=("u_staff1", 404),
         unit=("u_kadisdik", 404), other=("u_admin_b", 404), state=state),
    case(api("post", "/skp/{skp_id}/rhk"), _a("/skp/{skp1}/rhk"), "post", with_lock(text="RHK baru"),
         **{**API_OWN, "ok": ("u_staff1", 201)}),
    case(api("patch", "/skp/rhk/{rhk_id}"), _a("/skp/rhk/{rhk}"), "patch", with_lock(text="RHK diubah"), **API_OWN),
    case(api("delete", "/skp/rhk/{rhk_id}"), lambda w: f"/api/v1/skp/rhk/{without_reports(rhk)(w)}?lock_version="
         f"{lock()(w)['lock_version']}", "delete", **API_OWN),
    case(api("post", "/skp/rhk/{rhk_id}/acknowledge"), _a("/skp/rhk/{rhk}/acknowledge"), "post", **API_OWN),
    case(api("post", "/skp/rhk/{rhk_id}/iki"), _a("/skp/rhk/{rhk}/iki"), "post",
         with_lock(text="IKI baru", aspect="kualitas", target_value="1", measure_unit="dokumen"),
         **{**API_OWN, "ok": ("u_staff1", 201)}),
    case(api("patch", "/skp/iki/{iki_id}"), _a("/skp/iki/{iki}"), "patch", with_lock(text="IKI diubah"), **API_OWN),
    case(api("delete", "/skp/iki/{iki_id}"), lambda w: f"/api/v1/skp/iki/{without_reports(iki)(w)}?lock_version="
         f"{lock()(w)['lock_version']}", "delete", **API_OWN),
    case(api("get", "/skp/{skp_id}/pdf"), _a("/skp/{skp1}/pdf"), **API_VIEW),
    case(api("get", "/skp/{skp_id}/xlsx"), _a("/skp/{skp1}/xlsx"), **API_VIEW),
]
