"""Suggested rating hasil kerja, organisation predikat and the unit head's rating (issue 10)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.rules.evaluation import suggest
from kinerja.rules.evaluation.ratings import ORG_PREDIKAT_RANK, RATING_RANK, OrgPredikat, Rating
from kinerja.rules.evaluation.suggest import HasilThresholds, OrgThresholds


@pytest.mark.parametrize(("achievement", "expected"), [
    (0, Rating.BELOW), ("89.99", Rating.BELOW), (90, Rating.MEETS), ("109.99", Rating.MEETS), (110, Rating.ABOVE),
    (120, Rating.ABOVE), (250.0, Rating.ABOVE), (None, None),
])
def test_hasil_rating_from_achievement(achievement, expected):
    assert suggest.suggest_hasil_rating(achievement) == expected


def test_hasil_thresholds_are_a_setting():
    strict = HasilThresholds(above_from=Decimal(100), meets_from=Decimal(80))
    assert suggest.suggest_hasil_rating(100, strict) is Rating.ABOVE
    assert suggest.suggest_hasil_rating("79.99", strict) is Rating.BELOW
    assert HasilThresholds(above_from="105", meets_from=95.5).meets_from == Decimal("95.5")
    with pytest.raises(ValueError, match=r"Di Atas Ekspektasi \(90\) must be above Sesuai Ekspektasi \(90\)"):
        HasilThresholds(above_from=90, meets_from=90)
    with pytest.raises(ValueError, match="threshold Sesuai Ekspektasi: -1 is below the minimum 0"):
        HasilThresholds(meets_from=-1)


@pytest.mark.parametrize("bad", [-1, "x", float("nan"), True])
def test_a_bad_achievement_is_refused(bad):
    with pytest.raises(ValueError, match="achievement"):
        suggest.suggest_hasil_rating(bad)
    with pytest.raises(ValueError, match="PK achievement"):
        suggest.suggest_org_predikat(bad)


@pytest.mark.parametrize(("achievement", "expected"), [
    (0, OrgPredikat.SANGAT_KURANG), ("49.99", OrgPredikat.SANGAT_KURANG), (50, OrgPredikat.KURANG),
    ("69.99", OrgPredikat.KURANG), (70, OrgPredikat.BUTUH_PERBAIKAN), ("89.99", OrgPredikat.BUTUH_PERBAIKAN),
    (90, OrgPredikat.BAIK), ("109.99", OrgPredikat.BAIK), (110, OrgPredikat.ISTIMEWA), (None, None),
])
def test_org_predikat_from_pk_achievement(achievement, expected):
    assert suggest.suggest_org_predikat(achievement) == expected


def test_org_thresholds_are_a_setting():
    custom = OrgThresholds(istimewa_from=100, baik_from=85, butuh_perbaikan_from=65, kurang_from=40)
    assert suggest.suggest_org_predikat(100, custom) is OrgPredikat.ISTIMEWA
    assert suggest.suggest_org_predikat(40, custom) is OrgPredikat.KURANG
    with pytest.raises(ValueError, match=r"threshold baik_from \(70\) must be above butuh_perbaikan_from \(70\)"):
        OrgThresholds(baik_from=70)


@pytest.mark.parametrize(("org", "expected"), [
    ("istimewa", Rating.ABOVE), ("baik", Rating.MEETS), ("butuh_perbaikan", Rating.BELOW),
    ("kurang", Rating.BELOW), ("sangat_kurang", Rating.BELOW),
])
def test_a_unit_heads_rating_hasil_kerja_is_the_units(org, expected):
    assert suggest.leader_hasil_rating(org) is expected


def test_the_leader_mapping_is_a_setting():
    mapping = {**suggest.DEFAULT_LEADER_RATING, "butuh_perbaikan": "sesuai"}
    assert suggest.leader_hasil_rating("butuh_perbaikan", mapping) is Rating.MEETS
    with pytest.raises(ValueError, match="no entry for 'kurang'"):
        suggest.leader_hasil_rating("kurang", {"istimewa": "di_atas"})
    with pytest.raises(ValueError, match="unknown rating 'great'"):
        suggest.leader_hasil_rating("kurang", {"kurang": "great"})
    with pytest.raises(ValueError, match="unknown organisation predikat"):
        suggest.leader_hasil_rating("excellent")


achievements = st.decimals(min_value=0, max_value=500, places=2)


@given(achievements, achievements)
def test_more_achievement_never_suggests_worse(a, b):
    lo, hi = min(a, b), max(a, b)
    assert RATING_RANK[suggest.suggest_hasil_rating(lo)] <= RATING_RANK[suggest.suggest_hasil_rating(hi)]
    assert ORG_PREDIKAT_RANK[suggest.suggest_org_predikat(lo)] <= ORG_PREDIKAT_RANK[suggest.suggest_org_predikat(hi)]


def test_a_better_unit_never_gives_its_head_a_worse_rating():
    ranks = [RATING_RANK[suggest.leader_hasil_rating(org)] for org in reversed(list(OrgPredikat))]
    assert ranks == sorted(ranks)
