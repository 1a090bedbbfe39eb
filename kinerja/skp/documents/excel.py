"""SKP workbooks (openpyxl).

* :func:`skp_workbook` — one SKP in the official layout (the same content as the PDF): a sheet
  "SKP" with the header, hasil kerja, perilaku kerja and signatures, and a sheet "Lampiran".
* :func:`write_period_export` — every SKP of a period (an instance, or a unit's subtree), one row
  per IKI, for the HR admin. Streamed: a write-only workbook fed by ``values()`` queries over keyset
  chunks of SKPs, so memory stays flat whatever the number of rows.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kinerja.core.text import clean_for_export, clean_row
from kinerja.organization.models import Unit
from kinerja.rules import skp as rules

from ..models import Rhk, RhkGroup, Skp, SkpStatus
from .data import Document, aspect_label, load_document, perspective_titles
from .pdf import DEFAULT_LANGUAGE, document_language

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")
GROUP_FILL = PatternFill("solid", fgColor="EFEFEF")
SECTION_FILL = PatternFill("solid", fgColor="F7F7F7")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
SUBTITLE = Font(bold=True, size=10)
WATERMARK = Font(bold=True, size=12, color="BE1E1E")

# A: no · B: superior's RHK · C: RHK · D: aspect · E: IKI · F: target
WIDTHS = {"A": 5, "B": 38, "C": 40, "D": 12, "E": 42, "F": 22}
LINE_HEIGHT = 13.5


# --- one SKP ------------------------------------------------------------------------------------


class _Sheet:
    """Writes merged, bordered, wrapped cells row by row and sizes each row for its longest text."""

    def __init__(self, ws: Worksheet, widths: dict[str, float]):
        self.ws = ws
        self.widths = widths
        self.row = 1
        for letter, width in widths.items():
            ws.column_dimensions[letter].width = width

    def _span_width(self, first: str, last: str) -> float:
        cols = range(ord(first), ord(last) + 1)
        return sum(self.widths.get(chr(c), 10) for c in cols)

    def put(self, cells, *, border=True, fill=None, font=None, align=WRAP, height=None):
        """``cells``: [(first_col, last_col, value)], one row; merges each span."""
        lines = 1
        for first, last, value in cells:
            ref = f"{first}{self.row}"
            cell = self.ws[ref]
            cell.value = clean_for_export(value)
            cell.alignment = align
            if font:
                cell.font = font
            if fill:
                cell.fill = fill
            if first != last:
                self.ws.merge_cells(f"{first}{self.row}:{last}{self.row}")
            if border:
                for c in range(ord(first), ord(last) + 1):
                    target = self.ws[f"{chr(c)}{self.row}"]
                    target.border = BOX
                    if fill:
                        target.fill = fill
            if value not in (None, ""):
                chars = max(4.0, self._span_width(first, last) * 1.15)
                text_lines = sum(max(1, math.ceil(len(part) / chars)) for part in str(value).split("\n"))
                lines = max(lines, text_lines)
        self.ws.row_dimensions[self.row].height = height or max(15, lines * LINE_HEIGHT)
        self.row += 1

    def merge_down(self, col: str, first_row: int, last_row: int):
        if last_row > first_row:
            self.ws.merge_cells(f"{col}{first_row}:{col}{last_row}")

    def blank(self, height=8):
        self.ws.row_dimensions[self.row].height = height
        self.row += 1


def _header(sheet: _Sheet, doc: Document, title: str):
    sheet.put([("A", "F", title)], border=False, font=TITLE, align=CENTER, height=20)
    if doc.subtitle and title == _("PERFORMANCE TARGETS OF THE EMPLOYEE"):
        sheet.put([("A", "F", doc.subtitle)], border=False, font=SUBTITLE, align=CENTER)
    if not doc.is_final:
        sheet.put([("A", "F", _("DRAFT — not approved (%(status)s)") % {"status": doc.status_label})],
                  border=False, font=WATERMARK, align=CENTER)
    sheet.blank()
    sheet.put([("A", "C", doc.instance.upper()),
               ("D", "F", f"{_('EVALUATION PERIOD')}: {doc.period.upper()}")],
              border=False, font=BOLD, align=Alignment(wrap_text=True, vertical="top"))
    sheet.ws[f"D{sheet.row - 1}"].alignment = Alignment(horizontal="right", vertical="top", wrap_text=True)


def _signatures(sheet: _Sheet, doc: Document):
    sheet.blank(14)
    sheet.put([("E", "F", f"{doc.place}, {doc.sign_date}")], border=False, align=CENTER)
    sheet.put([("B", "C", _("Employee being evaluated")), ("E", "F", _("Performance evaluating official"))],
              border=False, font=BOLD, align=CENTER)
    sheet.blank(48)
    evaluator = doc.evaluator.name if doc.evaluator.present else "(" + "." * 45 + ")"
    sheet.put([("B", "C", doc.employee.name), ("E", "F", evaluator)], border=False,
              font=Font(bold=True, underline="single"), align=CENTER)
    sheet.put([("B", "C", f"{_('NIP')}. {doc.employee.nip}"),
               ("E", "F", f"{_('NIP')}. {doc.evaluator.nip}" if doc.evaluator.present else f"{_('NIP')}.")],
              border=False, align=CENTER)


def _print_setup(ws: Worksheet, last_row: int):
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = f"A1:F{last_row}"
    ws.oddFooter.right.text = _("Page &P of &N")
    ws.sheet_view.showGridLines = False


def skp_workbook(skp, *, language: str = DEFAULT_LANGUAGE) -> tuple[Workbook, Document]:
    """One SKP as a workbook in the official layout; also returns the document data it shows."""
    with translation.override(document_language(language)):
        doc = load_document(skp)
        wb = Workbook()
        ws = wb.active
        ws.title = "SKP"
        sheet = _Sheet(ws, WIDTHS)
        _header(sheet, doc, _("PERFORMANCE TARGETS OF THE EMPLOYEE"))

        # the people: A no · B label · C employee · D–E evaluator · F evaluator's superior
        sheet.put([("A", "A", _("NO")), ("B", "B", ""), ("C", "C", _("EMPLOYEE BEING EVALUATED")),
                   ("D", "E", _("PERFORMANCE EVALUATING OFFICIAL")),
                   ("F", "F", _("SUPERIOR OF THE EVALUATING OFFICIAL"))],
                  fill=HEAD_FILL, font=BOLD, align=CENTER)
        for n, (label, employee, evaluator, superior) in enumerate(doc.header_rows, start=1):
            font = BOLD if n == 1 else None
            sheet.put([("A", "A", n), ("B", "B", label), ("C", "C", employee), ("D", "E", evaluator),
                       ("F", "F", superior)], font=font)
            sheet.ws[f"B{sheet.row - 1}"].font = BOLD
            sheet.ws[f"A{sheet.row - 1}"].alignment = CENTER

        sheet.blank()
        sheet.put([("A", "F", _("WORK RESULTS"))], border=False, font=BOLD)
        if doc.is_jpt:
            heads = [("A", "A", _("NO")), ("B", "C", _("PLANNED WORK RESULT")),
                     ("D", "E", _("INDIVIDUAL PERFORMANCE INDICATOR")), ("F", "F", _("TARGET"))]
        else:
            heads = [("A", "A", _("NO")), ("B", "B", _("INTERVENED RESULT OF THE SUPERIOR")),
                     ("C", "C", _("PLANNED WORK RESULT")), ("D", "D", _("ASPECT")),
                     ("E", "E", _("INDIVIDUAL PERFORMANCE INDICATOR")), ("F", "F", _("TARGET"))]
        sheet.put(heads, fill=HEAD_FILL, font=BOLD, align=CENTER)
        results_head_row = sheet.row - 1
        for group in doc.groups:
            sheet.put([("A", "F", f"{group.letter}. {group.title}")], fill=GROUP_FILL, font=BOLD)
            if not group.rhk_count:
                sheet.put([("A", "F", _("None"))], align=CENTER)
            for section in group.sections:
                if section.title:
                    sheet.put([("A", "F", section.title)], fill=SECTION_FILL, font=Font(bold=True, italic=True))
                for rhk in section.rhks:
                    first = sheet.row
                    ikis = rhk.ikis or [None]
                    for k, iki in enumerate(ikis):
                        text = rhk.text
                        if doc.is_jpt and rhk.pk_indicator:
                            text = f"{rhk.text}\n({_('Performance agreement indicator')}: {rhk.pk_indicator})"
                        if doc.is_jpt:
                            row = [("A", "A", rhk.number if k == 0 else None), ("B", "C", text if k == 0 else None),
                                   ("D", "E", iki.text if iki else "-"), ("F", "F", iki.target if iki else "-")]
                        else:
                            row = [("A", "A", rhk.number if k == 0 else None),
                                   ("B", "B", (rhk.parent or "-") if k == 0 else None),
                                   ("C", "C", text if k == 0 else None),
                                   ("D", "D", (iki.aspect or "-") if iki else "-"),
                                   ("E", "E", iki.text if iki else "-"), ("F", "F", iki.target if iki else "-")]
                        sheet.put(row)
                        sheet.ws[f"A{sheet.row - 1}"].alignment = Alignment(horizontal="center", vertical="top")
                    last = sheet.row - 1
                    if last > first:  # one RHK over its IKI rows
                        sheet.merge_down("A", first, last)
                        if doc.is_jpt:
                            for r in range(first, last + 1):
                                sheet.ws.unmerge_cells(f"B{r}:C{r}")
                            sheet.ws.merge_cells(f"B{first}:C{last}")
                        else:
                            sheet.merge_down("B", first, last)
                            sheet.merge_down("C", first, last)
        sheet.blank()
        sheet.put([("A", "F", _("WORK BEHAVIOUR"))], border=False, font=BOLD)
        sheet.put([("A", "A", _("NO")), ("B", "C", _("WORK BEHAVIOUR")),
                   ("D", "F", _("SPECIFIC EXPECTATIONS OF THE SUPERIOR"))], fill=HEAD_FILL, font=BOLD, align=CENTER)
        for b in doc.behaviours:
            text = b.name + "".join(f"\n• {g}" for g in b.guides)
            sheet.put([("A", "A", b.number), ("B", "C", text), ("D", "F", b.expectation or "-")])
            sheet.ws[f"A{sheet.row - 1}"].alignment = Alignment(horizontal="center", vertical="top")
        _signatures(sheet, doc)
        ws.print_title_rows = f"{results_head_row}:{results_head_row}"
        _print_setup(ws, sheet.row - 1)

        ws2 = wb.create_sheet(_("Appendix")[:31])
        sheet2 = _Sheet(ws2, WIDTHS)
        _header(sheet2, doc, _("APPENDIX TO THE PERFORMANCE TARGETS OF THE EMPLOYEE"))
        sheet2.put([("A", "B", _("Employee")), ("C", "F", f"{doc.employee.name} ({_('NIP')} {doc.employee.nip})")],
                   border=False)
        sheet2.put([("A", "B", _("Position")), ("C", "F", f"{doc.employee.position}, {doc.employee.unit}")],
                   border=False)
        for part in doc.appendix:
            sheet2.blank()
            sheet2.put([("A", "F", part.title)], border=False, font=BOLD)
            if not part.lines:
                sheet2.put([("A", "A", "-"), ("B", "F", _("None"))])
            for n, line in enumerate(part.lines, start=1):
                sheet2.put([("A", "A", n), ("B", "F", line)])
                sheet2.ws[f"A{sheet2.row - 1}"].alignment = Alignment(horizontal="center", vertical="top")
        _signatures(sheet2, doc)
        _print_setup(ws2, sheet2.row - 1)
        wb.properties.title = clean_for_export(f"SKP {doc.employee.name} {doc.period_short}")
        wb.properties.creator = "Kinerja"
    return wb, doc


def skp_workbook_bytes(skp, *, language: str = DEFAULT_LANGUAGE) -> bytes:
    wb, _doc = skp_workbook(skp, language=language)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- the period export --------------------------------------------------------------------------

CHUNK = 500  # SKPs per query; each chunk's RHK/IKI rows come in one more query


@dataclass(frozen=True)
class ExportColumn:
    label: str
    width: float


def export_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("No"), 6), ExportColumn(_("NIP"), 21), ExportColumn(_("Name"), 30),
        ExportColumn(_("Position"), 30), ExportColumn(_("Work unit"), 30), ExportColumn(_("OPD"), 30),
        ExportColumn(_("SKP status"), 12), ExportColumn(_("Group"), 11), ExportColumn(_("RHK no."), 8),
        ExportColumn(_("RHK"), 50), ExportColumn(_("Intervened RHK of the superior"), 50),
        ExportColumn(_("Perspective"), 22), ExportColumn(_("Aspect"), 12), ExportColumn(_("IKI"), 50),
        ExportColumn(_("Target"), 22), ExportColumn(_("Target value"), 12), ExportColumn(_("Unit of measure"), 16),
    ]


SKP_FIELDS = ("pk", "employee__name", "employee__front_title", "employee__back_title", "employee__nip",
              "position__name", "unit__name", "unit__path", "status")
RHK_FIELDS = ("skp_id", "pk", "group", "perspective", "text", "parent__text", "ikis__pk", "ikis__aspect",
              "ikis__text", "ikis__target_kind", "ikis__target_value", "ikis__target_min", "ikis__target_max",
              "ikis__target_text", "ikis__measure_unit")


def skp_chunks(qs: QuerySet, size: int = CHUNK) -> Iterator[list[dict]]:
    """SKPs as ``values()`` dicts in keyset chunks ordered by (employee name, pk): flat memory."""
    qs = qs.order_by("employee__name", "pk").values(*SKP_FIELDS)
    last = None
    while True:
        page = qs
        if last is not None:
            page = qs.filter(Q(employee__name__gt=last[0]) | Q(employee__name=last[0], pk__gt=last[1]))
        rows = list(page[:size])
        if not rows:
            return
        yield rows
        if len(rows) < size:
            return
        last = (rows[-1]["employee__name"], rows[-1]["pk"])


def _full_name(row: dict) -> str:
    name = row["employee__name"]
    if row["employee__front_title"]:
        name = f"{row['employee__front_title']} {name}"
    return f"{name}, {row['employee__back_title']}" if row["employee__back_title"] else name


def _target(row: dict) -> tuple[str, object]:
    kind = row["ikis__target_kind"]
    if not kind:
        return "", None
    target = rules.Target(rules.TargetKind(kind), row["ikis__target_value"], row["ikis__target_min"],
                          row["ikis__target_max"], row["ikis__target_text"] or "", row["ikis__measure_unit"] or "")
    return target.display(), row["ikis__target_value"]


def export_rows(skps: QuerySet, *, chunk_size: int = CHUNK) -> Iterator[list]:
    """One list of cell values per IKI (an RHK without IKI, or an SKP without RHK, still gets a row)."""
    statuses = dict(SkpStatus.choices)
    groups = {RhkGroup.UTAMA.value: _("Main"), RhkGroup.TAMBAHAN.value: _("Additional")}
    perspectives = perspective_titles()
    aspects = {code: aspect_label(code) for code in rules.Aspect}
    opd_names: dict[str, str] = {}
    group_rank = Case(When(group=RhkGroup.UTAMA, then=Value(0)), default=Value(1), output_field=IntegerField())
    n = 0
    for chunk in skp_chunks(skps, chunk_size):
        missing = {row["unit__path"][: Unit.steplen] for row in chunk} - opd_names.keys()
        if missing:
            opd_names.update(Unit.objects.filter(path__in=missing).values_list("path", "name"))
        rhks: dict[int, list[dict]] = {}
        for row in (Rhk.objects.filter(skp_id__in=[s["pk"] for s in chunk]).annotate(group_rank=group_rank)
                    .order_by("skp_id", "group_rank", "order", "pk", "ikis__order", "ikis__pk").values(*RHK_FIELDS)):
            rhks.setdefault(row["skp_id"], []).append(row)
        for s in chunk:
            head = [s["employee__nip"], _full_name(s), s["position__name"], s["unit__name"],
                    opd_names.get(s["unit__path"][: Unit.steplen], ""), str(statuses.get(s["status"], s["status"]))]
            rows = rhks.get(s["pk"])
            if not rows:
                n += 1
                yield [n, *head, "", None, "", "", "", "", "", "", None, ""]
                continue
            rhk_no, last_rhk = 0, None
            for r in rows:
                if r["pk"] != last_rhk:
                    rhk_no, last_rhk = rhk_no + 1, r["pk"]
                target, value = _target(r)
                n += 1
                yield [n, *head, str(groups.get(r["group"], r["group"])), rhk_no, r["text"], r["parent__text"] or "",
                       perspectives.get(r["perspective"], ""), aspects.get(r["ikis__aspect"], ""),
                       r["ikis__text"] or "", target, value, r["ikis__measure_unit"] or ""]


def write_period_export(stream, skps: QuerySet, *, title: str, language: str = DEFAULT_LANGUAGE,
                        chunk_size: int = CHUNK) -> int:
    """Write the SKPs of ``skps`` (already scoped) as an XLSX to ``stream``; returns the data row count."""
    with translation.override(document_language(language)):
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(_("SKP")[:31])
        columns = export_columns()
        for index, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.freeze_panes = "D4"

        def styled(value, font=None, fill=None):
            cell = WriteOnlyCell(ws, value=clean_for_export(value))
            if font:
                cell.font = font
            if fill:
                cell.fill = fill
                cell.border = BOX
                cell.alignment = CENTER
            return cell

        ws.append([styled(title, TITLE)])
        ws.append([])
        ws.append([styled(c.label, BOLD, HEAD_FILL) for c in columns])
        count = 0
        for row in export_rows(skps, chunk_size=chunk_size):
            ws.append(clean_row(row))
            count += 1
        ws.auto_filter.ref = f"A3:{get_column_letter(len(columns))}{3 + max(count, 1)}"
        wb.properties.title = clean_for_export(title)
        wb.properties.creator = "Kinerja"
        wb.save(stream)
    return count


def period_skps(period, *, unit: Unit | None = None) -> QuerySet:
    qs = Skp.objects.filter(instance_id=period.instance_id, period=period)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs
