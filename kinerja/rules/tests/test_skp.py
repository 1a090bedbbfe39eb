"""The pure SKP rules: workflow, periods and deadlines, numbers and targets, BerAKHLAK (DOMAIN §1–§3)."""

from __future__ import annotations

import calendar
import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.rules import skp as rules
from kinerja.rules.skp import Action, RuleError, Status, TargetKind

# --- workflow -----------------------------------------------------------------------------------

EXPECTED = {
    ("draft", "submit"): "submitted",
    ("returned", "submit"): "submitted",
    ("submitted", "return"): "returned",
    ("submitted", "approve"): "approved",
    ("submitted", "withdraw"): "draft",
    ("approved", "revise"): "draft",
}


@pytest.mark.parametrize(("status", "action"), list(itertools.product(list(Status), list(Action))))
def test_every_status_and_action(status, action):
    key = (status.value, action.value)
    if key in EXPECTED:
        assert rules.next_status(status, action) == EXPECTED[key]
        assert action in rules.allowed_actions(status)
    else:
        with pytest.raises(RuleError) as exc:
            rules.next_status(status, action)
        assert (exc.value.field, exc.value.code) == ("status", "transition")
        assert action not in rules.allowed_actions(status)


@given(st.text(max_size=12), st.text(max_size=12))
def test_next_status_never_crashes(status, action):
    known = status in {s.value for s in Status} and action in {a.value for a in Action}
    try:
        result = rules.next_status(status, action)
    except RuleError as exc:
        assert exc.code == ("transition" if known else "unknown")
    else:
        assert known and result == EXPECTED[(status, action)]


@given(st.lists(st.sampled_from(list(Action)), max_size=30))
def test_any_sequence_of_allowed_actions_stays_in_known_states(actions):
    status = Status.DRAFT
    for action in actions:
        if action not in rules.allowed_actions(status):
            with pytest.raises(RuleError):
                rules.next_status(status, action)
            continue
        status = rules.next_status(status, action)
        assert isinstance(status, Status)
    # content can change exactly when the SKP is not with the superior and not approved
    assert rules.is_editable(status) == (status in {Status.DRAFT, Status.RETURNED})


def test_editable_and_superior_actions():
    assert {s for s in Status if rules.is_editable(s)} == {Status.DRAFT, Status.RETURNED}
    assert {Action.RETURN, Action.APPROVE} == rules.SUPERIOR_ACTIONS
    assert {Action.RETURN, Action.REVISE} == rules.REASON_REQUIRED
    assert rules.allowed_actions("approved") == [Action.REVISE]
    assert not rules.is_editable("unknown")


def test_rule_error_carries_field_code_and_message():
    error = RuleError("target_min", "range_order", "the minimum is above the maximum")
    assert (error.field, error.code, str(error)) == ("target_min", "range_order", "the minimum is above the maximum")
    assert str(RuleError("x", "code")) == "code"
    assert isinstance(error, ValueError)


# --- periods and deadlines ------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "count"), [("annual", 1), ("semester", 2), ("quarterly", 4)])
def test_period_bounds_examples(kind, count):
    bounds = rules.period_bounds(kind, 2024)
    assert len(bounds) == count
    assert bounds[0][0] == date(2024, 1, 1) and bounds[-1][1] == date(2024, 12, 31)
    if kind == "quarterly":
        assert bounds[0] == (date(2024, 1, 1), date(2024, 3, 31))
        assert bounds[1] == (date(2024, 4, 1), date(2024, 6, 30))
    if kind == "semester":
        assert bounds == [(date(2024, 1, 1), date(2024, 6, 30)), (date(2024, 7, 1), date(2024, 12, 31))]


@given(st.sampled_from(list(rules.PeriodKind)), st.integers(min_value=1900, max_value=2200))
def test_period_bounds_tile_the_year(kind, year):
    bounds = rules.period_bounds(kind, year)
    assert len(bounds) == {"annual": 1, "semester": 2, "quarterly": 4}[kind]
    assert bounds[0][0] == date(year, 1, 1) and bounds[-1][1] == date(year, 12, 31)
    for (start, end), following in itertools.zip_longest(bounds, bounds[1:]):
        assert start.day == 1 and start <= end
        assert end.day == calendar.monthrange(year, end.month)[1]
        if following is not None:
            assert following[0] == end + timedelta(days=1)
    assert sum((end - start).days + 1 for start, end in bounds) == (366 if calendar.isleap(year) else 365)


def test_period_bounds_refuses_an_unknown_kind():
    with pytest.raises(ValueError):
        rules.period_bounds("monthly", 2026)


@pytest.mark.parametrize(("start", "months", "day", "expected"), [
    (date(2026, 1, 1), 0, 31, date(2026, 1, 31)),
    (date(2026, 7, 1), 0, 31, date(2026, 7, 31)),
    (date(2026, 1, 1), 1, 31, date(2026, 2, 28)),
    (date(2024, 1, 1), 1, 31, date(2024, 2, 29)),
    (date(2026, 12, 1), 1, 15, date(2027, 1, 15)),
    (date(2026, 4, 1), 0, 31, date(2026, 4, 30)),
])
def test_default_deadline_examples(start, months, day, expected):
    assert rules.default_deadline(start, months, day) == expected


def test_default_deadline_is_the_end_of_january_for_a_year():
    assert rules.default_deadline(date(2026, 1, 1)) == date(2026, 1, 31)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)), st.integers(0, 36),
       st.integers(1, 31))
def test_default_deadline_lands_in_the_right_month(start, months, day):
    deadline = rules.default_deadline(start, months, day)
    month_index = start.year * 12 + start.month - 1 + months
    assert (deadline.year * 12 + deadline.month - 1) == month_index
    assert deadline.day == min(day, calendar.monthrange(deadline.year, deadline.month)[1])
    assert deadline >= start.replace(day=1)


# --- numbers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    ("12", Decimal("12")), ("12,5", Decimal("12.5")), ("12.5", Decimal("12.5")), (" 1 000 ", Decimal("1000")),
    ("1.000,5", Decimal("1000.5")), ("0", Decimal("0")), ("0,001", Decimal("0.001")), (7, Decimal("7")),
    (2.5, Decimal("2.5")), (Decimal("3.25"), Decimal("3.25")), ("1e3", Decimal("1000")),
])
def test_parse_number_examples(raw, expected):
    assert rules.parse_number(raw, "target_value") == expected


@pytest.mark.parametrize(("raw", "code"), [
    ("", "required"), ("   ", "required"), ("dua", "not_a_number"), ("12 laporan", "not_a_number"),
    ("1,2,3", "not_a_number"), ("NaN", "not_a_number"), ("Infinity", "not_a_number"), ("-1", "negative"),
    ("-0,5", "negative"), (-3, "negative"), (None, "not_a_number"), (True, "not_a_number"), ([1], "not_a_number"),
    (float("inf"), "not_a_number"), (float("nan"), "not_a_number"), ("1e15", "too_large"),
    (Decimal("1e16"), "too_large"), ("sNaN", "not_a_number"),
])
def test_parse_number_errors(raw, code):
    with pytest.raises(RuleError) as exc:
        rules.parse_number(raw, "target_min")
    assert (exc.value.field, exc.value.code) == ("target_min", code)


@pytest.mark.parametrize(("raw", "expected"), [
    ("1.200", Decimal("1200")), ("1.500.000", Decimal("1500000")), ("12.500", Decimal("12500")),
    ("1.5", Decimal("1.5")), ("1.2345", Decimal("1.2345")), ("1234.500", Decimal("1234.5")), ("0.500", Decimal("0.5")),
])
def test_dots_in_groups_of_three_are_thousands(raw, expected):
    """Indonesians write 1.200 for one thousand two hundred; any other point is a decimal point."""
    assert rules.parse_number(raw, "x") == expected


numbers = st.decimals(min_value=0, max_value=Decimal("999999999999999.9999"), places=4, allow_nan=False,
                      allow_infinity=False)


@given(numbers)
def test_parse_number_round_trips_point_and_comma(value):
    text = format(value, "f")
    assert rules.parse_number(text, "f") == value
    assert rules.parse_number(text.replace(".", ","), "f") == value
    assert rules.parse_number(value, "f") == value


@given(numbers.filter(lambda d: d > 0))
def test_negative_numbers_are_refused(value):
    with pytest.raises(RuleError) as exc:
        rules.parse_number(f"-{value}", "f")
    assert exc.value.code == "negative"


@given(st.one_of(st.text(max_size=20), st.floats(), st.integers(), st.none(), st.booleans()))
def test_parse_number_returns_a_sane_number_or_a_rule_error(raw):
    try:
        value = rules.parse_number(raw, "target_value")
    except RuleError as exc:
        assert exc.field == "target_value"
        assert exc.code in {"required", "not_a_number", "negative", "too_large"}
    else:
        assert isinstance(value, Decimal) and value.is_finite() and 0 <= value < rules.MAX_TARGET


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("12"), "12"), (Decimal("12.50"), "12,5"), (Decimal("1000"), "1000"), (Decimal("0.0010"), "0,001"),
    (None, ""), (Decimal("1E+3"), "1000"),
])
def test_format_number(value, text):
    assert rules.format_number(value) == text


@given(numbers)
def test_format_then_parse_is_identity(value):
    assert rules.parse_number(rules.format_number(value), "x") == value


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("12"), "12"), (Decimal("999"), "999"), (Decimal("1000"), "1.000"), (Decimal("2400"), "2.400"),
    (Decimal("12.50"), "12,5"), (Decimal("1500000.25"), "1.500.000,25"), (Decimal("1E+3"), "1.000"),
    (Decimal("-1234.5"), "-1.234,5"), (None, ""),
])
def test_format_number_grouped_the_indonesian_way(value, text):
    """Documents and pages: thousands dots and a decimal comma (2.400, never 2,400 or 2400)."""
    assert rules.format_number(value, grouping=True) == text


@given(numbers)
def test_grouped_numbers_read_back(value):
    assert rules.parse_number(rules.format_number(value, grouping=True), "x") == value


def test_targets_display_grouped():
    assert rules.Target(rules.TargetKind.NUMBER, value=Decimal("2400"), measure_unit="dokumen").display() == \
        "2.400 dokumen"
    assert rules.Target(rules.TargetKind.RANGE, low=Decimal("1500"), high=Decimal("2500.5")).display() == \
        "1.500–2.500,5"


# --- targets --------------------------------------------------------------------------------------


def test_clean_target_number():
    target = rules.clean_target("number", value="12,5", measure_unit=" dokumen ")
    assert target == rules.Target(TargetKind.NUMBER, value=Decimal("12.5"), measure_unit="dokumen")
    assert target.display() == "12,5 dokumen"


def test_clean_target_range_and_text():
    target = rules.clean_target("range", low="80", high="90", measure_unit="%", value="5", text="ignored")
    assert (target.low, target.high, target.value, target.text) == (80, 90, None, "")
    assert target.display() == "80–90 %"
    equal = rules.clean_target("range", low="5", high="5", measure_unit="hari")
    assert equal.display() == "5–5 hari"
    text = rules.clean_target("text", text="  Tanpa revisi ", value="x")
    assert (text.text, text.value, text.display()) == ("Tanpa revisi", None, "Tanpa revisi")


@pytest.mark.parametrize(("kwargs", "field", "code"), [
    ({"kind": "number", "value": "abc", "measure_unit": "x"}, "target_value", "not_a_number"),
    ({"kind": "number", "value": "-1", "measure_unit": "x"}, "target_value", "negative"),
    ({"kind": "number", "value": None, "measure_unit": "x"}, "target_value", "not_a_number"),
    ({"kind": "number", "value": "1"}, "measure_unit", "required"),
    ({"kind": "number", "value": "1", "measure_unit": "  "}, "measure_unit", "required"),
    ({"kind": "range", "low": "9", "high": "1", "measure_unit": "x"}, "target_min", "range_order"),
    ({"kind": "range", "low": "", "high": "1", "measure_unit": "x"}, "target_min", "required"),
    ({"kind": "range", "low": "1", "high": "-2", "measure_unit": "x"}, "target_max", "negative"),
    ({"kind": "range", "low": "1", "high": "2"}, "measure_unit", "required"),
    ({"kind": "text", "text": " "}, "target_text", "required"),
    ({"kind": "text"}, "target_text", "required"),
    ({"kind": "percent"}, "target_kind", "invalid_choice"),
    ({"kind": ""}, "target_kind", "invalid_choice"),
])
def test_clean_target_errors(kwargs, field, code):
    kind = kwargs.pop("kind")
    with pytest.raises(RuleError) as exc:
        rules.clean_target(kind, **kwargs)
    assert (exc.value.field, exc.value.code) == (field, code)


@given(numbers, numbers, st.text(min_size=1, max_size=10).filter(str.strip))
def test_range_targets_accept_exactly_ordered_bounds(low, high, unit):
    if low <= high:
        target = rules.clean_target("range", low=str(low), high=str(high), measure_unit=unit)
        assert (target.low, target.high, target.measure_unit) == (low, high, unit.strip())
        assert target.display().startswith(rules.format_number(low, grouping=True) + "–")
    else:
        with pytest.raises(RuleError) as exc:
            rules.clean_target("range", low=str(low), high=str(high), measure_unit=unit)
        assert (exc.value.field, exc.value.code) == ("target_min", "range_order")


@given(st.sampled_from(["number", "range", "text", "x"]), st.one_of(st.none(), st.text(max_size=8)),
       st.one_of(st.none(), st.text(max_size=8)), st.one_of(st.none(), st.text(max_size=8)), st.text(max_size=8),
       st.text(max_size=8))
def test_clean_target_returns_a_valid_target_or_names_the_field(kind, value, low, high, text, unit):
    try:
        target = rules.clean_target(kind, value=value, low=low, high=high, text=text, measure_unit=unit)
    except RuleError as exc:
        assert exc.field in {"target_kind", "target_value", "target_min", "target_max", "target_text",
                             "measure_unit"}
    else:
        assert target.kind == kind
        if kind == "number":
            assert target.value is not None and target.value >= 0 and target.measure_unit
        elif kind == "range":
            assert target.low <= target.high and target.measure_unit
        else:
            assert target.text and target.text == target.text.strip()


def test_target_display_without_unit():
    assert rules.Target(TargetKind.NUMBER, value=Decimal("3")).display() == "3"


# --- enums, BerAKHLAK, lampiran -------------------------------------------------------------------


def test_choices():
    assert [g.value for g in rules.Group] == ["utama", "tambahan"]
    assert [a.value for a in rules.Aspect] == ["kuantitas", "kualitas", "waktu", "biaya"]
    assert [p.value for p in rules.Perspective] == ["penerima_layanan", "proses_bisnis", "penguatan_internal",
                                                   "anggaran"]
    assert [k.value for k in rules.AppendixKind] == ["resources", "accountability", "consequences"]


def test_berakhlak_has_seven_values_with_three_guides_each():
    assert [v.name for v in rules.BERAKHLAK] == ["Berorientasi Pelayanan", "Akuntabel", "Kompeten", "Harmonis",
                                                 "Loyal", "Adaptif", "Kolaboratif"]
    assert len(set(rules.BERAKHLAK_CODES)) == 7
    for value in rules.BERAKHLAK:
        assert len(value.guides) == 3 and len(value.guides_en) == 3
        assert all(g.strip() == g and g for g in value.guides + value.guides_en)
        assert rules.BERAKHLAK_BY_CODE[value.code] is value
    assert rules.guides("akuntabel")[2] == "Tidak menyalahgunakan kewenangan jabatan"
    assert rules.guides("akuntabel", "en")[2] == "Does not abuse the authority of office"
    assert rules.guides("loyal", "en-us") == rules.BERAKHLAK_BY_CODE["loyal"].guides_en
    with pytest.raises(KeyError):
        rules.guides("jujur")


@pytest.mark.parametrize(("kind", "jpt"), [("JPT", True), ("ADMINISTRATOR", False), ("PELAKSANA", False),
                                           ("FUNGSIONAL", False), ("jpt", False), ("", False)])
def test_is_jpt(kind, jpt):
    assert rules.is_jpt(kind) is jpt


def test_rules_module_has_no_django():
    with open(rules.__file__, encoding="utf-8") as handle:
        assert "django" not in handle.read()
