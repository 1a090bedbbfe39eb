"""Every 360 service with the audit event it must write (used by kinerja/tests/test_services_audit.py). A case's
``prepare`` writes the round it needs before the test starts counting events."""

from __future__ import annotations

from kinerja.feedback360 import services as s

from .conftest import GOOD, build


def _case(run, *, open_=True, ready=None):
    def prepare(w):
        w._f360 = build(w, open_=open_)
        if ready:
            ready(w)

    def call(w):
        return run(w, w._f360)

    call.prepare = prepare
    return call


def _add(w, f):
    return s.add_rater(actor=w.u_admin_opd, round_=f.round, ratee=w.staff1, rater=w.kadinkes, relation="peer")


def _prepare_added(w):
    w._f360_added = _add(w, w._f360)


def _create(w):
    from datetime import timedelta

    from django.utils import timezone

    from kinerja.core.testing import SYSTEM
    from kinerja.skp import services as skp_services

    today = timezone.localdate()
    period = skp_services.ensure_period(actor=SYSTEM, instance=w.a, year=today.year)
    return s.create_round(actor=w.u_admin_opd, period=period, unit=w.surv, opens_on=today,
                          closes_on=today + timedelta(days=7))


FEEDBACK360_CASES = {
    "feedback360.round.create": _create,
    "feedback360.round.propose": _case(lambda w, f: s.propose_raters(actor=w.u_admin_opd, round_=f.round),
                                       open_=False),
    "feedback360.round.open": _case(lambda w, f: s.open_round(actor=w.u_admin_opd, round_=f.round), open_=False),
    "feedback360.round.close": _case(lambda w, f: s.close_round(actor=w.u_admin_opd, round_=f.round)),
    "feedback360.rater.create": _case(_add, open_=False),
    "feedback360.rater.delete": _case(lambda w, f: s.remove_rater(actor=w.u_admin_opd, assignment=w._f360_added),
                                      open_=False, ready=_prepare_added),
    "feedback360.answer": _case(lambda w, f: s.answer(actor=w.u_staff2, assignment=f.of(w.staff2), scores=GOOD)),
}
