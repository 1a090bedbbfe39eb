"""Answers that are files (a PDF, a workbook): never cached, never sniffed, and documented as such."""

from __future__ import annotations

from django.http import HttpResponse


def file_response_doc(content_type: str, description: str) -> dict:
    """``openapi_extra`` documenting a 200 answer that is a file of ``content_type``."""
    return {"responses": {200: {
        "description": description,
        "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
        "headers": {"Content-Disposition": {
            "description": "attachment; filename=\"…\" (the name to save the file under)",
            "schema": {"type": "string"}}},
    }}}


def file_response(data: bytes, content_type: str, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
