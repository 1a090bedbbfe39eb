"""The reports of a period's results (issue 10 item 7), read-only, each in a fixed number of queries:

* :func:`by_predikat` — the annual evaluations with a predikat (for follow-up), keyset-paged by name;
* :func:`not_evaluated` — the active employees without a final annual evaluation for the period, across the
  instance (keyset on the ``(instance, name, id)`` index: page 2,000 costs what page 1 costs);
* :func:`leadership` — what needs the leadership's attention: units with a low organisation predikat, curve
  violations, many Butuh Perbaikan (``MANY_BUTUH_PERBAIKAN`` percent or more), calibrations still open, and the
  PK indicators at risk (kinerja/progress roll-up, the dashboard's figures), each with the page of its evidence;
* :func:`write_recap` — the Excel recap (openpyxl, write-only, as alignment/report.py and planning/export.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from kinerja.core.keyset import paginate
from kinerja.core.text import clean_for_export, clean_row
from kinerja.people.models import Employee
from kinerja.progress.achievement.reasons import reason_text

from . import results
from .models import EvaluationKind, OrgPredikat, Predikat

NAME_ORDER = ["employee__name", "id"]
EMPLOYEE_ORDER = ["name", "id"]
LOW_ORG = {OrgPredikat.BUTUH_PERBAIKAN, OrgPredikat.KURANG, OrgPredikat.SANGAT_KURANG}
MANY_BUTUH_PERBAIKAN = 20  # percent of a unit's employees


def by_predikat(period, predikat: str, units_q: Q) -> QuerySet:
    return (results.annual(period).annotate(effective=results.EFFECTIVE).filter(effective=predikat)
            .filter(units_q).select_related("employee", "unit", "position"))


def by_predikat_page(period, predikat: str, units_q: Q, size: int, cursor: str | None = None):
    return paginate(by_predikat(period, predikat, units_q), NAME_ORDER, size, cursor)


def not_evaluated(period, employees_q: Q) -> QuerySet:
    done = (results.annual(period).filter(status__in=results.FINAL_STATUSES).values("employee_id"))
    return (Employee.objects.filter(employees_q, instance_id=period.instance_id, is_active=True)
            .exclude(pk__in=done).select_related("unit", "position"))


def not_evaluated_page(period, employees_q: Q, size: int, cursor: str | None = None):
    return paginate(not_evaluated(period, employees_q), EMPLOYEE_ORDER, size, cursor)


@dataclass
class Attention:
    unit: object
    reasons: list[str] = field(default_factory=list)
    distribution: results.Distribution | None = None


def leadership(period, units_q: Q) -> dict:
    """Units and indicators that need attention, with their evidence (the pages to open)."""
    from django.utils.translation import gettext as _

    from kinerja.progress.models import IndicatorAchievement, IndicatorLevel

    units = []
    for d in sorted(results.distributions(period, units_q=units_q), key=lambda d: d.unit.path):
        item = Attention(d.unit, distribution=d)
        if d.rating is None:
            item.reasons.append(_("No organisation predikat yet"))
        elif d.rating.predikat in LOW_ORG:
            item.reasons.append(_("Organisation predikat %(p)s") % {"p": d.rating.get_predikat_display()})
        check = d.check
        if check is not None and check.violations:
            item.reasons += [_("Curve: %(rule)s") % {"rule": f.message} for f in check.violations]
        bp = d.counts.get(Predikat.BUTUH_PERBAIKAN, 0)
        if d.total and bp * 100 >= MANY_BUTUH_PERBAIKAN * d.total:
            item.reasons.append(_("%(n)d of %(total)d employees need improvement") % {"n": bp, "total": d.total})
        if d.total and not d.locked:
            item.reasons.append(_("Calibration not locked yet"))
        if item.reasons:
            units.append(item)
    risky = (IndicatorAchievement.objects
             .filter(instance_id=period.instance_id, level=IndicatorLevel.PK, period_start__lte=period.end_date,
                     pk_indicator__agreement__year=period.year)
             .filter(results_units_q_for_indicators(units_q))
             .order_by("pk_indicator_id", "-period_start")
             .values("pk_indicator_id", "pk_indicator__name", "unit__name", "achievement", "risk", "reason",
                     "period_start"))
    latest: dict[int, dict] = {}
    for row in risky:
        latest.setdefault(row["pk_indicator_id"], row)
    indicators = [{**row, "reason": reason_text(row["reason"])} for row in latest.values() if row["risk"]]
    indicators.sort(key=lambda r: (r["achievement"] is not None, r["achievement"] or Decimal(0)))
    return {"units": units, "indicators": indicators}


def results_units_q_for_indicators(units_q: Q) -> Q:
    """``units_q`` (written for Unit) for IndicatorAchievement, which reaches the unit through ``unit``."""
    from kinerja.skp.permissions import prefix_q

    return prefix_q(units_q, "unit")


def write_recap(stream, period, units_q: Q, title: str) -> None:
    """The recap workbook: one row per rated unit (organisation predikat, counts, violations) and one sheet of
    every annual evaluation with its predikat."""
    from django.utils.translation import gettext as _
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    from kinerja.rules.evaluation.ratings import PREDIKAT_6_2022, PREDIKAT_LABELS

    book = Workbook(write_only=True)
    head_font, head_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="0F4C7D")

    def header(sheet, labels):
        cells = []
        for label in labels:
            cell = WriteOnlyCell(sheet, value=clean_for_export(str(label)))
            cell.font, cell.fill = head_font, head_fill
            cells.append(cell)
        sheet.append(cells)

    sheet = book.create_sheet(_("Recap"))
    for col, width in zip("ABCDEFGHIJKL", (14, 40, 18, 12, 12, 14, 12, 14, 10, 10, 10, 70), strict=True):
        sheet.column_dimensions[col].width = width
    title_cell = WriteOnlyCell(sheet, value=clean_for_export(title))
    title_cell.font = Font(bold=True, size=14)
    sheet.append([title_cell])
    sheet.append(clean_row([_("Period"), period.name]))
    sheet.append([])
    header(sheet, [_("Code"), _("Unit"), _("Organisation predikat"), *[PREDIKAT_LABELS[p] for p in PREDIKAT_6_2022],
                   _("Other"), _("Total"), _("Locked"), _("Curve violations")])
    allowed = set()
    dists = results.distributions(period, units_q=units_q)
    for d in sorted(dists, key=lambda d: d.unit.path):
        allowed.add(d.unit.path)
        check = d.check
        sheet.append(clean_row([
            d.unit.code, d.unit.name, d.rating.get_predikat_display() if d.rating else "",
            *[d.counts.get(p.value, 0) for p in PREDIKAT_6_2022], d.other, d.total,
            _("Yes") if d.locked else _("No"),
            "; ".join(f.message for f in check.violations) if check else ""]))

    sheet = book.create_sheet(_("Employees"))
    for col, width in zip("ABCDEFGH", (30, 22, 36, 36, 16, 18, 18, 12), strict=True):
        sheet.column_dimensions[col].width = width
    header(sheet, [_("Unit"), _("NIP"), _("Employee"), _("Position"), _("Status"), _("Proposed"), _("Predikat"),
                   _("Locked")])
    labels = dict(Predikat.choices)
    qs = (results.annual(period).filter(kind=EvaluationKind.ANNUAL).filter(units_q_for_evaluations(units_q))
          .order_by("unit__path", "employee__name", "id")
          .values_list("unit__name", "employee__nip", "employee__name", "position__name", "status",
                       "proposed_predikat", "predikat", "locked_at"))
    statuses = dict(results.Evaluation._meta.get_field("status").choices)
    for unit, nip, name, position, status, proposed, predikat, locked in qs.iterator(chunk_size=2000):
        sheet.append(clean_row([unit, nip, name, position, str(statuses.get(status, status)),
                                str(labels.get(proposed, "")), str(labels.get(predikat or proposed, "")),
                                _("Yes") if locked else _("No")]))
    book.save(stream)


def units_q_for_evaluations(units_q: Q) -> Q:
    from kinerja.skp.permissions import prefix_q

    return prefix_q(units_q, "unit")
