"""One definition of what a new evaluation is suggested (kinerja/evaluation/suggestions.py): the per-evaluator path
(``start_evaluations``) and the instance batch (``batch.start_annual``) write the same rows for the same world —
heads and non-heads, with and without a unit rating — and a unit's predikat set later reaches its head's open
draft evaluation (``services.unit_ratings``)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.audit.models import AuditEvent
from kinerja.core.actors import system_actor
from kinerja.evaluation import batch, suggestions
from kinerja.evaluation import services as evaluation_services
from kinerja.evaluation.models import BehaviourRating, Evaluation, UnitRating
from kinerja.evaluation.services import unit_ratings
from kinerja.rules.evaluation import suggest
from kinerja.rules.evaluation.ratings import OrgPredikat, Rating
from kinerja.rules.skp import BERAKHLAK_CODES

from .evaluation_world import achieve

pytestmark = pytest.mark.django_db
BKPSDM = system_actor("bkpsdm")
SKIP = {"id", "created_at", "updated_at"}


def _rows(period) -> dict:
    fields = [f.attname for f in Evaluation._meta.concrete_fields if f.attname not in SKIP]
    rows = {row["skp_id"]: row for row in Evaluation.objects.filter(period=period).values(*fields)}
    values = {}
    for skp_id, value in BehaviourRating.objects.filter(evaluation__period=period).values_list(
            "evaluation__skp_id", "value"):
        values.setdefault(skp_id, set()).add(value)
    return {skp_id: {**row, "values": values.get(skp_id, set())} for skp_id, row in rows.items()}


def _per_evaluator(w, e) -> None:
    for evaluator in (w.kasi_surv, w.kabid_p2p, w.kabid_yankes):
        evaluation_services.start_evaluations(actor=e.system, period=e.period, evaluator=evaluator)


@pytest.mark.parametrize("org", [None, *OrgPredikat])
def test_the_batch_and_the_evaluators_write_the_same_rows(world, e, org):
    w = world
    achieve(e.skp_kasi, "95.00")  # the head's own achievement suggests "sesuai" unless the unit's rating counts
    if org is not None:
        UnitRating.objects.create(instance=w.a, period=e.period, unit=w.surv, predikat=org)
    _per_evaluator(w, e)
    by_evaluators = _rows(e.period)
    Evaluation.objects.filter(period=e.period).delete()
    assert batch.start_annual(instance_id=w.a.pk, period_id=e.period.pk, actor=BKPSDM).created == 4
    by_batch = _rows(e.period)
    assert by_batch == by_evaluators
    assert set(by_batch) == {e.skp1.pk, e.skp2.pk, e.skp_kasi.pk, e.skp_yankes.pk}
    assert all(row["values"] == set() for row in by_batch.values())  # written at the first rating, on both paths
    head, staff1, yankes = by_batch[e.skp_kasi.pk], by_batch[e.skp1.pk], by_batch[e.skp_yankes.pk]
    if org is None:
        assert (head["suggested_result"], head["result_rating"], head["result_from_unit"]) == (
            Rating.MEETS, "", False)
    else:
        rating = suggest.leader_hasil_rating(org)
        assert (head["suggested_result"], head["result_rating"], head["result_from_unit"]) == (rating, rating, True)
    # non-heads keep their own suggestion whatever their unit's rating
    assert (staff1["achievement"], staff1["suggested_result"], staff1["result_from_unit"]) == (
        Decimal("95.00"), Rating.MEETS, False)
    assert (yankes["achievement"], yankes["suggested_result"]) == (None, "")


def test_a_head_of_a_unit_without_a_rating_and_a_rated_unit_above_it(world, e):
    """Only the unit the head leads counts: a rating of the parent unit does not reach the Seksi's head."""
    UnitRating.objects.create(instance=world.a, period=e.period, unit=world.p2p, predikat="istimewa")
    batch.start_annual(instance_id=world.a.pk, period_id=e.period.pk, actor=BKPSDM)
    head = Evaluation.objects.get(skp=e.skp_kasi)
    assert (head.suggested_result, head.result_from_unit) == ("", False)


def test_query_counts_do_not_grow_with_the_team(world, e, django_assert_num_queries):
    with CaptureQueriesContext(connection) as small:
        evaluation_services.start_evaluations(actor=e.system, period=e.period, evaluator=world.kabid_p2p)
    assert Evaluation.objects.filter(period=e.period).count() == 1
    with django_assert_num_queries(len(small.captured_queries)):  # two people, the same statements
        evaluation_services.start_evaluations(actor=e.system, period=e.period, evaluator=world.kasi_surv)
    assert Evaluation.objects.filter(period=e.period).count() == 3
    Evaluation.objects.filter(period=e.period).delete()
    # the batch: the period, the settings, a count, one INSERT … SELECT, the audit event (and its savepoint); no
    # BerAKHLAK rows (the first rating writes them)
    with CaptureQueriesContext(connection) as opened:
        batch.start_annual(instance_id=world.a.pk, period_id=e.period.pk, actor=BKPSDM)
    inserts = [q["sql"] for q in opened.captured_queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert len([s for s in inserts if Evaluation._meta.db_table in s.split("(")[0]]) == 1
    assert not [s for s in inserts if BehaviourRating._meta.db_table in s.split("(")[0]]
    assert len(opened.captured_queries) <= 7


@pytest.mark.parametrize("value", [None, Decimal(0), Decimal("89.99"), Decimal(90), Decimal("109.99"), Decimal(110),
                                   Decimal("250.5")])
def test_the_hasil_case_is_the_rule(world, value):
    """The CASE the SQL uses answers what ``suggest_hasil_rating`` answers, at and around the thresholds."""
    from django.db.models import DecimalField, Value

    from kinerja.organization.models import Instance

    thresholds = suggest.HasilThresholds()
    got = (Instance.objects.filter(pk=world.a.pk)
           .annotate(**{suggestions.ACHIEVEMENT: Value(value, output_field=DecimalField(max_digits=9,
                                                                                        decimal_places=2))})
           .annotate(r=suggestions.hasil_rating(thresholds)).values_list("r", flat=True).get())
    expected = suggest.suggest_hasil_rating(value, thresholds)
    assert got == (expected.value if expected else "")


# --- the unit's predikat set after the evaluations were opened -------------------------------------------------


def test_setting_the_units_rating_moves_the_heads_open_draft(world, e, django_assert_max_num_queries):
    w = world
    achieve(e.skp_kasi, "95.00")
    batch.start_annual(instance_id=w.a.pk, period_id=e.period.pk, actor=BKPSDM)
    head = Evaluation.objects.get(skp=e.skp_kasi)
    head = evaluation_services.rate(actor=e.system, evaluation=head, lock_version=head.lock_version,
                                    result_rating="sesuai", values={c: {"rating": "di_atas"} for c in BERAKHLAK_CODES})
    assert head.predikat == "baik"
    staff = Evaluation.objects.get(skp=e.skp1)
    unit_ratings.set_unit_rating(actor=e.system, unit=w.surv, period=e.period, predikat="istimewa",
                                 reason="Rapat pimpinan")
    head.refresh_from_db()
    assert (head.result_rating, head.suggested_result, head.result_from_unit) == ("di_atas", "di_atas", True)
    assert (head.proposed_predikat, head.predikat) == ("sangat_baik", "sangat_baik")  # the matrix follows
    assert head.lock_version == 2  # an open page of the head's evaluation is now stale
    event = AuditEvent.objects.filter(action="evaluation.evaluation.unit_rating", object_id=str(head.pk)).get()
    assert (event.before["result_rating"], event.after["result_rating"]) == ("sesuai", "di_atas")
    assert Evaluation.objects.get(skp=e.skp1).lock_version == staff.lock_version  # not a head: untouched
    # changed again: it follows again, in a fixed number of statements
    with django_assert_max_num_queries(16):
        unit_ratings.set_unit_rating(actor=e.system, unit=w.surv, period=e.period, predikat="kurang",
                                     reason="Koreksi")
    head.refresh_from_db()
    assert (head.result_rating, head.predikat) == ("di_bawah", "butuh_perbaikan")


def test_a_final_or_locked_head_evaluation_does_not_follow(world, e):
    w = world
    batch.start_annual(instance_id=w.a.pk, period_id=e.period.pk, actor=BKPSDM)
    Evaluation.objects.filter(skp=e.skp_kasi).update(status="final", result_rating="sesuai")
    unit_ratings.set_unit_rating(actor=e.system, unit=w.surv, period=e.period, predikat="istimewa",
                                 reason="Rapat pimpinan")
    head = Evaluation.objects.get(skp=e.skp_kasi)
    assert (head.result_rating, head.result_from_unit, head.lock_version) == ("sesuai", False, 0)
    assert not AuditEvent.objects.filter(action="evaluation.evaluation.unit_rating").exists()
