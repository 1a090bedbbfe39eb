"""The instance settings page: every app's section (declared in its faces.py ``SETTINGS``), each a form of the
app's own (the one its back office uses too), saved through the app's service (validation, one transaction, the
audit event). Readers (auditor, pimpinan) see the values without a way to save; no one else gets in (403)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kinerja.core.forms import apply_service_errors
from kinerja.core.registry import SettingsSection, settings_sections
from kinerja.organization.models import Instance
from kinerja.organization.services import settings_stamp

from . import permissions

SEEN = "seen"  # the hidden input holding the row's last change as the page showed it


@dataclass
class Shown:
    section: SettingsSection
    form: forms.ModelForm
    seen: str
    stored: bool  # the instance has its own row (else: the defaults)


def _bootstrap(form: forms.Form, read_only: bool) -> forms.Form:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        if read_only:
            field.disabled = True
    return form


def _instance(request) -> Instance:
    if not permissions.can_read_settings(request.user):
        raise PermissionDenied(_("Only BKPSDM administrators, auditors and the regional leadership see the "
                                 "instance settings."))
    return Instance.objects.get(pk=permissions.settings_instance_id(request.user))


def _row(section: SettingsSection, instance: Instance):
    form_class = import_string(section.form)
    model = form_class._meta.model
    row = model.objects.filter(instance_id=instance.pk).first()
    return form_class, (row or model(instance=instance)), row is not None


def _shown(section: SettingsSection, instance: Instance, read_only: bool, data: Any = None) -> Shown:
    form_class, row, stored = _row(section, instance)
    form = form_class(data, instance=row, prefix=section.key)
    return Shown(section, _bootstrap(form, read_only), settings_stamp(row) if stored else "", stored)


def _page(request, instance: Instance, bound: Shown | None = None, status: int = 200):
    can_change = permissions.can_change_settings(request.user)
    shown = [bound if bound is not None and bound.section.key == section.key
             else _shown(section, instance, not can_change) for section in settings_sections()]
    return render(request, "instancesettings/page.html", {
        "instance": instance, "sections": shown, "can_change": can_change, "seen_name": SEEN,
        "active_menu": "instance_settings"}, status=status)


@login_required
@require_safe
def page(request):
    return _page(request, _instance(request))


@login_required
@require_POST
def save(request, key: str):
    instance = _instance(request)
    if not permissions.can_change_settings(request.user):
        raise PermissionDenied(_("Only BKPSDM administrators change the instance settings."))
    section = next((s for s in settings_sections() if s.key == key), None)
    if section is None:
        raise Http404(_("No such settings section."))
    form_class, row, stored = _row(section, instance)
    form = _bootstrap(form_class(request.POST, instance=row, prefix=section.key), read_only=False)
    seen = request.POST.get(SEEN)
    shown = Shown(section, form, seen or "", stored)
    if form.is_valid():
        values = {name: form.cleaned_data[name] for name in form._meta.fields}
        try:
            import_string(section.service)(actor=request.user, instance=instance, values=values, seen=seen)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(section)s settings saved.") % {"section": section.title})
            return redirect(reverse("instancesettings:page") + f"#{section.key}")
    return _page(request, instance, bound=shown)
