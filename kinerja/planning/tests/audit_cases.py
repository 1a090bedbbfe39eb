"""Every planning service with the audit event it must write (used by kinerja/tests/test_services_audit.py)."""

from __future__ import annotations

from datetime import date

from kinerja.core.testing import SYSTEM
from kinerja.planning import services as s
from kinerja.planning.models import IkuTarget
from kinerja.planning.testing import build_plan


def _p(w):
    """The test plan on top of the world, built once per world."""
    if not hasattr(w, "_plan"):
        w._plan = build_plan(w)
    return w._plan


def _signed(w):
    return s.sign_agreement(actor=w.u_kadinkes, agreement=_p(w).pk, signed_on=date(2026, 1, 15))


class _Case:
    """A case whose plan is built in ``prepare`` so that building it does not count as the case's event."""

    def __init__(self, call):
        self.call = call

    def __call__(self, w):
        return self.call(w)

    @staticmethod
    def prepare(w):
        _p(w)


_CASES = {
    "planning.rpjmd.create": lambda w: s.create_rpjmd(actor=w.u_admin_bkpsdm, instance=w.a, title="RPJMD 2030–2034",
                                                      start_year=2030, end_year=2034, vision="Visi baru"),
    "planning.rpjmd.update": lambda w: s.update_rpjmd(actor=w.u_admin_bkpsdm, rpjmd=_p(w).rpjmd, vision="Visi"),
    "planning.rpjmd.delete": lambda w: s.delete_rpjmd(actor=w.u_admin_bkpsdm, rpjmd=s.create_rpjmd(
        actor=SYSTEM, instance=w.a, title="Lama", start_year=2020, end_year=2024, vision="V")),
    "planning.mission.create": lambda w: s.create_mission(actor=w.u_admin_bkpsdm, rpjmd=_p(w).rpjmd, text="Misi 4"),
    "planning.mission.update": lambda w: s.update_mission(actor=w.u_admin_bkpsdm, mission=_p(w).m1, text="Misi"),
    "planning.mission.delete": lambda w: s.delete_mission(actor=w.u_admin_bkpsdm, mission=_p(w).m3),
    "planning.renstra.create": lambda w: s.create_renstra(
        actor=w.u_admin_opd, unit=w.dinkes, rpjmd=s.create_rpjmd(actor=SYSTEM, instance=w.a, title="R", start_year=2030,
                                                                 end_year=2034, vision="V"), title="Renstra 2030"),
    "planning.renstra.update": lambda w: s.update_renstra(actor=w.u_admin_opd, renstra=_p(w).renstra, title="Baru"),
    "planning.renstra.delete": lambda w: s.delete_renstra(actor=w.u_admin_bkpsdm, renstra=_p(w).renstra_disdik),
    "planning.goal.create": lambda w: s.create_goal(actor=w.u_admin_opd, renstra=_p(w).renstra, mission=_p(w).m3,
                                                    text="Tujuan baru"),
    "planning.goal.update": lambda w: s.update_goal(actor=w.u_admin_opd, goal=_p(w).goal1, code="T1.A"),
    "planning.goal.delete": lambda w: s.delete_goal(actor=w.u_admin_bkpsdm, goal=_p(w).goal_disdik),
    "planning.strategictarget.create": lambda w: s.create_strategic_target(actor=w.u_admin_opd, goal=_p(w).goal2,
                                                                           text="Sasaran baru"),
    "planning.strategictarget.update": lambda w: s.update_strategic_target(actor=w.u_admin_opd, target=_p(w).st2,
                                                                           text="Sasaran diubah"),
    "planning.strategictarget.delete": lambda w: s.delete_strategic_target(actor=w.u_admin_bkpsdm,
                                                                           target=_p(w).st_disdik),
    "planning.iku.create": lambda w: s.create_iku(actor=w.u_admin_opd, strategic_target=_p(w).st2, name="IKU baru",
                                                  measure_unit="%"),
    "planning.iku.update": lambda w: s.update_iku(actor=w.u_admin_opd, iku=_p(w).iku3, data_source="Survei IKM"),
    "planning.iku.delete": lambda w: s.delete_iku(actor=w.u_admin_opd, iku=_p(w).iku4),
    "planning.ikutarget.create": lambda w: s.create_iku_target(actor=w.u_admin_opd, iku=_p(w).iku3, year=2027,
                                                               target="84"),
    "planning.ikutarget.update": lambda w: s.update_iku_target(
        actor=w.u_admin_opd, target=IkuTarget.objects.get(iku=_p(w).iku3, year=2026), value="83"),
    "planning.ikutarget.delete": lambda w: s.delete_iku_target(
        actor=w.u_admin_opd, target=IkuTarget.objects.get(iku=_p(w).iku3, year=2026)),
    "planning.agreement.create": lambda w: s.create_agreement(actor=w.u_kabid_p2p, unit=w.p2p, year=2026),
    "planning.agreement.update": lambda w: s.update_agreement(actor=w.u_admin_opd, agreement=s.create_agreement(
        actor=SYSTEM, unit=w.yankes, year=2026), year=2027),
    "planning.agreement.delete": lambda w: s.delete_agreement(actor=w.u_admin_opd, agreement=_p(w).pk),
    "planning.agreement.sign": _signed,
    "planning.agreement.reopen": lambda w: s.reopen_agreement(actor=w.u_admin_bkpsdm, agreement=_signed(w)),
    "planning.pkindicator.create": lambda w: s.create_pk_indicator(actor=w.u_kadinkes, agreement=_p(w).pk,
                                                                   iku=_p(w).iku3, target="82"),
    "planning.pkindicator.update": lambda w: s.update_pk_indicator(actor=w.u_kadinkes, indicator=_p(w).ind1,
                                                                   target="88"),
    "planning.pkindicator.delete": lambda w: s.delete_pk_indicator(actor=w.u_admin_opd, indicator=_p(w).ind2),
    "planning.actionplan.create": lambda w: s.create_action_plan(actor=w.u_kadinkes, indicator=_p(w).ind1, quarter=4,
                                                                 action="Evaluasi akhir tahun"),
    "planning.actionplan.update": lambda w: s.update_action_plan(actor=w.u_admin_opd, plan=_p(w).act2, quarter=3),
    "planning.actionplan.delete": lambda w: s.delete_action_plan(actor=w.u_admin_opd, plan=_p(w).act3),
    "planning.workplan.create": lambda w: s.create_work_plan(actor=w.u_admin_opd, unit=w.dinkes, year=2027),
    "planning.workplan.update": lambda w: s.update_work_plan(actor=w.u_admin_opd, work_plan=_p(w).rkt, year=2027),
    "planning.workplan.delete": lambda w: s.delete_work_plan(actor=w.u_admin_opd, work_plan=_p(w).rkt),
    "planning.programme.create": lambda w: s.create_programme(actor=w.u_admin_opd, work_plan=_p(w).rkt,
                                                              strategic_target=_p(w).st2, name="Program Mutu"),
    "planning.programme.update": lambda w: s.update_programme(actor=w.u_admin_opd, programme=_p(w).prog2,
                                                              budget="300.000.000"),
    "planning.programme.delete": lambda w: s.delete_programme(actor=w.u_admin_opd, programme=_p(w).prog2),
    "planning.activity.create": lambda w: s.create_activity(actor=w.u_admin_opd, programme=_p(w).prog2,
                                                            name="Penyusunan LKjIP", budget="25.000.000"),
    "planning.activity.update": lambda w: s.update_activity(actor=w.u_admin_opd, activity=_p(w).activity3,
                                                            budget="90.000.000"),
    "planning.activity.delete": lambda w: s.delete_activity(actor=w.u_admin_opd, activity=_p(w).activity3),
}

PLAN_CASES = {action: _Case(call) for action, call in _CASES.items()}
