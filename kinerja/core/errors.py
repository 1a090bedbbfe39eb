"""Errors raised by services, understood alike by web forms, the API and the CLI."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["ValidationError", "PermissionDenied", "ConflictError", "field_error", "error_dict"]


class ConflictError(Exception):
    """The object changed since the caller read it (optimistic concurrency)."""


def field_error(field: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: [ValidationError(message, code=code)]})


def error_dict(exc: ValidationError) -> dict[str, list[str]]:
    """``{"field": ["message", …]}``; errors not tied to a field go under ``__all__``."""
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for e in errors for m in e.messages] for field, errors in exc.error_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}
