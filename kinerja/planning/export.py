"""The plan as an Excel workbook (openpyxl): Renstra with IKU and yearly targets, the performance
agreements with their quarterly action plans, and the work plans with budgets.

One workbook per instance and year, or for one unit (its OPD's Renstra and the PK/RKT of the unit
and the units below it). Headers follow the active language; amounts are numbers formatted with
thousands separators, so the sheet can still add them up.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from kinerja.core.text import clean_for_export
from kinerja.organization.models import Instance, Unit
from kinerja.rules.plan import format_value

from . import services
from .models import (
    ActionPlan,
    Activity,
    AgreementStatus,
    Goal,
    Iku,
    IkuTarget,
    PerformanceAgreement,
    PkIndicator,
    Programme,
    Renstra,
    StrategicTarget,
    WorkPlan,
)

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
GROUP_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FONT = Font(bold=True, color="FFFFFF")
THIN = Side(style="thin", color="B4C6E7")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
RUPIAH = '#,##0;-#,##0;"-"'
VALUE = "#,##0.##"


def _number(value):
    """Decimals as floats for Excel (integers stay integers)."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


class Sheet:
    """A worksheet with a title block, one header row and data rows under it."""

    def __init__(self, workbook: Workbook, title: str, heading: str, subheading: str, columns: list[tuple[str, int]],
                 first: bool = False):
        self.ws = workbook.active if first else workbook.create_sheet()
        self.ws.title = clean_for_export(title)[:31]
        self.width = len(columns)
        self.ws["A1"] = clean_for_export(heading)
        self.ws["A1"].font = Font(bold=True, size=14)
        self.ws["A2"] = clean_for_export(subheading)
        self.ws["A2"].font = Font(italic=True, color="595959")
        self.header_row = 4
        for index, (label, width) in enumerate(columns, start=1):
            cell = self.ws.cell(row=self.header_row, column=index, value=clean_for_export(label))
            cell.fill, cell.font, cell.border = HEADER_FILL, HEADER_FONT, BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            self.ws.column_dimensions[get_column_letter(index)].width = width
        self.ws.row_dimensions[self.header_row].height = 32
        self.ws.freeze_panes = self.ws.cell(row=self.header_row + 1, column=1)
        self.row = self.header_row

    def add(self, values: list, *, fill=None, bold=False, formats: dict[int, str] | None = None) -> int:
        self.row += 1
        for index, value in enumerate(values, start=1):
            cell = self.ws.cell(row=self.row, column=index, value=clean_for_export(value))
            cell.border, cell.alignment = BORDER, WRAP
            if fill is not None:
                cell.fill = fill
            if bold:
                cell.font = Font(bold=True)
            if formats and index in formats:
                cell.number_format = formats[index]
        return self.row

    def empty(self, message: str) -> None:
        self.row += 1
        self.ws.cell(row=self.row, column=1, value=clean_for_export(message)).font = Font(italic=True, color="808080")

    def finish(self) -> None:
        if self.row > self.header_row:
            last = get_column_letter(self.width)
            self.ws.auto_filter.ref = f"A{self.header_row}:{last}{self.row}"
        self.ws.sheet_view.zoomScale = 90
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.fitToWidth = 1
        self.ws.print_title_rows = f"{self.header_row}:{self.header_row}"


def _scope(instance: Instance, unit: Unit | None):
    """(OPD filter for the Renstra, unit path for PK/RKT) of a whole-instance or one-unit workbook."""
    if unit is None:
        return None, None
    return services.opd_of(unit) or unit, unit.path


def _renstra_sheet(workbook, instance, year, opd, subtitle) -> None:
    renstras = Renstra.objects.filter(instance=instance, start_year__lte=year, end_year__gte=year)
    if opd is not None:
        renstras = renstras.filter(unit=opd)
    ikus = Iku.objects.order_by("code", "id").prefetch_related(
        Prefetch("targets", queryset=IkuTarget.objects.order_by("year")))
    targets = StrategicTarget.objects.order_by("code", "id").prefetch_related(Prefetch("ikus", queryset=ikus))
    goals = Goal.objects.select_related("mission").order_by("code", "id").prefetch_related(
        Prefetch("targets", queryset=targets))
    renstras = list(renstras.select_related("unit").order_by("unit__path").prefetch_related(
        Prefetch("goals", queryset=goals)))
    years = sorted({y for r in renstras for y in range(r.start_year, r.end_year + 1)}) or [year]
    columns = [(_("OPD"), 26), (_("Mission"), 8), (_("Goal"), 34), (_("Strategic target"), 34), (_("Code"), 10),
               (_("Key performance indicator (IKU)"), 40), (_("Unit of measure"), 12), (_("Baseline"), 11),
               (_("Direction"), 12)] + [(str(y), 10) for y in years] + [(_("Formula"), 34), (_("Data source"), 20)]
    sheet = Sheet(workbook, _("Renstra and IKU"), _("Renstra and key performance indicators (IKU)"), subtitle,
                  columns, first=True)
    value_columns = {8 + i: VALUE for i in range(len(years) + 1)}
    for renstra in renstras:
        sheet.add([f"{renstra.unit.name} — {renstra.title} ({renstra.start_year}–{renstra.end_year})"]
                  + [None] * (len(columns) - 1), fill=GROUP_FILL, bold=True)
        for goal in renstra.goals.all():
            goal_text = f"{goal.code} {goal.text}".strip()
            for target in goal.targets.all():
                target_text = f"{target.code} {target.text}".strip()
                rows = list(target.ikus.all()) or [None]
                for iku in rows:
                    by_year = {t.year: t.target for t in iku.targets.all()} if iku else {}
                    sheet.add([renstra.unit.name, goal.mission.number, goal_text, target_text,
                               iku.code if iku else None, iku.name if iku else _("(no IKU yet)"),
                               iku.measure_unit if iku else None, _number(iku.baseline) if iku else None,
                               (_("Higher is better") if iku.higher_is_better else _("Lower is better")) if iku
                               else None]
                              + [_number(by_year.get(y)) for y in years]
                              + [iku.formula if iku else None, iku.data_source if iku else None],
                              formats=value_columns)
    if not renstras:
        sheet.empty(_("No Renstra covers %(year)d.") % {"year": year})
    sheet.finish()


def _agreement_sheet(workbook, instance, year, path, subtitle) -> None:
    agreements = PerformanceAgreement.objects.filter(instance=instance, year=year)
    if path:
        agreements = agreements.filter(unit__path__startswith=path)
    indicators = PkIndicator.objects.select_related("iku").order_by("order", "id").prefetch_related(
        Prefetch("actions", queryset=ActionPlan.objects.order_by("quarter", "id")))
    agreements = list(agreements.select_related("unit", "position", "signatory", "superior").order_by("unit__path")
                      .prefetch_related(Prefetch("indicators", queryset=indicators)))
    quarters = [_("Quarter I"), _("Quarter II"), _("Quarter III"), _("Quarter IV")]
    columns = [(_("Unit"), 26), (_("Status"), 10), (_("Signing date"), 12), (_("First party (signatory)"), 24),
               (_("Second party (superior)"), 24), (_("No."), 5), (_("Indicator"), 40), (_("IKU"), 10),
               (_("Unit of measure"), 12), (_("Target"), 10)] + [(q, 28) for q in quarters]
    sheet = Sheet(workbook, _("Performance agreements"), _("Performance agreements (PK) and action plans"),
                  subtitle, columns)
    for agreement in agreements:
        signed = agreement.status == AgreementStatus.SIGNED
        head = [agreement.unit.name, agreement.get_status_display(), agreement.signed_on,
                agreement.signatory.full_name if agreement.signatory else agreement.position.name,
                agreement.superior.full_name if agreement.superior else None]
        lines = list(agreement.indicators.all())
        if not lines:
            sheet.add(head + [None, _("(no indicators yet)")] + [None] * 7)
        for number, indicator in enumerate(lines, start=1):
            by_quarter = {q: [] for q in (1, 2, 3, 4)}
            for action in indicator.actions.all():
                target = f" ({format_value(action.target)} {indicator.measure_unit})" \
                    if action.target is not None else ""
                by_quarter[action.quarter].append(f"• {action.action}{target}")
            row = sheet.add(head + [number, indicator.name, indicator.iku.code if indicator.iku else None,
                                   indicator.measure_unit, _number(indicator.target)]
                            + ["\n".join(by_quarter[q]) or None for q in (1, 2, 3, 4)], formats={10: VALUE})
            sheet.ws.cell(row=row, column=3).number_format = "dd/mm/yyyy"
            if signed:
                sheet.ws.cell(row=row, column=2).font = Font(bold=True, color="2E7D32")
    if not agreements:
        sheet.empty(_("No performance agreement for %(year)d.") % {"year": year})
    sheet.finish()


def _work_plan_sheet(workbook, instance, year, path, subtitle) -> None:
    plans = WorkPlan.objects.filter(instance=instance, year=year)
    if path:
        plans = plans.filter(unit__path__startswith=path)
    programmes = Programme.objects.select_related("mission", "strategic_target").order_by("code", "id") \
        .prefetch_related(Prefetch("activities", queryset=Activity.objects.order_by("code", "id")))
    plans = list(plans.select_related("unit").order_by("unit__path").prefetch_related(
        Prefetch("programmes", queryset=programmes)))
    columns = [(_("Unit"), 26), (_("Code"), 16), (_("Programme / activity"), 46), (_("Mission"), 8),
               (_("Strategic target"), 36), (_("Budget (Rp)"), 20)]
    sheet = Sheet(workbook, _("Work plans"), _("Annual work plans (RKT): programmes and activities"), subtitle,
                  columns)
    money = {6: RUPIAH}
    grand_total = Decimal(0)
    for plan in plans:
        total = Decimal(0)
        for programme in plan.programmes.all():
            sheet.add([plan.unit.name, programme.code, programme.name, programme.mission.number,
                       f"{programme.strategic_target.code} {programme.strategic_target.text}".strip(),
                       _number(programme.budget)], fill=GROUP_FILL, bold=True, formats=money)
            for activity in programme.activities.all():
                sheet.add([plan.unit.name, activity.code, f"    {activity.name}", None, None, _number(activity.budget)],
                          formats=money)
            total += programme.budget
        sheet.add([plan.unit.name, None, _("Total of %(unit)s") % {"unit": plan.unit.name}, None, None,
                   _number(total)], fill=TOTAL_FILL, bold=True, formats=money)
        grand_total += total
    if plans:
        sheet.add([None, None, _("Grand total"), None, None, _number(grand_total)], fill=TOTAL_FILL, bold=True,
                  formats=money)
    else:
        sheet.empty(_("No work plan for %(year)d.") % {"year": year})
    sheet.finish()


def plan_workbook(instance: Instance, year: int, unit: Unit | None = None) -> Workbook:
    opd, path = _scope(instance, unit)
    where = unit.name if unit is not None else instance.name
    subtitle = _("%(where)s · year %(year)d") % {"where": where, "year": year}
    workbook = Workbook()
    _renstra_sheet(workbook, instance, year, opd, subtitle)
    _agreement_sheet(workbook, instance, year, path, subtitle)
    _work_plan_sheet(workbook, instance, year, path, subtitle)
    workbook.properties.title = _("Organisation plan %(year)d") % {"year": year}
    workbook.properties.creator = "Kinerja"
    return workbook


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filename(instance: Instance, year: int, unit: Unit | None = None) -> str:
    who = slugify(unit.short_name or unit.name) if unit is not None else instance.slug
    return f"rencana-{who}-{year}.xlsx"
