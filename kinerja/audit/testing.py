"""Test helpers for back-office (Django admin) forms."""

from __future__ import annotations

import datetime

from django import forms
from django.db import models


def _value(value):
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    return value


def _fields(form, data: dict) -> None:
    for name, field in form.fields.items():
        value = form[name].value()
        widget = field.widget
        if isinstance(widget, forms.MultiWidget):  # e.g. the user's date_joined: date and time inputs
            for index, part in enumerate(widget.decompress(value)):
                data[f"{form.add_prefix(name)}_{index}"] = _value(part)
            continue
        if isinstance(value, bool):
            if value:
                data[form.add_prefix(name)] = "on"
            continue
        data[form.add_prefix(name)] = _value(value)


def admin_form_data(response) -> dict:
    """The POST a browser would send unchanged from an admin add/change page (inline rows included)."""
    data = {}
    _fields(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _fields(formset.management_form, data)
        for form in formset.forms:
            _fields(form, data)
    return data
