"""Every feedback service with the audit event it must write (used by kinerja/tests/test_services_audit.py)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kinerja.feedback import services as s
from kinerja.skp import services as skp_services

from .conftest import period_of


def _k(w):
    if not hasattr(w, "_feedback_cases"):
        period = period_of(w.a)
        skp = skp_services.create_skp(actor=w.u_staff1, employee=w.staff1, period=period)
        rhk = skp_services.add_rhk(actor=w.u_staff1, skp=skp, lock_version=skp.lock_version, text="Laporan")
        w._feedback_cases = (skp, rhk)
    return w._feedback_cases


def _comment(w):
    skp, rhk = _k(w)
    return s.post_comment(actor=w.u_kasi_surv, rhk=rhk, body="Bagus.")


def _dialogue(w, days=-1):
    skp, _rhk = _k(w)
    when = timezone.now() + timedelta(days=days)
    return s.schedule_dialogue(actor=w.u_kasi_surv, skp=skp, scheduled_at=when)


def _action(w):
    return s.add_action(actor=w.u_kasi_surv, dialogue=_dialogue(w), text="Lengkapi data")


FEEDBACK_CASES = {
    "feedback.comment.create": _comment,
    "feedback.comment.update": lambda w: s.edit_comment(actor=w.u_kasi_surv, comment=_comment(w), body="Baik."),
    "feedback.comment.delete": lambda w: s.delete_comment(actor=w.u_kasi_surv, comment=_comment(w)),
    "feedback.dialogue.create": _dialogue,
    "feedback.dialogue.update": lambda w: s.update_dialogue(actor=w.u_kasi_surv, dialogue=_dialogue(w, 3),
                                                            agenda="Capaian"),
    "feedback.dialogue.record": lambda w: s.record_dialogue(actor=w.u_kasi_surv, dialogue=_dialogue(w),
                                                            notes="Catatan."),
    "feedback.dialogue.cancel": lambda w: s.cancel_dialogue(actor=w.u_kasi_surv, dialogue=_dialogue(w, 3)),
    "feedback.action.create": _action,
    "feedback.action.complete": lambda w: s.complete_action(actor=w.u_staff1, action=_action(w)),
    "feedback.action.reopen": lambda w: s.complete_action(
        actor=w.u_staff1, action=s.complete_action(actor=w.u_staff1, action=_action(w)), done=False),
}
