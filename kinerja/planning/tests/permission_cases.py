"""Permission cases of the plan pages and the plan API.

Everyone in the instance reads the plan (transparency); the BKPSDM admin changes the RPJMD; the BKPSDM
or the unit's OPD admin the unit plans (Renstra, PK, RKT); the unit head their own draft PK. The objects are
Dinas Kesehatan's (planning/testing.py); the OPD admin of Dinas Pendidikan is the other unit.
"""

from django.urls import reverse

from kinerja.core.testing import SYSTEM
from kinerja.planning.testing import plan_state
from kinerja.tests.permissions.harness import api, case

READ = "instance-wide: everyone in the instance reads the whole plan"
RPJMD = "instance-wide: the RPJMD is the BKPSDM admin's, with no unit scope"


def url(name, *args):
    return reverse(f"planning:{name}", args=args)


# name: (url(p), data(w, p), allowed user, denied user, other unit: (user, status) or a reason)
FORMS = {
    "rpjmd_add": (lambda p: url("rpjmd_add"), lambda w, p: {"title": "RPJMD 2030", "start_year": 2030,
                                                            "end_year": 2034, "vision": "Visi"},
                  "u_admin_bkpsdm", "u_admin_opd", RPJMD),
    "rpjmd_edit": (lambda p: url("rpjmd_edit", p.rpjmd.pk),
                   lambda w, p: {"title": p.rpjmd.title, "start_year": 2025, "end_year": 2029, "vision": "Baru"},
                   "u_admin_bkpsdm", "u_admin_opd", RPJMD),
    "mission_add": (lambda p: url("mission_add", p.rpjmd.pk), lambda w, p: {"text": "Misi keempat"},
                    "u_admin_bkpsdm", "u_admin_opd", RPJMD),
    "mission_edit": (lambda p: url("mission_edit", p.m3.pk), lambda w, p: {"number": 3, "text": "Misi tiga"},
                     "u_admin_bkpsdm", "u_admin_opd", RPJMD),
    "mission_delete": (lambda p: url("mission_delete", p.m3.pk), lambda w, p: {}, "u_admin_bkpsdm", "u_admin_opd",
                       RPJMD),
    "renstra_edit": (lambda p: url("renstra_edit", p.renstra.pk),
                     lambda w, p: {"title": "Renstra baru", "start_year": 2025, "end_year": 2029},
                     "u_admin_opd", "u_staff1", ("u_admin_opd_disdik", 403)),
    "renstra_delete": (lambda p: url("renstra_delete", p.renstra_disdik.pk), lambda w, p: {}, "u_admin_bkpsdm",
                       "u_admin_opd", ("u_admin_opd", 403)),
    "goal_add": (lambda p: url("goal_add", p.renstra.pk), lambda w, p: {"text": "Tujuan", "mission": p.m3.pk},
                 "u_admin_opd", "u_staff1", ("u_admin_opd_disdik", 403)),
    "goal_edit": (lambda p: url("goal_edit", p.goal1.pk),
                  lambda w, p: {"code": "T1", "text": "Tujuan satu", "mission": p.m1.pk},
                  "u_admin_opd", "u_staff1", ("u_admin_opd_disdik", 403)),
    "goal_delete": (lambda p: url("goal_delete", p.goal_disdik.pk), lambda w, p: {}, "u_admin_bkpsdm", "u_admin_opd",
                    ("u_admin_opd", 403)),
    "target_add": (lambda p: url("target_add", p.goal2.pk), lambda w, p: {"text": "Sasaran"}, "u_admin_opd",
                   "u_staff1", ("u_admin_opd_disdik", 403)),
    "target_edit": (lambda p: url("target_edit", p.st2.pk), lambda w, p: {"code": "S1.2", "text": "Sasaran"},
                    "u_admin_opd", "u_staff1", ("u_admin_opd_disdik", 403)),
    "target_delete": (lambda p: url("target_delete", p.st_disdik.pk), lambda w, p: {}, "u_admin_bkpsdm",
                      "u_admin_opd", ("u_admin_opd", 403)),
    "iku_add": (lambda p: url("iku_add", p.st2.pk),
                lambda w, p: {"name": "Rasio dokter", "measure_unit": "per 1.000", "direction": "higher",
                              "target_2026": "0,5", "target_2027": "0,6"},
                "u_admin_opd", "u_staff1", ("u_admin_opd_disdik", 403)),
    "iku_edit": (lambda p: url("iku_edit", p.iku3.pk),
                 lambda w, p: {"code": "IKU 3", "name": "Indeks kepuasan", "measure_unit": "indeks", "baseline": "78",
                               "direction": "higher"}, "u_admin_opd", "u_staff1", ("u_admin_opd_disdik", 403)),
    "iku_targets": (lambda p: url("iku_targets", p.iku3.pk), lambda w, p: {"target_2027": "84"}, "u_admin_opd",
                    "u_staff1", ("u_admin_opd_disdik", 403)),
    "iku_delete": (lambda p: url("iku_delete", p.iku4.pk), lambda w, p: {}, "u_admin_opd", "u_staff1",
                   ("u_admin_opd_disdik", 403)),
    "agreement_add": (lambda p: url("agreement_add"), lambda w, p: {"unit": w.p2p.pk, "year": 2026}, "u_kabid_p2p",
                      "u_staff1", ("u_admin_opd_disdik", 200)),
    "agreement_sign": (lambda p: url("agreement_sign", p.pk.pk), lambda w, p: {"signed_on": "2026-01-15"},
                       "u_kadinkes", "u_staff1", ("u_admin_opd_disdik", 403)),
    "agreement_delete": (lambda p: url("agreement_delete", p.pk.pk), lambda w, p: {}, "u_admin_opd", "u_kadinkes",
                         ("u_admin_opd_disdik", 403)),
    "indicator_add": (lambda p: url("indicator_add", p.pk.pk), lambda w, p: {"iku": p.iku3.pk, "target": "82"},
                      "u_kadinkes", "u_staff1", ("u_admin_opd_disdik", 403)),
    "indicator_edit": (lambda p: url("indicator_edit", p.ind1.pk),
                       lambda w, p: {"iku": p.iku1.pk, "name": p.ind1.name, "measure_unit": "%", "target": "88",
                                     "order": 1}, "u_kadinkes", "u_staff1", ("u_admin_opd_disdik", 403)),
    "indicator_delete": (lambda p: url("indicator_delete", p.ind2.pk), lambda w, p: {}, "u_admin_opd", "u_staff1",
                         ("u_admin_opd_disdik", 403)),
    "action_add": (lambda p: url("action_add", p.ind1.pk), lambda w, p: {"quarter": 4, "action": "Evaluasi"},
                   "u_kadinkes", "u_staff1", ("u_admin_opd_disdik", 403)),
    "action_edit": (lambda p: url("action_edit", p.act2.pk), lambda w, p: {"quarter": 3, "action": "Supervisi"},
                    "u_admin_opd", "u_staff1", ("u_admin_opd_disdik", 403)),
    "action_delete": (lambda p: url("action_delete", p.act3.pk), lambda w, p: {}, "u_admin_opd", "u_staff1",
                      ("u_admin_opd_disdik", 403)),
    "work_plan_add": (lambda p: url("work_plan_add"), lambda w, p: {"unit": w.dinkes.pk, "year": 2027},
                      "u_admin_opd", "u_staff1", ("u_admin_opd_disdik", 200)),
    "work_plan_delete": (lambda p: url("work_plan_delete", p.rkt.pk), lambda w, p: {}, "u_admin_opd", "u_staff1",
                         ("u_admin_opd_disdik", 403)),
    "programme_add": (lambda p: url("programme_add", p.rkt.pk),
                      lambda w, p: {"name": "Program Mutu", "strategic_target": p.st2.pk, "budget": "1.000.000"},
                      "u_admin_opd", "u_staff1", ("u_admin_opd_disdik", 403)),
    "programme_edit": (lambda p: url("programme_edit", p.prog2.pk),
                       lambda w, p: {"name": p.prog2.name, "code": "1.02.01", "strategic_target": p.st3.pk,
                                     "budget": "300.000.000"}, "u_admin_opd", "u_staff1", ("u_admin_opd_disdik", 403)),
    "programme_delete": (lambda p: url("programme_delete", p.prog2.pk), lambda w, p: {}, "u_admin_opd", "u_staff1",
                         ("u_admin_opd_disdik", 403)),
    "activity_add": (lambda p: url("activity_add", p.prog1.pk), lambda w, p: {"name": "Kegiatan", "budget": "5"},
                     "u_admin_opd", "u_staff1", ("u_admin_opd_disdik", 403)),
    "activity_edit": (lambda p: url("activity_edit", p.activity3.pk),
                      lambda w, p: {"name": "Perencanaan", "budget": "90.000.000"}, "u_admin_opd", "u_staff1",
                      ("u_admin_opd_disdik", 403)),
    "activity_delete": (lambda p: url("activity_delete", p.activity3.pk), lambda w, p: {}, "u_admin_opd", "u_staff1",
                        ("u_admin_opd_disdik", 403)),
}
# Forms of the instance (no object in the URL): another instance's admin works in their own instance, where
# this instance's units are not even offered (a form error).
INSTANCE_FORMS = {"rpjmd_add", "agreement_add", "work_plan_add"}


def _form_cases():
    for name, (path, data, allowed, denied, other_unit) in FORMS.items():
        get_other = ("u_admin_b", 200) if name in INSTANCE_FORMS else ("u_admin_b", 404)
        post_other = ("u_admin_b", 302 if name == "rpjmd_add" else 200 if name in INSTANCE_FORMS else 404)
        unit_post = other_unit
        yield case(f"planning:{name}", lambda w, path=path: path(w.p), ok=(allowed, 200), no_role=(denied, 403),
                   unit=other_unit, other=get_other)
        yield case(f"planning:{name}", lambda w, path=path: path(w.p), "post", lambda w, data=data: data(w, w.p),
                   ok=(allowed, 302), no_role=(denied, 403), unit=unit_post, other=post_other, state=plan_state)


def _read(name, path, **kwargs):
    return case(f"planning:{name}", path, ok=(("u_staff1", 200), ("u_auditor", 200), ("u_kadisdik", 200)),
                no_role=("u_nobody", 200), unit=READ, **kwargs)


CASES = [
    *_form_cases(),
    _read("overview", url("overview") + "?year=2026", other=("u_staff_b", 200), hidden=lambda w: w.p.rpjmd.title),
    _read("renstra", lambda w: url("renstra", w.p.renstra.pk), other=("u_staff_b", 404)),
    _read("iku", lambda w: url("iku", w.p.iku1.pk), other=("u_staff_b", 404)),
    _read("agreements", url("agreements") + "?year=2026", other=("u_staff_b", 200),
          hidden=lambda w: "Dinas Kesehatan<"),
    _read("agreement", lambda w: url("agreement", w.p.pk.pk), other=("u_staff_b", 404)),
    _read("work_plans", url("work_plans") + "?year=2026", other=("u_staff_b", 200),
          hidden=lambda w: w.p.prog1.name),
    _read("work_plan", lambda w: url("work_plan", w.p.rkt.pk), other=("u_staff_b", 404)),
    _read("download", url("download") + "?year=2026", other=("u_staff_b", 200)),
    case("planning:renstra_add", url("renstra_add"), ok=(("u_admin_bkpsdm", 200), ("u_admin_opd", 200)),
         no_role=("u_staff1", 403), unit=("u_admin_opd_disdik", 200), other=("u_admin_b", 200),
         hidden=lambda w: "Bidang P2P"),
    case("planning:rpjmd_delete", lambda w: url("rpjmd_delete", w.p.rpjmd.pk), ok=("u_admin_bkpsdm", 200),
         no_role=(("u_admin_opd", 403), ("u_staff1", 403)), unit=RPJMD, other=("u_admin_b", 404)),
    case("planning:agreement_reopen", lambda w: url("agreement_reopen", w.p.pk.pk), "post",
         ok=("u_admin_opd", 200), no_role=(("u_kadinkes", 403), ("u_staff1", 403)), unit=("u_admin_opd_disdik", 403),
         other=("u_admin_b", 404), state=plan_state),
]


def _new_rpjmd(w):
    from kinerja.planning import services as s

    return s.create_rpjmd(actor=SYSTEM, instance=w.a, title="RPJMD 2030–2034", start_year=2030, end_year=2034,
                          vision="Visi")


def _signed_pk(w):
    from datetime import date

    from kinerja.planning import services as s

    return s.sign_agreement(actor=SYSTEM, agreement=w.p.pk, signed_on=date(2026, 1, 15))


# (method, path(w), body(w) or None, allowed, status, denied, other unit (user, status) or reason, other instance)
A = "u_admin_opd"
DISDIK = ("u_admin_opd_disdik", 403)
WRITES = {
    ("post", "/plan/rpjmd"): (lambda w: "/api/v1/plan/rpjmd",
                              lambda w: {"title": "RPJMD 2030", "start_year": 2030, "end_year": 2034, "vision": "V"},
                              "u_admin_bkpsdm", 201, "u_admin_opd", RPJMD, 201),
    ("patch", "/plan/rpjmd/{rpjmd_id}"): (lambda w: f"/api/v1/plan/rpjmd/{w.p.rpjmd.pk}",
                                          lambda w: {"vision": "Visi baru"}, "u_admin_bkpsdm", 200, "u_admin_opd",
                                          RPJMD, 404),
    ("delete", "/plan/rpjmd/{rpjmd_id}"): (lambda w: f"/api/v1/plan/rpjmd/{_new_rpjmd(w).pk}", None, "u_admin_bkpsdm",
                                           204, "u_admin_opd", RPJMD, 404),
    ("post", "/plan/rpjmd/{rpjmd_id}/missions"): (lambda w: f"/api/v1/plan/rpjmd/{w.p.rpjmd.pk}/missions",
                                                  lambda w: {"text": "Misi"}, "u_admin_bkpsdm", 201, "u_admin_opd",
                                                  RPJMD, 404),
    ("patch", "/plan/missions/{mission_id}"): (lambda w: f"/api/v1/plan/missions/{w.p.m1.pk}",
                                               lambda w: {"text": "Misi satu"}, "u_admin_bkpsdm", 200, "u_admin_opd",
                                               RPJMD, 404),
    ("delete", "/plan/missions/{mission_id}"): (lambda w: f"/api/v1/plan/missions/{w.p.m3.pk}", None,
                                                "u_admin_bkpsdm", 204, "u_admin_opd", RPJMD, 404),
    ("post", "/plan/renstra"): (lambda w: "/api/v1/plan/renstra",
                                lambda w: {"unit": w.dinkes.pk, "rpjmd": _new_rpjmd(w).pk, "title": "Renstra 2030"},
                                A, 201, "u_staff1", DISDIK, 422),
    ("patch", "/plan/renstra/{renstra_id}"): (lambda w: f"/api/v1/plan/renstra/{w.p.renstra.pk}",
                                              lambda w: {"title": "Renstra"}, A, 200, "u_staff1", DISDIK, 404),
    ("delete", "/plan/renstra/{renstra_id}"): (lambda w: f"/api/v1/plan/renstra/{w.p.renstra_disdik.pk}", None,
                                               "u_admin_bkpsdm", 204, "u_staff1", ("u_admin_opd", 403), 404),
    ("post", "/plan/renstra/{renstra_id}/goals"): (lambda w: f"/api/v1/plan/renstra/{w.p.renstra.pk}/goals",
                                                   lambda w: {"mission": w.p.m3.pk, "text": "Tujuan baru"}, A, 201,
                                                   "u_staff1", DISDIK, 404),
    ("patch", "/plan/goals/{goal_id}"): (lambda w: f"/api/v1/plan/goals/{w.p.goal1.pk}", lambda w: {"code": "T1.A"},
                                         A, 200, "u_staff1", DISDIK, 404),
    ("delete", "/plan/goals/{goal_id}"): (lambda w: f"/api/v1/plan/goals/{w.p.goal_disdik.pk}", None,
                                          "u_admin_bkpsdm", 204, "u_staff1", ("u_admin_opd", 403), 404),
    ("post", "/plan/goals/{goal_id}/strategic-targets"): (
        lambda w: f"/api/v1/plan/goals/{w.p.goal2.pk}/strategic-targets",
        lambda w: {"text": "Sasaran baru", "code": "S2.2"}, A, 201, "u_staff1", DISDIK, 404),
    ("patch", "/plan/strategic-targets/{target_id}"): (lambda w: f"/api/v1/plan/strategic-targets/{w.p.st2.pk}",
                                                       lambda w: {"text": "Sasaran"}, A, 200, "u_staff1", DISDIK, 404),
    ("delete", "/plan/strategic-targets/{target_id}"): (
        lambda w: f"/api/v1/plan/strategic-targets/{w.p.st_disdik.pk}", None, "u_admin_bkpsdm", 204, "u_staff1",
        ("u_admin_opd", 403), 404),
    ("post", "/plan/strategic-targets/{target_id}/iku"): (
        lambda w: f"/api/v1/plan/strategic-targets/{w.p.st2.pk}/iku",
        lambda w: {"name": "Persentase puskesmas terakreditasi", "measure_unit": "%",
                   "targets": {"2026": "60,5", "2027": 70}}, A, 201, "u_staff1", DISDIK, 404),
    ("patch", "/plan/iku/{iku_id}"): (lambda w: f"/api/v1/plan/iku/{w.p.iku3.pk}", lambda w: {"data_source": "Survei"},
                                      A, 200, "u_staff1", DISDIK, 404),
    ("put", "/plan/iku/{iku_id}/targets"): (lambda w: f"/api/v1/plan/iku/{w.p.iku3.pk}/targets",
                                            lambda w: {"targets": {"2027": "84", "2025": None}}, A, 200, "u_staff1",
                                            DISDIK, 404),
    ("delete", "/plan/iku/{iku_id}"): (lambda w: f"/api/v1/plan/iku/{w.p.iku4.pk}", None, A, 204, "u_staff1", DISDIK,
                                       404),
    ("post", "/plan/agreements"): (lambda w: "/api/v1/plan/agreements", lambda w: {"unit": w.p2p.pk, "year": 2026},
                                   "u_kabid_p2p", 201, "u_staff1", DISDIK, 422),
    ("patch", "/plan/agreements/{agreement_id}"): (lambda w: f"/api/v1/plan/agreements/{w.p.pk.pk}",
                                                   lambda w: {"year": 2027}, A, 200, "u_staff1", DISDIK, 404),
    ("delete", "/plan/agreements/{agreement_id}"): (lambda w: f"/api/v1/plan/agreements/{w.p.pk.pk}", None, A, 204,
                                                    "u_kadinkes", DISDIK, 404),
    ("post", "/plan/agreements/{agreement_id}/sign"): (lambda w: f"/api/v1/plan/agreements/{w.p.pk.pk}/sign",
                                                       lambda w: {"signed_on": "2026-01-15"}, "u_kadinkes", 200,
                                                       "u_staff1", DISDIK, 404),
    ("post", "/plan/agreements/{agreement_id}/reopen"): (
        lambda w: f"/api/v1/plan/agreements/{_signed_pk(w).pk}/reopen", None, A, 200, "u_kadinkes", DISDIK, 404),
    ("post", "/plan/agreements/{agreement_id}/indicators"): (
        lambda w: f"/api/v1/plan/agreements/{w.p.pk.pk}/indicators", lambda w: {"iku": w.p.iku3.pk, "target": "82"},
        "u_kadinkes", 201, "u_staff1", DISDIK, 404),
    ("patch", "/plan/pk-indicators/{indicator_id}"): (lambda w: f"/api/v1/plan/pk-indicators/{w.p.ind1.pk}",
                                                      lambda w: {"target": 88}, "u_kadinkes", 200, "u_staff1", DISDIK,
                                                      404),
    ("delete", "/plan/pk-indicators/{indicator_id}"): (lambda w: f"/api/v1/plan/pk-indicators/{w.p.ind2.pk}", None,
                                                       A, 204, "u_staff1", DISDIK, 404),
    ("post", "/plan/pk-indicators/{indicator_id}/actions"): (
        lambda w: f"/api/v1/plan/pk-indicators/{w.p.ind1.pk}/actions",
        lambda w: {"quarter": 4, "action": "Evaluasi akhir"}, "u_kadinkes", 201, "u_staff1", DISDIK, 404),
    ("patch", "/plan/action-plans/{plan_id}"): (lambda w: f"/api/v1/plan/action-plans/{w.p.act2.pk}",
                                                lambda w: {"quarter": 3}, A, 200, "u_staff1", DISDIK, 404),
    ("delete", "/plan/action-plans/{plan_id}"): (lambda w: f"/api/v1/plan/action-plans/{w.p.act3.pk}", None, A, 204,
                                                 "u_staff1", DISDIK, 404),
    ("post", "/plan/work-plans"): (lambda w: "/api/v1/plan/work-plans", lambda w: {"unit": w.dinkes.pk, "year": 2027},
                                   A, 201, "u_staff1", DISDIK, 422),
    ("patch", "/plan/work-plans/{work_plan_id}"): (lambda w: f"/api/v1/plan/work-plans/{w.p.rkt.pk}",
                                                   lambda w: {"year": 2027}, A, 200, "u_staff1", DISDIK, 404),
    ("delete", "/plan/work-plans/{work_plan_id}"): (lambda w: f"/api/v1/plan/work-plans/{w.p.rkt.pk}", None, A, 204,
                                                    "u_staff1", DISDIK, 404),
    ("post", "/plan/work-plans/{work_plan_id}/programmes"): (
        lambda w: f"/api/v1/plan/work-plans/{w.p.rkt.pk}/programmes",
        lambda w: {"strategic_target": w.p.st2.pk, "name": "Program Mutu", "budget": "1.000.000"}, A, 201, "u_staff1",
        DISDIK, 404),
    ("patch", "/plan/programmes/{programme_id}"): (lambda w: f"/api/v1/plan/programmes/{w.p.prog2.pk}",
                                                   lambda w: {"budget": "300.000.000"}, A, 200, "u_staff1", DISDIK,
                                                   404),
    ("delete", "/plan/programmes/{programme_id}"): (lambda w: f"/api/v1/plan/programmes/{w.p.prog2.pk}", None, A, 204,
                                                    "u_staff1", DISDIK, 404),
    ("post", "/plan/programmes/{programme_id}/activities"): (
        lambda w: f"/api/v1/plan/programmes/{w.p.prog1.pk}/activities",
        lambda w: {"name": "Kegiatan baru", "budget": 5_000_000}, A, 201, "u_staff1", DISDIK, 404),
    ("patch", "/plan/activities/{activity_id}"): (lambda w: f"/api/v1/plan/activities/{w.p.activity3.pk}",
                                                  lambda w: {"budget": "90.000.000,50"}, A, 200, "u_staff1", DISDIK,
                                                  404),
    ("delete", "/plan/activities/{activity_id}"): (lambda w: f"/api/v1/plan/activities/{w.p.activity3.pk}", None, A,
                                                   204, "u_staff1", DISDIK, 404),
}

CASES += [
    case(api(method, path), url_of, method, body, ok=(allowed, status), no_role=(denied, 403), unit=unit,
         other=("u_admin_b", other), state=plan_state,
         note="another instance: its admin creates in their own instance (201) or names a unit of this one (422)")
    for (method, path), (url_of, body, allowed, status, denied, unit, other) in WRITES.items()
]


def _api_read(path, obj_url=None, hidden=None):
    if obj_url is None:
        return case(api("get", path), "/api/v1" + path, ok=(("u_staff1", 200), ("u_kadisdik", 200)),
                    no_role=("u_nobody", 200), unit=READ, other=("u_staff_b", 200), hidden=hidden)
    return case(api("get", path), obj_url, ok=(("u_staff1", 200), ("u_kadisdik", 200)), no_role=("u_nobody", 200),
                unit=READ, other=("u_staff_b", 404))


CASES += [
    _api_read("/plan/rpjmd", hidden=lambda w: w.p.rpjmd.title),
    _api_read("/plan/rpjmd/{rpjmd_id}", lambda w: f"/api/v1/plan/rpjmd/{w.p.rpjmd.pk}"),
    _api_read("/plan/renstra", hidden=lambda w: w.p.renstra.title),
    _api_read("/plan/renstra/{renstra_id}", lambda w: f"/api/v1/plan/renstra/{w.p.renstra.pk}"),
    _api_read("/plan/iku", hidden=lambda w: w.p.iku1.name),
    _api_read("/plan/iku/{iku_id}", lambda w: f"/api/v1/plan/iku/{w.p.iku1.pk}"),
    _api_read("/plan/agreements", hidden=lambda w: f'"id": {w.p.pk.pk},'),
    _api_read("/plan/agreements/{agreement_id}", lambda w: f"/api/v1/plan/agreements/{w.p.pk.pk}"),
    _api_read("/plan/work-plans", hidden=lambda w: f'"id": {w.p.rkt.pk},'),
    _api_read("/plan/work-plans/{work_plan_id}", lambda w: f"/api/v1/plan/work-plans/{w.p.rkt.pk}"),
    case(api("get", "/plan/export"), "/api/v1/plan/export?year=2026", ok=(("u_staff1", 200), ("u_kadisdik", 200)),
         no_role=("u_nobody", 200), unit=READ, other=("u_staff_b", 200)),
]
