"""Plan rules without Django: indicator targets, Rupiah amounts and their Indonesian formatting.

Used by kinerja.planning (Renstra/IKU targets, PK indicators, RKT budgets). Errors are
:class:`kinerja.rules.skp.RuleError` naming the field at fault.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .skp import MAX_TARGET, RuleError, parse_number

# Units whose values can fall below zero: growth rates and changes ("laju pertumbuhan", "perubahan"),
# differences and index points. Every other unit (%, orang, dokumen, kasus, indeks, nilai, Rp, …)
# is a quantity or a level and so is never negative.
_SIGNED_UNIT = re.compile(r"pertumbuhan|growth|perubahan|change|selisih|difference|\bpoin\b|\bpoints?\b|\bpp\b|±|\+/-",
                          re.IGNORECASE)


def may_be_negative(measure_unit: str) -> bool:
    """Whether a value in ``measure_unit`` may be negative (growth, change, points); else it may not."""
    return bool(_SIGNED_UNIT.search(measure_unit or ""))


def parse_target(raw, field: str, measure_unit: str = "") -> Decimal:
    """A numeric indicator value; negative only when the unit of measure allows it.

    Accepts a decimal comma ("12,5") and Indonesian thousands ("1.000,5"), like
    :func:`kinerja.rules.skp.parse_number`.
    """
    if may_be_negative(measure_unit):
        text = raw.strip() if isinstance(raw, str) else raw
        if isinstance(text, str) and text[:1] in "-−":
            value = parse_number(text[1:], field)
            return -value if value else value
        if isinstance(text, Decimal | int | float) and not isinstance(text, bool) and text < 0:
            return -parse_number(-Decimal(str(text)), field)
    return parse_number(raw, field)


_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_amount(raw, field: str) -> Decimal:
    """A non-negative Rupiah amount with at most two decimals.

    Indonesian writing first: "1.500.000" and "1.500.000,50" (dot thousands, comma decimals). A
    plain number ("1500000", "1500000.5") is read as is; "Rp" and spaces are ignored.
    """
    if isinstance(raw, str):
        text = raw.strip().replace(" ", "").replace("\u00a0", "")
        if text[:2].lower() == "rp":
            text = text[2:].lstrip(".")
        if not text:
            raise RuleError(field, "required", "an amount is required")
        if text[:1] in "-−":
            raise RuleError(field, "negative", "an amount cannot be negative")
        if "," in text:  # Indonesian: "1.500.000,50"
            whole, _, decimals = text.rpartition(",")
            if "," in whole or "." in decimals:
                raise RuleError(field, "not_a_number", f"{raw!r} is not an amount")
            text = f"{whole.replace('.', '')}.{decimals}"
        elif _GROUPED.match(text):  # "1.500.000"
            text = text.replace(".", "")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise RuleError(field, "not_a_number", f"{raw!r} is not an amount") from None
    elif isinstance(raw, Decimal | int) and not isinstance(raw, bool):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(str(raw))
    else:
        raise RuleError(field, "not_a_number", f"{raw!r} is not an amount")
    if not value.is_finite():
        raise RuleError(field, "not_a_number", f"{raw!r} is not an amount")
    if value < 0:
        raise RuleError(field, "negative", "an amount cannot be negative")
    if value >= MAX_TARGET:
        raise RuleError(field, "too_large", "the amount is too large")
    if value != value.quantize(Decimal("0.01")):
        raise RuleError(field, "precision", "an amount has at most two decimals")
    return value.quantize(Decimal("0.01"))


def group_thousands(digits: str, separator: str = ".") -> str:
    """ "1234567" → "1.234.567"."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return separator.join(parts)


def format_rupiah(value, *, symbol: bool = True) -> str:
    """Rupiah the Indonesian way: "Rp 1.234.567" (decimals with a comma only when not zero)."""
    if value is None or value == "":
        return ""
    amount = Decimal(value).quantize(Decimal("0.01"))
    sign = "-" if amount < 0 else ""
    whole, _, cents = f"{abs(amount):f}".partition(".")
    text = group_thousands(whole)
    if cents and cents != "00":
        text = f"{text},{cents}"
    return f"{sign}Rp {text}" if symbol else f"{sign}{text}"


def format_value(value) -> str:
    """An indicator value: Indonesian thousands and decimal comma, no trailing zeros ("1.250,5")."""
    if value is None or value == "":
        return ""
    number = Decimal(value)
    sign = "-" if number < 0 else ""
    text = f"{abs(number).normalize():f}"
    whole, _, decimals = text.partition(".")
    result = group_thousands(whole)
    return f"{sign}{result},{decimals}" if decimals else f"{sign}{result}"


__all__ = ["may_be_negative", "parse_target", "parse_amount", "format_rupiah", "format_value", "group_thousands",
           "RuleError"]
