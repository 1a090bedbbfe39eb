"""The "Dokumen Evaluasi Kinerja Pegawai" as a PDF in the layout of PermenPANRB 6/2022's lampiran, rendered by
WeasyPrint in a time-bounded child process like the SKP (``skp/documents/render.py``).

A4 portrait; the title with the period (Triwulan I–IV, a month, or Akhir for the annual evaluation), the instance
and the PERIODE PENILAIAN; 1 the employee evaluated, 2 the evaluating official (Plt./Plh. when acting), 3 the
evaluating official's superior (name, NIP, pangkat/golongan, jabatan, unit kerja); 4 EVALUASI KINERJA: the
organisation's achievement (its predikat), the distribution pattern (pola distribusi: the unit's predikat counts
of the same window), hasil kerja with the rating, perilaku kerja (the seven values, rating and feedback) with the
rating, the predikat kinerja pegawai (and credit points for functional officials); 5 notes/recommendation;
the signatures of the employee and the evaluating official with place and date. A draft carries "DRAFT".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kinerja.rules.evaluation.ratings import PREDIKAT_LABELS, Predikat
from kinerja.rules.grades import RANK_NAMES
from kinerja.skp.documents.render import RenderTimeout, render_pdf

from ..models import Evaluation, EvaluationKind, EvaluationStatus, OrgPredikat, UnitRating
from ..team_evaluations import credit_shown, scheme_of, value_rows

__all__ = ["PDF_TOO_SLOW", "RenderTimeout", "load_evaluation_document", "render_evaluation_pdf"]

PDF_TOO_SLOW = gettext_lazy("The PDF took too long to prepare and was stopped. Try again later.")
DASH = "-"
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass
class PersonBlock:
    name: str = DASH
    nip: str = DASH
    rank: str = DASH
    position: str = DASH
    unit: str = DASH
    present: bool = False

    def rows(self):
        return [(_("NAME"), self.name), (_("NIP"), self.nip), (_("RANK/GRADE"), self.rank),
                (_("POSITION"), self.position), (_("WORK UNIT"), self.unit)]


@dataclass
class EvaluationDocument:
    language: str
    instance: str
    period_label: str
    window_text: str
    employee: PersonBlock
    evaluator: PersonBlock
    superior: PersonBlock
    org_predikat: str
    distribution: list = field(default_factory=list)  # (label, count, percent)
    distribution_total: int = 0
    achievement: str = DASH
    result_rating: str = DASH
    result_reason: str = ""
    suggested: str = DASH
    values: list = field(default_factory=list)
    behaviour_rating: str = DASH
    numeric: bool = False
    scores: list = field(default_factory=list)
    predikat: str = DASH
    scheme_name: str = ""
    credit_points: str = ""
    credit_note: str = ""  # how an annual figure comes from the year's periodic evaluations
    notes: str = ""
    employee_notes: str = ""
    place: str = "…………………"
    sign_date: str = ""
    is_final: bool = False
    filename: str = "evaluasi.pdf"


def _grade(grade: str) -> str:
    if not grade:
        return DASH
    rank = RANK_NAMES.get(grade, "")
    return f"{rank}, {grade}" if rank else grade


def _person(employee, position=None, acting: str = "") -> PersonBlock:
    if employee is None:
        return PersonBlock()
    position = position or employee.position
    prefix = {"plt": "Plt. ", "plh": "Plh. "}.get(acting or "", "")
    unit = position.unit.name if position is not None else (employee.unit.name if employee.unit_id else DASH)
    return PersonBlock(employee.full_name, employee.nip or DASH, _grade(employee.grade),
                       f"{prefix}{position.name}" if position is not None else DASH, unit, True)


def _credit_note(evaluation: Evaluation) -> str:
    credit = credit_shown(evaluation)
    if credit is None:
        return ""
    parts = [ngettext("from the periodic evaluations of %(n)d month", "from the periodic evaluations of %(n)d months",
                      credit.months) % {"n": credit.months},
             ", ".join(f"{row.window} {row.predikat} {row.credit}" for row in credit.rows),
             _("each period rounded, then added") if credit.rounds_each else _("the year's total rounded once")]
    return "; ".join(parts)


def _window_label(evaluation: Evaluation) -> str:
    if evaluation.kind == EvaluationKind.ANNUAL:
        return _("FINAL")
    months = (evaluation.window_end.year * 12 + evaluation.window_end.month) - (
        evaluation.window_start.year * 12 + evaluation.window_start.month) + 1
    if months == 3:
        return _("QUARTER %(n)s") % {"n": ROMAN[(evaluation.window_start.month - 1) // 3 + 1]}
    return formats.date_format(evaluation.window_start, "F Y").upper()


def _rating_label(code: str) -> str:
    from ..models import Rating

    return str(Rating(code).label) if code else DASH


def load_evaluation_document(evaluation) -> EvaluationDocument:
    """Everything the document prints, in a fixed number of queries."""
    from kinerja.people.chain import superior_chain

    pk = evaluation.pk if isinstance(evaluation, Evaluation) else int(evaluation)
    evaluation = (Evaluation.objects.select_related(
        "instance", "period", "employee", "employee__unit", "position", "position__unit", "evaluator",
        "evaluator__position", "evaluator__position__unit", "skp", "skp__evaluator_superior",
        "skp__evaluator_superior_position", "skp__evaluator_superior_position__unit",
        "skp__evaluator_position", "skp__evaluator_position__unit").prefetch_related("behaviour").get(pk=pk))
    scheme = scheme_of(evaluation)
    skp = evaluation.skp
    evaluator_position = evaluation.position.superior
    superior = skp.evaluator_superior
    superior_position = skp.evaluator_superior_position
    if superior is None and evaluation.evaluator is not None:
        chain = superior_chain(evaluation.evaluator, levels=1)
        if chain:
            superior, superior_position = chain[0].holder, chain[0].position
    org = (UnitRating.objects.filter(period_id=evaluation.period_id, unit_id=evaluation.position.unit_id)
           .values_list("predikat", flat=True).first())
    counts = Counter(dict(Evaluation.objects.filter(
        period_id=evaluation.period_id, kind=evaluation.kind, window_start=evaluation.window_start,
        unit_id=evaluation.unit_id).exclude(predikat="").values_list("predikat").annotate(n=Count("pk"))
        .values_list("predikat", "n")))
    total = sum(counts.values())
    distribution = [(scheme.label(p), counts.get(p.value, 0),
                     f"{(counts.get(p.value, 0) * 100 / total):.0f}%" if total else DASH)
                    for p in scheme.predikats]
    values = value_rows(evaluation)
    scores = []
    if scheme.numeric:
        scores = [(_("SKP score"), evaluation.result_score), (_("Behaviour score"), evaluation.behaviour_score),
                  (_("Final score"), evaluation.final_score)]
    predikat = scheme.label(Predikat(evaluation.predikat)) if evaluation.predikat else DASH
    org_label = str(OrgPredikat(org).label) if org else _("not set yet")
    sign_day = (timezone.localtime(evaluation.finalised_at).date() if evaluation.finalised_at
                else timezone.localdate())
    place = getattr(evaluation.instance, "signing_place", "") or "…………………"
    start, end = evaluation.window_start, evaluation.window_end
    return EvaluationDocument(
        language=translation.get_language() or "id",
        instance=evaluation.instance.name,
        period_label=_window_label(evaluation),
        window_text=f"{formats.date_format(start, 'j F Y')} – {formats.date_format(end, 'j F Y')}",
        employee=_person(evaluation.employee, evaluation.position),
        evaluator=_person(evaluation.evaluator, evaluator_position, evaluation.evaluator_acting),
        superior=_person(superior, superior_position),
        org_predikat=org_label,
        distribution=distribution, distribution_total=total,
        achievement=f"{evaluation.achievement}%" if evaluation.achievement is not None else DASH,
        result_rating=_rating_label(evaluation.result_rating),
        result_reason=evaluation.result_reason,
        suggested=_rating_label(evaluation.suggested_result),
        values=[(v.name, v.guides, _rating_label(v.rating) if v.rating else (v.score if v.score is not None else DASH),
                 v.feedback) for v in values],
        behaviour_rating=_rating_label(evaluation.behaviour_rating),
        numeric=scheme.numeric, scores=scores,
        predikat=predikat.upper() if predikat != DASH else DASH, scheme_name=scheme.regulation,
        credit_points=str(evaluation.credit_points) if evaluation.credit_points is not None else "",
        credit_note=_credit_note(evaluation),
        notes=evaluation.evaluator_notes, employee_notes=evaluation.employee_notes,
        place=place, sign_date=formats.date_format(sign_day, "j F Y"),
        is_final=evaluation.status != EvaluationStatus.DRAFT,
        filename=f"evaluasi-{slugify(evaluation.employee.name)}-{start:%Y%m}-{end:%Y%m}.pdf",
    )


def render_evaluation_pdf(evaluation, *, language: str = "id") -> tuple[bytes, str]:
    """The PDF bytes and the file name, in the official Indonesian wording by default."""
    with translation.override(language):
        doc = load_evaluation_document(evaluation)
        html = render_to_string("evaluation/evaluations_pdf.html", {"doc": doc, "predikat_labels": PREDIKAT_LABELS})
    return render_pdf(html, str(settings.BASE_DIR), timeout=settings.KINERJA["PDF_TIMEOUT"]), doc.filename
