"""Rating perilaku from the seven BerAKHLAK ratings: the three rules an instance chooses from."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.rules.evaluation import behaviour
from kinerja.rules.evaluation.behaviour import BehaviourRule, derive_behaviour
from kinerja.rules.evaluation.ratings import RATING_RANK, RATINGS, Rating

A, S, B = Rating.ABOVE, Rating.MEETS, Rating.BELOW
seven = st.lists(st.sampled_from(RATINGS), min_size=7, max_size=7)
rules = st.sampled_from(list(BehaviourRule))


def test_the_default_is_the_median():
    assert behaviour.DEFAULT_BEHAVIOUR_RULE is BehaviourRule.MEDIAN
    assert derive_behaviour([A] * 3 + [S] * 4) is S


@pytest.mark.parametrize(("ratings", "median", "majority", "lowest"), [
    ([A] * 4 + [S] * 3, A, A, S),
    ([A] * 3 + [S] * 4, S, S, S),
    ([A] * 3 + [B] * 3 + [S], S, B, B),      # majority: a 3–3 tie goes to the lower
    ([A] * 3 + [S] * 3 + [B], S, S, B),      # tie between Di Atas and Sesuai → Sesuai
    ([S] * 3 + [B] * 3 + [A], S, B, B),
    ([A] * 2 + [S] * 2 + [B] * 3, S, B, B),  # 3 Di Bawah is the most common: no tie
    ([A] * 6 + [B], A, A, B),                 # lowest: one Di Bawah is enough
    ([A] * 7, A, A, A),
    ([B] * 4 + [A] * 3, B, B, B),
])
def test_each_rule_on_worked_examples(ratings, median, majority, lowest):
    assert derive_behaviour(ratings, "median") is median
    assert derive_behaviour(ratings, "majority") is majority
    assert derive_behaviour(ratings, "lowest") is lowest


@pytest.mark.parametrize("rule", list(BehaviourRule))
def test_nothing_until_every_value_is_rated(rule):
    assert derive_behaviour([], rule) is None
    assert derive_behaviour([A] * 6, rule) is None
    assert derive_behaviour([A] * 6 + [""], rule) is None
    assert derive_behaviour([A] * 6 + [None], rule) is None
    assert derive_behaviour([A] * 3, rule, required=3) is A


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="unknown rating-perilaku rule 'average'"):
        derive_behaviour([A] * 7, "average")
    with pytest.raises(ValueError, match="unknown rating 'great'"):
        derive_behaviour([A] * 6 + ["great"], "median")


# Every possible set of seven ratings (the 36 multisets, in the order of combinations_with_replacement over
# Di Bawah, Sesuai, Di Atas) → the rank each rule gives (1 Di Bawah, 2 Sesuai, 3 Di Atas).
FINGERPRINTS = {
    "median": "111111111122223222233222233322223333",
    "majority": "111111111121113222333222233322223333",
    "lowest": "111111111111111111111111111122222223",
}


def _multisets():
    """(Di Bawah, Sesuai, Di Atas) counts in the order combinations_with_replacement((B, S, A), 7) yields them."""
    for combo in itertools.combinations_with_replacement((1, 2, 3), 7):
        yield combo.count(1), combo.count(2), combo.count(3)


def test_the_published_rules_never_change():
    """A published rule never gives anything else: a different rule gets a new id."""
    got = {rule.value: "".join(str(RATING_RANK[derive_behaviour(combo, rule)])
                               for combo in itertools.combinations_with_replacement((B, S, A), 7))
           for rule in BehaviourRule}
    assert got == FINGERPRINTS


def test_the_fingerprints_are_the_rules_in_words():
    """Independent restatements of the help text: the 4th of the seven in order; the most common, a tie to the
    lower; the lowest."""
    def median(b, s, a):
        return sorted([1] * b + [2] * s + [3] * a)[3]

    def majority(b, s, a):
        most = max(b, s, a)
        return 1 if b == most else (2 if s == most else 3)

    def lowest(b, s, a):
        return 1 if b else (2 if s else 3)

    for name, rule in (("median", median), ("majority", majority), ("lowest", lowest)):
        assert "".join(str(rule(*counts)) for counts in _multisets()) == FINGERPRINTS[name]


@given(seven, rules)
def test_the_result_is_one_of_the_given_ratings_and_independent_of_order(ratings, rule):
    result = derive_behaviour(ratings, rule)
    assert result in ratings
    assert derive_behaviour(list(reversed(ratings)), rule) is result
    assert derive_behaviour(sorted(ratings, key=RATING_RANK.get), rule) is result


@given(seven)
def test_lowest_is_the_minimum_and_never_above_the_others(ratings):
    ranks = {rule: RATING_RANK[derive_behaviour(ratings, rule)] for rule in BehaviourRule}
    assert ranks[BehaviourRule.LOWEST] == min(RATING_RANK[r] for r in ratings)
    assert ranks[BehaviourRule.LOWEST] <= ranks[BehaviourRule.MEDIAN]
    assert ranks[BehaviourRule.LOWEST] <= ranks[BehaviourRule.MAJORITY]


@given(seven, rules, st.integers(0, 6), st.sampled_from(RATINGS))
def test_raising_one_value_never_lowers_the_median_or_the_lowest(ratings, rule, index, raised_to):
    if RATING_RANK[raised_to] < RATING_RANK[ratings[index]] or rule is BehaviourRule.MAJORITY:
        return  # the mode is not monotone: 3 Di Atas, 2 Sesuai, 2 Di Bawah → Di Atas; one Di Bawah raised → Sesuai
    better = [*ratings[:index], raised_to, *ratings[index + 1:]]
    assert RATING_RANK[derive_behaviour(better, rule)] >= RATING_RANK[derive_behaviour(ratings, rule)]


@given(seven)
def test_a_strict_majority_wins_under_every_rule_but_lowest(ratings):
    counts = {r: ratings.count(r) for r in RATINGS}
    top = max(counts, key=counts.get)
    if counts[top] >= 4:
        assert derive_behaviour(ratings, "median") is top
        assert derive_behaviour(ratings, "majority") is top
