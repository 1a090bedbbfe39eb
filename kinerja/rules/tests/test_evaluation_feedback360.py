"""360° feedback → a suggested rating perilaku (issue 10)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.rules.evaluation import feedback360 as f
from kinerja.rules.evaluation.ratings import RATING_RANK, Rating
from kinerja.rules.skp import BERAKHLAK_CODES

ALL = dict.fromkeys(BERAKHLAK_CODES, 4)


def test_below_the_minimum_nothing_is_shown():
    result = f.aggregate_360([ALL, ALL])
    assert result == f.Aggregate360(2, False, None, None, {})
    assert f.aggregate_360([]).responses == 0
    assert f.aggregate_360([ALL], f.Feedback360Settings(min_responses=1)).rating is Rating.MEETS


def test_means_per_value_and_overall():
    responses = [{"akuntabel": 5, "loyal": 4}, {"akuntabel": 4, "loyal": 4}, {"akuntabel": 5}]
    result = f.aggregate_360(responses)
    assert (result.responses, result.enough) == (3, True)
    assert result.per_value["akuntabel"] == Decimal("4.67") and result.per_value["loyal"] == Decimal("4.00")
    assert result.per_value["kompeten"] is None and list(result.per_value) == list(BERAKHLAK_CODES)
    assert result.mean == Decimal("4.33")  # (14/3 + 4) / 2: each value weighs the same
    assert result.rating is Rating.MEETS


@pytest.mark.parametrize(("mean", "expected"), [
    ("5", Rating.ABOVE), ("4.5", Rating.ABOVE), ("4.49", Rating.MEETS), ("3", Rating.MEETS), ("2.99", Rating.BELOW),
    ("1", Rating.BELOW),
])
def test_rating_bands(mean, expected):
    assert f.rating_of_mean(mean) is expected


def test_the_rating_is_judged_on_the_mean_shown():
    # 4.4999… rounds to 4.50, shown and judged as Di Atas
    responses = [{"akuntabel": 5}, {"akuntabel": 5}, {"akuntabel": "3.4997"}] + [{"loyal": "4.5"}] * 3
    result = f.aggregate_360(responses)
    assert result.mean == Decimal("4.50") and result.rating is Rating.ABOVE


def test_settings():
    settings = f.Feedback360Settings(min_responses=5, scale_min=1, scale_max=4, above_from="3.5", meets_from="2.5")
    assert f.aggregate_360([ALL] * 4, settings).enough is False
    assert f.aggregate_360([ALL] * 5, settings).rating is Rating.ABOVE
    for kwargs, message in [({"min_responses": 0}, "min_responses must be a whole number ≥ 1"),
                            ({"min_responses": 2.5}, "min_responses must be a whole number ≥ 1"),
                            ({"scale_min": 5, "scale_max": 5}, "scale_min .5. must be below scale_max"),
                            ({"above_from": 6}, "above_from: 6 is above the maximum 5"),
                            ({"above_from": 3, "meets_from": 3}, "above_from .3. must be above meets_from")]:
        with pytest.raises(ValueError, match=message):
            f.Feedback360Settings(**kwargs)


@pytest.mark.parametrize(("responses", "message"), [
    ([{"jujur": 4}], "response 1: unknown core value 'jujur'"),
    ([ALL, {"akuntabel": 6}], "response 2: akuntabel: 6 is above the maximum 5"),
    ([ALL, ALL, {"akuntabel": 0}], "response 3: akuntabel: 0 is below the minimum 1"),
    ([{"akuntabel": "baik"}], "response 1: akuntabel: not a number"),
    ([{}], "response 1: no core value scored"),
])
def test_bad_answers_are_refused(responses, message):
    with pytest.raises(ValueError, match=message):
        f.aggregate_360(responses)


answers = st.dictionaries(st.sampled_from(BERAKHLAK_CODES), st.integers(1, 5), min_size=1)


@given(st.lists(answers, min_size=3, max_size=12), st.data())
def test_better_answers_never_give_a_worse_rating(responses, data):
    better = [{code: data.draw(st.integers(score, 5)) for code, score in r.items()} for r in responses]
    worse, improved = f.aggregate_360(responses), f.aggregate_360(better)
    assert worse.mean <= improved.mean
    assert RATING_RANK[worse.rating] <= RATING_RANK[improved.rating]
