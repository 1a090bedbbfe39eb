"""The early-warning reason in the reader's language.

The roll-up stores a reason as a code and its parameters (``rules.achievement.reason_code``: ``code|param|…``,
numbers with a decimal point), so that each reader gets it in their own language: :func:`reason_text` words it
with gettext in the active language (Indonesian and English), numbers formatted as that language writes them;
:class:`LazyReason` does so when it is turned into text (a notification written in its recipient's language).
A stored text that is no code (rows written before codes, hand-written) is shown as it is.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kinerja.rules import achievement as rules


def _number(text: str) -> str:
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return text  # "–": none
    return number_format(value, use_l10n=True, force_grouping=abs(value) >= 10_000)


def _periods(n: int, cadence: str) -> str:
    if cadence == "quarterly":
        return ngettext("%(n)d quarter", "%(n)d quarters", n) % {"n": n}
    return ngettext("%(n)d month", "%(n)d months", n) % {"n": n}


def _target(text: str, unit: str) -> str:
    low, sep, high = text.partition("~")
    target = f"{_number(low)}–{_number(high)}" if sep else _number(text)
    return f"{target} {unit}" if unit else target


def reason_text(stored: str) -> str:
    """The reason ``stored`` in words, in the active language."""
    code, p = rules.parse_reason(stored)
    try:
        if code == rules.JUDGED:
            return _("superior's judgement %(projected)s%% < %(threshold)s%%") % {
                "projected": _number(p[0]), "threshold": _number(p[1])}
        if code == rules.PROJECTED:
            return _("projected %(projected)s%% < %(threshold)s%%: realisation %(realisation)s of the target "
                     "%(target)s after %(periods)s") % {
                "projected": _number(p[0]), "threshold": _number(p[1]), "realisation": _number(p[2]),
                "periods": _periods(int(p[3]), p[4]), "target": _target(p[5], rules.REASON_SEP.join(p[6:]))}
        if code == rules.NO_DATA:
            n = int(p[0])
            if p[1] == "quarterly":
                return ngettext("no counted report for the last %(n)d quarter past its deadline",
                                "no counted report for the last %(n)d quarters past their deadline", n) % {"n": n}
            return ngettext("no counted report for the last %(n)d month past its deadline",
                            "no counted report for the last %(n)d months past their deadline", n) % {"n": n}
        if code == rules.PK_NO_DATA:
            return _("no supporting IKI reported yet")
        if code == rules.PK_AT_RISK:
            return _("projected %(projected)s%% < %(threshold)s%%: %(at_risk)s of %(contributors)s supporting IKI "
                     "at risk") % {"projected": _number(p[0]), "threshold": _number(p[1]), "at_risk": p[2],
                                   "contributors": p[3]}
    except (IndexError, ValueError):
        pass
    return stored or ""


class LazyReason:
    """A reason worded when it becomes text (in the language active then): ``notify`` writes each
    notification in its recipient's language."""

    def __init__(self, stored: str):
        self.stored = stored

    def __str__(self) -> str:
        return reason_text(self.stored)
