"""The distribution curve (DOMAIN §5; SE MenPANRB 3/2023): every row of the table, its edges, and properties."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kinerja.rules.evaluation import curve
from kinerja.rules.evaluation.curve import Bound, Severity
from kinerja.rules.evaluation.ratings import PREDIKAT_6_2022, OrgPredikat, Predikat

SB, B, BP, K, SK = PREDIKAT_6_2022


def codes(check):
    return [f.code for f in check.violations], [f.code for f in check.warnings]


# --- each row of the table ---------------------------------------------------------------------------

@pytest.mark.parametrize(("counts", "violations", "warnings"), [
    ({SB: 6, B: 4}, [], []),
    ({SB: 7, B: 3}, [], []),  # 70% exactly: allowed
    ({SB: 8, B: 2}, ["sangat_baik_max_70"], []),
    ({SB: 5, B: 5}, [], ["sangat_baik_largest"]),  # 50%: "largest share" unclear → a warning
    ({SB: 4, B: 6}, [], ["sangat_baik_largest"]),
    ({SB: 10}, ["sangat_baik_max_70"], []),
])
def test_istimewa(counts, violations, warnings):
    assert codes(curve.check("istimewa", counts)) == (violations, warnings)


@pytest.mark.parametrize(("counts", "violations", "warnings"), [
    ({B: 7, BP: 1, SB: 2}, [], []),
    ({B: 6, K: 1, SB: 3}, [], []),
    ({B: 8, BP: 2}, ["baik_max_70"], []),
    ({B: 7, SB: 3}, ["butuh_perbaikan_or_kurang_min_1"], []),
    ({B: 8, SB: 2}, ["baik_max_70", "butuh_perbaikan_or_kurang_min_1"], []),
    ({B: 5, BP: 1, SB: 4}, [], ["baik_largest"]),
    ({B: 6, SK: 4}, ["butuh_perbaikan_or_kurang_min_1"], []),  # read literally: Sangat Kurang does not count
    ({B: 1}, ["baik_max_70", "butuh_perbaikan_or_kurang_min_1"], []),
])
def test_baik(counts, violations, warnings):
    assert codes(curve.check("baik", counts)) == (violations, warnings)


@pytest.mark.parametrize(("counts", "violations"), [
    ({BP: 6, SB: 1, B: 3}, []),
    ({BP: 5, B: 5}, ["butuh_perbaikan_min_60"]),
    ({BP: 6, SB: 2, B: 2}, ["sangat_baik_max_10"]),
    ({BP: 4, SB: 3, B: 3}, ["butuh_perbaikan_min_60", "sangat_baik_max_10"]),
    ({BP: 2, K: 1}, []),  # 60% of 3 = 1.8 → 2 are enough
    ({BP: 1, K: 2}, ["butuh_perbaikan_min_60"]),
])
def test_butuh_perbaikan(counts, violations):
    check = curve.check("butuh_perbaikan", counts)
    assert codes(check) == (violations, [])


@pytest.mark.parametrize(("counts", "violations"), [
    ({K: 6, BP: 1, SB: 1, B: 2}, []),
    ({K: 6, B: 4}, ["butuh_perbaikan_min_10"]),
    ({K: 5, BP: 5}, ["kurang_min_60"]),
    ({K: 6, BP: 2, SB: 2}, ["sangat_baik_max_10"]),
    ({K: 3, SB: 7}, ["kurang_min_60", "butuh_perbaikan_min_10", "sangat_baik_max_10"]),
    ({K: 10}, ["butuh_perbaikan_min_10"]),
])
def test_kurang(counts, violations):
    assert codes(curve.check("kurang", counts)) == (violations, [])


@pytest.mark.parametrize(("counts", "violations"), [
    ({SK: 6, K: 1, B: 3}, []),
    ({SK: 6, BP: 1, B: 3}, []),
    ({SK: 6, B: 4}, ["kurang_or_butuh_perbaikan_min_10"]),
    ({SK: 5, K: 5}, ["sangat_kurang_min_60"]),
    ({SK: 8, K: 1, SB: 1}, ["sangat_baik_none"]),
    ({SK: 1, SB: 9}, ["sangat_kurang_min_60", "kurang_or_butuh_perbaikan_min_10", "sangat_baik_none"]),
])
def test_sangat_kurang(counts, violations):
    assert codes(curve.check("sangat_kurang", counts)) == (violations, [])


def test_a_finding_names_the_rule_and_the_numbers():
    check = curve.check(OrgPredikat.ISTIMEWA, {"sangat_baik": 5, "baik": 2})  # 71.43% of 7; at most 4
    (finding,) = check.violations
    assert (finding.code, finding.severity, finding.count, finding.total, finding.share, finding.limit) == (
        "sangat_baik_max_70", Severity.VIOLATION, 5, 7, Decimal("71.43"), 4)
    assert finding.constraint.percent == 70 and finding.constraint.bound is Bound.AT_MOST
    assert finding.message == "Sangat Baik paling banyak 70%: 5 dari 7 pegawai (71,43%), paling banyak 4"
    assert not check.ok and check.total == 7 and check.counts[Predikat.BUTUH_PERBAIKAN] == 0
    (warning,) = curve.check("baik", {"baik": 1, "kurang": 1}).warnings
    assert warning.message == "Baik porsi terbesar (lebih dari 50%): 1 dari 2 pegawai (50%), paling sedikit 2"
    (missing,) = curve.check("baik", {"baik": 2, "sangat_baik": 1}).violations
    assert missing.message == ("paling sedikit 1 pegawai Butuh Perbaikan dan/atau Kurang: 0 dari 3 pegawai (0%), "
                               "paling sedikit 1")
    few, none = curve.check("sangat_kurang", {"sangat_kurang": 9, "kurang": 1, "sangat_baik": 1}).violations
    assert few.message == ("Kurang dan/atau Butuh Perbaikan paling sedikit 10%: 1 dari 11 pegawai (9,09%), "
                           "paling sedikit 2")  # 10% of 11 = 1.1 → 2
    assert none.message == "tidak ada Sangat Baik: 1 dari 11 pegawai (9,09%), paling banyak 0"


def test_allowed_for_charts():
    allowed = {a.constraint.code: a for a in curve.allowed("kurang", 7)}
    assert (allowed["kurang_min_60"].min_count, allowed["kurang_min_60"].max_count) == (5, 7)  # 4.2 → 5
    assert (allowed["butuh_perbaikan_min_10"].min_count, allowed["butuh_perbaikan_min_10"].max_count) == (1, 7)
    assert (allowed["sangat_baik_max_10"].min_count, allowed["sangat_baik_max_10"].max_count) == (0, 0)  # 0.7 → 0
    assert allowed["kurang_min_60"].min_percent == Decimal("71.43")
    assert allowed["sangat_baik_max_10"].max_percent == Decimal("0.00")
    check = curve.check("kurang", {"kurang": 5, "butuh_perbaikan": 2})
    assert check.ok and check.allowed == curve.allowed("kurang", 7)
    assert "Kurang paling sedikit 60%" in curve.describe("kurang")


def test_an_empty_unit_has_nothing_to_check():
    for org in OrgPredikat:
        check = curve.check(org, {})
        assert check.ok and not check.warnings and check.total == 0 and check.feasible


@pytest.mark.parametrize(("org", "sizes"), [("kurang", {1: False, 2: False, 3: True, 4: True}),
                                            ("sangat_kurang", {1: False, 2: False, 3: True}),
                                            ("baik", {1: True, 2: True}), ("istimewa", {1: True}),
                                            ("butuh_perbaikan", {1: True})])
def test_small_units_that_cannot_meet_the_curve(org, sizes):
    for n, expected in sizes.items():
        assert curve.feasible(org, n) is expected
        assert curve.check(org, {"sangat_kurang": n}).feasible is expected


@pytest.mark.parametrize(("org", "counts", "message"), [
    ("istimewa", {"cukup": 1}, "'cukup' is not a PermenPANRB 6/2022 predikat"),
    ("istimewa", {"excellent": 1}, "unknown predikat 'excellent'"),
    ("istimewa", {"baik": -1}, "count of 'baik' must not be negative"),
    ("istimewa", {"baik": 1.5}, "count of 'baik' must be a whole number"),
    ("istimewa", {"baik": True}, "count of 'baik' must be a whole number"),
    ("bagus", {"baik": 1}, "unknown organisation predikat 'bagus'"),
])
def test_bad_input_is_refused(org, counts, message):
    with pytest.raises(ValueError, match=message):
        curve.check(org, counts)


def test_allowed_refuses_a_bad_total():
    with pytest.raises(ValueError, match="total must be a whole number"):
        curve.allowed("baik", -1)


def test_floor_and_cap_groups_are_disjoint():
    """What :func:`curve.feasible` relies on."""
    for constraints in curve.CONSTRAINTS.values():
        hard = [c for c in constraints if c.severity is Severity.VIOLATION]
        groups = [set(c.predikats) for c in hard]
        for a, b in itertools.combinations(groups, 2):
            assert not a & b


# --- properties ----------------------------------------------------------------------------------------

def distributions(n):
    for cut in itertools.combinations(range(n + 4), 4):
        parts = [b - a - 1 for a, b in zip((-1, *cut), (*cut, n + 4), strict=True)]
        yield dict(zip(PREDIKAT_6_2022, parts, strict=True))


@pytest.mark.parametrize("org", list(OrgPredikat))
def test_feasible_agrees_with_every_distribution_of_small_units(org):
    for n in range(0, 11):
        any_ok = any(curve.check(org, counts).ok for counts in distributions(n))
        assert curve.feasible(org, n) is any_ok, (org, n)


counts_strategy = st.fixed_dictionaries({p: st.integers(0, 40) for p in PREDIKAT_6_2022})


@given(st.sampled_from(list(OrgPredikat)), counts_strategy)
def test_a_constraint_holds_exactly_within_what_it_allows(org, counts):
    check = curve.check(org, counts)
    broken = {f.code for f in (*check.violations, *check.warnings)}
    for allowed in check.allowed:
        count = sum(counts[p] for p in allowed.constraint.predikats)
        inside = allowed.min_count <= count <= allowed.max_count
        assert inside is (allowed.constraint.code not in broken)


@given(st.sampled_from(list(OrgPredikat)), counts_strategy, st.data())
def test_moving_one_employee_toward_the_allowed_share_never_adds_a_violation(org, counts, data):
    check = curve.check(org, counts)
    assume(check.violations)
    constraints = [c for c in curve.CONSTRAINTS[org] if c.severity is Severity.VIOLATION]
    capped = {p for c in constraints if c.bound is Bound.AT_MOST for p in c.predikats}
    floored = {p for c in constraints if c.bound is not Bound.AT_MOST for p in c.predikats}
    finding = data.draw(st.sampled_from(check.violations))
    group = set(finding.constraint.predikats)
    if finding.constraint.bound is Bound.AT_MOST:  # too many: move one out of the group, not into another cap
        sources = [p for p in group if counts[p]]
        targets = [p for p in PREDIKAT_6_2022 if p not in group and p not in capped]
    else:  # too few: move one into the group, from a predikat no floor needs
        sources = [p for p in PREDIKAT_6_2022 if counts[p] and p not in floored]
        targets = list(group)
    assume(sources and targets)
    source, target = data.draw(st.sampled_from(sources)), data.draw(st.sampled_from(targets))
    moved = dict(counts)
    moved[source] -= 1
    moved[target] += 1
    after = curve.check(org, moved)
    before_codes = {f.code for f in check.violations}
    assert {f.code for f in after.violations} <= before_codes
    same = [f for f in after.violations if f.code == finding.code]
    assert not same or abs(same[0].count - same[0].limit) < abs(finding.count - finding.limit)
