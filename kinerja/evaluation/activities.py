"""PP 46/2011 activities of an evaluation (no writes): reading the evaluator's input, scoring the rows with the pure
rules (``rules.evaluation.schemes``), and the prefill from the SKP's IKI and the progress reports.

* :func:`apply` parses the posted values onto the rows (in memory) and names every bad one (not a number,
  negative, a target of 0, a cost without a target) with the activity's number and the aspect, so the service
  refuses the whole save; :func:`score` gives each row's aspects and score (None until it is complete) and the
  nilai SKP (None until every activity is complete). The page's live preview, the service, the API and the PDF
  all score through :func:`score`.
* :func:`prefill` builds the unsaved rows of new evaluations (one per IKI of the SKP, utama first): the IKI's
  text, unit and target (a number, or a range's upper end; none for a qualitative target), quality 100, time
  the months of the window, and the realised quantity from ``progress.IkiAchievement`` — for a count the sum
  reported within the window (the running total at its end less the one before it), for a rate the latest
  value up to its end.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.rules.evaluation import schemes as scheme_rules
from kinerja.rules.evaluation.numbers import round2

SCHEME_ID = "pp-46-2011"

# the columns the evaluator edits, with their labels (the official form's words)
FIELDS: Mapping[str, object] = {
    "target_output": gettext_lazy("target quantity"),
    "realised_output": gettext_lazy("realised quantity"),
    "target_quality": gettext_lazy("target quality"),
    "realised_quality": gettext_lazy("realised quality"),
    "target_time": gettext_lazy("target time (months)"),
    "realised_time": gettext_lazy("realised time (months)"),
    "target_cost": gettext_lazy("target cost (Rp)"),
    "realised_cost": gettext_lazy("realised cost (Rp)"),
    "target_credit": gettext_lazy("target credit points (AK)"),
    "realised_credit": gettext_lazy("realised credit points (AK)"),
}
POSITIVE = ("target_output", "target_quality", "target_time", "target_cost")  # a target of 0 divides by zero
PLACES = {"target_quality": 2, "realised_quality": 2, "target_time": 2, "realised_time": 2, "target_cost": 2,
          "realised_cost": 2, "target_credit": 3, "realised_credit": 3, "target_output": 4, "realised_output": 4}
LIMITS = {"target_quality": Decimal("9999999"), "realised_quality": Decimal("9999999"),
          "target_time": Decimal("99999"), "realised_time": Decimal("99999"),
          "target_cost": Decimal("9999999999999999"), "realised_cost": Decimal("9999999999999999"),
          "target_credit": Decimal("999999"), "realised_credit": Decimal("999999")}
MAX_OUTPUT = Decimal("9999999999999999")


def uses_activities(scheme_id: str) -> bool:
    return scheme_id == SCHEME_ID


def field_key(activity_id: int, name: str) -> str:
    """The error key (and the page's input name) of one value of one activity."""
    return f"activity_{activity_id}_{name}"


def parse(value, name: str) -> Decimal | None:
    """A posted value as a Decimal (empty → None); ValueError with the reason (not a number, negative, 0 target,
    too large). The Indonesian decimal comma is accepted."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(_("Enter a number."))
    text = str(value).strip().replace(" ", "")
    if text == "":
        return None
    if "," in text and "." in text:  # thousands separators: 1.250.000,50 (Indonesian) or 1,250,000.50
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    elif "," in text:
        text = text.replace(",", ".") if text.count(",") == 1 else text.replace(",", "")
    elif text.count(".") > 1:  # 1.250.000
        text = text.replace(".", "")
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        raise ValueError(_("Enter a number.")) from None
    if not number.is_finite():
        raise ValueError(_("Enter a number."))
    if number < 0:
        raise ValueError(_("Enter 0 or more."))
    if name in POSITIVE and number == 0:
        raise ValueError(_("A target must be more than 0."))
    if number > LIMITS.get(name, MAX_OUTPUT):
        raise ValueError(_("The number is too large."))
    return number.quantize(Decimal(1).scaleb(-PLACES[name]))


def _where(row, index: int) -> str:
    return _("Activity %(n)d (%(name)s)") % {"n": index, "name": _short(row.name)}


def _short(text: str, limit: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def apply(rows: Sequence, given: Mapping | None) -> tuple[list, dict[str, list[str]]]:
    """Put ``given`` (activity id → {field: value}) on ``rows`` in memory. Returns the rows that changed and the
    errors (key :func:`field_key` → messages); nothing is written here."""
    errors: dict[str, list[str]] = {}
    if not given:
        return [], errors
    by_id = {row.pk: (index, row) for index, row in enumerate(rows, start=1)}
    changed = []
    for key, values in given.items():
        try:
            activity_id = int(key)
        except (TypeError, ValueError):
            activity_id = None
        if activity_id not in by_id:
            errors.setdefault("activities", []).append(_("Unknown activity %(id)s.") % {"id": key})
            continue
        index, row = by_id[activity_id]
        touched = False
        for name, value in (values or {}).items():
            if name not in FIELDS:
                errors.setdefault(field_key(activity_id, name), []).append(
                    _("%(where)s: unknown field %(name)s.") % {"where": _where(row, index), "name": name})
                continue
            try:
                number = parse(value, name)
            except ValueError as exc:
                errors.setdefault(field_key(activity_id, name), []).append(
                    f"{_where(row, index)}, {FIELDS[name]}: {exc}")
                continue
            if getattr(row, name) != number:
                setattr(row, name, number)
                touched = True
        if row.realised_cost is not None and row.target_cost is None:
            errors.setdefault(field_key(activity_id, "target_cost"), []).append(
                _("%(where)s: a realised cost needs a target cost (leave both empty when the activity has no "
                  "budget).") % {"where": _where(row, index)})
        if touched:
            changed.append(row)
    return changed, errors


def rule_activity(row) -> scheme_rules.Activity | None:
    """The row as the rules' Activity, or None while something the score needs is missing."""
    needed = (row.target_output, row.realised_output, row.target_quality, row.realised_quality, row.target_time,
              row.realised_time)
    if any(v is None for v in needed) or (row.target_cost is not None and row.realised_cost is None):
        return None
    if row.target_cost is None and row.realised_cost is not None:
        return None
    return scheme_rules.Activity(target_output=row.target_output, realised_output=row.realised_output,
                                 target_quality=row.target_quality, realised_quality=row.realised_quality,
                                 target_time=row.target_time, realised_time=row.realised_time,
                                 target_cost=row.target_cost, realised_cost=row.realised_cost)


@dataclass
class Line:
    """One activity as shown: the row, its number, its aspects and score (None until complete), the calculation
    (the sum of its aspects, the form's "perhitungan") and an error from the rules, if any."""

    row: object
    number: int
    shown: scheme_rules.ActivityScore | None = None
    calculation: Decimal | None = None
    error: str = ""
    typed: dict = field(default_factory=dict)  # on a page: what the user typed that did not parse, by field

    @property
    def complete(self) -> bool:
        return self.shown is not None

    def inputs(self, errors: Mapping | None = None) -> list[tuple[str, str, str, bool]]:
        """(field, label, value as typed or stored, has an error) of each editable value, for a form."""
        out = []
        for name, label in FIELDS.items():
            typed = self.typed.get(name)
            value = typed if typed is not None else plain(getattr(self.row, name))
            out.append((name, str(label), value, bool(errors and field_key(self.row.pk, name) in errors)))
        return out


def plain(value) -> str:
    """A stored number without trailing zeros ("12", "12.5"); empty for None."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text


@dataclass
class Scored:
    lines: list[Line] = field(default_factory=list)
    skp: Decimal | None = None  # the nilai SKP, rounded (None until every activity is complete)
    activities: list = field(default_factory=list)  # the rules' Activity of every row, when complete

    @property
    def incomplete(self) -> int:
        return sum(1 for line in self.lines if not line.complete)


def score(rows: Iterable) -> Scored:
    """Each row's aspects and score, and the nilai SKP when every row is complete (the rules' unrounded mean,
    rounded once)."""
    out = Scored()
    raw_scores = []
    for number, row in enumerate(rows, start=1):
        line = Line(row, number)
        activity = rule_activity(row)
        if activity is not None:
            try:
                shown, raw = scheme_rules.activity_score(activity, number)
            except ValueError as exc:
                line.error = str(exc)
            else:
                aspects = 4 if shown.biaya is not None else 3
                line.shown, line.calculation = shown, round2(raw * aspects)
                raw_scores.append(raw)
                out.activities.append(activity)
        out.lines.append(line)
    if out.lines and len(raw_scores) == len(out.lines):
        out.skp = round2(sum(raw_scores, Decimal(0)) / len(raw_scores))
    else:
        out.activities = []
    return out


# --- prefill ---------------------------------------------------------------------------------------------------

def _months(start: date, end: date) -> int:
    return (end.year * 12 + end.month) - (start.year * 12 + start.month) + 1


def realised_by_iki(iki_rows: Sequence[Mapping], start: date, end: date) -> dict[int, Decimal | None]:
    """The realised quantity of each IKI over the window from its achievement rows (one query)."""
    from kinerja.progress.models import IkiAchievement
    from kinerja.rules import achievement as achievement_rules

    ids = [r["pk"] for r in iki_rows]
    if not ids:
        return {}
    at_end: dict[int, Decimal | None] = {}
    before: dict[int, Decimal | None] = {}
    for iki_id, period_start, value in (IkiAchievement.objects.filter(iki_id__in=ids, period_start__lte=end)
                                        .order_by("iki_id", "period_start")
                                        .values_list("iki_id", "period_start", "realisation")):
        at_end[iki_id] = value  # the newest up to the window's end wins
        if period_start < start:
            before[iki_id] = value
    out = {}
    for r in iki_rows:
        value = at_end.get(r["pk"])
        counts = r["target_kind"] == "number" and not achievement_rules.is_rate(r["measure_unit"])
        if value is not None and counts and before.get(r["pk"]) is not None:
            value = max(Decimal(0), value - before[r["pk"]])
        out[r["pk"]] = value
    return out


def iki_rows_of(skp_ids: Iterable[int]) -> list[dict]:
    """The IKI of these SKPs in the SKP's order (utama first, then each RHK's order), one query."""
    from kinerja.skp.models import Iki

    return list(Iki.objects.filter(rhk__skp_id__in=list(skp_ids))
                .order_by("rhk__skp_id", "-rhk__group", "rhk__order", "rhk_id", "order", "pk")
                .values("pk", "rhk__skp_id", "text", "measure_unit", "target_kind", "target_value", "target_min",
                        "target_max"))


def target_of(iki: Mapping) -> Decimal | None:
    value = iki["target_value"] if iki["target_kind"] == "number" else (
        iki["target_max"] if iki["target_max"] is not None else iki["target_min"]) if iki["target_kind"] == "range" \
        else None
    return value if value is not None and value > 0 else None


def prefill(evaluations: Sequence, start: date, end: date) -> list:
    """The unsaved Activity rows of ``evaluations`` (saved, same window), two queries whatever their number."""
    from .models import Activity

    iki_rows = iki_rows_of(e.skp_id for e in evaluations)
    realised = realised_by_iki(iki_rows, start, end)
    by_skp: dict[int, list[dict]] = {}
    for r in iki_rows:
        by_skp.setdefault(r["rhk__skp_id"], []).append(r)
    months = Decimal(_months(start, end))
    out = []
    for evaluation in evaluations:
        for number, iki in enumerate(by_skp.get(evaluation.skp_id, []), start=1):
            out.append(Activity(instance_id=evaluation.instance_id, evaluation_id=evaluation.pk, iki_id=iki["pk"],
                                position=number, name=iki["text"], measure_unit=iki["measure_unit"] or "",
                                target_output=target_of(iki), realised_output=realised.get(iki["pk"]),
                                target_quality=Decimal(100), target_time=months))
    return out
