"""What text may be stored: one rule for every form, API schema, service and export.

A control character (U+0000–U+001F except tab, line feed and carriage return; U+007F–U+009F),
a lone surrogate or a non-character (U+FFFE, U+FFFF) is never typed by a person, breaks the
Excel exports (openpyxl refuses them), and NUL or a lone surrogate makes PostgreSQL fail.
So every text input is refused with a field error when it carries one
(:func:`validate_text`), and every length is bounded (:func:`max_length_of`): a CharField by its
``max_length``, a TextField by :data:`TEXT_MAX_LENGTH` unless its model names a bound of its own in a
class attribute ``TEXT_LIMITS = {"field": limit}`` (read here through the model class: core imports no app).

Where the rule is applied:

* forms: :class:`kinerja.core.forms.BootstrapForm` adds the check and a length bound to every
  text field (:func:`guard_form_fields`);
* the API: :mod:`kinerja.api.types` (``Text``, ``ModelText``) and the ``InSchema`` base;
* services, the admin and the CLI: :func:`check_instance` runs before every save of a Kinerja
  model (installed in ``core/apps.py``), so nothing bypasses it;
* query strings: :class:`kinerja.core.middleware.ControlCharacterMiddleware`;
* what is already stored: the exports write through :func:`clean_for_export`.

Newlines: multi-line text keeps line feeds and tabs (``\\r\\n`` and ``\\r`` become ``\\n``,
:func:`normalize_multiline`); single-line text turns them into spaces (:func:`normalize_line`).
"""

from __future__ import annotations

import functools
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Refused everywhere: C0 controls but tab/LF/CR, DEL and C1 controls, surrogates, U+FFFE/U+FFFF.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# What openpyxl (XML) cannot write at all, plus the rest of FORBIDDEN: removed from exported text.
_EXPORT_FORBIDDEN = FORBIDDEN

TEXT_MAX_LENGTH = 10_000
"""The bound of a TextField that names none (an RHK, a mission, a reason: a few paragraphs)."""

TEXT_LIMITS_ATTRIBUTE = "TEXT_LIMITS"
"""A model's TextFields with a bound of their own: ``TEXT_LIMITS = {"body": 50_000}`` on the model class."""

QUERY_MAX_LENGTH = 200
"""The bound of a search or filter string."""

MESSAGE = _("Remove the control character %(char)s (at position %(position)s): it cannot be stored.")
CODE = "control_character"


def find_forbidden(value: str) -> re.Match | None:
    return FORBIDDEN.search(value)


def describe(match: re.Match) -> dict:
    return {"char": f"U+{ord(match.group()):04X}", "position": match.start() + 1}


def forbidden_message(value: str) -> str | None:
    """The translated message for the first forbidden character of ``value``; None if it is clean."""
    match = FORBIDDEN.search(value)
    return None if match is None else str(MESSAGE % describe(match))


def validate_text(value) -> None:
    """A Django validator: refuse a forbidden character."""
    if isinstance(value, str):
        match = FORBIDDEN.search(value)
        if match is not None:
            raise ValidationError(MESSAGE, code=CODE, params=describe(match))


_BREAKS = re.compile("\r\n|[\r\x0b\x0c]")
_LINE_BREAKS = re.compile("[ \t\r\n\x0b\x0c]*[\t\r\n\x0b\x0c][ \t\r\n\x0b\x0c]*")


def normalize_multiline(value: str) -> str:
    """Line ends as ``\\n``: a browser sends ``\\r\\n``, and text pasted from a word processor
    carries its manual line break (U+000B) and page break (U+000C)."""
    return _BREAKS.sub("\n", value)


def normalize_line(value: str) -> str:
    """A single line: tabs and line breaks (U+000B and U+000C included) become one space."""
    return _LINE_BREAKS.sub(" ", value)


def clean_for_export(value):
    """Text as an export can write it: forbidden characters removed. Anything else unchanged."""
    if isinstance(value, str) and FORBIDDEN.search(value):
        return FORBIDDEN.sub("", value)
    return value


def clean_row(row):
    """A row of cells for a workbook or a CSV, each text cleaned (:func:`clean_for_export`)."""
    return [clean_for_export(value) for value in row]


def max_length_of(field: models.Field) -> int | None:
    """The length bound of a model text field (None for a field that is not text)."""
    if not isinstance(field, models.CharField | models.TextField):
        return None
    if field.max_length:
        return field.max_length
    return getattr(field.model, TEXT_LIMITS_ATTRIBUTE, {}).get(field.name, TEXT_MAX_LENGTH)


def model_max_length(model: type[models.Model], name: str) -> int:
    return max_length_of(model._meta.get_field(name))


LENGTH_MESSAGE = _("Enter at most %(limit_value)d characters (it has %(show_value)d).")


@functools.cache
def _text_fields(model: type[models.Model]) -> tuple[tuple[models.Field, int], ...]:
    """The model's text fields with their bounds (once per model: every save of every model asks)."""
    return tuple((field, limit) for field in model._meta.concrete_fields
                 if (limit := max_length_of(field)) is not None)


def check_instance(instance: models.Model, only=None) -> None:
    """Refuse to store a text value with a forbidden character or over its bound.

    Raises ``ValidationError({field: [message]})`` naming every bad field, so a service's
    caller (form, API, CLI) shows it like any other validation error, and nothing is written.
    """
    errors: dict[str, list[ValidationError]] = {}
    for field, limit in _text_fields(type(instance)):
        if only is not None and field.name not in only and field.attname not in only:
            continue
        value = getattr(instance, field.attname, None)
        if not isinstance(value, str):
            continue
        match = FORBIDDEN.search(value)
        if match is not None:
            errors.setdefault(field.name, []).append(ValidationError(MESSAGE, code=CODE, params=describe(match)))
        if len(value) > limit:
            errors.setdefault(field.name, []).append(ValidationError(
                LENGTH_MESSAGE, code="max_length", params={"limit_value": limit, "show_value": len(value)}))
    if errors:
        raise ValidationError(errors)


# Apps whose rows are derived, not typed: the audit log records what the other models already hold.
GUARD_EXEMPT_APPS = {"audit"}


def guard_pre_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """``pre_save`` receiver for every Kinerja model: :func:`check_instance` (fixtures excepted).

    A save of named fields (``update_fields``, e.g. the login's ``last_login``) checks only those,
    so a value stored before this rule never blocks an unrelated write."""
    if raw or not is_guarded(sender):
        return
    check_instance(instance, only=update_fields)


def install_model_validators(all_models) -> None:
    """Give every guarded text field the rule as a validator, so ``full_clean`` — the Django admin's
    forms, any ModelForm — shows a field error before the save guard would refuse the save.

    The validators go into the field's computed ``validators`` list only, not into its definition:
    no migration changes."""
    from django.core.validators import MaxLengthValidator

    for model in all_models:
        if not is_guarded(model) or model._meta.abstract:
            continue
        for field in model._meta.concrete_fields:
            limit = max_length_of(field)
            if limit is None:
                continue
            validators = field.validators  # cached per field instance
            if validate_text not in validators:
                validators.append(validate_text)
                if field.max_length is None:
                    validators.append(MaxLengthValidator(limit))


def is_guarded(model: type[models.Model]) -> bool:
    return model.__module__.startswith("kinerja.") and model._meta.app_label not in GUARD_EXEMPT_APPS
