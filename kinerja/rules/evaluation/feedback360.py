"""360° feedback → a suggested rating perilaku kerja (issue 10).

Each response scores some of the seven BerAKHLAK core values (``kinerja.rules.skp.BERAKHLAK_CODES``) on a
scale ``scale_min``–``scale_max`` (1–5 by default). Per value, the mean of the responses that scored it; the
overall mean is the mean of the values' means (each value weighs the same). The rating: Di Atas Ekspektasi
from ``above_from``, Sesuai from ``meets_from``, else Di Bawah.

Nothing is aggregated below ``min_responses`` (a setting, 3 by default): not the rating and not the means
either, so a handful of answers cannot be traced back to the people who gave them. The superior decides
the rating perilaku; this only suggests one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from kinerja.rules.skp import BERAKHLAK_CODES

from .numbers import round2, to_decimal
from .ratings import Rating


@dataclass(frozen=True)
class Feedback360Settings:
    min_responses: int = 3
    scale_min: Decimal = Decimal(1)
    scale_max: Decimal = Decimal(5)
    above_from: Decimal = Decimal("4.5")
    meets_from: Decimal = Decimal(3)

    def __post_init__(self):
        n = self.min_responses
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"min_responses must be a whole number ≥ 1, got {n!r}")
        low = to_decimal(self.scale_min, "scale_min")
        high = to_decimal(self.scale_max, "scale_max")
        if not low < high:
            raise ValueError(f"scale_min ({low}) must be below scale_max ({high})")
        above = to_decimal(self.above_from, "above_from", minimum=low, maximum=high)
        meets = to_decimal(self.meets_from, "meets_from", minimum=low, maximum=high)
        if not above > meets:
            raise ValueError(f"above_from ({above}) must be above meets_from ({meets})")
        for name, value in (("scale_min", low), ("scale_max", high), ("above_from", above), ("meets_from", meets)):
            object.__setattr__(self, name, value)


DEFAULT_360_SETTINGS = Feedback360Settings()


@dataclass(frozen=True)
class Aggregate360:
    responses: int
    enough: bool  # at least min_responses
    rating: Rating | None  # None below min_responses
    mean: Decimal | None  # the overall mean, 2 decimals (None below min_responses)
    per_value: Mapping[str, Decimal | None]  # core value code → mean, 2 decimals (empty below min_responses)


def clean_response(answers: Mapping[str, object], settings: Feedback360Settings = DEFAULT_360_SETTINGS,
                   index: int = 1) -> dict[str, Decimal]:
    """One response's scores per core value, or ValueError (unknown value, score off the scale, empty)."""
    out: dict[str, Decimal] = {}
    for code, score in answers.items():
        if code not in BERAKHLAK_CODES:
            raise ValueError(f"response {index}: unknown core value {code!r} (expected one of: "
                             f"{', '.join(BERAKHLAK_CODES)})")
        out[code] = to_decimal(score, f"response {index}: {code}", minimum=settings.scale_min,
                               maximum=settings.scale_max)
    if not out:
        raise ValueError(f"response {index}: no core value scored")
    return out


def rating_of_mean(mean, settings: Feedback360Settings = DEFAULT_360_SETTINGS) -> Rating:
    value = to_decimal(mean, "mean", minimum=settings.scale_min, maximum=settings.scale_max)
    if value >= settings.above_from:
        return Rating.ABOVE
    if value >= settings.meets_from:
        return Rating.MEETS
    return Rating.BELOW


def aggregate_360(responses: Sequence[Mapping[str, object]],
                  settings: Feedback360Settings = DEFAULT_360_SETTINGS) -> Aggregate360:
    """Aggregate the responses about one employee into a suggested rating perilaku (see the module text).
    The rating is judged on the overall mean rounded to 2 decimals (the figure shown)."""
    clean = [clean_response(r, settings, i) for i, r in enumerate(responses, start=1)]
    n = len(clean)
    if n < settings.min_responses:
        return Aggregate360(n, False, None, None, {})
    per_value: dict[str, Decimal | None] = {}
    exact: list[Decimal] = []
    for code in BERAKHLAK_CODES:
        scores = [r[code] for r in clean if code in r]
        if scores:
            value_mean = sum(scores, Decimal(0)) / len(scores)
            exact.append(value_mean)
            per_value[code] = round2(value_mean)
        else:
            per_value[code] = None
    mean = round2(sum(exact, Decimal(0)) / len(exact))
    return Aggregate360(n, True, rating_of_mean(mean, settings), mean, per_value)
