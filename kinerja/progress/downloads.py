"""Serving an evidence file (the web view and the API alike): streamed from its storage, never sniffed,
never cached, and sandboxed when a browser shows it inline (images and PDF)."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from django.http import FileResponse, Http404

from .models import Evidence, EvidenceKind, evidence_storage

INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/webp"}


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
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
