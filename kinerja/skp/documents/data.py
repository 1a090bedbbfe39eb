"""What an SKP document shows, read once from the database (a constant number of queries).

:func:`load_document` turns an SKP into plain data in the official order (DOMAIN §2): the header
people, the hasil kerja grouped A. Utama / B. Tambahan (a JPT's further by perspective), the
seven BerAKHLAK values with their guides and the superior's expectations, and the lampiran.
The PDF (pdf.py) and the workbook (excel.py) both render this, so they always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kinerja.organization.models import Unit
from kinerja.rules import skp as rules
from kinerja.rules.grades import RANK_NAMES

from .. import presentation
from ..models import Appendix, AppendixKind, BehaviourExpectation, Rhk, RhkGroup, Skp, SkpKind, SkpStatus
from ..presentation import Behaviour

DASH = "-"
PLACE_BLANK = "…………………"  # no place of signing set: a line to write it by hand (never the province)


@dataclass
class Person:
    """One person on the header: nama, NIP, pangkat/golongan, jabatan, unit kerja."""

    name: str = DASH
    nip: str = DASH
    rank: str = DASH
    position: str = DASH
    unit: str = DASH
    present: bool = False

    def rows(self) -> list[tuple[str, str]]:
        return [
            (_("NAME"), self.name),
            (_("NIP"), self.nip),
            (_("RANK/GRADE"), self.rank),
            (_("POSITION"), self.position),
            (_("WORK UNIT"), self.unit),
        ]


@dataclass
class IkiRow:
    aspect: str
    text: str
    target: str


@dataclass
class RhkRow:
    number: int
    text: str
    parent: str  # the superior's RHK it intervenes (standard) or "" (JPT)
    pk_indicator: str  # the Perjanjian Kinerja indicator it carries (JPT) or ""
    perspective: str
    ikis: list[IkiRow] = field(default_factory=list)

    @property
    def span(self) -> int:
        return max(1, len(self.ikis))

    @property
    def first_iki(self) -> IkiRow | None:
        return self.ikis[0] if self.ikis else None

    @property
    def other_ikis(self) -> list[IkiRow]:
        return self.ikis[1:]


@dataclass
class Section:
    """A run of RHK under one heading: a perspective of a JPT's SKP, or the whole group otherwise."""

    title: str
    rhks: list[RhkRow] = field(default_factory=list)
    perspective: str = ""


@dataclass
class Group:
    letter: str
    title: str
    sections: list[Section] = field(default_factory=list)

    @property
    def rhk_count(self) -> int:
        return sum(len(s.rhks) for s in self.sections)


@dataclass
class AppendixSection:
    title: str
    lines: list[str]


@dataclass
class Document:
    skp: Skp
    instance: str
    place: str
    period: str
    period_short: str
    subtitle: str
    is_jpt: bool
    status: str
    status_label: str
    is_final: bool
    version: int
    sign_date: str
    printed_at: str
    employee: Person
    evaluator: Person
    evaluator_superior: Person
    groups: list[Group]
    behaviours: list[Behaviour]
    appendix: list[AppendixSection]
    language: str

    @property
    def rhk_count(self) -> int:
        return sum(g.rhk_count for g in self.groups)

    @property
    def header_rows(self) -> list[tuple[str, str, str, str]]:
        """(label, employee, evaluator, evaluator's superior) for NAMA, NIP, PANGKAT/GOL, JABATAN, UNIT KERJA."""
        people = (self.employee.rows(), self.evaluator.rows(), self.evaluator_superior.rows())
        return [(a[0], a[1], b[1], c[1]) for a, b, c in zip(*people, strict=True)]

    @property
    def iki_count(self) -> int:
        return sum(len(r.ikis) for g in self.groups for s in g.sections for r in s.rhks)

    @property
    def filename_stem(self) -> str:
        nip = self.skp.employee.nip or str(self.skp.employee_id)
        return f"SKP-{nip}-{self.skp.period.start_date:%Y%m%d}-{self.skp.period.end_date:%Y%m%d}"


def long_date(day: date | None) -> str:
    """"2 Januari 2026" in the active language."""
    if day is None:
        return ""
    return formats.date_format(day, "j F Y")


def period_text(start: date, end: date) -> str:
    """"1 Januari s.d. 31 Desember 2026" (the year once when both ends share it)."""
    if start.year == end.year:
        return _("%(start)s to %(end)s %(year)s") % {
            "start": formats.date_format(start, "j F"), "end": formats.date_format(end, "j F"), "year": end.year}
    return _("%(start)s to %(end)s") % {"start": long_date(start), "end": long_date(end)}


def grade_text(grade: str) -> str:
    """"Penata Muda, III/a" — the rank name with the grade, or just the grade (PPPK)."""
    if not grade:
        return DASH
    rank = RANK_NAMES.get(grade, "")
    return f"{rank}, {grade}" if rank else grade


def _unit_text(unit: Unit | None, opd_names: dict[str, str]) -> str:
    """The unit with its OPD ("Seksi Surveilans, Dinas Kesehatan") so the header stands alone."""
    if unit is None:
        return DASH
    opd = opd_names.get(unit.path[: Unit.steplen], "")
    return f"{unit.name}, {opd}" if opd and opd != unit.name else unit.name


def _person(header: presentation.HeaderPerson, opd_names) -> Person:
    employee, position, unit = header.person, header.position, header.unit
    if employee is None and position is None:
        return Person()
    prefix = f"{header.acting} " if header.acting else ""
    return Person(
        name=employee.full_name if employee else DASH,
        nip=employee.nip_display if employee else DASH,
        rank=grade_text(employee.grade) if employee else DASH,
        position=f"{prefix}{position.name}" if position else DASH,
        unit=_unit_text(unit, opd_names),
        present=employee is not None,
    )


def _load_skp(skp_or_pk) -> Skp:
    pk = skp_or_pk.pk if isinstance(skp_or_pk, Skp) else int(skp_or_pk)
    return (
        Skp.objects.select_related(
            "instance", "period", "employee", "position", "unit",
            "evaluator", "evaluator_position", "evaluator_position__unit",
            "evaluator_superior", "evaluator_superior_position", "evaluator_superior_position__unit",
        ).get(pk=pk)
    )


def load_document(skp_or_pk, *, today: date | None = None) -> Document:
    """Everything an SKP document shows, in six queries whatever the SKP's size.

    Labels come out in the active language; render inside ``translation.override("id")`` for the
    official Indonesian document.
    """
    skp = _load_skp(skp_or_pk)
    language = get_language() or "id"
    employee, evaluator, above = presentation.header_people(skp)
    roots = {p.unit.path[: Unit.steplen] for p in (employee, evaluator, above) if p.unit is not None}
    opd_names = dict(Unit.objects.filter(path__in=roots).values_list("path", "name"))

    rhks = list(
        Rhk.objects.filter(skp=skp).select_related("parent", "pk_indicator").prefetch_related("ikis")
        .order_by("order", "pk")
    )
    perspective_labels = perspective_titles()
    groups: list[Group] = []
    for shown in presentation.rhk_groups(rhks, is_jpt=skp.kind == SkpKind.JPT):
        g = Group(letter=shown.letter, title=_("MAIN") if shown.group == RhkGroup.UTAMA else _("ADDITIONAL"))
        for item in shown.items:
            # a JPT's RHK come by perspective (presentation.rhk_groups): a section under each perspective's title
            title = (perspective_labels.get(item.rhk.perspective, _("Perspective not set"))
                     if skp.kind == SkpKind.JPT else "")
            if not g.sections or (skp.kind == SkpKind.JPT and g.sections[-1].perspective != item.rhk.perspective):
                g.sections.append(Section(title=title, perspective=item.rhk.perspective))
            r = item.rhk
            g.sections[-1].rhks.append(RhkRow(
                number=item.number,
                text=r.text,
                parent=r.parent.text if r.parent_id and r.parent else "",
                pk_indicator=r.pk_indicator.name if r.pk_indicator_id and r.pk_indicator else "",
                perspective=perspective_labels.get(r.perspective, ""),
                ikis=[IkiRow(aspect=aspect_label(i.aspect), text=i.text, target=i.target_display)
                      for i in item.ikis],
            ))
        if not g.sections and skp.kind != SkpKind.JPT:
            g.sections.append(Section(title=""))  # a standard SKP's group is one section, even when empty
        groups.append(g)

    expectations = dict(BehaviourExpectation.objects.filter(skp=skp).values_list("value", "expectation"))
    behaviours = presentation.behaviours(expectations, language)

    lines = presentation.appendix_lines(
        Appendix.objects.filter(skp=skp).order_by("order", "pk").values_list("kind", "text"))
    appendix = [
        AppendixSection(_("RESOURCE SUPPORT"), lines[AppendixKind.RESOURCES]),
        AppendixSection(_("ACCOUNTABILITY SCHEME"), lines[AppendixKind.ACCOUNTABILITY]),
        AppendixSection(_("CONSEQUENCES"), lines[AppendixKind.CONSEQUENCES]),
    ]

    now = timezone.localtime()
    today = today or now.date()
    is_final = skp.status == SkpStatus.APPROVED
    sign_day = timezone.localtime(skp.approved_at).date() if is_final and skp.approved_at else today
    instance = skp.instance
    return Document(
        skp=skp,
        instance=instance.name,
        place=instance.signing_place or PLACE_BLANK,
        period=period_text(skp.period.start_date, skp.period.end_date),
        period_short=skp.period.name,
        subtitle=(_("FOR SENIOR EXECUTIVES (JPT) AND HEADS OF INDEPENDENT WORK UNITS") if skp.kind == SkpKind.JPT
                  else _("FOR ADMINISTRATORS, SUPERVISORS, FUNCTIONAL OFFICIALS AND STAFF")),
        is_jpt=skp.kind == SkpKind.JPT,
        status=skp.status,
        status_label=str(skp.get_status_display()),
        is_final=is_final,
        version=skp.version,
        sign_date=long_date(sign_day),
        printed_at=formats.date_format(now, "j F Y H:i"),
        employee=_person(employee, opd_names),
        evaluator=_person(evaluator, opd_names),
        evaluator_superior=_person(above, opd_names),
        groups=groups,
        behaviours=behaviours,
        appendix=appendix,
        language=language,
    )


def perspective_titles() -> dict[str, str]:
    return {
        rules.Perspective.PENERIMA_LAYANAN.value: _("Service recipients perspective"),
        rules.Perspective.PROSES_BISNIS.value: _("Business process perspective"),
        rules.Perspective.PENGUATAN_INTERNAL.value: _("Internal strengthening perspective"),
        rules.Perspective.ANGGARAN.value: _("Budget perspective"),
    }


def aspect_label(code: str) -> str:
    return {
        rules.Aspect.KUANTITAS.value: _("Quantity"),
        rules.Aspect.KUALITAS.value: _("Quality"),
        rules.Aspect.WAKTU.value: _("Time"),
        rules.Aspect.BIAYA.value: _("Cost"),
    }.get(code, "")
