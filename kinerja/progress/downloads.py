"""Serving an evidence file (the web view and the API alike): streamed from its storage, never sniffed,
never cached; images are shown inline in a sandboxed document, PDFs inline in the browser's own viewer (which
no sandbox lets run), everything else is a download."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from django.http import FileResponse, Http404

from .models import Evidence, EvidenceKind, evidence_storage

INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/webp"}
# an image shown on its own: no script, no plugin, no form, nothing but the image itself
SANDBOX = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"


def _ascii_name(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in plain if ch.isalnum() or ch in " ._-()").strip() or "evidence"


def content_disposition(name: str, inline: bool) -> str:
    """The original name, safely: an ASCII fallback and the UTF-8 form (RFC 6266)."""
    return f'{"inline" if inline else "attachment"}; filename="{_ascii_name(name)}"; filename*=UTF-8\'\'{quote(name)}'


def evidence_file_response(evidence: Evidence, *, download: bool = False) -> FileResponse:
    """The file of ``evidence`` (already checked: visible to the caller, not deleted)."""
    if evidence.kind != EvidenceKind.FILE or not evidence.file or evidence.deleted_at is not None:
        raise Http404
    try:
        handle = evidence_storage().open(evidence.file.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    inline = not download and evidence.content_type in INLINE_TYPES
    response = FileResponse(handle, content_type=evidence.content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition(evidence.original_name or "evidence", inline)
    if evidence.size:
        response["Content-Length"] = str(evidence.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if inline and evidence.content_type == "application/pdf":
        # Chrome and Safari refuse to run their PDF viewer in a sandboxed document ("This page has been blocked
        # by Chrome"); the viewer runs isolated from our origin anyway, and the content was checked to be a PDF
        response["Content-Security-Policy"] = "frame-ancestors 'self'"
    else:
        response["Content-Security-Policy"] = SANDBOX
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
