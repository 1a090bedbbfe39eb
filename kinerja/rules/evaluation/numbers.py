"""Numbers for the evaluation rules: every figure is a :class:`~decimal.Decimal`, checked and rounded one way."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

HUNDREDTH = Decimal("0.01")


def to_decimal(value, field: str, *, minimum: Decimal | int | None = None,
               maximum: Decimal | int | None = None) -> Decimal:
    """``value`` (int, Decimal, float or a numeric string) as a finite Decimal within the bounds, else a
    ValueError naming ``field``. Floats go through ``str`` so 0.1 stays 0.1."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{field}: a number is required, got {value!r}")
    try:
        number = Decimal(str(value).strip()) if isinstance(value, float | str) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"{field}: not a number: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"{field}: not a finite number: {value!r}")
    if minimum is not None and number < minimum:
        raise ValueError(f"{field}: {number} is below the minimum {minimum}")
    if maximum is not None and number > maximum:
        raise ValueError(f"{field}: {number} is above the maximum {maximum}")
    return number


def round2(value: Decimal) -> Decimal:
    """To 2 decimals, half up (as the printed forms and spreadsheets round)."""
    return value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
