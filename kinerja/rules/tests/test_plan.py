from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.rules import plan
from kinerja.rules.skp import RuleError, format_number


@pytest.mark.parametrize(("unit", "signed"), [
    ("%", False), ("persen", False), ("orang", False), ("dokumen", False), ("indeks", False), ("Rp", False),
    ("% pertumbuhan", True), ("laju pertumbuhan (%)", True), ("perubahan %", True), ("poin", True),
    ("percentage points", True), ("pp", True), ("± kasus", True), ("selisih", True), ("", False),
])
def test_which_units_may_be_negative(unit, signed):
    assert plan.may_be_negative(unit) is signed


@pytest.mark.parametrize(("raw", "unit", "expected"), [
    ("12,5", "%", Decimal("12.5")), ("1.000,5", "orang", Decimal("1000.5")), (" 7 ", "%", Decimal("7")),
    ("-2,5", "% pertumbuhan", Decimal("-2.5")), ("−3", "poin", Decimal("-3")), (Decimal("-1"), "poin", Decimal("-1")),
    (-4, "perubahan", Decimal("-4")), ("0", "poin", Decimal("0")), (5, "%", Decimal("5")),
])
def test_parse_target(raw, unit, expected):
    assert plan.parse_target(raw, "target", unit) == expected


@pytest.mark.parametrize(("raw", "unit", "code"), [
    ("-1", "%", "negative"), (Decimal("-0.5"), "orang", "negative"), ("abc", "%", "not_a_number"),
    ("", "%", "required"), ("-abc", "poin", "not_a_number"), ("1e20", "%", "too_large"), (None, "%", "not_a_number"),
    ("NaN", "%", "not_a_number"),
])
def test_parse_target_refuses(raw, unit, code):
    with pytest.raises(RuleError) as info:
        plan.parse_target(raw, "target", unit)
    assert info.value.field == "target" and info.value.code == code


@pytest.mark.parametrize(("raw", "expected"), [
    ("1.500.000", Decimal("1500000")), ("1.500.000,50", Decimal("1500000.50")), ("1500000", Decimal("1500000")),
    ("Rp 2.000.000", Decimal("2000000")), ("Rp. 2.000", Decimal("2000")), ("1500000.5", Decimal("1500000.50")),
    ("0", Decimal("0")), (250_000, Decimal("250000")), (Decimal("12.34"), Decimal("12.34")), ("12,3", Decimal("12.3")),
    ("1 250 000", Decimal("1250000")),
])
def test_parse_amount(raw, expected):
    assert plan.parse_amount(raw, "budget") == expected


@pytest.mark.parametrize(("raw", "code"), [
    ("", "required"), ("-5", "negative"), (-5, "negative"), ("lima juta", "not_a_number"), ("1,5,0", "not_a_number"),
    ("1,50.0", "not_a_number"), ("1.5.0", "not_a_number"), ("0,001", "precision"), ("1e16", "too_large"),
    (None, "not_a_number"), (True, "not_a_number"), ("Infinity", "not_a_number"),
])
def test_parse_amount_refuses(raw, code):
    with pytest.raises(RuleError) as info:
        plan.parse_amount(raw, "budget")
    assert info.value.field == "budget" and info.value.code == code


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("0"), "Rp 0"), (Decimal("999"), "Rp 999"), (Decimal("1000"), "Rp 1.000"),
    (Decimal("1234567890"), "Rp 1.234.567.890"), (Decimal("1500000.50"), "Rp 1.500.000,50"),
    (Decimal("-2500"), "-Rp 2.500"), (None, ""),
])
def test_format_rupiah(value, text):
    assert plan.format_rupiah(value) == text


def test_format_value():
    assert plan.format_value(Decimal("1250.5000")) == "1.250,5"
    assert plan.format_value(Decimal("85.00")) == "85"
    assert plan.format_value(Decimal("-2.5")) == "-2,5"
    assert plan.format_value(None) == ""


@given(st.decimals(min_value=0, max_value=Decimal("1e14"), places=2, allow_nan=False, allow_infinity=False))
def test_formatted_rupiah_parses_back(value):
    assert plan.parse_amount(plan.format_rupiah(value), "budget") == value


@given(st.integers(min_value=0, max_value=10**14))
def test_grouping_keeps_the_digits(n):
    grouped = plan.group_thousands(str(n))
    assert grouped.replace(".", "") == str(n)
    assert all(len(part) == 3 for part in grouped.split(".")[1:])


@given(st.decimals(min_value=-10**9, max_value=10**9, places=4, allow_nan=False, allow_infinity=False))
def test_form_values_parse_back_for_signed_units(value):
    """Forms show a value ungrouped with a decimal comma (skp.format_number); it reads back unchanged."""
    assert plan.parse_target(format_number(value), "target", "% pertumbuhan") == value
