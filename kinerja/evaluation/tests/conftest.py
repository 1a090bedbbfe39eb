"""Evaluations written directly with the ORM (the evaluation flow's services are another module's), on the test
world (kinerja/core/testing.py): the Dinas Kesehatan subtree's seven employees evaluated for this year."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.utils import timezone

from kinerja.core.testing import SYSTEM
from kinerja.evaluation.models import Evaluation, EvaluationKind, EvaluationStatus
from kinerja.rules.evaluation.schemes import evaluate
from kinerja.skp import services as skp_services
from kinerja.skp.models import Period

from .evaluation_world import build

# proposal per employee attribute of the world: (rating hasil kerja, rating perilaku) → predikat by the matrix
RATINGS = {
    "kadinkes": ("di_atas", "di_atas"),      # Sangat Baik
    "kabid_p2p": ("di_atas", "di_atas"),     # Sangat Baik
    "kasi_surv": ("sesuai", "sesuai"),       # Baik
    "staff1": ("sesuai", "sesuai"),          # Baik
    "staff2": ("sesuai", "di_atas"),         # Baik
    "kabid_yankes": ("sesuai", "sesuai"),    # Baik
    "staff_yankes": ("di_atas", "sesuai"),   # Baik
}


def period_of(instance, year: int | None = None) -> Period:
    year = year or timezone.localdate().year
    return Period.objects.create(instance=instance, name=str(year), year=year, start_date=date(year, 1, 1),
                                 end_date=date(year, 12, 31), deadline=date(year, 1, 31))


def make_evaluation(skp, *, hasil="sesuai", perilaku="sesuai", status=EvaluationStatus.FINAL, predikat=None,
                    **extra) -> Evaluation:
    proposed = predikat or evaluate(skp.period.scoring_scheme, hasil=hasil, perilaku=perilaku).predikat.value
    return Evaluation.objects.create(
        instance_id=skp.instance_id, period=skp.period, skp=skp, employee_id=skp.employee_id, unit_id=skp.unit_id,
        position_id=skp.position_id, kind=EvaluationKind.ANNUAL, window_start=skp.period.start_date,
        window_end=skp.period.end_date, scheme=skp.period.scoring_scheme, evaluator_id=skp.evaluator_id,
        status=status, result_rating=hasil, behaviour_rating=perilaku, proposed_predikat=proposed,
        finalised_at=timezone.now() if status != EvaluationStatus.DRAFT else None, **extra)


def build_results(w, year: int | None = None, ratings=RATINGS) -> SimpleNamespace:
    r = SimpleNamespace(period=period_of(w.a, year), ev={}, skp={})
    for name, (hasil, perilaku) in ratings.items():
        skp = skp_services.create_skp(actor=SYSTEM, employee=getattr(w, name), period=r.period)
        r.skp[name] = skp
        r.ev[name] = make_evaluation(skp, hasil=hasil, perilaku=perilaku)
    return r


@pytest.fixture
def r(world):
    return build_results(world)


@pytest.fixture
def e(world):
    return build(world)
