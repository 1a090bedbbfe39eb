"""Form building blocks shared by every app's forms.

Forms only convert input into Python values; every rule lives in a service. A view calls the
service through :func:`run_service`, which hands its ValidationError back to the form with
:func:`apply_service_errors`, so each message shows next to its field.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape as _escape
from typing import Any, NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.boundfield import BoundField
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from . import text as text_rules

_INPUT_CLASSES = {
    forms.CheckboxInput: "form-check-input",
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class FastSelect(forms.Select):
    """A ``<select>`` rendered in Python, for lists of thousands of units or positions.

    Django renders each option through a template (about 0.2 ms each); at 2,000 units that
    alone made the directory page miss its latency target. ``disabled_values`` greys out options
    (e.g. a unit's own subtree in the move form).
    """

    def __init__(self, attrs=None, choices=(), disabled_values=()):
        super().__init__(attrs, choices)
        self.disabled_values = {str(v) for v in disabled_values}

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = {str(v) for v in self.format_value(value)}
        disabled = self.disabled_values
        # the standard library's escape: Django's (the same text) wraps each call for lazy strings
        options = []
        for choice, label in self.choices:
            key = str(choice)
            flags = (" selected" if key in selected else "") + (" disabled" if key in disabled else "")
            options.append(f'<option value="{_escape(key)}"{flags}>{_escape(str(label))}</option>')
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe("".join(options)))  # noqa: S308


class BootstrapBoundField(BoundField):
    """Marks a field with errors ``is-invalid`` so Bootstrap draws it red."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if self.errors:
            attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
            attrs["aria-invalid"] = "true"
        return attrs


PASSWORD_MAX_LENGTH = 4096


def _normalizing(to_python, normalize):
    def convert(value):
        value = to_python(value)
        return normalize(value) if isinstance(value, str) else value

    return convert


def guard_form_fields(form: forms.BaseForm) -> None:
    """Every text field of ``form`` follows ``core/text.py``: no control character, a length bound.

    A field without ``max_length`` gets one (a text area :data:`~kinerja.core.text.TEXT_MAX_LENGTH`,
    a line :data:`~kinerja.core.text.QUERY_MAX_LENGTH`), shown as the input's ``maxlength``; a text
    area keeps its line breaks as ``\n``, a line turns them into spaces.
    """
    for field in form.fields.values():
        if not isinstance(field, forms.CharField):
            continue
        multiline = isinstance(field.widget, forms.Textarea)
        if field.max_length is None:
            if isinstance(field.widget, forms.PasswordInput):
                limit = PASSWORD_MAX_LENGTH
            else:
                limit = text_rules.TEXT_MAX_LENGTH if multiline else text_rules.QUERY_MAX_LENGTH
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
            field.widget.attrs.setdefault("maxlength", str(limit))
        field.validators.append(text_rules.validate_text)
        if not isinstance(field.widget, forms.PasswordInput):
            normalize = text_rules.normalize_multiline if multiline else text_rules.normalize_line
            field.to_python = _normalizing(field.to_python, normalize)


class GuardedFormMixin:
    """For a form that cannot derive from :class:`BootstrapForm` (e.g. Django's login form)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        guard_form_fields(self)


class BootstrapForm(forms.Form):
    """A plain form whose widgets carry Bootstrap 5 classes; its text fields follow ``core/text.py``."""

    bound_field_class = BootstrapBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        guard_form_fields(self)
        for field in self.fields.values():
            widget = field.widget
            css = next((c for cls, c in _INPUT_CLASSES.items() if isinstance(widget, cls)), "form-control")
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def apply_service_errors(form: forms.Form, exc: ValidationError, aliases: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError onto ``form``: field errors on the field, the rest on top.

    ``aliases`` maps a service field name to the form field showing it (e.g. employee → nip).
    """
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        name = (aliases or {}).get(field, field)
        form.add_error(name if name in form.fields else None, errors)


class Outcome(NamedTuple):
    ok: bool
    result: Any = None


def run_service(request, form: forms.Form, call: Callable[[dict], Any], *,
                aliases: dict[str, str] | None = None) -> Outcome:
    """The step every form view shares: on a valid POST, call the service and map its errors onto the form.

    ``call`` gets ``form.cleaned_data``. ``ok`` is true only when the service ran without a
    ValidationError; then ``result`` is what it returned. Otherwise the form carries the errors.
    """
    if request.method != "POST" or not form.is_valid():
        return Outcome(False)
    try:
        return Outcome(True, call(form.cleaned_data))
    except ValidationError as exc:
        apply_service_errors(form, exc, aliases)
        return Outcome(False)


class _ValuesChoiceIterator(ModelChoiceIterator):
    """Choices from ``values_list`` rows: no model instance per option (thousands of units)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self.queryset.values_list("pk", *self.field.label_fields):
            yield (row[0], self.field.label_from_values(*row[1:]))


class UnitTreeChoiceField(forms.ModelChoiceField):
    """Units indented by their depth in the tree."""

    widget = FastSelect
    iterator = _ValuesChoiceIterator
    label_fields = ("name", "depth")

    @staticmethod
    def label_from_values(name, depth) -> str:
        return "\u2003" * (depth - 1) + name

    def label_from_instance(self, obj) -> str:
        return self.label_from_values(obj.name, obj.depth)


class PositionChoiceField(forms.ModelChoiceField):
    """Positions labelled with their unit."""

    widget = FastSelect
    iterator = _ValuesChoiceIterator
    label_fields = ("name", "unit__name")

    @staticmethod
    def label_from_values(name, unit_name) -> str:
        return f"{name} — {unit_name}"

    def label_from_instance(self, obj) -> str:
        return self.label_from_values(obj.name, obj.unit.name)
