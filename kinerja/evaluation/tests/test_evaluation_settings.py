"""The instance's evaluation settings at work: the organisation-predikat thresholds, the rule for the rating
perilaku, and a functional official's annual credit points from the year's periodic evaluations (rounded once or
per period); the back office that edits them (validated, audited)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse

from kinerja.audit.models import AuditEvent
from kinerja.audit.testing import admin_form_data
from kinerja.core.errors import ValidationError
from kinerja.evaluation import results, services
from kinerja.evaluation.documents.evaluation_pdf import load_evaluation_document
from kinerja.evaluation.models import Evaluation, EvaluationSettings, EvaluationStatus
from kinerja.evaluation.services import calibration, unit_ratings
from kinerja.rules.skp import BERAKHLAK_CODES

from .conftest import build_results

pytestmark = pytest.mark.django_db
CODES = list(BERAKHLAK_CODES)


def values(*ratings):
    """The seven values rated in order (``values("di_atas", "di_atas", "di_atas", "sesuai", …)``)."""
    assert len(ratings) == len(CODES)
    return {code: {"rating": r} for code, r in zip(CODES, ratings, strict=True)}


ALL_MEETS = values(*["sesuai"] * 7)
# (rating hasil kerja, the seven values) → predikat under 6/2022 and the median
BAIK = ("sesuai", ALL_MEETS)
SANGAT_BAIK = ("di_atas", values(*["di_atas"] * 7))
BUTUH_PERBAIKAN = ("di_bawah", ALL_MEETS)


# --- the settings row validates its thresholds ------------------------------------------------------------------

def test_org_thresholds_must_go_down_strictly(world):
    row = EvaluationSettings(instance=world.a, org_istimewa_from=110, org_baik_from=90, org_butuh_perbaikan_from=90,
                             org_kurang_from=50)
    with pytest.raises(DjangoValidationError) as err:
        row.full_clean()
    assert list(err.value.message_dict) == ["org_butuh_perbaikan_from"]
    message = err.value.message_dict["org_butuh_perbaikan_from"][0]
    assert "must be below" in message and "(90)" in message and "Baik" in message
    row.org_butuh_perbaikan_from = 70
    row.suggest_above_from, row.suggest_meets_from = 80, 90
    with pytest.raises(DjangoValidationError) as err:
        row.full_clean()
    assert list(err.value.message_dict) == ["suggest_meets_from"]
    row.suggest_above_from = 100
    row.org_kurang_from = -1
    with pytest.raises(DjangoValidationError) as err:
        row.full_clean()
    assert list(err.value.message_dict) == ["org_kurang_from"]
    row.org_kurang_from = 40
    row.full_clean()  # in order: accepted


def test_unknown_rule_and_rounding_are_refused(world):
    row = EvaluationSettings(instance=world.a, behaviour_rule="average", credit_rounding="ceil")
    with pytest.raises(DjangoValidationError) as err:
        row.full_clean()
    assert set(err.value.message_dict) == {"behaviour_rule", "credit_rounding"}


# --- 1. organisation predikat from the instance's thresholds ----------------------------------------------------

def _pk_achievement(w, value):
    from kinerja.planning.testing import build_plan
    from kinerja.progress.models import IndicatorAchievement

    plan = build_plan(w)
    r = build_results(w, year=plan.pk.year)
    IndicatorAchievement.objects.create(instance=w.a, level="pk", pk_indicator=plan.ind1, unit=plan.pk.unit,
                                        period_start=date(plan.pk.year, 3, 1), achievement=value)
    return r, plan.pk.unit


def test_the_organisation_predikat_is_suggested_by_the_instances_thresholds(world):
    w = world
    r, unit = _pk_achievement(w, "95")
    assert results.suggestion(unit, r.period) == (Decimal("95.00"), "baik")  # the defaults: Baik from 90
    EvaluationSettings.objects.create(instance=w.a, org_istimewa_from=95, org_baik_from=80,
                                      org_butuh_perbaikan_from=60, org_kurang_from=40)
    assert results.suggestion(unit, r.period) == (Decimal("95.00"), "istimewa")
    # the service stores the suggestion it checked the choice against, and asks a reason to depart from it
    with pytest.raises(ValidationError) as err:
        unit_ratings.set_unit_rating(actor=w.u_admin_bkpsdm, unit=unit, period=r.period, predikat="baik")
    assert "reason" in err.value.message_dict
    rating = unit_ratings.set_unit_rating(actor=w.u_admin_bkpsdm, unit=unit, period=r.period, predikat="istimewa")
    assert (rating.achievement, rating.suggested, rating.predikat) == (Decimal("95.00"), "istimewa", "istimewa")


def test_the_organisation_predikat_page_shows_the_instances_suggestion(world, client_for):
    w = world
    r, unit = _pk_achievement(w, "95")
    url = reverse("evaluation:unit-rating", args=[r.period.pk, unit.pk])
    client = client_for(w.u_admin_bkpsdm)
    assert client.get(url).context["form"].initial["predikat"] == "baik"  # the defaults: Baik from 90
    EvaluationSettings.objects.create(instance=w.a, org_istimewa_from=120, org_baik_from=100,
                                      org_butuh_perbaikan_from=85, org_kurang_from=50)
    response = client.get(url)
    assert response.status_code == 200 and response.context["form"].initial["predikat"] == "butuh_perbaikan"


# --- 2. the rule for the rating perilaku ------------------------------------------------------------------------

MIXED = values("di_atas", "di_atas", "di_atas", "di_bawah", "di_bawah", "di_bawah", "sesuai")


@pytest.mark.parametrize(("rule", "behaviour", "predikat"), [
    ("median", "sesuai", "baik"),
    ("majority", "di_bawah", "kurang"),  # 3 Di Atas, 3 Di Bawah: the tie goes to the lower
    ("lowest", "di_bawah", "kurang"),
])
def test_rate_derives_the_rating_perilaku_by_the_instances_rule(world, e, rule, behaviour, predikat):
    w = world
    if rule != "median":
        EvaluationSettings.objects.create(instance=w.a, behaviour_rule=rule)
    services.start_evaluations(actor=w.u_kasi_surv, period=e.period, evaluator=w.kasi_surv)
    ev = Evaluation.objects.get(employee=w.staff1, kind="annual")
    ev = services.rate(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version, result_rating="sesuai",
                       values=MIXED)
    assert (ev.behaviour_rating, ev.predikat) == (behaviour, predikat)


def test_a_rule_change_applies_when_the_ratings_are_saved_again(world, e):
    w = world
    services.start_evaluations(actor=w.u_kasi_surv, period=e.period, evaluator=w.kasi_surv)
    ev = Evaluation.objects.get(employee=w.staff1, kind="annual")
    ev = services.rate(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version, result_rating="sesuai",
                       values=values(*["di_atas"] * 6, "di_bawah"))
    assert ev.behaviour_rating == "di_atas"
    EvaluationSettings.objects.create(instance=w.a, behaviour_rule="lowest")
    assert Evaluation.objects.get(pk=ev.pk).behaviour_rating == "di_atas"  # nothing rewritten behind the back
    ev = services.rate(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version, evaluator_notes="Cek")
    assert ev.behaviour_rating == "di_bawah" and ev.predikat == "kurang"


def test_the_live_preview_and_the_page_use_the_instances_rule(world, e, client_for):
    w = world
    EvaluationSettings.objects.create(instance=w.a, behaviour_rule="lowest")
    services.start_evaluations(actor=w.u_kasi_surv, period=e.period, evaluator=w.kasi_surv)
    ev = Evaluation.objects.get(employee=w.staff1, kind="annual")
    client = client_for(w.u_kasi_surv)
    posted = {"result_rating": "sesuai", **{f"rating_{c}": "di_atas" for c in CODES}, f"rating_{CODES[0]}": "sesuai"}
    html = client.post(reverse("evaluation:preview", args=[ev.pk]), posted).content.decode()
    assert 'data-predikat="baik"' in html and 'data-testid="behaviour-rule"' in html  # lowest: Sesuai → Baik
    EvaluationSettings.objects.filter(instance=w.a).update(behaviour_rule="median")
    html = client.post(reverse("evaluation:preview", args=[ev.pk]), posted).content.decode()
    assert 'data-predikat="baik"' in html  # median of 6 Di Atas and 1 Sesuai is Di Atas: sesuai × di_atas = Baik
    posted["result_rating"] = "di_atas"
    html = client.post(reverse("evaluation:preview", args=[ev.pk]), posted).content.decode()
    assert 'data-predikat="sangat_baik"' in html
    EvaluationSettings.objects.filter(instance=w.a).update(behaviour_rule="lowest")
    html = client.post(reverse("evaluation:preview", args=[ev.pk]), posted).content.decode()
    assert 'data-predikat="baik"' in html


# --- 3. credit points from the year's periodic evaluations ------------------------------------------------------

def _periodic(w, e, start: date, rating, *, final=True):
    """The periodic evaluation of staff_yankes (Perawat Ahli Pertama) starting ``start``, rated and finalised."""
    services.start_evaluations(actor=w.u_kabid_yankes, period=e.period, evaluator=w.kabid_yankes, kind="periodic",
                               window_start=start)
    ev = Evaluation.objects.get(employee=w.staff_yankes, kind="periodic", window_start=start)
    hasil, vals = rating
    ev = services.rate(actor=w.u_kabid_yankes, evaluation=ev, lock_version=ev.lock_version, result_rating=hasil,
                       values=vals)
    if final:
        ev = services.finalise(actor=w.u_kabid_yankes, evaluation=ev, lock_version=ev.lock_version)
    return ev


def _annual(w, e, rating=BAIK):
    services.start_evaluations(actor=w.u_kabid_yankes, period=e.period, evaluator=w.kabid_yankes)
    ev = Evaluation.objects.get(employee=w.staff_yankes, kind="annual")
    hasil, vals = rating
    return services.rate(actor=w.u_kabid_yankes, evaluation=ev, lock_version=ev.lock_version, result_rating=hasil,
                         values=vals)


def test_the_domain_example_two_months_baik(world, e):
    """Ahli Pertama (12.5), two months Baik → 2.08: on the periodic evaluations and on the year."""
    w = world
    EvaluationSettings.objects.create(instance=w.a, periodic_months=1)
    year = e.period.year
    jan = _periodic(w, e, date(year, 1, 1), BAIK)
    feb = _periodic(w, e, date(year, 2, 1), BAIK)
    assert (jan.credit_points, feb.credit_points) == (Decimal("1.04"), Decimal("1.04"))  # each month on its own
    annual = _annual(w, e)
    assert annual.predikat == "baik" and annual.credit_points == Decimal("2.08")  # not 1.04 + 1.04
    basis = services.credit_basis(annual, annual.predikat, services.settings_for(w.a.pk))
    assert basis.months == 2 and basis.periods[0].credit + basis.periods[1].credit == Decimal("2.08")
    EvaluationSettings.objects.filter(instance=w.a).update(credit_rounding="each")
    annual = services.rate(actor=w.u_kabid_yankes, evaluation=annual, lock_version=annual.lock_version,
                           values=ALL_MEETS)
    assert annual.credit_points == Decimal("2.08")  # each month 1.04: the same figure, rounded per period


def test_without_periodic_evaluations_the_year_is_share_times_coefficient(world, e):
    w = world
    year = e.period.year
    _periodic(w, e, date(year, 4, 1), SANGAT_BAIK, final=False)  # a draft does not count
    annual = _annual(w, e)
    assert annual.credit_points == Decimal("12.50")


def test_a_year_of_mixed_predikat_rounded_once_or_per_period(world, e, client_for):
    w = world
    year = e.period.year
    quarters = [(date(year, 1, 1), BAIK), (date(year, 4, 1), SANGAT_BAIK), (date(year, 7, 1), BUTUH_PERBAIKAN),
                (date(year, 10, 1), BAIK)]
    for start, rating in quarters:
        _periodic(w, e, start, rating)
    annual = _annual(w, e)
    # exact 3.125 + 4.6875 + 2.34375 + 3.125 = 13.28125, rounded once (the default)
    assert annual.credit_points == Decimal("13.28")
    html = client_for(w.u_kabid_yankes).get(reverse("evaluation:detail", args=[annual.pk])).content.decode()
    assert 'data-testid="credit-periods"' in html and "13.28" in html
    assert html.count("<td class=\"text-end\">3</td>") == 4  # four quarters of three months
    for part in ("3.13", "4.68", "2.35", "3.12"):  # each quarter's part of the rounded running total
        assert f">{part}<" in html
    EvaluationSettings.objects.create(instance=w.a, credit_rounding="each")
    annual = services.rate(actor=w.u_kabid_yankes, evaluation=annual, lock_version=annual.lock_version,
                           values=ALL_MEETS)
    assert annual.credit_points == Decimal("13.29")  # 3.13 + 4.69 + 2.34 + 3.13
    doc = load_evaluation_document(annual)
    assert Decimal(doc.credit_points) == Decimal("13.29")
    assert "12" in doc.credit_note and "4.69" in doc.credit_note and "2.34" in doc.credit_note


def test_finalising_or_reopening_a_periodic_evaluation_updates_the_years_figure(world, e):
    w = world
    year = e.period.year
    _periodic(w, e, date(year, 1, 1), BAIK)
    annual = _annual(w, e)
    assert annual.credit_points == Decimal("3.13")  # Q1 Baik: 3.125
    q2 = _periodic(w, e, date(year, 4, 1), SANGAT_BAIK)
    assert Evaluation.objects.get(pk=annual.pk).credit_points == Decimal("7.81")  # 3.125 + 4.6875
    event = AuditEvent.objects.filter(action="evaluation.evaluation.finalise", object_id=str(q2.pk)).get()
    change = event.after["annual_credit_points"]
    assert change["evaluation"] == annual.pk
    assert (Decimal(change["before"]), Decimal(change["after"])) == (Decimal("3.13"), Decimal("7.81"))
    services.reopen(actor=w.u_kabid_yankes, evaluation=q2, lock_version=q2.lock_version, reason="Salah input")
    assert Evaluation.objects.get(pk=annual.pk).credit_points == Decimal("3.13")


def test_a_locked_annual_evaluation_keeps_its_figure_and_the_page_says_so(world, e, client_for):
    from django.utils import timezone

    w = world
    year = e.period.year
    _periodic(w, e, date(year, 1, 1), BAIK)
    annual = _annual(w, e)
    Evaluation.objects.filter(pk=annual.pk).update(locked_at=timezone.now(), status=EvaluationStatus.FINAL)
    _periodic(w, e, date(year, 4, 1), BAIK)
    assert Evaluation.objects.get(pk=annual.pk).credit_points == Decimal("3.13")
    html = client_for(w.u_kabid_yankes).get(reverse("evaluation:detail", args=[annual.pk])).content.decode()
    assert 'data-testid="credit-stale"' in html and "6.25" in html


def test_overlapping_windows_count_once(world, e):
    """The setting changed from quarters to months mid-year: February's window lies inside Q1 and is left out."""
    w = world
    year = e.period.year
    _periodic(w, e, date(year, 1, 1), BAIK)  # Q1 (quarters by default)
    EvaluationSettings.objects.create(instance=w.a, periodic_months=1)
    _periodic(w, e, date(year, 2, 1), SANGAT_BAIK)  # February, overlapping Q1
    _periodic(w, e, date(year, 4, 1), BAIK)  # April
    annual = _annual(w, e)
    assert annual.credit_points == Decimal("4.17")  # Q1 3.125 + April 1.041666…, February left out


def test_calibration_and_appeals_keep_the_credit_points_with_the_predikat(world, e):
    w = world
    annual = _annual(w, e)
    annual = services.finalise(actor=w.u_kabid_yankes, evaluation=annual, lock_version=annual.lock_version)
    assert annual.credit_points == Decimal("12.50")
    adjusted = calibration.adjust(actor=w.u_admin_bkpsdm, evaluation=annual, reason="Kurva distribusi",
                                  predikat="butuh_perbaikan")
    assert adjusted.predikat == "butuh_perbaikan" and adjusted.credit_points == Decimal("9.38")
    event = AuditEvent.objects.get(action="evaluation.calibration.adjust")
    assert Decimal(event.before["credit_points"]) == Decimal("12.50") and event.after["credit_points"] == "9.38"


# --- 4. the back office edits the settings ----------------------------------------------------------------------

def admin_url(view, *args):
    return reverse(f"admin:evaluation_evaluationsettings_{view}", args=args)


def test_the_back_office_shows_validates_and_audits_the_settings(world, client_for):
    w = world
    client = client_for(w.u_root)
    url = admin_url("add")
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("org_istimewa_from", "org_baik_from", "org_butuh_perbaikan_from", "org_kurang_from",
                 "behaviour_rule", "credit_rounding"):
        assert f'name="{name}"' in html, name
    data = admin_form_data(page) | {"instance": w.a.pk}
    for bad, field in (({"org_baik_from": "120"}, "org_baik_from"),
                       ({"org_kurang_from": "75"}, "org_kurang_from"),
                       ({"org_kurang_from": "-5"}, "org_kurang_from"),
                       ({"behaviour_rule": "average"}, "behaviour_rule"),
                       ({"credit_rounding": "ceil"}, "credit_rounding"),
                       ({"credit_coefficients": '{"ahli_super": 5}'}, "credit_coefficients"),
                       ({"credit_coefficients": '{"ahli_pertama": "x"}'}, "credit_coefficients"),
                       ({"credit_coefficients": "[1, 2]"}, "credit_coefficients")):
        response = client.post(url, data | bad)
        assert response.status_code == 200, bad
        assert field in response.context["adminform"].form.errors, (bad, response.context["adminform"].form.errors)
    assert not EvaluationSettings.objects.exists() and not AuditEvent.objects.filter(
        action__startswith="admin.evaluation.").exists()
    response = client.post(url, data | {"org_istimewa_from": "100", "org_baik_from": "85", "behaviour_rule": "lowest",
                                         "credit_rounding": "each", "credit_coefficients": '{"ahli_pertama": 10}'})
    assert response.status_code == 302, response.context["adminform"].form.errors
    row = EvaluationSettings.objects.get(instance=w.a)
    assert (row.org_istimewa_from, row.org_baik_from, row.behaviour_rule, row.credit_rounding) == (
        Decimal("100"), Decimal("85"), "lowest", "each")
    assert row.credit_coefficients == {"ahli_pertama": "10"}
    event = AuditEvent.objects.get(action="admin.evaluation.evaluationsettings.create")
    assert event.after["behaviour_rule"] == "lowest" and event.source == "admin"
    change = admin_url("change", row.pk)
    data = admin_form_data(client.get(change))
    response = client.post(change, data | {"org_butuh_perbaikan_from": "85"})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["org_butuh_perbaikan_from"]
    assert "(85" in errors[0] and "Baik" in errors[0]  # names both thresholds and their values
    assert client.post(change, data | {"org_kurang_from": "30"}).status_code == 302
    event = AuditEvent.objects.get(action="admin.evaluation.evaluationsettings.update")
    assert Decimal(event.before["org_kurang_from"]) == 50 and Decimal(event.after["org_kurang_from"]) == 30


def test_only_platform_staff_reach_the_settings_in_the_back_office(world, client_for):
    response = client_for(world.u_admin_bkpsdm).get(admin_url("changelist"))
    assert response.status_code in (302, 403)
