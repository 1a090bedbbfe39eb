"""The alignment report of a unit subtree (or the whole instance) for an SKP period.

Three findings, each counted and listed:

* IKU that no RHK supports — the unit's IKU (Renstra covering the period's year) that no RHK of the
  period carries through a PK indicator; the list says whether the IKU is in a PK at all;
* RHK that link to nothing — a standard RHK that intervenes no superior RHK and carries no PK
  indicator, and a JPT RHK without a PK indicator;
* employees without an approved SKP — active employees of the subtree whose SKP for the period is
  missing or not approved yet (an SKP under revision that was approved before counts as approved).

A fixed number of queries whatever the size (counts are aggregates, lists are cut at ``limit``);
:func:`write_xlsx` streams every row of the three lists into a workbook.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kinerja.core.text import clean_for_export, clean_row
from kinerja.organization.models import Unit
from kinerja.people.models import Employee
from kinerja.planning.models import Iku, IkuTarget, PkIndicator
from kinerja.skp.models import Period, Rhk, SkpKind, SkpStatus

from .cascade import NO_PARENT, NO_PK_INDICATOR, _skp_q, full_name

APPROVED = SkpStatus.APPROVED.value
NOT_APPROVED = [SkpStatus.DRAFT.value, SkpStatus.SUBMITTED.value, SkpStatus.RETURNED.value]
DEFAULT_LIMIT = 100


@dataclass
class Report:
    period: Period
    unit: Unit | None
    limit: int
    iku_total: int
    unsupported_total: int
    unsupported_ikus: list[dict]
    rhk_total: int
    unlinked_total: int
    unlinked_rhks: list[dict]
    employee_total: int
    approved_total: int
    without_total: int
    without_approved: list[dict]

    @property
    def deadline_passed(self) -> bool:
        return timezone.localdate() > self.period.deadline

    @property
    def supported_total(self) -> int:
        return self.iku_total - self.unsupported_total

    @staticmethod
    def share(part: int, whole: int) -> int:
        return round(100 * part / whole) if whole else 0

    @property
    def iku_share(self) -> int:
        return self.share(self.supported_total, self.iku_total)

    @property
    def rhk_share(self) -> int:
        return self.share(self.rhk_total - self.unlinked_total, self.rhk_total)

    @property
    def skp_share(self) -> int:
        return self.share(self.approved_total, self.employee_total)

    def to_dict(self) -> dict:
        return {
            "period": {"id": self.period.pk, "name": self.period.name, "year": self.period.year,
                       "deadline": self.period.deadline},
            "unit": {"id": self.unit.pk, "name": self.unit.name, "kind": self.unit.kind} if self.unit else None,
            "counts": {"iku": self.iku_total, "iku_unsupported": self.unsupported_total, "rhk": self.rhk_total,
                       "rhk_unlinked": self.unlinked_total, "employees": self.employee_total,
                       "employees_approved": self.approved_total, "employees_without_approved_skp": self.without_total},
            "unsupported_ikus": self.unsupported_ikus, "unlinked_rhks": self.unlinked_rhks,
            "employees_without_approved_skp": self.without_approved, "limit": self.limit,
        }


# --- the three querysets ----------------------------------------------------------------------------

def iku_queryset(instance_id: int, period: Period, unit: Unit | None):
    year = period.year
    qs = Iku.objects.filter(instance_id=instance_id, strategic_target__goal__renstra__start_year__lte=year,
                            strategic_target__goal__renstra__end_year__gte=year)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    supported = Rhk.objects.filter(skp__instance_id=instance_id, skp__period_id=period.pk,
                                   pk_indicator__iku_id=OuterRef("pk"))
    in_pk = PkIndicator.objects.filter(instance_id=instance_id, iku_id=OuterRef("pk"), agreement__year=year)
    return qs.annotate(supported=Exists(supported), in_pk=Exists(in_pk))


def unsupported_ikus(instance_id: int, period: Period, unit: Unit | None):
    target = IkuTarget.objects.filter(iku=OuterRef("pk"), year=period.year).values("target")[:1]
    return (iku_queryset(instance_id, period, unit).filter(supported=False)
            .annotate(year_target=Subquery(target))
            .order_by("unit__path", "strategic_target__code", "code", "id")
            .values("id", "code", "name", "measure_unit", "year_target", "in_pk", "unit_id", "unit__name",
                    "strategic_target__code", "strategic_target__text"))


UNLINKED_Q = Q(pk_indicator__isnull=True) & (Q(skp__kind=SkpKind.JPT) | Q(parent__isnull=True))


def rhk_queryset(instance_id: int, period: Period, unit: Unit | None):
    return Rhk.objects.filter(_skp_q("skp__", instance_id, period.pk, unit.path if unit else "", False))


def unlinked_rhks(instance_id: int, period: Period, unit: Unit | None):
    return (rhk_queryset(instance_id, period, unit).filter(UNLINKED_Q)
            .order_by("skp__unit__path", "skp__employee__name", "skp_id", "group", "order", "id")
            .values("id", "text", "group", "perspective", "skp_id", "skp__kind", "skp__status",
                    "skp__employee_id", "skp__employee__front_title", "skp__employee__name",
                    "skp__employee__back_title", "skp__employee__nip", "skp__position__name", "skp__unit__name"))


def employee_queryset(instance_id: int, period: Period, unit: Unit | None):
    qs = Employee.objects.filter(instance_id=instance_id, is_active=True)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.annotate(period_skp=FilteredRelation("skps", condition=Q(skps__period_id=period.pk)))


APPROVED_Q = Q(period_skp__status=APPROVED) | Q(period_skp__version__gt=0)
WITHOUT_Q = Q(period_skp__id__isnull=True) | Q(period_skp__status__in=NOT_APPROVED, period_skp__version=0)


def without_approved(instance_id: int, period: Period, unit: Unit | None):
    return (employee_queryset(instance_id, period, unit).filter(WITHOUT_Q)
            .order_by("unit__path", "name", "id")
            .values("id", "nip", "front_title", "name", "back_title", "position_id", "position__name", "unit_id",
                    "unit__name", "period_skp__id", "period_skp__status"))


def _plain_decimal(value: Decimal | None) -> Decimal | None:
    """100.0000 → 100 and 6.2000 → 6.2 on every database (never 1E+2)."""
    return None if value is None else Decimal(format(value.normalize(), "f"))


def _iku_row(row: dict) -> dict:
    return {"id": row["id"], "code": row["code"], "name": row["name"], "measure_unit": row["measure_unit"],
            "target": _plain_decimal(row["year_target"]), "in_pk": row["in_pk"], "unit": row["unit__name"],
            "unit_id": row["unit_id"],
            "strategic_target": " ".join(filter(None, [row["strategic_target__code"],
                                                       row["strategic_target__text"]]))}


def _rhk_row(row: dict) -> dict:
    is_jpt = row["skp__kind"] == SkpKind.JPT
    return {"id": row["id"], "text": row["text"], "group": row["group"], "perspective": row["perspective"],
            "issue": NO_PK_INDICATOR if is_jpt else NO_PARENT, "skp_id": row["skp_id"],
            "skp_status": row["skp__status"], "employee_id": row["skp__employee_id"],
            "employee": full_name(row["skp__employee__front_title"], row["skp__employee__name"],
                                  row["skp__employee__back_title"]),
            "nip": row["skp__employee__nip"], "position": row["skp__position__name"], "unit": row["skp__unit__name"]}


def _employee_row(row: dict) -> dict:
    return {"id": row["id"], "nip": row["nip"], "name": full_name(row["front_title"], row["name"], row["back_title"]),
            "position": row["position__name"] or "", "has_position": row["position_id"] is not None,
            "unit": row["unit__name"] or "", "unit_id": row["unit_id"], "skp_id": row["period_skp__id"],
            "skp_status": row["period_skp__status"]}


def build_report(instance_id: int, period: Period, unit: Unit | None = None, *, limit: int = DEFAULT_LIMIT) -> Report:
    """Counts and the first ``limit`` rows of each finding: six queries whatever the size."""
    iku = iku_queryset(instance_id, period, unit).aggregate(
        total=Count("id"), unsupported=Count("id", filter=Q(supported=False)))
    rhk = rhk_queryset(instance_id, period, unit).aggregate(total=Count("id"), unlinked=Count("id", filter=UNLINKED_Q))
    people = employee_queryset(instance_id, period, unit).aggregate(
        total=Count("id"), approved=Count("id", filter=APPROVED_Q))
    return Report(
        period=period, unit=unit, limit=limit,
        iku_total=iku["total"], unsupported_total=iku["unsupported"],
        unsupported_ikus=[_iku_row(r) for r in unsupported_ikus(instance_id, period, unit)[:limit]],
        rhk_total=rhk["total"], unlinked_total=rhk["unlinked"],
        unlinked_rhks=[_rhk_row(r) for r in unlinked_rhks(instance_id, period, unit)[:limit]],
        employee_total=people["total"], approved_total=people["approved"],
        without_total=people["total"] - people["approved"],
        without_approved=[_employee_row(r) for r in without_approved(instance_id, period, unit)[:limit]],
    )


# --- Excel --------------------------------------------------------------------------------------------

def issue_label(issue: str) -> str:
    return {
        NO_PARENT: _("Intervenes no superior RHK"),
        NO_PK_INDICATOR: _("Carries no PK indicator"),
    }.get(issue, issue)


def status_label(status: str | None) -> str:
    if not status:
        return str(_("No SKP"))
    return str(SkpStatus(status).label)


def write_xlsx(stream, instance_id: int, period: Period, unit: Unit | None, *, title: str) -> None:
    """The report as a workbook (summary + one sheet per finding, every row), written to ``stream``."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    report = build_report(instance_id, period, unit, limit=0)
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    head_font = Font(bold=True, color="FFFFFF")
    head_fill = PatternFill("solid", fgColor="0F4C7D")

    def header(sheet, labels: list[str]):
        cells = []
        for label in labels:
            cell = WriteOnlyCell(sheet, value=clean_for_export(label))
            cell.font, cell.fill = head_font, head_fill
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            cells.append(cell)
        sheet.append(cells)

    summary = book.create_sheet(_("Summary"))
    summary.column_dimensions["A"].width = 48
    summary.column_dimensions["B"].width = 16
    summary.column_dimensions["C"].width = 16
    title_cell = WriteOnlyCell(summary, value=clean_for_export(title))
    title_cell.font = Font(bold=True, size=14)
    summary.append([title_cell])
    summary.append(clean_row([_("Period"), period.name]))
    summary.append(clean_row([_("Unit"), unit.name if unit else _("Whole instance")]))
    summary.append([_("SKP deadline"), period.deadline])
    summary.append([])
    header(summary, [_("Finding"), _("Count"), _("Out of")])
    for label, count, whole in (
        (_("IKU that no RHK supports"), report.unsupported_total, report.iku_total),
        (_("RHK that link to nothing"), report.unlinked_total, report.rhk_total),
        (_("Employees without an approved SKP"), report.without_total, report.employee_total),
    ):
        cell = WriteOnlyCell(summary, value=clean_for_export(label))
        cell.font = bold
        summary.append([cell, count, whole])

    sheet = book.create_sheet(_("IKU"))
    for col, width in zip("ABCDEFG", (28, 40, 12, 60, 18, 14, 26), strict=True):
        sheet.column_dimensions[col].width = width
    header(sheet, [_("OPD"), _("Strategic target"), _("Code"), _("IKU"), _("Unit of measure"), _("Target"),
                   _("In a PK")])
    for row in unsupported_ikus(instance_id, period, unit).iterator(chunk_size=2000):
        r = _iku_row(row)
        sheet.append(clean_row([r["unit"], r["strategic_target"], r["code"], r["name"], r["measure_unit"],
                                float(r["target"]) if r["target"] is not None else None,
                                _("Yes, but no RHK carries it") if r["in_pk"] else pgettext("answer", "No")]))

    sheet = book.create_sheet(_("RHK"))
    for col, width in zip("ABCDEFGH", (26, 22, 34, 34, 60, 14, 28, 14), strict=True):
        sheet.column_dimensions[col].width = width
    header(sheet, [_("Unit"), _("NIP"), _("Employee"), _("Position"), _("RHK"), _("Group"), _("Problem"),
                   _("SKP status")])
    for row in unlinked_rhks(instance_id, period, unit).iterator(chunk_size=2000):
        r = _rhk_row(row)
        sheet.append(clean_row([r["unit"], r["nip"], r["employee"], r["position"], r["text"], r["group"],
                                issue_label(r["issue"]), status_label(r["skp_status"])]))

    sheet = book.create_sheet(_("Employees"))
    for col, width in zip("ABCDE", (30, 22, 36, 36, 16), strict=True):
        sheet.column_dimensions[col].width = width
    header(sheet, [_("Unit"), _("NIP"), _("Employee"), _("Position"), _("SKP status")])
    for row in without_approved(instance_id, period, unit).iterator(chunk_size=2000):
        r = _employee_row(row)
        sheet.append(clean_row([r["unit"], r["nip"], r["name"], r["position"] or _("No position"),
                                status_label(r["skp_status"])]))
    book.save(stream)
