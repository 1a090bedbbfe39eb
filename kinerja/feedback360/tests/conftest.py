"""Fixtures for the 360 tests: a 2026 period of instance A and an open round over Dinas Kesehatan, with the
raters proposed from the tree and three more added by the HR admin so that staff1 has five raters:
kasi_surv (superior), staff2 (peer; both hold Pengelola Data under Seksi Surveilans) and, added, staff_yankes,
kabid_yankes and kabid_p2p."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from kinerja.core.testing import SYSTEM
from kinerja.feedback360 import services
from kinerja.feedback360.models import Assignment
from kinerja.skp import services as skp_services

GOOD = {"berorientasi_pelayanan": 4, "akuntabel": 5, "kompeten": 4, "harmonis": 5, "loyal": 5, "adaptif": 4,
        "kolaboratif": 4}


def build(w, *, open_=True) -> SimpleNamespace:
    f = SimpleNamespace()
    today = timezone.localdate()
    f.period = skp_services.ensure_period(actor=SYSTEM, instance=w.a, year=today.year)
    f.round = services.create_round(actor=w.u_admin_opd, period=f.period, unit=w.dinkes, name="360 Dinkes",
                                    opens_on=today - timedelta(days=1), closes_on=today + timedelta(days=10))
    services.propose_raters(actor=w.u_admin_opd, round_=f.round)
    for rater in (w.staff_yankes, w.kabid_yankes, w.kabid_p2p):
        if not Assignment.objects.filter(round=f.round, ratee=w.staff1, rater=rater).exists():
            services.add_rater(actor=w.u_admin_opd, round_=f.round, ratee=w.staff1, rater=rater, relation="peer")
    if open_:
        f.round = services.open_round(actor=w.u_admin_opd, round_=f.round)
    f.of = lambda rater, ratee=w.staff1: Assignment.objects.get(round=f.round, ratee=ratee, rater=rater)
    return f


@pytest.fixture
def f(world):
    return build(world)


def answer_all(w, f, raters, ratee=None, scores=None, comment=""):
    ratee = ratee or w.staff1
    for rater in raters:
        user = getattr(w, f"u_{_username(w, rater)}")
        services.answer(actor=user, assignment=f.of(rater, ratee), scores=scores or GOOD, comment=comment)


def _username(w, employee) -> str:
    for name in ("kadinkes", "kabid_p2p", "kasi_surv", "staff1", "staff2", "kabid_yankes", "staff_yankes",
                 "kadisdik", "staff_disdik"):
        if getattr(w, name).pk == employee.pk:
            return name
    raise LookupError(employee)


def past(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)
