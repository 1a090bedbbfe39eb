"""Two answers to one questionnaire at the same moment (PostgreSQL, real concurrent transactions): exactly one
is recorded, the other refused, and the responses match the answered assignments."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from kinerja.core.testing import build_world
from kinerja.feedback360 import services
from kinerja.feedback360.models import Assignment, Response

from .conftest import GOOD, build

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")


@pytest.mark.django_db(transaction=True)
def test_a_double_answer_race_records_one():
    w = build_world()
    f = build(w)
    assignment = f.of(w.staff2)
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def go():
        try:
            barrier.wait()
            services.answer(actor=w.u_staff2, assignment=Assignment.objects.select_related("round")
                            .get(pk=assignment.pk), scores=GOOD)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append("refused" if "already answered" in str(exc) else repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=go) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused", "refused", "refused"]
    assert Response.objects.filter(round=f.round).count() == 1
    assert Assignment.objects.filter(round=f.round, answered=True).count() == 1
