"""Scoring schemes: versioned rule sets a period names by id (DOMAIN §4, §6; issue 10 item 1).

A period stores a scheme id (``skp.Period.scoring_scheme``) and a closed period keeps the one it was evaluated
with, so **a published scheme's behaviour never changes**: a correction or a new regulation is a new scheme
with a new id, registered beside the old one. ``tests/test_evaluation_schemes.py`` pins each scheme's results
(a golden table) so an accidental change fails.

* ``permenpanrb-6-2022`` (the default): rating hasil kerja × rating perilaku → predikat by the matrix.
* ``pp-30-2019``: nilai = SKP × 70% + perilaku × 30% (60% / 40% when peers and subordinates gave input);
  Sangat Baik 110–120 *and* an innovation that benefits the organisation, Baik 90–120, Cukup 70–<90,
  Kurang 50–<70, Sangat Kurang < 50. Both inputs are 0–120.
* ``pp-46-2011`` (legacy, Perka BKN 1/2013): per activity kuantitas, kualitas, waktu and optionally biaya;
  SKP = mean over the activities; prestasi = SKP × 60% + perilaku × 40%; Sangat Baik 91–100 (and above),
  Baik 76–90, Cukup 61–75, Kurang 51–60, Buruk ≤ 50. Perilaku is 0–100.

Numbers are Decimal and computed exactly; every figure shown is rounded to 2 decimals half up, and the
predikat is judged on the rounded nilai (the figure printed is the figure judged: 89.995 shows as 90.00 and
is Baik). PP 46/2011's bands leave gaps between whole numbers (90 < x < 91): each band's upper bound is
inclusive (x ≤ 90 Baik, above it Sangat Baik), as the regions' spreadsheets do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from .numbers import round2, to_decimal
from .ratings import PREDIKAT_6_2022, PREDIKAT_LABELS, Predikat, Rating, predikat, rating

DEFAULT_SCHEME_ID = "permenpanrb-6-2022"


@dataclass(frozen=True)
class ActivityScore:
    """One PP 46/2011 activity's aspect scores and its score (2 decimals; biaya None when not targeted)."""

    kuantitas: Decimal
    kualitas: Decimal
    waktu: Decimal
    biaya: Decimal | None
    score: Decimal


@dataclass(frozen=True)
class Result:
    """What a scheme gives: the predikat (code and the scheme's label) and, for numeric schemes, the nilai
    and its components (``skp``, ``perilaku``, the weights in percent); PP 46/2011 adds its activities."""

    scheme: str
    predikat: Predikat
    label: str
    score: Decimal | None = None
    components: Mapping[str, Decimal] = field(default_factory=lambda: MappingProxyType({}))
    activities: tuple[ActivityScore, ...] = ()
    hasil: Rating | None = None
    perilaku: Rating | None = None


class Scheme:
    """A versioned scoring scheme. Subclasses define ``id``, ``name``, ``regulation``, ``predikats`` (best
    first) and ``evaluate(...)``. Instances are stateless; the registry holds one of each."""

    id: str = ""
    name: str = ""
    regulation: str = ""
    numeric: bool = False
    inputs: tuple[str, ...] = ()  # the keyword arguments of evaluate(), for forms and the API
    predikats: tuple[Predikat, ...] = ()
    labels: Mapping[Predikat, str] = MappingProxyType({})

    def label(self, value: Predikat) -> str:
        return self.labels.get(value, PREDIKAT_LABELS[value])

    def rank(self, value: Predikat | str) -> int:
        """The predikat's rank in this scheme, higher is better (1 = the worst); ValueError if not its own."""
        value = predikat(value)
        if value not in self.predikats:
            raise ValueError(f"predikat {value.value!r} is not one of scheme {self.id}: "
                             f"{', '.join(p.value for p in self.predikats)}")
        return len(self.predikats) - self.predikats.index(value)

    def _result(self, value: Predikat, **kwargs) -> Result:
        return Result(self.id, value, self.label(value), **kwargs)

    def evaluate(self, **inputs) -> Result:  # pragma: no cover - every scheme overrides it
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<Scheme {self.id}>"


# --- PermenPANRB 6/2022 ----------------------------------------------------------------------------

MATRIX_6_2022: Mapping[tuple[Rating, Rating], Predikat] = MappingProxyType({
    # (hasil, perilaku) → predikat
    (Rating.ABOVE, Rating.BELOW): Predikat.KURANG,
    (Rating.ABOVE, Rating.MEETS): Predikat.BAIK,
    (Rating.ABOVE, Rating.ABOVE): Predikat.SANGAT_BAIK,
    (Rating.MEETS, Rating.BELOW): Predikat.KURANG,
    (Rating.MEETS, Rating.MEETS): Predikat.BAIK,
    (Rating.MEETS, Rating.ABOVE): Predikat.BAIK,
    (Rating.BELOW, Rating.BELOW): Predikat.SANGAT_KURANG,
    (Rating.BELOW, Rating.MEETS): Predikat.BUTUH_PERBAIKAN,
    (Rating.BELOW, Rating.ABOVE): Predikat.BUTUH_PERBAIKAN,
})


class Permenpanrb2022(Scheme):
    id = "permenpanrb-6-2022"
    name = "PermenPANRB 6/2022 (rating hasil kerja × rating perilaku kerja)"
    regulation = "PermenPANRB 6/2022"
    inputs = ("hasil", "perilaku")
    predikats = PREDIKAT_6_2022
    labels = MappingProxyType({Predikat.KURANG: "Kurang/Misconduct"})

    def evaluate(self, *, hasil: Rating | str, perilaku: Rating | str) -> Result:
        hasil_rating = rating(hasil)
        perilaku_rating = rating(perilaku)
        return self._result(MATRIX_6_2022[hasil_rating, perilaku_rating], hasil=hasil_rating,
                            perilaku=perilaku_rating)


# --- PP 30/2019 --------------------------------------------------------------------------------------

class Pp30of2019(Scheme):
    id = "pp-30-2019"
    name = "PP 30/2019 (nilai SKP 70% + perilaku 30%, atau 60% + 40% dengan penilaian rekan dan bawahan)"
    regulation = "PP 30/2019 Pasal 41"
    numeric = True
    inputs = ("skp", "perilaku", "peer_input", "innovation")
    predikats = (Predikat.SANGAT_BAIK, Predikat.BAIK, Predikat.CUKUP, Predikat.KURANG, Predikat.SANGAT_KURANG)
    MAX_SCORE = Decimal(120)
    WEIGHTS = (Decimal(70), Decimal(30))
    WEIGHTS_WITH_PEERS = (Decimal(60), Decimal(40))

    def predikat_of(self, nilai: Decimal | int | str, *, innovation: bool = False) -> Predikat:
        """The predikat of a nilai (judged as given; :meth:`evaluate` passes the rounded nilai)."""
        value = to_decimal(nilai, "nilai", minimum=0, maximum=self.MAX_SCORE)
        if value >= 110 and innovation:
            return Predikat.SANGAT_BAIK
        if value >= 90:
            return Predikat.BAIK
        if value >= 70:
            return Predikat.CUKUP
        if value >= 50:
            return Predikat.KURANG
        return Predikat.SANGAT_KURANG

    def evaluate(self, *, skp, perilaku, peer_input: bool = False, innovation: bool = False) -> Result:
        """``skp`` and ``perilaku`` 0–120; ``peer_input``: peers and subordinates gave input (60/40);
        ``innovation``: an innovation that benefits the organisation (needed for Sangat Baik)."""
        skp_value = to_decimal(skp, "nilai SKP", minimum=0, maximum=self.MAX_SCORE)
        perilaku_value = to_decimal(perilaku, "nilai perilaku", minimum=0, maximum=self.MAX_SCORE)
        w_skp, w_perilaku = self.WEIGHTS_WITH_PEERS if peer_input else self.WEIGHTS
        nilai = round2((skp_value * w_skp + perilaku_value * w_perilaku) / 100)
        return self._result(self.predikat_of(nilai, innovation=bool(innovation)), score=nilai,
                            components=MappingProxyType({"skp": skp_value, "perilaku": perilaku_value,
                                                         "skp_weight": w_skp, "perilaku_weight": w_perilaku}))


# --- PP 46/2011 --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Activity:
    """One PP 46/2011 activity: targets (T) and realisations (R) of output (O), quality (K), time (W, e.g.
    months) and, when the activity has a budget, cost (B). Values are numbers (int, Decimal, str, float)."""

    target_output: object
    realised_output: object
    realised_quality: object
    target_time: object
    realised_time: object
    target_quality: object = 100
    target_cost: object = None
    realised_cost: object = None


def _efficiency_score(target: Decimal, realised: Decimal) -> Decimal:
    """Waktu (or biaya) of Perka BKN 1/2013: e = 100 − R/T × 100; e ≤ 24: (1.76·T − R)/T × 100,
    else 76 − ((1.76·T − R)/T × 100 − 100). Unrounded; may be negative (R > 1.76·T), as the formula is."""
    efficiency = 100 - realised / target * 100
    base = (Decimal("1.76") * target - realised) / target * 100
    return base if efficiency <= 24 else 76 - (base - 100)


def activity_score(activity: Activity, index: int = 1) -> tuple[ActivityScore, Decimal]:
    """One activity's aspect scores (rounded for display) and its unrounded score. An activity not done
    (realised output 0) scores 0 on every aspect."""
    where = f"kegiatan {index}"
    to = to_decimal(activity.target_output, f"{where}: target kuantitas", minimum=0)
    ro = to_decimal(activity.realised_output, f"{where}: realisasi kuantitas", minimum=0)
    tk = to_decimal(activity.target_quality, f"{where}: target kualitas", minimum=0)
    rk = to_decimal(activity.realised_quality, f"{where}: realisasi kualitas", minimum=0)
    tw = to_decimal(activity.target_time, f"{where}: target waktu", minimum=0)
    rw = to_decimal(activity.realised_time, f"{where}: realisasi waktu", minimum=0)
    for value, what in ((to, "target kuantitas"), (tk, "target kualitas"), (tw, "target waktu")):
        if value == 0:
            raise ValueError(f"{where}: {what} must be more than 0")
    has_cost = activity.target_cost is not None or activity.realised_cost is not None
    if has_cost:
        if activity.target_cost is None or activity.realised_cost is None:
            raise ValueError(f"{where}: biaya needs both a target and a realisation (or neither)")
        tb = to_decimal(activity.target_cost, f"{where}: target biaya", minimum=0)
        rb = to_decimal(activity.realised_cost, f"{where}: realisasi biaya", minimum=0)
        if tb == 0:
            raise ValueError(f"{where}: target biaya must be more than 0 (leave it empty when there is no budget)")
    zero = Decimal(0)
    if ro == 0:
        aspects = [zero, zero, zero] + ([zero] if has_cost else [])
    else:
        aspects = [ro / to * 100, rk / tk * 100, _efficiency_score(tw, rw)]
        if has_cost:
            aspects.append(_efficiency_score(tb, rb))
    score = sum(aspects, zero) / len(aspects)
    shown = ActivityScore(round2(aspects[0]), round2(aspects[1]), round2(aspects[2]),
                          round2(aspects[3]) if has_cost else None, round2(score))
    return shown, score


class Pp46of2011(Scheme):
    id = "pp-46-2011"
    name = "PP 46/2011 (SKP 60% + perilaku 40%, kuantitas/kualitas/waktu/biaya)"
    regulation = "PP 46/2011; Perka BKN 1/2013"
    numeric = True
    inputs = ("activities", "perilaku")
    predikats = (Predikat.SANGAT_BAIK, Predikat.BAIK, Predikat.CUKUP, Predikat.KURANG, Predikat.BURUK)
    MAX_PERILAKU = Decimal(100)
    WEIGHTS = (Decimal(60), Decimal(40))

    def predikat_of(self, nilai: Decimal | int | str) -> Predikat:
        """The category of a nilai (upper bounds inclusive: ≤ 50 Buruk, ≤ 60 Kurang, ≤ 75 Cukup, ≤ 90 Baik)."""
        value = to_decimal(nilai, "nilai")
        if value <= 50:
            return Predikat.BURUK
        if value <= 60:
            return Predikat.KURANG
        if value <= 75:
            return Predikat.CUKUP
        if value <= 90:
            return Predikat.BAIK
        return Predikat.SANGAT_BAIK

    def skp_score(self, activities: Sequence[Activity]) -> tuple[tuple[ActivityScore, ...], Decimal]:
        """The activities' scores and the unrounded nilai SKP (their mean)."""
        if not activities:
            raise ValueError("SKP: at least one activity (kegiatan tugas jabatan) is required")
        scored = [activity_score(activity, i) for i, activity in enumerate(activities, start=1)]
        return tuple(shown for shown, _ in scored), sum((raw for _, raw in scored), Decimal(0)) / len(scored)

    def evaluate(self, *, activities: Sequence[Activity], perilaku) -> Result:
        """``activities``: the SKP's activities; ``perilaku``: nilai perilaku kerja 0–100."""
        perilaku_value = to_decimal(perilaku, "nilai perilaku", minimum=0, maximum=self.MAX_PERILAKU)
        shown, skp = self.skp_score(activities)
        w_skp, w_perilaku = self.WEIGHTS
        nilai = round2((skp * w_skp + perilaku_value * w_perilaku) / 100)
        return self._result(self.predikat_of(nilai), score=nilai, activities=shown,
                            components=MappingProxyType({"skp": round2(skp), "perilaku": perilaku_value,
                                                         "skp_weight": w_skp, "perilaku_weight": w_perilaku}))


# --- the registry ------------------------------------------------------------------------------------

SCHEMES: Mapping[str, Scheme] = MappingProxyType({
    scheme.id: scheme for scheme in (Permenpanrb2022(), Pp30of2019(), Pp46of2011())
})


def get_scheme(scheme_id: str) -> Scheme:
    """The scheme a period names, or ValueError (an unknown id is never silently replaced by the default)."""
    try:
        return SCHEMES[scheme_id]
    except (KeyError, TypeError):
        raise ValueError(f"unknown scoring scheme {scheme_id!r} (known: {', '.join(SCHEMES)})") from None


def scheme_choices() -> list[tuple[str, str]]:
    """(id, name) of every scheme, the default first: for a settings form."""
    return [(s.id, s.name) for s in sorted(SCHEMES.values(), key=lambda s: s.id != DEFAULT_SCHEME_ID)]


def evaluate(scheme_id: str, **inputs) -> Result:
    """Evaluate with the scheme ``scheme_id`` (keyword inputs as that scheme's ``evaluate`` takes them)."""
    return get_scheme(scheme_id).evaluate(**inputs)
