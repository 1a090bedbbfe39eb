"""One JSON shape for every API error: ``{"detail": "…", "errors": {"field": ["message", …]}}``.

* 400 bad page cursor · 401 not authenticated · 403 not allowed (or CSRF) · 404 not found / out of
  scope · 405 method not allowed (see :func:`json_method_not_allowed`) · 409 conflict (concurrent
  change, unique constraint) · 422 invalid input, from the services (Django ``ValidationError``) and
  from ninja's schema validation alike; pydantic's messages are replaced by ours (:data:`SCHEMA_MESSAGES`),
  so they follow the request language like every other message.
"""

from __future__ import annotations

import functools

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation, ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
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


_DATE = gettext_lazy("Enter a valid date (YYYY-MM-DD).")
_DATETIME = gettext_lazy("Enter a valid date and time (YYYY-MM-DDTHH:MM, e.g. 2025-01-31T08:00).")
_WHOLE = gettext_lazy("Enter a whole number.")
_NUMBER = gettext_lazy("Enter a number.")
_BOOLEAN = gettext_lazy("Enter true or false.")
_OBJECT = gettext_lazy("Enter an object with its fields.")

# pydantic error type → our message (English msgid, translated in the catalogue); %(…)s come from
# the error's context. A type not listed keeps pydantic's own (English) message.
SCHEMA_MESSAGES = {
    "missing": gettext_lazy("This field is required."),
    "int_type": _WHOLE, "int_parsing": _WHOLE, "int_from_float": _WHOLE, "int_parsing_size": _WHOLE,
    "float_type": _NUMBER, "float_parsing": _NUMBER, "decimal_type": _NUMBER, "decimal_parsing": _NUMBER,
    "bool_type": _BOOLEAN, "bool_parsing": _BOOLEAN,
    "string_type": gettext_lazy("Enter text."),
    "date_type": _DATE, "date_parsing": _DATE, "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "datetime_type": _DATETIME, "datetime_parsing": _DATETIME, "datetime_from_date_parsing": _DATETIME,
    "string_too_short": gettext_lazy("Enter at least %(min_length)s characters."),
    "string_too_long": gettext_lazy("Enter at most %(max_length)s characters."),
    "too_short": gettext_lazy("Enter at least %(min_length)s items."),
    "too_long": gettext_lazy("Enter at most %(max_length)s items."),
    "greater_than_equal": gettext_lazy("Must be %(ge)s or more."),
    "less_than_equal": gettext_lazy("Must be %(le)s or less."),
    "greater_than": gettext_lazy("Must be more than %(gt)s."),
    "less_than": gettext_lazy("Must be less than %(lt)s."),
    "literal_error": gettext_lazy("Must be one of: %(expected)s."),
    "enum": gettext_lazy("Must be one of: %(expected)s."),
    "list_type": gettext_lazy("Enter a list."),
    "dict_type": _OBJECT, "model_type": _OBJECT, "model_attributes_type": _OBJECT,
    "extra_forbidden": gettext_lazy("This field is not allowed."),
    "string_pattern_mismatch": gettext_lazy("Enter a valid value."),
}


def schema_message(error: dict) -> str:
    """One pydantic error as a message in the active language."""
    kind, ctx = error.get("type", ""), dict(error.get("ctx") or {})
    if kind == "value_error" and ctx.get("error"):  # our own validators raise translated messages
        return str(ctx["error"])
    template = SCHEMA_MESSAGES.get(kind)
    if template is None:
        return str(error.get("msg", ""))
    if "expected" in ctx:  # "'A', 'B' or 'C'" → the active language's "or"
        head, sep, last = str(ctx["expected"]).rpartition(" or ")
        word = _("or")
        ctx["expected"] = f"{head} {word} {last}" if sep else last
    try:
        return str(template) % ctx
    except (KeyError, TypeError, ValueError):  # a context without the value the message names
        return str(error.get("msg", ""))


def schema_errors(exc: SchemaValidationError) -> dict[str, list[str]]:
    """ninja's list of pydantic errors → ``{"field": ["message"]}``."""
    result: dict[str, list[str]] = {}
    for error in exc.errors:
        result.setdefault(_field_name(error.get("loc", ())), []).append(schema_message(error))
    return result


def too_big_message() -> str:
    from django.conf import settings
    from django.utils.formats import number_format

    return _("The request body is too large (at most %(size)s bytes).") % {
        "size": number_format(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, force_grouping=True)}


def json_method_not_allowed(view):
    """Wrap one of ninja's path views: its 405 (plain text) answers in the API's JSON error shape,
    keeping the ``Allow`` header."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        allowed = response["Allow"]
        answer = JsonResponse(body(_("The method %(method)s is not allowed here; allowed: %(allowed)s.")
                                   % {"method": request.method, "allowed": allowed}), status=405)
        answer["Allow"] = allowed
        return answer

    return wrapper


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

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request, exc):
        return respond(request, 413, body(too_big_message()))

    @api.exception_handler(SuspiciousOperation)
    def on_suspicious(request, exc):
        # e.g. more form fields or files than DATA_UPLOAD_MAX_NUMBER_FIELDS/FILES: Django's bare 400 page
        return respond(request, 400, body(_("The request could not be read.")))

    @api.exception_handler(OverflowError)
    def on_overflow(request, exc):
        # A number too big for the database: the schemas bound every id (``types.Id``); this is the net.
        return respond(request, 422, body(_("Validation failed"), {"__all__": [_("A number is out of range.")]}))

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        return respond(request, exc.status_code, body(str(exc)))
