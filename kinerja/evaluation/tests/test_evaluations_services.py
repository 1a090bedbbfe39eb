"""The evaluation services: starting a team's evaluations, rating, finalising, reopening, acknowledging, and
every refusal (not the evaluator, SKP not approved, locked, final, stale version, a closed period's scheme)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kinerja.audit.models import AuditEvent
from kinerja.core.errors import ConflictError, PermissionDenied, ValidationError
from kinerja.evaluation import services
from kinerja.evaluation.models import BehaviourRating, Evaluation, EvaluationSettings, UnitRating
from kinerja.notifications.models import Notification
from kinerja.people import services as people
from kinerja.rules.skp import BERAKHLAK_CODES
from kinerja.skp import services as skp_services

from .evaluation_world import add_staff_to_the_team

pytestmark = pytest.mark.django_db
ALL_MEETS = {code: {"rating": "sesuai", "feedback": "Konsisten."} for code in BERAKHLAK_CODES}


def started(w, e, evaluator=None, actor=None, **kw):
    evaluator = evaluator or w.kasi_surv
    return services.start_evaluations(actor=actor or w.u_kasi_surv, period=e.period, evaluator=evaluator, **kw)


def one(w, e, employee=None):
    started(w, e)
    return Evaluation.objects.get(employee=employee or w.staff1, period=e.period)


def test_start_creates_the_team_with_suggestions_scheme_and_seven_values(world, e):
    w = world
    result = started(w, e)
    assert sorted(x.employee_id for x in result.created) == sorted([w.staff1.pk, w.staff2.pk])
    ev1 = Evaluation.objects.get(employee=w.staff1)
    assert ev1.achievement == Decimal("95.00") and ev1.suggested_result == "sesuai"
    assert ev1.scheme == "permenpanrb-6-2022" and ev1.evaluator_id == w.kasi_surv.pk and ev1.status == "draft"
    assert (ev1.window_start, ev1.window_end) == (e.period.start_date, e.period.end_date)
    assert Evaluation.objects.get(employee=w.staff2).suggested_result == "di_atas"
    # the seven values are there to rate; their rows are written at the first rating
    assert not BehaviourRating.objects.filter(evaluation=ev1).exists()
    assert list(services.behaviour_rows(ev1)) == list(BERAKHLAK_CODES)
    assert AuditEvent.objects.filter(action="evaluation.evaluation.create").count() == 2
    again = started(w, e)
    assert again.created == [] and again.existing == 2


def test_start_is_set_based_whatever_the_team_size(world, e):
    w = world
    with CaptureQueriesContext(connection) as small:
        started(w, e)
    Evaluation.objects.all().delete()
    add_staff_to_the_team(w, e)
    with CaptureQueriesContext(connection) as big:
        result = started(w, e)
    assert len(result.created) == 8
    assert len(big.captured_queries) == len(small.captured_queries)


def test_periodic_window_follows_the_setting_and_refuses_a_wrong_start(world, e):
    w = world
    EvaluationSettings.objects.create(instance=w.a, periodic_months=3)
    year = e.period.year
    from datetime import date

    result = started(w, e, kind="periodic", window_start=date(year, 4, 1))
    assert result.window == (date(year, 4, 1), date(year, 6, 30))
    ev = Evaluation.objects.get(employee=w.staff1, kind="periodic")
    assert ev.achievement == Decimal("80.00") and ev.suggested_result == "di_bawah"  # June's, not December's
    with pytest.raises(ValidationError) as err:
        started(w, e, kind="periodic", window_start=date(year, 5, 1))
    assert "window_start" in err.value.error_dict


def test_only_the_evaluator_or_an_hr_admin_starts_a_team(world, e):
    w = world
    with pytest.raises(PermissionDenied):
        started(w, e, actor=w.u_staff1)
    assert started(w, e, actor=w.u_admin_opd).created  # the OPD admin of the evaluator's unit


def test_team_members_without_an_approved_skp_are_listed_not_started(world, e):
    w = world
    s = skp_services.start_revision(actor=w.u_kasi_surv, skp=e.skp2, lock_version=e.skp2.lock_version,
                                    reason="Mutasi")
    assert s.status == "draft"
    result = started(w, e)
    assert [x.employee_id for x in result.created] == [w.staff1.pk]
    assert result.not_approved == [w.staff2.full_name]


def test_rate_computes_behaviour_predikat_and_needs_a_reason_to_deviate(world, e):
    w = world
    ev = one(w, e)
    with pytest.raises(ValidationError) as err:
        services.rate(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version, result_rating="di_atas")
    assert "result_reason" in err.value.error_dict
    assert Evaluation.objects.get(pk=ev.pk).result_rating == ""  # nothing half-written
    values = {**ALL_MEETS, "akuntabel": {"rating": "di_atas"}, "loyal": {"rating": "di_atas"},
              "adaptif": {"rating": "di_atas"}, "kompeten": {"rating": "di_atas"}}
    ev = services.rate(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version, result_rating="di_atas",
                       result_reason="Menyelesaikan tugas tambahan yang besar.", values=values)
    assert ev.behaviour_rating == "di_atas"  # the median of 4 above, 3 meets
    assert ev.predikat == "sangat_baik" and ev.proposed_predikat == "sangat_baik"
    assert ev.lock_version == 1 and BehaviourRating.objects.get(evaluation=ev, value="loyal").rating == "di_atas"
    ev = services.rate(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version, result_rating="sesuai")
    assert ev.result_reason == "" and ev.predikat == "baik"


def test_a_stale_version_is_a_conflict(world, e):
    w = world
    ev = one(w, e)
    services.rate(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version, result_rating="sesuai")
    with pytest.raises(ConflictError):
        services.rate(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version, result_rating="di_bawah",
                      result_reason="x")
    assert Evaluation.objects.get(pk=ev.pk).result_rating == "sesuai"


def test_only_the_evaluator_rates_and_the_plh_counts(world, e):
    w = world
    ev = one(w, e)
    for user in (w.u_staff1, w.u_admin_bkpsdm, w.u_kabid_p2p, w.u_staff2):
        with pytest.raises(PermissionDenied):
            services.rate(actor=user, evaluation=ev, lock_version=ev.lock_version, result_rating="sesuai")
    people.assign_acting(actor=e.system, employee=w.staff_yankes, position=w.pos_kasi_surv, kind="plh",
                         start_date=timezone.localdate())
    from kinerja.accounts.scope import clear_scope

    clear_scope(w.u_staff_yankes)
    ev = services.rate(actor=w.u_staff_yankes, evaluation=ev, lock_version=ev.lock_version, result_rating="sesuai")
    assert ev.result_rating == "sesuai"


def test_rating_without_an_approved_skp_names_the_way_out(world, e):
    w = world
    ev = one(w, e)
    skp_services.start_revision(actor=w.u_kasi_surv, skp=e.skp1, lock_version=e.skp1.lock_version, reason="Mutasi")
    with pytest.raises(ValidationError) as err:
        services.rate(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version, result_rating="sesuai")
    message = str(err.value.error_dict["skp"][0].messages[0])
    assert "/skp/monitoring/" in message and "HR" in message or "BKPSDM" in message or "admin" in message.lower()


def _complete(w, ev):
    return services.rate(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version, result_rating="sesuai",
                         values=ALL_MEETS)


def test_finalise_notifies_and_then_refuses_changes_until_reopened(world, e):
    w = world
    ev = one(w, e)
    with pytest.raises(ValidationError) as err:
        services.finalise(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version)
    assert err.value.error_dict["status"][0].code == "incomplete"
    ev = _complete(w, ev)
    ev = services.finalise(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version)
    assert ev.status == "final" and ev.finalised_at is not None and ev.predikat == "baik"
    note = Notification.objects.get(recipient=w.u_staff1, kind="evaluation")
    assert note.url == f"/evaluation/{ev.pk}/"
    with pytest.raises(ValidationError) as err:
        services.rate(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version, result_rating="di_bawah")
    assert err.value.error_dict["status"][0].code == "final"
    with pytest.raises(ValidationError):
        services.reopen(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version, reason="  ")
    with pytest.raises(PermissionDenied):
        services.reopen(actor=w.u_staff1, evaluation=ev, lock_version=ev.lock_version, reason="Saya keberatan")
    ev = services.reopen(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version, reason="Salah ketik")
    assert ev.status == "draft"
    event = AuditEvent.objects.get(action="evaluation.evaluation.reopen")
    assert event.after["reason"] == "Salah ketik"


def test_acknowledge_by_the_employee_only_once_final(world, e):
    w = world
    ev = _complete(w, one(w, e))
    with pytest.raises(ValidationError):
        services.acknowledge(actor=w.u_staff1, evaluation=ev, lock_version=ev.lock_version)
    ev = services.finalise(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version)
    with pytest.raises(PermissionDenied):
        services.acknowledge(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version)
    ev = services.acknowledge(actor=w.u_staff1, evaluation=ev, lock_version=ev.lock_version, notes="Terima kasih.")
    assert ev.status == "acknowledged" and ev.employee_notes == "Terima kasih." and ev.acknowledged_at
    with pytest.raises(ValidationError):
        services.acknowledge(actor=w.u_staff1, evaluation=ev, lock_version=ev.lock_version)


def test_after_the_calibration_lock_nothing_changes(world, e):
    w = world
    ev = _complete(w, one(w, e))
    Evaluation.objects.filter(pk=ev.pk).update(locked_at=timezone.now())
    ev.refresh_from_db()
    for call in (lambda: services.rate(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version,
                                       result_rating="di_bawah", result_reason="x"),
                 lambda: services.finalise(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version)):
        with pytest.raises(ValidationError) as err:
            call()
        assert err.value.error_dict["status"][0].code == "locked"
    Evaluation.objects.filter(pk=ev.pk).update(status="final")
    with pytest.raises(ValidationError) as err:
        services.reopen(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version, reason="x")
    assert err.value.error_dict["status"][0].code == "locked"


def test_a_unit_head_takes_the_units_rating(world, e):
    w = world
    UnitRating.objects.create(instance=w.a, period=e.period, unit=w.surv, predikat="istimewa")
    started(w, e, evaluator=w.kabid_p2p, actor=w.u_kabid_p2p)
    ev = Evaluation.objects.get(employee=w.kasi_surv)
    assert ev.result_from_unit and ev.result_rating == "di_atas"
    with pytest.raises(ValidationError) as err:
        services.rate(actor=w.u_kabid_p2p, evaluation=ev, lock_version=ev.lock_version, result_rating="sesuai")
    assert err.value.error_dict["result_rating"][0].code == "unit_rating"
    ev = services.rate(actor=w.u_kabid_p2p, evaluation=ev, lock_version=ev.lock_version, values=ALL_MEETS)
    assert ev.predikat == "baik"  # di_atas × sesuai


def test_credit_points_for_a_functional_official(world, e):
    w = world
    started(w, e, evaluator=w.kabid_yankes, actor=w.u_kabid_yankes)
    ev = Evaluation.objects.get(employee=w.staff_yankes)
    ev = services.rate(actor=w.u_kabid_yankes, evaluation=ev, lock_version=ev.lock_version, result_rating="sesuai",
                       result_reason="Tidak ada capaian tercatat.", values=ALL_MEETS)
    assert ev.predikat == "baik" and ev.credit_points == Decimal("12.50")  # Ahli Pertama, Baik, annual
    EvaluationSettings.objects.create(instance=w.a, credit_coefficients={"ahli_pertama": "10"})
    ev = services.rate(actor=w.u_kabid_yankes, evaluation=ev, lock_version=ev.lock_version, values=ALL_MEETS)
    assert ev.credit_points == Decimal("10.00")


def test_numeric_scheme_takes_scores(world, e):
    w = world
    e.period.scoring_scheme = "pp-30-2019"
    e.period.save()
    ev = one(w, e)
    assert ev.scheme == "pp-30-2019"
    scores = {code: {"score": "90"} for code in BERAKHLAK_CODES}
    ev = services.rate(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version, result_score="100",
                       values=scores)
    assert ev.behaviour_score == Decimal("90.00") and ev.final_score == Decimal("97.00") and ev.predikat == "baik"
    with pytest.raises(ValidationError):
        services.rate(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version, result_score="130")


def test_a_periods_scheme_is_frozen_once_evaluated_or_closed(world, e):
    w = world
    period = skp_services.set_scoring_scheme(actor=w.u_admin_bkpsdm, period=e.period, scheme="pp-46-2011")
    assert period.scoring_scheme == "pp-46-2011"
    period = skp_services.set_scoring_scheme(actor=w.u_admin_bkpsdm, period=period, scheme="permenpanrb-6-2022")
    with pytest.raises(ValidationError):
        skp_services.set_scoring_scheme(actor=w.u_admin_bkpsdm, period=period, scheme="nope")
    started(w, e)
    with pytest.raises(ValidationError) as err:
        skp_services.set_scoring_scheme(actor=w.u_admin_bkpsdm, period=period, scheme="pp-30-2019")
    assert "evaluations" in str(err.value.error_dict["scoring_scheme"][0].messages[0]) \
        or err.value.error_dict["scoring_scheme"][0].code == "scheme_frozen"
    Evaluation.objects.all().delete()
    skp_services.set_period_closed(actor=w.u_admin_bkpsdm, period=period)
    with pytest.raises(ValidationError):
        skp_services.set_scoring_scheme(actor=w.u_admin_bkpsdm, period=period, scheme="pp-30-2019")
    assert type(period).objects.get(pk=period.pk).scoring_scheme == "permenpanrb-6-2022"


def test_behaviour_of_is_the_median():
    assert services.behaviour_of(["di_atas"] * 3 + ["sesuai"] * 4) == "sesuai"
    assert services.behaviour_of(["di_bawah"] * 4 + ["di_atas"] * 3) == "di_bawah"
    assert services.behaviour_of(["di_atas"] * 6) is None
