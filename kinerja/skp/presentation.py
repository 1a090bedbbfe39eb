"""How an SKP is laid out for a reader, shared by the SKP page (views) and the documents (PDF, Excel).

One place decides the official order (DOMAIN §2): the hasil kerja in A. Utama then B. Tambahan (a JPT's
by perspective), numbered from 1 in each group, each RHK's IKI in their order; the three header people
(the employee, the evaluating official with Plt./Plh., that official's superior); the seven BerAKHLAK
values with their guides in the reader's language and the superior's expectations; the lampiran by part.
The page and the documents only add their own wording and formatting on top. Nothing here queries the
database: callers pass what they loaded (``queries.skp_detail`` for the page, ``documents.data`` for a
document).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats

from kinerja.rules import skp as rules

from .models import AppendixKind, Iki, Rhk, RhkGroup, Skp

GROUPS = (("A", RhkGroup.UTAMA), ("B", RhkGroup.TAMBAHAN))
PERSPECTIVE_ORDER = {p.value: i for i, p in enumerate(rules.Perspective)}
ACTING_LABELS = {"plt": "Plt.", "plh": "Plh."}


@dataclass
class RhkItem:
    """One RHK at its place: its number in the group and its IKI in order."""

    number: int
    rhk: Rhk
    ikis: list[Iki] = field(default_factory=list)

    @property
    def span(self) -> int:
        return max(1, len(self.ikis))

    @property
    def first(self) -> Iki | None:
        return self.ikis[0] if self.ikis else None

    @property
    def rest(self) -> list[Iki]:
        return self.ikis[1:]


@dataclass
class RhkGroupItems:
    """A. Utama or B. Tambahan with its RHK in the official order."""

    letter: str
    group: RhkGroup
    items: list[RhkItem] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.group.value

    @property
    def title(self) -> str:
        return self.group.label


def rhk_groups(rhks: Iterable[Rhk], *, is_jpt: bool) -> list[RhkGroupItems]:
    """The RHK (with their ``ikis`` loaded) in the official order: A. Utama then B. Tambahan, a JPT's by
    perspective (an RHK without one last), then by ``order``; numbered from 1 in each group."""
    rhks = list(rhks)
    groups = []
    for letter, group in GROUPS:
        rows = sorted((r for r in rhks if r.group == group),
                      key=lambda r: (PERSPECTIVE_ORDER.get(r.perspective, len(PERSPECTIVE_ORDER)) if is_jpt else 0,
                                     r.order, r.pk))
        items = [RhkItem(number=n, rhk=rhk, ikis=sorted(rhk.ikis.all(), key=lambda i: (i.order, i.pk)))
                 for n, rhk in enumerate(rows, start=1)]
        groups.append(RhkGroupItems(letter=letter, group=group, items=items))
    return groups


def _number(value: Decimal | None) -> str:
    """A target number for the reader: grouped per language (1.500.000 in Indonesian), no trailing zeros."""
    if value is None:
        return ""
    value = value.normalize()
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def shown_target(iki: Iki) -> str:
    """The IKI's target with its numbers in the reader's language (the page; the documents print the official
    Indonesian form, ``iki.target_display``)."""
    unit = f" {iki.measure_unit}" if iki.measure_unit else ""
    if iki.target_kind == rules.TargetKind.NUMBER:
        return f"{_number(iki.target_value)}{unit}"
    if iki.target_kind == rules.TargetKind.RANGE:
        return f"{_number(iki.target_min)}–{_number(iki.target_max)}{unit}"
    return iki.target_text


@dataclass
class HeaderPerson:
    """One of the three people on the SKP's header; ``person`` is None when the position is vacant (or, above
    the top of the chain, when there is no position either)."""

    key: str
    person: object
    position: object
    unit: object
    acting: str = ""  # "Plt." / "Plh." when the evaluator only acts in the position


def header_people(skp: Skp) -> list[HeaderPerson]:
    """Pegawai yang dinilai, pejabat penilai kinerja (Plt./Plh. when acting) and the evaluator's superior."""
    evaluator_unit = skp.evaluator_position.unit if skp.evaluator_position_id else None
    above_unit = skp.evaluator_superior_position.unit if skp.evaluator_superior_position_id else None
    return [
        HeaderPerson("employee", skp.employee, skp.position, skp.unit),
        HeaderPerson("evaluator", skp.evaluator, skp.evaluator_position, evaluator_unit,
                     ACTING_LABELS.get(skp.evaluator_acting or "", "")),
        HeaderPerson("above", skp.evaluator_superior, skp.evaluator_superior_position, above_unit),
    ]


@dataclass
class Behaviour:
    """One BerAKHLAK value: its guides in the reader's language and the superior's specific expectation."""

    number: int
    code: str
    name: str
    guides: tuple[str, ...]
    expectation: str


def behaviours(expectations: dict[str, str], language: str) -> list[Behaviour]:
    """The seven values in the official order; ``expectations`` maps a value's code to the superior's text."""
    return [Behaviour(number=n, code=v.code, name=v.name, guides=rules.guides(v.code, language),
                      expectation=expectations.get(v.code, "")) for n, v in enumerate(rules.BERAKHLAK, start=1)]


def appendix_lines(lines: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """``(kind, text)`` pairs in their order → the lines of each part of the lampiran, every part present."""
    parts: dict[str, list[str]] = {kind.value: [] for kind in AppendixKind}
    for kind, text in lines:
        parts.setdefault(kind, []).append(text)
    return parts
