"""One JSON shape for every API error: ``{"detail": "…", "errors": {"field": ["message", …]}}``.

* 400 bad page cursor · 401 not authenticated · 403 not allowed (or CSRF) · 404 not found / out of
  scope · 409 conflict (concurrent change, unique constraint) · 422 invalid input, from the services
  (Django ``ValidationError``) and from ninja's schema validation alike.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from kinerja.core.errors import ConflictError, error_dict
from kinerja.core.keyset import InvalidCursor

# Where a request value came from, as ninja reports it; the field name follows.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def body(detail: str, errors: dict[str, list[str]] | None = None) -> dict:
    data: dict = {"detail": detail}
    if errors:
        data["errors"] = errors
    return data


def _field_name(loc: tuple | list, single_body_param: bool = True) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _SOURCES:
        source, parts = parts[0], parts[1:]
        # A body is one parameter (``payload``): its name is noise for the client.
        if source == "body" and len(parts) > 1 and single_body_param:
            parts = parts[1:]
    return ".".join(parts) or "__all__"


def schema_errors(exc: SchemaValidationError) -> dict[str, list[str]]:
    """ninja's list of pydantic errors → ``{"field": ["message"]}``."""
    result: dict[str, list[str]] = {}
    for error in exc.errors:
        result.setdefault(_field_name(error.get("loc", ())), []).append(str(error.get("msg", "")))
    return result


def install(api: NinjaAPI) -> None:
    def respond(request, status: int, data: dict, **headers):
        response = api.create_response(request, data, status=status)
        for key, value in headers.items():
            response[key] = value
        return response

    @api.exception_handler(SchemaValidationError)
    def on_schema_error(request, exc):
        return respond(request, 422, body(_("Validation failed"), schema_errors(exc)))

    @api.exception_handler(ValidationError)
    def on_validation_error(request, exc):
        return respond(request, 422, body(_("Validation failed"), error_dict(exc)))

    @api.exception_handler(InvalidCursor)
    def on_bad_cursor(request, exc):
        messages = [str(m) for m in exc.messages]
        return respond(request, 400, body(messages[0] if messages else _("Bad cursor."), {"cursor": messages}))

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request, exc):
        return respond(request, 403, body(str(exc) or _("You do not have permission to do this.")))

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return respond(request, 404, body(_("Not found.")))

    @api.exception_handler(ConflictError)
    def on_conflict(request, exc):
        return respond(request, 409, body(str(exc) or _("The object was changed by someone else; reload it.")))

    @api.exception_handler(IntegrityError)
    def on_integrity_error(request, exc):
        # The database refused a duplicate (e.g. two requests creating the same NIP at once).
        return respond(request, 409, body(_("The change conflicts with existing data; reload and try again.")))

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc):
        message = exc.message if exc.message != "Unauthorized" else _("Authentication required.")
        return respond(request, 401, body(message), **{"WWW-Authenticate": 'Bearer realm="api"'})

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        return respond(request, exc.status_code, body(str(exc)))
