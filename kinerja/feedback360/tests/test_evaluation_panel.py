"""The 360 summary on the evaluation page (feedback360/panels.py): the evaluator sees the released aggregate,
nothing before the round closes, and never who answered."""

from __future__ import annotations

import pytest
from django.test import Client

from kinerja.evaluation import services as evaluation_services
from kinerja.evaluation.models import Evaluation, EvaluationSettings
from kinerja.evaluation.tests.evaluation_world import approved_skp
from kinerja.feedback360 import services

from .conftest import GOOD, answer_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(world, f):
    w = world
    approved_skp(f.period, w.staff1, w.u_staff1, w.u_kasi_surv)
    evaluation_services.start_evaluations(actor=w.u_kasi_surv, period=f.period, evaluator=w.kasi_surv)
    answer_all(w, f, [w.staff_yankes, w.kabid_yankes])
    answer_all(w, f, [w.kabid_p2p], scores={**GOOD, "akuntabel": 1})
    return Evaluation.objects.get(period=f.period, employee=w.staff1)


def _page(user, evaluation) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(f"/evaluation/{evaluation.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_evaluator_sees_the_released_aggregate_and_no_rater(world, f, evaluation):
    w = world
    before = _page(w.u_kasi_surv, evaluation)
    assert 'data-testid="panel-360"' in before and "3.67" not in before  # open round: nothing yet
    services.close_round(actor=w.u_admin_opd, round_=f.round)
    text = _page(w.u_kasi_surv, evaluation)
    assert "3.67" in text  # akuntabel: (5 + 5 + 1) / 3
    assert 'data-testid="rating-360"' in text
    for rater in (w.staff_yankes, w.kabid_yankes, w.kabid_p2p):
        assert rater.name not in text and rater.nip not in text


def test_a_higher_instance_minimum_keeps_the_aggregate_hidden(world, f, evaluation):
    w = world
    EvaluationSettings.objects.create(instance=w.a, min_360_responses=4)
    services.close_round(actor=w.u_admin_opd, round_=f.round)
    text = _page(w.u_kasi_surv, evaluation)
    assert "3.67" not in text and 'data-testid="rating-360"' not in text
