"""Angka kredit of functional officials (DOMAIN §12)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.rules.evaluation import credit
from kinerja.rules.evaluation.ratings import PREDIKAT_6_2022, Predikat


def test_the_domain_example():
    # Ahli Pertama, coefficient 12.5, two months Baik → 2.08
    coefficient = credit.coefficient_for("ahli_pertama")
    assert coefficient == Decimal("12.5")
    assert credit.periodic_credit(Predikat.BAIK, coefficient, 2) == Decimal("2.08")
    assert credit.exact_credit("baik", coefficient, 2) == Fraction(25, 12)


@pytest.mark.parametrize(("predikat", "share", "annual"), [
    ("sangat_baik", "1.50", "18.75"), ("baik", "1.00", "12.50"), ("butuh_perbaikan", "0.75", "9.38"),
    ("kurang", "0.50", "6.25"), ("sangat_kurang", "0.25", "3.13"),
])
def test_shares_and_annual_credit(predikat, share, annual):
    assert credit.share_for(predikat) == Decimal(share)
    assert credit.annual_credit(predikat, "12.5") == Decimal(annual)  # 9.375 → 9.38, 3.125 → 3.13 (half up)
    assert credit.periodic_credit(predikat, "12.5", 12) == Decimal(annual)
    assert credit.annual_credit(predikat, "12.5", places=3) == (Decimal(share) * Decimal("12.5")).quantize(
        Decimal("0.001"))


def test_levels_and_places():
    assert credit.coefficient_for("ahli_utama") == 50
    assert credit.annual_credit("baik", credit.coefficient_for("ahli_madya")) == Decimal("37.50")
    assert credit.periodic_credit("baik", "12.5", 2, places=3) == Decimal("2.083")
    assert credit.periodic_credit("baik", "12.5", 0) == Decimal("0.00")
    assert set(credit.LEVEL_LABELS) == set(credit.DEFAULT_COEFFICIENTS)


def test_shares_and_coefficients_are_settings():
    shares = {**credit.DEFAULT_SHARES, "cukup": Decimal("0.90")}
    assert credit.annual_credit("cukup", 10, shares=shares) == Decimal("9.00")
    assert credit.coefficient_for("x", {"x": Decimal(7)}) == 7


@pytest.mark.parametrize(("call", "message"), [
    (lambda: credit.periodic_credit("baik", "12.5", -1), "months must be 0–12, got -1"),
    (lambda: credit.periodic_credit("baik", "12.5", 13), "months must be 0–12, got 13"),
    (lambda: credit.periodic_credit("baik", "12.5", 1.5), "months must be a whole number"),
    (lambda: credit.periodic_credit("baik", "12.5", True), "months must be a whole number"),
    (lambda: credit.periodic_credit("baik", -1, 2), "coefficient: -1 is below the minimum 0"),
    (lambda: credit.periodic_credit("baik", "x", 2), "coefficient: not a number"),
    (lambda: credit.periodic_credit("baik", "1e9", 2), "coefficient: 1E.9 is above the maximum 1000"),
    (lambda: credit.periodic_credit("cukup", "12.5", 2), "no credit-point share for predikat 'cukup'"),
    (lambda: credit.periodic_credit("great", "12.5", 2), "unknown predikat 'great'"),
    (lambda: credit.periodic_credit("baik", "12.5", 2, places=9), "places must be 0–6"),
    (lambda: credit.coefficient_for("ahli_super"), "unknown functional level 'ahli_super'"),
])
def test_bad_input_is_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_a_schedule_rounds_the_running_total():
    months = credit.credit_schedule([(1, "baik")] * 12, "12.5")
    assert sum(months) == Decimal("12.50")  # twelve rounded months would give 12 × 1.04 = 12.48
    assert set(months) == {Decimal("1.04"), Decimal("1.05")}
    assert credit.credit_schedule([(2, "baik"), (10, "sangat_baik")], "12.5") == (Decimal("2.08"), Decimal("15.63"))


coefficients = st.decimals(min_value=0, max_value=100, places=2)
predikats = st.sampled_from(PREDIKAT_6_2022)


def partitions_of_12():
    return st.lists(st.integers(1, 12), min_size=1, max_size=12).filter(lambda xs: sum(xs) <= 12).map(
        lambda xs: [*xs, 12 - sum(xs)] if sum(xs) < 12 else xs)


@given(partitions_of_12(), predikats, coefficients)
def test_pro_rating_over_twelve_months_sums_to_the_annual(months, predikat, coefficient):
    assert sum(credit.exact_credit(predikat, coefficient, m) for m in months) == credit.exact_credit(
        predikat, coefficient, 12)
    schedule = credit.credit_schedule([(m, predikat) for m in months], coefficient)
    assert sum(schedule) == credit.annual_credit(predikat, coefficient)
    for m, shown in zip(months, schedule, strict=True):  # each period within a hundredth of its own figure
        assert abs(shown - credit.periodic_credit(predikat, coefficient, m)) <= Decimal("0.01")


@given(st.lists(st.tuples(st.integers(0, 12), predikats), max_size=24), coefficients)
def test_any_schedule_sums_to_the_rounded_exact_total(periods, coefficient):
    total = sum((credit.exact_credit(p, coefficient, m) for m, p in periods), Fraction(0))
    expected = (Decimal(total.numerator) / Decimal(total.denominator)).quantize(Decimal("0.01"),
                                                                              rounding="ROUND_HALF_UP")
    assert sum(credit.credit_schedule(periods, coefficient), Decimal(0)) == expected


@given(predikats, predikats, coefficients, st.integers(0, 12))
def test_a_better_predikat_never_earns_fewer_points(p1, p2, coefficient, months):
    better, worse = sorted((p1, p2), key=PREDIKAT_6_2022.index)
    assert credit.periodic_credit(better, coefficient, months) >= credit.periodic_credit(worse, coefficient, months)


# --- a year's credit points from its periodic evaluations (year_credit; the rounding is a setting) ---

def test_year_credit_the_domain_example():
    # Ahli Pertama, coefficient 12.5, two months Baik → 2.08 whichever the rounding
    for rounding in credit.CreditRounding:
        year = credit.year_credit([(2, "baik", "12.5")], rounding=rounding)
        assert year == credit.YearCredit((Decimal("2.08"),), Decimal("2.08"), 2)


def test_year_credit_twelve_months_of_baik_round_once_or_each():
    months = [(1, "baik", "12.5")] * 12
    once = credit.year_credit(months, rounding="total")
    each = credit.year_credit(months, rounding="each")
    assert once.total == Decimal("12.50") == credit.annual_credit("baik", "12.5")
    assert sum(once.periods) == once.total and set(once.periods) == {Decimal("1.04"), Decimal("1.05")}
    assert each.total == Decimal("12.48") and each.periods == (Decimal("1.04"),) * 12


def test_year_credit_a_year_of_mixed_predikat():
    # quarters of an Ahli Pertama: Baik, Sangat Baik, Butuh Perbaikan, Baik
    # exact: 3.125 + 4.6875 + 2.34375 + 3.125 = 13.28125
    quarters = [(3, "baik", "12.5"), (3, "sangat_baik", "12.5"), (3, "butuh_perbaikan", "12.5"), (3, "baik", "12.5")]
    once = credit.year_credit(quarters)  # the default: the year's total rounded once
    assert once.total == Decimal("13.28") and once.months == 12
    # running totals 3.125 → 3.13, 7.8125 → 7.81, 10.15625 → 10.16, 13.28125 → 13.28
    assert once.periods == (Decimal("3.13"), Decimal("4.68"), Decimal("2.35"), Decimal("3.12"))
    each = credit.year_credit(quarters, rounding=credit.CreditRounding.EACH)
    assert each.periods == (Decimal("3.13"), Decimal("4.69"), Decimal("2.34"), Decimal("3.13"))
    assert each.total == Decimal("13.29")


def test_year_credit_a_promotion_mid_year_keeps_each_periods_coefficient():
    # six months Ahli Pertama (12.5), six months Ahli Muda (25), all Baik: 6.25 + 12.5
    year = credit.year_credit([(6, "baik", "12.5"), (6, "baik", "25")])
    assert year.total == Decimal("18.75") and year.periods == (Decimal("6.25"), Decimal("12.50"))


@pytest.mark.parametrize(("call", "message"), [
    (lambda: credit.year_credit([(6, "baik", 10), (7, "baik", 10)]), "cover 13 months"),
    (lambda: credit.year_credit([(2, "baik", 10)], rounding="ceil"), "unknown credit rounding 'ceil'"),
    (lambda: credit.year_credit([(2, "cukup", 10)]), "no credit-point share for predikat 'cukup'"),
    (lambda: credit.year_credit([(13, "baik", 10)]), "months must be 0–12"),
])
def test_year_credit_refuses_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


year_periods = st.lists(st.tuples(st.integers(0, 4), predikats, coefficients), max_size=3)


@given(year_periods)
def test_year_credit_total_rounds_once_and_adds_up(periods):
    year = credit.year_credit(periods, rounding="total")
    exact = sum((credit.exact_credit(p, c, m) for m, p, c in periods), Fraction(0))
    assert year.total == (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.01"), rounding="ROUND_HALF_UP")
    assert sum(year.periods, Decimal(0)) == year.total
    assert year.months == sum(m for m, _p, _c in periods)


@given(year_periods)
def test_year_credit_each_adds_the_rounded_periods(periods):
    year = credit.year_credit(periods, rounding="each")
    assert year.periods == tuple(credit.periodic_credit(p, c, m) for m, p, c in periods)
    assert year.total == sum(year.periods, Decimal("0.00"))
    once = credit.year_credit(periods, rounding="total")
    assert abs(year.total - once.total) <= Decimal("0.005") * len(periods) + Decimal("0.005")


@given(partitions_of_12(), predikats, coefficients)
def test_year_credit_with_one_coefficient_is_the_schedule(months, predikat, coefficient):
    year = credit.year_credit([(m, predikat, coefficient) for m in months])
    assert year.periods == credit.credit_schedule([(m, predikat) for m in months], coefficient)
    assert year.total == credit.annual_credit(predikat, coefficient)
