"""360 services: raters from the org tree, the HR admin's edits, answering (once, never oneself, only when
open, only one's own), closing (shuffle and purge) and the results interface."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from kinerja.audit.models import AuditEvent
from kinerja.core.testing import SYSTEM
from kinerja.feedback360 import results, services
from kinerja.feedback360.models import Assignment, Relation, Response, Round, RoundStatus
from kinerja.rules.evaluation.ratings import Rating

from .conftest import GOOD, answer_all, build


def _pairs(f):
    return {(a.ratee_id, a.rater_id, a.relation) for a in Assignment.objects.filter(round=f.round)}


def test_raters_come_from_the_org_tree(world, f):
    w = world
    pairs = _pairs(f)
    # staff1: superior kasi_surv, peer staff2 (same superior position); admin-added peers
    assert (w.staff1.pk, w.kasi_surv.pk, Relation.SUPERIOR) in pairs
    assert (w.staff1.pk, w.staff2.pk, Relation.PEER) in pairs
    # kasi_surv: superior kabid_p2p, subordinates staff1 and staff2
    assert (w.kasi_surv.pk, w.kabid_p2p.pk, Relation.SUPERIOR) in pairs
    assert {(w.kasi_surv.pk, w.staff1.pk, Relation.SUBORDINATE), (w.kasi_surv.pk, w.staff2.pk,
                                                                   Relation.SUBORDINATE)} <= pairs
    # kabid_p2p and kabid_yankes are peers (both under kadinkes); kadinkes has them as subordinates
    assert (w.kabid_p2p.pk, w.kabid_yankes.pk, Relation.PEER) in pairs
    assert (w.kadinkes.pk, w.kabid_p2p.pk, Relation.SUBORDINATE) in pairs
    # nobody rates themselves; only Dinkes people are rated (disdik is outside the round's unit)
    assert all(ratee != rater for ratee, rater, _r in pairs)
    assert w.staff_disdik.pk not in {ratee for ratee, _x, _r in pairs}


def test_propose_is_set_based_and_idempotent(world, django_assert_max_num_queries):
    w = world
    f = build(w, open_=False)
    before = _pairs(f)
    with django_assert_max_num_queries(12):
        added = services.propose_raters(actor=w.u_admin_opd, round_=f.round)
    assert added == 0 and _pairs(f) == before
    assert AuditEvent.objects.filter(action="feedback360.round.propose", object_id=str(f.round.pk)).count() == 2


def test_the_admin_adds_and_removes_raters_with_audit(world, f):
    w = world
    a = f.of(w.staff_yankes)
    assert a.added_by_admin
    assert AuditEvent.objects.filter(action="feedback360.rater.create", object_id=str(a.pk)).exists()
    services.remove_rater(actor=w.u_admin_opd, assignment=a)
    assert not Assignment.objects.filter(pk=a.pk).exists()
    assert AuditEvent.objects.filter(action="feedback360.rater.delete", object_id=str(a.pk)).exists()


def test_adding_a_rater_refuses_self_duplicates_and_strangers(world, f):
    w = world
    with pytest.raises(ValidationError, match="themselves"):
        services.add_rater(actor=w.u_admin_opd, round_=f.round, ratee=w.staff1, rater=w.staff1, relation="peer")
    with pytest.raises(ValidationError, match="already rates"):
        services.add_rater(actor=w.u_admin_opd, round_=f.round, ratee=w.staff1, rater=w.staff2, relation="peer")
    with pytest.raises(ValidationError, match="not in this round"):
        services.add_rater(actor=w.u_admin_opd, round_=f.round, ratee=w.staff_disdik, rater=w.staff2,
                           relation="peer")
    with pytest.raises(PermissionDenied):
        services.add_rater(actor=w.u_admin_opd_disdik if hasattr(w, "u_admin_opd_disdik") else w.u_staff2,
                           round_=f.round, ratee=w.staff1, rater=w.kadisdik, relation="peer")
    with pytest.raises(ValidationError, match="superior, peer or subordinate"):
        services.add_rater(actor=w.u_admin_opd, round_=f.round, ratee=w.staff1, rater=w.kadinkes, relation="boss")


def test_the_database_refuses_self_rating_and_double_assignment(world, f):
    w = world
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(instance=w.a, round=f.round, ratee=w.staff1, rater=w.staff1, relation="peer")
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(instance=w.a, round=f.round, ratee=w.staff1, rater=w.staff2, relation="peer")


def test_an_answer_writes_an_anonymous_response_and_marks_the_assignment(world, f):
    w = world
    a = f.of(w.staff2)
    updated = a.updated_at
    services.answer(actor=w.u_staff2, assignment=a, scores={"akuntabel": 4, "loyal": "5"}, comment=" Teliti. ")
    a.refresh_from_db()
    assert a.answered and a.updated_at == updated  # no trace of when
    r = Response.objects.get()
    assert (r.ratee_id, r.akuntabel, r.loyal, r.kompeten, r.comment) == (w.staff1.pk, 4, 5, None, "Teliti.")
    event = AuditEvent.objects.get(action="feedback360.answer")
    assert event.object_type == "feedback360.assignment" and event.object_id == str(a.pk)
    assert "Teliti" not in str(event.after) and "akuntabel" not in str(event.after)


def test_answering_twice_is_refused_and_nothing_is_written(world, f):
    w = world
    a = f.of(w.staff2)
    services.answer(actor=w.u_staff2, assignment=a, scores=GOOD)
    with pytest.raises(ValidationError, match="already answered"):
        services.answer(actor=w.u_staff2, assignment=Assignment.objects.get(pk=a.pk), scores=GOOD)
    stale = Assignment.objects.get(pk=a.pk)
    stale.answered = False  # a second request that read the row before the first committed
    with pytest.raises(ValidationError, match="already answered"):
        services.answer(actor=w.u_staff2, assignment=stale, scores=GOOD)
    assert Response.objects.count() == 1


def test_only_the_assigned_rater_answers(world, f):
    w = world
    with pytest.raises(PermissionDenied):
        services.answer(actor=w.u_staff_disdik, assignment=f.of(w.staff2), scores=GOOD)
    with pytest.raises(PermissionDenied):
        services.answer(actor=w.u_admin_opd, assignment=f.of(w.staff2), scores=GOOD)
    with pytest.raises(PermissionDenied):  # the ratee answering the questionnaire about themselves
        services.answer(actor=w.u_staff1, assignment=f.of(w.staff2), scores=GOOD)
    assert Response.objects.count() == 0


def test_answers_outside_the_open_window_are_refused(world, f):
    w = world
    a = f.of(w.staff2)
    with pytest.raises(ValidationError, match="closed"):
        services.answer(actor=w.u_staff2, assignment=a, scores=GOOD, today=f.round.closes_on + timedelta(days=1))
    with pytest.raises(ValidationError, match="not open"):
        services.answer(actor=w.u_staff2, assignment=a, scores=GOOD, today=f.round.opens_on - timedelta(days=1))
    services.close_round(actor=w.u_admin_opd, round_=f.round)
    a = Assignment.objects.select_related("round").get(pk=a.pk)
    with pytest.raises(PermissionDenied):  # purged: the assignment no longer names a rater at all
        services.answer(actor=w.u_staff2, assignment=a, scores=GOOD)
    assert Response.objects.count() == 0


def test_answering_a_closed_round_without_purge_is_refused(world, settings):
    settings.KINERJA = {**settings.KINERJA, "FEEDBACK360_PURGE_ON_CLOSE": False}
    w = world
    f = build(w)
    services.close_round(actor=w.u_admin_opd, round_=f.round)
    a = Assignment.objects.select_related("round").get(round=f.round, ratee=w.staff1, rater=w.staff2)
    with pytest.raises(ValidationError, match="closed"):
        services.answer(actor=w.u_staff2, assignment=a, scores=GOOD)


@pytest.mark.parametrize("scores, message", [
    ({}, "at least one"), ({"akuntabel": 6}, "from 1 to 5"), ({"akuntabel": 0}, "from 1 to 5"),
    ({"akuntabel": "x"}, "from 1 to 5"), ({"integritas": 3}, "Unknown core value"), ({"akuntabel": 2.5}, "from 1"),
])
def test_bad_scores_are_refused(world, f, scores, message):
    with pytest.raises(ValidationError, match=message):
        services.answer(actor=world.u_staff2, assignment=f.of(world.staff2), scores=scores)
    assert not Assignment.objects.get(pk=f.of(world.staff2).pk).answered


def test_results_are_released_only_when_closed_and_enough(world, f):
    w = world
    answer_all(w, f, [w.staff2, w.kasi_surv])
    s = results.summary(f.period, w.staff1.pk)
    assert (s.released, s.responses, s.per_value, s.rating) == (False, None, {}, None)  # open: not even a count
    answer_all(w, f, [w.staff_yankes], scores={"akuntabel": 2, "loyal": 3}, comment="Perlu lebih teliti.")
    assert not results.summary(f.period, w.staff1.pk).released  # three answers, but still open
    services.close_round(actor=w.u_admin_opd, round_=f.round)
    s = results.summary(f.period, w.staff1.pk, with_comments=True)
    assert s.released and s.responses == 3 and s.invited == 5
    assert s.per_value["akuntabel"] == Decimal("4.00")  # (5 + 5 + 2) / 3
    assert s.per_value["loyal"] == Decimal("4.33")
    assert s.rating == Rating.MEETS and s.peers_and_subordinates
    assert s.comments == ("Perlu lebih teliti.",)
    # the caller may be stricter, never laxer
    assert not results.summary(f.period, w.staff1.pk, min_responses=4).released
    assert results.summary(f.period, w.staff1.pk, min_responses=2).released


def test_too_few_answers_release_nothing(world, f):
    w = world
    answer_all(w, f, [w.staff2, w.kasi_surv])
    services.close_round(actor=w.u_admin_opd, round_=f.round)
    s = results.summary(f.period, w.staff1.pk)
    assert (s.released, s.responses, s.per_value, s.mean) == (False, 2, {}, None)


def test_summaries_for_many_employees_in_three_queries(world, f, django_assert_num_queries):
    w = world
    answer_all(w, f, [w.staff2, w.kasi_surv, w.staff_yankes])
    services.close_round(actor=w.u_admin_opd, round_=f.round)
    ids = [w.staff1.pk, w.staff2.pk, w.kasi_surv.pk, w.staff_disdik.pk]
    with django_assert_num_queries(2):
        out = results.summaries(f.period, ids)
    assert set(out) == set(ids)
    assert out[w.staff1.pk].released and not out[w.staff2.pk].released
    assert out[w.staff_disdik.pk].round_id is None


def test_closing_shuffles_the_responses_and_purges_the_rater_links(world, f):
    w = world
    answer_all(w, f, [w.staff2, w.kasi_surv, w.staff_yankes])
    before = set(Response.objects.values_list("pk", flat=True))
    services.close_round(actor=w.u_admin_opd, round_=f.round)
    f.round.refresh_from_db()
    assert f.round.status == RoundStatus.CLOSED and f.round.raters_purged
    assert not set(Response.objects.values_list("pk", flat=True)) & before  # fresh random keys
    assert Response.objects.count() == 3
    assert not Assignment.objects.filter(round=f.round).exclude(rater=None).exists()
    assert Assignment.objects.filter(round=f.round, ratee=w.staff1, answered=True).count() == 3  # the counts stay
    with pytest.raises(ValidationError, match="already closed"):
        services.close_round(actor=w.u_admin_opd, round_=f.round)
    with pytest.raises(ValidationError, match="closed"):
        services.propose_raters(actor=w.u_admin_opd, round_=f.round)


def test_a_round_needs_valid_dates_and_one_per_unit(world, f):
    w = world
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.create_round(actor=w.u_admin_opd, period=f.period, unit=w.p2p, opens_on=today,
                              closes_on=today - timedelta(days=1), min_responses=1)
    assert set(exc.value.error_dict) == {"closes_on", "min_responses"}
    with pytest.raises(ValidationError, match="already has"):
        services.create_round(actor=w.u_admin_opd, period=f.period, unit=w.dinkes, opens_on=today, closes_on=today)
    with pytest.raises(PermissionDenied):  # an instance-wide round is the BKPSDM admin's
        services.create_round(actor=w.u_admin_opd, period=f.period, opens_on=today, closes_on=today)
    with pytest.raises(PermissionDenied):
        services.create_round(actor=w.u_staff1, period=f.period, unit=w.surv, opens_on=today, closes_on=today)
    assert Round.objects.count() == 1


def test_a_ratee_is_rated_in_one_round_per_period(world, f):
    w = world
    today = timezone.localdate()
    other = services.create_round(actor=w.u_admin_bkpsdm, period=f.period, opens_on=today, closes_on=today)
    services.propose_raters(actor=w.u_admin_bkpsdm, round_=other)
    rated = set(Assignment.objects.filter(round=other).values_list("ratee_id", flat=True))
    assert w.staff_disdik.pk in rated and w.staff1.pk not in rated
    with pytest.raises(ValidationError, match="another 360 round"):
        services.add_rater(actor=w.u_admin_bkpsdm, round_=other, ratee=w.staff1, rater=w.kadisdik,
                           relation="peer")


def test_the_daily_job_closes_due_rounds_and_reminds_raters(world, f):
    from kinerja.feedback360.tasks import run_daily
    from kinerja.notifications.models import Notification

    w = world
    Notification.objects.all().delete()
    day = f.round.closes_on - timedelta(days=2)
    out = run_daily.call(today=day.isoformat())
    assert out["closed"] == 0 and out["reminded"] > 0
    mine = Notification.objects.filter(recipient=w.u_staff2)
    assert mine.count() == 1 and "Dewi" not in mine.get().body and "Andi" not in mine.get().body
    assert run_daily.call(today=day.isoformat())["reminded"] == 0  # once per round
    out = run_daily.call(today=(f.round.closes_on + timedelta(days=1)).isoformat())
    assert out["closed"] == 1
    assert Round.objects.get(pk=f.round.pk).status == RoundStatus.CLOSED
    assert SYSTEM  # the world's actor is unrelated to the task's
