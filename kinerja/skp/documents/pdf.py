"""The SKP as a PDF in the official layout, rendered from an HTML/CSS template by WeasyPrint.

A4 landscape; title "SASARAN KINERJA PEGAWAI" with the instance and the period; the header of the
employee, the evaluating official and that official's superior; the hasil kerja table (A. Utama /
B. Tambahan, a JPT's by perspective); the seven BerAKHLAK values with the superior's expectations;
signature blocks; the lampiran on its own page. Every page carries a footer with the page number,
and a "DRAFT" watermark until the SKP is approved.

``render_skp_pdf(skp)`` is also the benchmark hook (kinerja bench times it).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .data import Document, load_document
from .render import RenderTimeout, render_pdf

__all__ = ["PDF_TOO_SLOW", "RenderTimeout", "render_document_pdf", "render_skp_pdf"]

PDF_TOO_SLOW = gettext_lazy("The PDF took too long to prepare and was stopped. Try again later; if it happens "
                            "again, shorten the longest texts of this SKP.")

DEFAULT_LANGUAGE = "id"


def css_string(text: str) -> str:
    """A CSS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_counter_css() -> str:
    """``"Halaman " counter(page) " dari " counter(pages)`` from the translated "Page {page} of {pages}"."""
    template = _("Page {page} of {pages}")
    parts: list[str] = []
    rest = template
    while rest:
        cut = min((i for i in (rest.find("{page}"), rest.find("{pages}")) if i >= 0), default=-1)
        if cut < 0:
            parts.append(css_string(rest))
            break
        if cut:
            parts.append(css_string(rest[:cut]))
        if rest.startswith("{pages}", cut):
            parts.append("counter(pages)")
            rest = rest[cut + len("{pages}"):]
        else:
            parts.append("counter(page)")
            rest = rest[cut + len("{page}"):]
    return " ".join(parts) or "counter(page)"


def render_html(doc: Document) -> str:
    return render_to_string("skp/documents/skp_pdf.html", {"doc": doc, "page_counter": page_counter_css()})


def document_language(requested: str | None) -> str:
    """The language to print in: the official Indonesian unless another configured one is asked for."""
    codes = {code for code, _name in settings.LANGUAGES}
    return requested if requested in codes else DEFAULT_LANGUAGE


def render_document_pdf(doc: Document) -> bytes:
    """The PDF bytes; raises ``render.RenderTimeout`` past ``KINERJA["PDF_TIMEOUT"]`` seconds."""
    with translation.override(doc.language):
        html = render_html(doc)
    return render_pdf(html, str(settings.BASE_DIR), timeout=settings.KINERJA["PDF_TIMEOUT"])


def render_skp_pdf(skp, *, language: str = DEFAULT_LANGUAGE, today: date | None = None) -> bytes:
    """The SKP (an instance or a pk) as PDF bytes, in the official Indonesian wording by default.

    Reads the SKP in a constant number of queries (see data.load_document) whatever its size.
    """
    with translation.override(document_language(language)):
        doc = load_document(skp, today=today)
        return render_document_pdf(doc)
