"""The instance-wide annual evaluation (kinerja/evaluation/batch.py): its SQL equals the pure rules row for row."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kinerja.audit.models import AuditEvent
from kinerja.core.actors import system_actor
from kinerja.evaluation import batch
from kinerja.evaluation.models import Evaluation, EvaluationSettings, UnitRating
from kinerja.progress.models import EmployeeAchievement
from kinerja.rules.evaluation import curve, schemes, suggest
from kinerja.rules.evaluation.ratings import Predikat, Rating
from kinerja.skp.models import Period
from kinerja.skp.tests.conftest import approved_skp

pytestmark = pytest.mark.django_db
BKPSDM = system_actor("bkpsdm")


@pytest.fixture
def period(world):
    return Period.objects.create(instance=world.a, name="2026", year=2026, start_date=date(2026, 1, 1),
                                 end_date=date(2026, 12, 31), deadline=date(2026, 1, 31))


@pytest.fixture
def skps(world, period):
    w = world
    boss = approved_skp(w, period, w.kasi_surv, w.u_kasi_surv, w.u_kabid_p2p)
    parent = boss.rhks.first()
    return {
        "boss": boss,
        "staff1": approved_skp(w, period, w.staff1, w.u_staff1, w.u_kasi_surv, parent=parent),
        "staff2": approved_skp(w, period, w.staff2, w.u_staff2, w.u_kasi_surv, parent=parent),
        "yankes": approved_skp(w, period, w.staff_yankes, w.u_staff_yankes, w.u_kabid_yankes),
    }


def achieve(skp, month: int, value) -> None:
    EmployeeAchievement.objects.create(instance_id=skp.instance_id, skp=skp, employee_id=skp.employee_id,
                                       unit_id=skp.unit_id, period_start=date(skp.period.year, month, 1),
                                       achievement=value)


def test_start_creates_one_annual_evaluation_per_approved_skp_with_the_rules_suggestion(world, period, skps):
    achieve(skps["staff1"], 11, Decimal("120"))
    achieve(skps["staff1"], 12, Decimal("89.99"))   # the latest month counts: Di Bawah
    achieve(skps["staff2"], 12, Decimal("90"))      # the threshold itself: Sesuai
    achieve(skps["boss"], 12, Decimal("110"))       # Di Atas
    stats = batch.start_annual(instance_id=world.a.pk, period_id=period.pk, actor=BKPSDM)
    assert stats.created == 4
    rows = {e.skp_id: e for e in Evaluation.objects.filter(period=period)}
    assert set(rows) == {s.pk for s in skps.values()}
    for skp in skps.values():
        e = rows[skp.pk]
        latest = (EmployeeAchievement.objects.filter(skp=skp).order_by("-period_start")
                  .values_list("achievement", flat=True).first())
        assert e.suggested_result == (suggest.suggest_hasil_rating(latest) or "")
        assert (e.kind, e.window_start, e.window_end, e.status) == ("annual", period.start_date, period.end_date,
                                                                     "draft")
        assert (e.employee_id, e.unit_id, e.evaluator_id, e.scheme) == (
            skp.employee_id, skp.unit_id, skp.evaluator_id, period.scoring_scheme)
    assert rows[skps["staff1"].pk].suggested_result == Rating.BELOW
    assert rows[skps["staff2"].pk].suggested_result == Rating.MEETS
    assert rows[skps["boss"].pk].suggested_result == Rating.ABOVE
    assert rows[skps["yankes"].pk].suggested_result == ""  # no achievement yet: no suggestion
    assert AuditEvent.objects.filter(action="evaluation.batch.start").count() == 1
    # again: nothing new, nothing doubled
    assert batch.start_annual(instance_id=world.a.pk, period_id=period.pk, actor=BKPSDM).created == 0
    assert Evaluation.objects.filter(period=period).count() == 4


def test_start_follows_the_instance_thresholds(world, period, skps):
    EvaluationSettings.objects.create(instance=world.a, suggest_above_from=100, suggest_meets_from=60)
    achieve(skps["staff1"], 12, Decimal("100"))
    achieve(skps["staff2"], 12, Decimal("59.99"))
    batch.start_annual(instance_id=world.a.pk, period_id=period.pk, actor=BKPSDM)
    got = dict(Evaluation.objects.filter(period=period).values_list("skp_id", "suggested_result"))
    assert got[skps["staff1"].pk] == Rating.ABOVE and got[skps["staff2"].pk] == Rating.BELOW


def test_a_closed_or_foreign_period_is_refused_and_nothing_is_written(world, period, skps):
    Period.objects.filter(pk=period.pk).update(is_closed=True)
    with pytest.raises(ValidationError) as err:
        batch.start_annual(instance_id=world.a.pk, period_id=period.pk, actor=BKPSDM)
    assert err.value.error_dict["period"][0].code == "closed"
    with pytest.raises(ValidationError):
        batch.start_annual(instance_id=world.b.pk, period_id=period.pk, actor=BKPSDM)
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("hasil", list(Rating))
@pytest.mark.parametrize("perilaku", list(Rating))
def test_refresh_predikat_is_the_matrix(world, period, skps, hasil, perilaku):
    batch.start_annual(instance_id=world.a.pk, period_id=period.pk, actor=BKPSDM)
    Evaluation.objects.filter(period=period).update(result_rating=hasil, behaviour_rating=perilaku)
    Evaluation.objects.filter(skp=skps["yankes"]).update(behaviour_rating="")  # not rated yet: left alone
    stats = batch.refresh_predikat(instance_id=world.a.pk, period_id=period.pk)
    assert stats.updated == 3
    expected = schemes.evaluate(schemes.DEFAULT_SCHEME_ID, hasil=hasil, perilaku=perilaku).predikat
    rated = Evaluation.objects.filter(period=period).exclude(skp=skps["yankes"])
    assert set(rated.values_list("proposed_predikat", "predikat")) == {(expected, expected)}
    assert Evaluation.objects.get(skp=skps["yankes"]).predikat == ""


def test_refresh_keeps_a_calibrated_predikat_and_a_locked_evaluation(world, period, skps):
    batch.start_annual(instance_id=world.a.pk, period_id=period.pk, actor=BKPSDM)
    Evaluation.objects.filter(period=period).update(result_rating=Rating.MEETS, behaviour_rating=Rating.MEETS)
    batch.refresh_predikat(instance_id=world.a.pk, period_id=period.pk)
    Evaluation.objects.filter(skp=skps["staff1"]).update(predikat=Predikat.BUTUH_PERBAIKAN)  # the meeting
    Evaluation.objects.filter(skp=skps["staff2"]).update(locked_at="2026-12-20T10:00:00Z",
                                                         result_rating=Rating.ABOVE, behaviour_rating=Rating.ABOVE)
    Evaluation.objects.filter(period=period).exclude(skp=skps["staff2"]).update(result_rating=Rating.ABOVE,
                                                                                 behaviour_rating=Rating.ABOVE)
    batch.refresh_predikat(instance_id=world.a.pk, period_id=period.pk)
    got = {e.skp_id: (e.proposed_predikat, e.predikat) for e in Evaluation.objects.filter(period=period)}
    assert got[skps["staff1"].pk] == (Predikat.SANGAT_BAIK, Predikat.BUTUH_PERBAIKAN)
    assert got[skps["staff2"].pk] == (Predikat.BAIK, Predikat.BAIK)  # locked: untouched
    assert got[skps["boss"].pk] == (Predikat.SANGAT_BAIK, Predikat.SANGAT_BAIK)


def test_curve_recap_counts_each_rated_units_subtree_and_checks_it(world, period, skps, django_assert_max_num_queries):
    batch.start_annual(instance_id=world.a.pk, period_id=period.pk, actor=BKPSDM)
    Evaluation.objects.filter(period=period).update(predikat=Predikat.BAIK)
    UnitRating.objects.create(instance=world.a, period=period, unit=world.dinkes, predikat="baik")
    with django_assert_max_num_queries(4):
        recaps = list(batch.curve_recap(instance_id=world.a.pk, period_id=period.pk))
    assert len(recaps) == 1
    r = recaps[0]
    assert r.unit_id == world.dinkes.pk and r.counts == {"baik": 4}
    assert r.check == curve.check("baik", {"baik": 4})
    # all four Baik in a Baik unit: over the 70% cap and nobody to improve
    assert {v.code for v in r.check.violations} == {"baik_max_70", "butuh_perbaikan_or_kurang_min_1"}
