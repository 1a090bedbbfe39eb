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


def test_opened_then_rated_evaluations_give_each_rated_units_curve(world, period, skps):
    from kinerja.evaluation import results

    batch.start_annual(instance_id=world.a.pk, period_id=period.pk, actor=BKPSDM)
    Evaluation.objects.filter(period=period).update(result_rating=Rating.MEETS, behaviour_rating=Rating.MEETS)
    batch.refresh_predikat(instance_id=world.a.pk, period_id=period.pk)
    UnitRating.objects.create(instance=world.a, period=period, unit=world.dinkes, predikat="baik")
    found = {d.unit.pk: d for d in results.distributions(period)}
    d = found[world.dinkes.pk]
    assert d.counts == {"baik": 4}
    assert d.check == curve.check("baik", {"baik": 4})
    # all four Baik in a Baik unit: over the 70% cap and nobody to improve
    assert {v.code for v in d.check.violations} == {"baik_max_70", "butuh_perbaikan_or_kurang_min_1"}


def test_only_the_bkpsdm_admin_opens_the_instance(world, period, skps):
    from django.core.exceptions import PermissionDenied

    for user in (world.u_admin_opd, world.u_kasi_surv, world.u_pimpinan, world.u_admin_b):
        with pytest.raises(PermissionDenied):
            batch.start_annual(instance_id=world.a.pk, period_id=period.pk, actor=user)
    assert not Evaluation.objects.exists()
    assert batch.start_annual(instance_id=world.a.pk, period_id=period.pk, actor=world.u_admin_bkpsdm).created == 4


def test_cli_opens_the_annual_evaluation_and_refuses_a_closed_period(world, period, skps):
    import click
    from click.testing import CliRunner

    from kinerja.evaluation import cli as evaluation_cli

    group = click.Group()
    group.add_command(evaluation_cli.evaluate_group)
    result = CliRunner().invoke(group, ["evaluate", "open", "--period", str(period.pk)])
    assert result.exit_code == 0, result.output
    assert "4" in result.output and Evaluation.objects.filter(period=period).count() == 4
    Period.objects.filter(pk=period.pk).update(is_closed=True)
    closed = CliRunner().invoke(group, ["evaluate", "open", "--period", str(period.pk)])
    assert closed.exit_code == 1 and ("ditutup" in closed.output or "closed" in closed.output)
    missing = CliRunner().invoke(group, ["evaluate", "open", "--period", "999999"])
    assert missing.exit_code == 2


def test_an_opened_evaluation_is_rated_and_finalised_its_rows_written_at_the_first_rating(world, period, skps):
    """The batch writes no BerAKHLAK rows (seven a person would double its writes): the page and the API show the
    seven values empty, ``missing`` names all seven, and the evaluator's first rating writes them."""
    from kinerja.evaluation.models import BehaviourRating
    from kinerja.evaluation.services import evaluations as services
    from kinerja.rules.skp import BERAKHLAK_CODES

    achieve(skps["staff1"], 12, Decimal("100"))
    batch.start_annual(instance_id=world.a.pk, period_id=period.pk, actor=BKPSDM)
    ev = Evaluation.objects.get(skp=skps["staff1"])
    assert not BehaviourRating.objects.filter(evaluation=ev).exists()
    assert list(services.behaviour_rows(ev)) == list(BERAKHLAK_CODES)
    assert "a rating for 7 core value(s)" in services.missing(ev)
    half = {code: {"rating": Rating.MEETS} for code in BERAKHLAK_CODES[:3]}
    ev = services.rate(actor=world.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version,
                       result_rating=Rating.MEETS, values=half)
    assert sorted(BehaviourRating.objects.filter(evaluation=ev).values_list("value", flat=True)) == sorted(half)
    assert "a rating for 4 core value(s)" in services.missing(ev)
    rest = {code: {"rating": Rating.MEETS, "feedback": "Baik"} for code in BERAKHLAK_CODES[3:]}
    ev = services.rate(actor=world.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version, values=rest)
    assert BehaviourRating.objects.filter(evaluation=ev, rating=Rating.MEETS).count() == 7
    assert (ev.behaviour_rating, ev.predikat) == (Rating.MEETS, Predikat.BAIK)
    ev = services.finalise(actor=world.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version)
    assert ev.status == "final"
