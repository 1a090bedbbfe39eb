"""Scoring schemes (issue 10 item 1; DOMAIN §4, §6). These tables pin the published schemes' behaviour: a
scheme id is what a period stores, so a change here means a new scheme with a new id, not an edit."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.rules.evaluation import schemes
from kinerja.rules.evaluation.ratings import RATING_RANK, Predikat, Rating
from kinerja.rules.evaluation.schemes import Activity

SB, B, C, BP, K, SK, BURUK = (Predikat.SANGAT_BAIK, Predikat.BAIK, Predikat.CUKUP, Predikat.BUTUH_PERBAIKAN,
                              Predikat.KURANG, Predikat.SANGAT_KURANG, Predikat.BURUK)
M622 = schemes.get_scheme("permenpanrb-6-2022")
PP30 = schemes.get_scheme("pp-30-2019")
PP46 = schemes.get_scheme("pp-46-2011")


# --- registry ------------------------------------------------------------------------------------------

def test_the_registry_holds_the_three_schemes_by_stable_id():
    assert list(schemes.SCHEMES) == ["permenpanrb-6-2022", "pp-30-2019", "pp-46-2011"]
    assert schemes.DEFAULT_SCHEME_ID == "permenpanrb-6-2022"
    assert [s for s, _ in schemes.scheme_choices()][0] == "permenpanrb-6-2022"
    assert all(len(scheme_id) <= 40 for scheme_id in schemes.SCHEMES)  # skp.Period.scoring_scheme max_length
    assert (M622.numeric, PP30.numeric, PP46.numeric) == (False, True, True)


def test_each_scheme_declares_the_inputs_evaluate_takes():
    import inspect
    for scheme in schemes.SCHEMES.values():
        assert tuple(inspect.signature(scheme.evaluate).parameters) == scheme.inputs


def test_the_default_matches_the_period_default():
    from kinerja.rules.achievement import DEFAULT_SCHEME
    assert DEFAULT_SCHEME == schemes.DEFAULT_SCHEME_ID


@pytest.mark.parametrize("bad", ["", "permenpanrb-6-2023", "PP-30-2019", None, 3])
def test_an_unknown_scheme_is_an_error_never_the_default(bad):
    with pytest.raises(ValueError, match="unknown scoring scheme"):
        schemes.get_scheme(bad)
    with pytest.raises(ValueError, match="unknown scoring scheme"):
        schemes.evaluate(bad, hasil="sesuai", perilaku="sesuai")


def test_the_registry_cannot_be_changed_at_run_time():
    with pytest.raises(TypeError):
        schemes.SCHEMES["x"] = M622  # type: ignore[index]
    with pytest.raises(TypeError):
        schemes.MATRIX_6_2022[Rating.BELOW, Rating.BELOW] = B  # type: ignore[index]


def test_ranks_are_per_scheme():
    assert [M622.rank(p) for p in (SK, K, BP, B, SB)] == [1, 2, 3, 4, 5]
    assert [PP30.rank(p) for p in (SK, K, C, B, SB)] == [1, 2, 3, 4, 5]
    assert [PP46.rank(p) for p in (BURUK, K, C, B, SB)] == [1, 2, 3, 4, 5]
    with pytest.raises(ValueError, match="not one of scheme pp-30-2019"):
        PP30.rank(BP)
    with pytest.raises(ValueError, match="unknown predikat"):
        M622.rank("excellent")


# --- PermenPANRB 6/2022: the matrix (all nine cells) --------------------------------------------------------

MATRIX = {  # DOMAIN §4: hasil ↓ / perilaku → (Di Bawah, Sesuai, Di Atas)
    "di_atas": (K, B, SB),
    "sesuai": (K, B, B),
    "di_bawah": (SK, BP, BP),
}


@pytest.mark.parametrize(("hasil", "perilaku"), list(itertools.product(MATRIX, ["di_bawah", "sesuai", "di_atas"])))
def test_every_cell_of_the_matrix(hasil, perilaku):
    expected = MATRIX[hasil][["di_bawah", "sesuai", "di_atas"].index(perilaku)]
    result = schemes.evaluate("permenpanrb-6-2022", hasil=hasil, perilaku=perilaku)
    assert result.predikat is expected
    assert (result.scheme, result.score, result.hasil, result.perilaku) == (
        "permenpanrb-6-2022", None, Rating(hasil), Rating(perilaku))
    assert M622.evaluate(hasil=Rating(hasil), perilaku=Rating(perilaku)) == result


def test_the_matrix_labels():
    assert M622.evaluate(hasil="di_atas", perilaku="di_bawah").label == "Kurang/Misconduct"
    assert M622.evaluate(hasil="di_bawah", perilaku="sesuai").label == "Butuh Perbaikan"
    assert M622.evaluate(hasil="di_atas", perilaku="di_atas").label == "Sangat Baik"
    assert {M622.evaluate(hasil=h, perilaku=p).predikat for h in MATRIX for p in MATRIX} == set(M622.predikats)


@pytest.mark.parametrize("bad", ["", "above", "Di Atas", None, 3])
def test_unknown_ratings_are_refused(bad):
    with pytest.raises(ValueError, match="unknown rating"):
        M622.evaluate(hasil=bad, perilaku="sesuai")
    with pytest.raises(ValueError, match="unknown rating"):
        M622.evaluate(hasil="sesuai", perilaku=bad)


def test_the_matrix_is_monotone_everywhere():
    for (h1, p1), (h2, p2) in itertools.product(itertools.product(Rating, Rating), repeat=2):
        if RATING_RANK[h1] <= RATING_RANK[h2] and RATING_RANK[p1] <= RATING_RANK[p2]:
            worse = M622.evaluate(hasil=h1, perilaku=p1).predikat
            better = M622.evaluate(hasil=h2, perilaku=p2).predikat
            assert M622.rank(worse) <= M622.rank(better), (h1, p1, h2, p2)


# --- PP 30/2019 ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("nilai", "innovation", "expected"), [
    ("0", False, SK), ("49.99", False, SK), ("50", False, K), ("69.99", False, K), ("70", False, C),
    ("89.99", False, C), ("90", False, B), ("109.99", False, B), ("109.99", True, B), ("110", False, B),
    ("110", True, SB), ("120", True, SB), ("120", False, B), ("49.99", True, SK), ("90", True, B),
])
def test_pp30_bands(nilai, innovation, expected):
    assert PP30.predikat_of(Decimal(nilai), innovation=innovation) is expected
    # the same through evaluate: equal SKP and perilaku give that nilai whatever the weights
    for peers in (False, True):
        result = PP30.evaluate(skp=nilai, perilaku=nilai, innovation=innovation, peer_input=peers)
        assert (result.predikat, result.score) == (expected, Decimal(nilai).quantize(Decimal("0.01")))


def test_pp30_weights():
    plain = PP30.evaluate(skp=100, perilaku=50)
    assert plain.score == Decimal("85.00") and plain.predikat is C
    assert (plain.components["skp_weight"], plain.components["perilaku_weight"]) == (70, 30)
    peers = PP30.evaluate(skp=100, perilaku=50, peer_input=True)
    assert peers.score == Decimal("80.00") and peers.predikat is C
    assert (peers.components["skp_weight"], peers.components["perilaku_weight"]) == (60, 40)
    assert PP30.evaluate(skp=120, perilaku=60).score == Decimal("102.00")
    assert PP30.evaluate(skp=120, perilaku=60, peer_input=True).score == Decimal("96.00")
    assert PP30.evaluate(skp="115.5", perilaku="100", innovation=True).score == Decimal("110.85")
    assert PP30.evaluate(skp="115.5", perilaku="100", innovation=True).predikat is SB


def test_pp30_judges_the_rounded_nilai_it_shows():
    result = PP30.evaluate(skp="89.99", perilaku="90.01")  # 62.993 + 27.003 = 89.996
    assert (result.score, result.predikat) == (Decimal("90.00"), B)
    result = PP30.evaluate(skp="89.99", perilaku="89.99")
    assert (result.score, result.predikat) == (Decimal("89.99"), C)


@pytest.mark.parametrize(("skp", "perilaku", "message"), [
    (-1, 80, "nilai SKP: -1 is below the minimum 0"), ("120.01", 80, "nilai SKP: 120.01 is above the maximum 120"),
    (80, 121, "nilai perilaku: 121 is above the maximum 120"), ("abc", 80, "nilai SKP: not a number"),
    (None, 80, "nilai SKP: a number is required"), (80, float("nan"), "nilai perilaku: not a finite number"),
    (True, 80, "nilai SKP: a number is required"), (80, "inf", "nilai perilaku: not a finite number"),
])
def test_pp30_refuses_bad_scores(skp, perilaku, message):
    with pytest.raises(ValueError, match=message):
        PP30.evaluate(skp=skp, perilaku=perilaku)


scores120 = st.decimals(min_value=0, max_value=120, places=2)


@given(scores120, scores120, scores120, scores120, st.booleans(), st.booleans(), st.booleans())
def test_pp30_better_inputs_never_give_a_worse_predikat(s1, s2, p1, p2, i1, i2, peers):
    lo = PP30.evaluate(skp=min(s1, s2), perilaku=min(p1, p2), innovation=i1 and i2, peer_input=peers)
    hi = PP30.evaluate(skp=max(s1, s2), perilaku=max(p1, p2), innovation=i1 or i2, peer_input=peers)
    assert lo.score <= hi.score
    assert PP30.rank(lo.predikat) <= PP30.rank(hi.predikat)
    assert Decimal(0) <= lo.score <= Decimal(120)


# --- PP 46/2011 ------------------------------------------------------------------------------------------

def act(ro=10, rk=100, rw=12, *, to=10, tk=100, tw=12, tb=None, rb=None):
    return Activity(target_output=to, realised_output=ro, realised_quality=rk, target_time=tw, realised_time=rw,
                    target_quality=tk, target_cost=tb, realised_cost=rb)


@pytest.mark.parametrize(("rw", "waktu"), [
    (12, "76.00"),  # on time: e = 0 ≤ 24 → (1.76·12 − 12)/12 × 100 = 76
    ("9.12", "100.00"),  # e = 24 exactly: still the first branch → 100
    (10, "92.67"),  # e = 16.67 → (21.12 − 10)/12 × 100 = 92.666…
    (9, "75.00"),  # e = 25 > 24 → 76 − (101 − 100) = 75
    (6, "50.00"),  # e = 50 → 76 − (126 − 100) = 50
    (15, "51.00"),  # late: e = −25 → (21.12 − 15)/12 × 100 = 51
    (24, "-24.00"),  # twice as long: the formula goes below 0, as written
    (0, "0.00"),  # e = 100 → 76 − (176 − 100) = 0
])
def test_pp46_time_both_branches(rw, waktu):
    shown, _ = schemes.activity_score(act(rw=rw))
    assert shown.waktu == Decimal(waktu)
    assert (shown.kuantitas, shown.kualitas, shown.biaya) == (Decimal("100.00"), Decimal("100.00"), None)


def test_pp46_an_activity_with_a_budget_averages_four_aspects():
    shown, raw = schemes.activity_score(act(rw=12, tb=100, rb=80))  # biaya: e = 20 → (176 − 80) = 96
    assert shown == schemes.ActivityScore(Decimal("100.00"), Decimal("100.00"), Decimal("76.00"), Decimal("96.00"),
                                          Decimal("93.00"))
    assert raw == Decimal(93)
    shown, _ = schemes.activity_score(act(rw=12, tb=100, rb=50))  # biaya: e = 50 → 76 − 26 = 50
    assert shown.biaya == Decimal("50.00") and shown.score == Decimal("81.50")
    shown, _ = schemes.activity_score(act(rw=12, tb=100, rb=76))  # e = 24 → 100
    assert shown.biaya == Decimal("100.00")


def test_pp46_quantity_and_quality():
    shown, _ = schemes.activity_score(act(ro=8, rk=90, rw=12))
    assert (shown.kuantitas, shown.kualitas, shown.waktu) == (Decimal("80.00"), Decimal("90.00"), Decimal("76.00"))
    assert shown.score == Decimal("82.00")
    shown, _ = schemes.activity_score(act(ro=12, rk=100, rw=12))  # more than the target counts more
    assert shown.kuantitas == Decimal("120.00")


def test_pp46_an_activity_not_done_scores_zero():
    shown, raw = schemes.activity_score(act(ro=0, rk=80, rw=12, tb=100, rb=100))
    assert raw == 0 and shown.score == 0 and shown.biaya == 0


def test_pp46_prestasi_is_60_skp_40_perilaku():
    result = PP46.evaluate(activities=[act(rw=12), act(ro=8, rk=90, rw=10, tb=100, rb=100)], perilaku=80)
    # activity 1: (100 + 100 + 76)/3 = 92; activity 2: (80 + 90 + 92.666… + 76)/4 = 84.666…
    assert [a.score for a in result.activities] == [Decimal("92.00"), Decimal("84.67")]
    assert result.components["skp"] == Decimal("88.33")
    # 0.6 × 88.333… + 0.4 × 80 = 53 + 32 = 85.00
    assert (result.score, result.predikat, result.label) == (Decimal("85.00"), B, "Baik")
    assert (result.components["skp_weight"], result.components["perilaku_weight"]) == (60, 40)


@pytest.mark.parametrize(("nilai", "expected"), [
    ("0", BURUK), ("50", BURUK), ("50.01", K), ("51", K), ("60", K), ("60.01", C), ("61", C), ("75", C),
    ("75.01", B), ("76", B), ("90", B), ("90.01", SB), ("90.5", SB), ("91", SB), ("100", SB), ("110", SB),
])
def test_pp46_categories(nilai, expected):
    assert PP46.predikat_of(nilai) is expected


@pytest.mark.parametrize(("perilaku", "nilai", "expected"), [
    # one activity scoring exactly 100 (RW = 0.76·TW): nilai = 60 + 0.4 × perilaku
    ("75", "90.00", B), ("75.025", "90.01", SB), ("77.5", "91.00", SB), ("100", "100.00", SB),
    ("37.5", "75.00", C), ("37.525", "75.01", B), ("0", "60.00", K), ("0.025", "60.01", C),
])
def test_pp46_categories_through_evaluate(perilaku, nilai, expected):
    result = PP46.evaluate(activities=[act(rw="9.12")], perilaku=perilaku)
    assert (result.score, result.predikat) == (Decimal(nilai), expected)


def test_pp46_buruk_and_kurang_through_evaluate():
    result = PP46.evaluate(activities=[act(ro=0)], perilaku=100)  # 0 × 0.6 + 40
    assert (result.score, result.predikat) == (Decimal("40.00"), BURUK)
    result = PP46.evaluate(activities=[act(ro=0), act(rw="9.12")], perilaku=100)  # 50 × 0.6 + 40 = 70
    assert (result.score, result.predikat) == (Decimal("70.00"), C)


@pytest.mark.parametrize(("activity", "message"), [
    (act(to=0), "kegiatan 1: target kuantitas must be more than 0"),
    (act(tk=0), "kegiatan 1: target kualitas must be more than 0"),
    (act(tw=0), "kegiatan 1: target waktu must be more than 0"),
    (act(ro=-1), "kegiatan 1: realisasi kuantitas: -1 is below the minimum 0"),
    (act(rw="x"), "kegiatan 1: realisasi waktu: not a number"),
    (act(tb=100), "kegiatan 1: biaya needs both a target and a realisation"),
    (act(rb=100), "kegiatan 1: biaya needs both a target and a realisation"),
    (act(tb=0, rb=0), "kegiatan 1: target biaya must be more than 0"),
])
def test_pp46_refuses_bad_activities(activity, message):
    with pytest.raises(ValueError, match=message):
        PP46.evaluate(activities=[activity], perilaku=80)


def test_pp46_refuses_no_activity_and_a_bad_perilaku():
    with pytest.raises(ValueError, match="at least one activity"):
        PP46.evaluate(activities=[], perilaku=80)
    with pytest.raises(ValueError, match="nilai perilaku: 100.5 is above the maximum 100"):
        PP46.evaluate(activities=[act()], perilaku="100.5")
    with pytest.raises(ValueError, match="kegiatan 2: target waktu"):
        PP46.evaluate(activities=[act(), act(tw=0)], perilaku=80)


amounts = st.decimals(min_value=1, max_value=1000, places=2)


@given(amounts, amounts, amounts, st.decimals(min_value=0, max_value=100, places=2),
       st.decimals(min_value=0, max_value=100, places=2))
def test_pp46_more_output_or_better_behaviour_never_gives_a_worse_predikat(target, r1, r2, p1, p2):
    lo = PP46.evaluate(activities=[act(ro=min(r1, r2), to=target)], perilaku=min(p1, p2))
    hi = PP46.evaluate(activities=[act(ro=max(r1, r2), to=target)], perilaku=max(p1, p2))
    assert lo.score <= hi.score
    assert PP46.rank(lo.predikat) <= PP46.rank(hi.predikat)


# --- published behaviour is frozen -----------------------------------------------------------------------

def _fingerprint() -> str:
    import hashlib
    lines = [f"{h}|{p}|{M622.evaluate(hasil=h, perilaku=p).predikat}" for h in Rating for p in Rating]
    grid = [Decimal(x) / 4 for x in range(0, 481, 7)]  # 0 … 120 in steps of 1.75
    for s in grid:
        for p in grid[::3]:
            for peers in (False, True):
                for innovation in (False, True):
                    r = PP30.evaluate(skp=s, perilaku=p, peer_input=peers, innovation=innovation)
                    lines.append(f"30|{s}|{p}|{peers}|{innovation}|{r.score}|{r.predikat}")
    for rw in range(0, 25):
        for rb in (None, 40, 76, 90, 100, 130):
            for ro in (0, 7, 10, 13):
                r = PP46.evaluate(activities=[act(ro=ro, rk=95, rw=rw, tb=None if rb is None else 100, rb=rb),
                                              act(ro=9, rk=100, rw=11)], perilaku=Decimal(rw * 4))
                lines.append(f"46|{rw}|{rb}|{ro}|{r.score}|{r.predikat}|{[a.score for a in r.activities]}")
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def test_published_schemes_are_frozen():
    """A period stores its scheme id and keeps it once closed: if this fails, do not update the digest —
    register the changed rules as a new scheme with a new id."""
    assert _fingerprint() == FINGERPRINT


FINGERPRINT = "2f87ca88cda2f15a26caa894b6be5a6212a0f914348245ea6533143f24c2ea35"
