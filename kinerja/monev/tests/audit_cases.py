"""Every tim monev service with the audit event it must write (used by kinerja/tests/test_services_audit.py)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kinerja.monev import services as s

from .world import build_monev


def _w(w):
    if not hasattr(w, "mv_round"):
        build_monev(w)
    return w


def _prepare(w):
    _w(w)


def _case(fn):
    fn.prepare = _prepare
    return fn


def _today():
    return timezone.localdate()


MONEV_CASES = {
    "monev.member.create": _case(lambda w: s.add_member(actor=w.u_admin_bkpsdm, instance=w.a, employee=w.staff1,
                                                        start_date=_today())),
    "monev.member.update": _case(lambda w: s.update_member(actor=w.u_admin_bkpsdm, member=w.mv_member,
                                                           note="SK Wali Kota 800/12")),
    "monev.round.create": _case(lambda w: s.create_round(actor=w.u_monev_chair, instance=w.a, period=w.mv_period,
                                                         name="Monev triwulan", start_date=_today(),
                                                         end_date=_today())),
    "monev.round.update": _case(lambda w: s.update_round(actor=w.u_monev_chair, round_=w.mv_round,
                                                         name="Monev Semester II (revisi)")),
    "monev.round.close": _case(lambda w: s.set_round_status(actor=w.u_monev_chair, round_=w.mv_round,
                                                            status="closed")),
    "monev.round.reopen": _case(lambda w: s.set_round_status(
        actor=w.u_monev_chair, round_=s.set_round_status(actor=w.u_monev_chair, round_=w.mv_round, status="closed"),
        status="open")),
    "monev.session.create": _case(lambda w: s.create_session(actor=w.u_monev_chair, round_=w.mv_round, unit=w.yankes,
                                                             kind="discussion", held_on=_today())),
    "monev.session.update": _case(lambda w: s.update_session(actor=w.u_monev_chair, session=w.mv_session,
                                                             notes="Catatan diperbarui.")),
    "monev.finding.create": _case(lambda w: s.add_finding(actor=w.u_monev_chair, session=w.mv_session, text="Data",
                                                          category="evidence")),
    "monev.finding.update": _case(lambda w: s.update_finding(actor=w.u_monev_chair, finding=w.mv_finding,
                                                             text="Diperbarui", category="competency",
                                                             severity="medium")),
    "monev.finding.delete": _case(lambda w: s.delete_finding(actor=w.u_monev_chair, finding=s.add_finding(
        actor=w.u_monev_chair, session=w.mv_session, text="Sementara", category="other"))),
    "monev.link.create": _case(lambda w: s.add_link(actor=w.u_monev_chair, session=w.mv_session,
                                                    url="https://example.org/foto")),
    "monev.link.delete": _case(lambda w: s.delete_link(actor=w.u_monev_chair, link=w.mv_link)),
    "monev.recommendation.create": _case(lambda w: s.create_recommendation(
        actor=w.u_monev_chair, session=w.mv_session, text="Bimbingan teknis", owner_employee=w.staff1,
        due_on=_today() + timedelta(days=10))),
    "monev.recommendation.update": _case(lambda w: s.update_recommendation(actor=w.u_monev_chair, rec=w.mv_rec,
                                                                           text="Pelatihan pencatatan (2 hari)")),
    "monev.recommendation.status": _case(lambda w: s.change_status(actor=w.u_staff_yankes, rec=w.mv_rec,
                                                                   status="in_progress")),
    "monev.recommendation.note": _case(lambda w: s.add_progress_note(actor=w.u_staff_yankes, rec=w.mv_rec,
                                                                     note="Sudah mendaftar")),
    "monev.training.create": _case(lambda w: s.add_training_need(actor=w.u_monev_chair, rec=w.mv_rec,
                                                                 competency="Komunikasi", reason="Keluhan pasien",
                                                                 target_unit=w.yankes)),
    "monev.training.update": _case(lambda w: s.update_training_need(actor=w.u_monev_chair, need=w.mv_need,
                                                                    priority="low")),
    "monev.training.delete": _case(lambda w: s.delete_training_need(actor=w.u_monev_chair, need=w.mv_need)),
}
