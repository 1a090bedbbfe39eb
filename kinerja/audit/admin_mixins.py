"""The three ways a back-office (Django admin) page may write, shared by every app's ``admin.py``.

* :class:`ReadOnlyAdminMixin` — the page only shows. Used wherever the app has its own pages and
  services for the model: the write path (permission, validation, audit) is the service's, and the
  back office does not grow a second one. Inline rows are read-only too.
* :class:`ServiceAdminMixin` — every save and delete, inline rows included, is a call to the app's
  service functions (``service_create`` / ``service_update`` / ``service_delete`` on the admin and on
  each inline). The service validates and records its audit event as it does for the web and the API;
  a ``ValidationError`` (or ``PermissionDenied``) rolls the whole save back and shows the form again
  with the messages and the user's input.
* :class:`AuditedAdminMixin` — for the few settings rows that have no service (SKP settings, periods,
  users' technical flags): Django saves the form, and one event ``admin.<app>.<model>.<verb>`` records
  the real state before and after, *including every inline row* and many-to-many links.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.forms.models import _get_foreign_key
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from kinerja.core.errors import error_dict

from .services import record, snapshot


def _no(*args, **kwargs) -> bool:
    return False


def _without_bulk_delete(actions: dict) -> dict:
    """The changelist's "delete selected" would bypass the per-object path (and write row by row)."""
    actions.pop("delete_selected", None)
    return actions


class ReadOnlyAdminMixin:
    """Nothing is added, changed or deleted here; the page says where the model is edited."""

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            inline.has_add_permission = inline.has_change_permission = inline.has_delete_permission = _no
        return inlines

    def get_actions(self, request):
        return _without_bulk_delete(super().get_actions(request))


# --- Deep snapshots (object + inline rows + many-to-many) ------------------------------------------

def inline_rows(admin, request, obj) -> dict:
    """``{"app.model": [row snapshot, …]}`` of the rows the admin's inlines show for ``obj``."""
    rows = {}
    if obj is None or obj.pk is None:
        return rows
    for inline in admin.get_inline_instances(request, obj):
        fk = _get_foreign_key(type(obj), inline.model, fk_name=inline.fk_name)
        queryset = inline.model._default_manager.filter(**{fk.name: obj.pk}).order_by("pk")
        rows[inline.model._meta.label_lower] = [snapshot(row, exclude=(fk.name,)) for row in queryset]
    return rows


def deep_snapshot(admin, request, obj, exclude=()) -> dict | None:
    if obj is None:
        return None
    data = snapshot(obj, exclude=exclude)
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            if field.name not in exclude:
                data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    rows = inline_rows(admin, request, obj)
    if rows:
        data["inline_rows"] = rows
    return data


class AuditedAdminMixin:
    """Django saves the form; one audit event per save carries the real before and after state.

    Before is read from the database when the form is saved (before any row changes), after once
    the inline formsets and many-to-many links are saved too (``save_related``). The events are named
    ``admin.<app>.<model>.<create|update|delete>`` with the source "admin" (set by the audit middleware).
    """

    audit_exclude: tuple[str, ...] = ()

    def _audit_action(self, obj, verb: str) -> str:
        return f"admin.{obj._meta.app_label}.{obj._meta.model_name}.{verb}"

    def _snapshot(self, request, obj):
        return deep_snapshot(self, request, obj, exclude=self.audit_exclude)

    def save_form(self, request, form, change):
        if change:  # the state in the database before this change, inline rows included
            current = type(form.instance)._default_manager.filter(pk=form.instance.pk).first()
            request._kinerja_audit_before = self._snapshot(request, current)
        return super().save_form(request, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        record(self._audit_action(obj, "update" if change else "create"), obj, actor=request.user,
               before=getattr(request, "_kinerja_audit_before", None) if change else None,
               after=self._snapshot(request, type(obj)._default_manager.get(pk=obj.pk)))

    def delete_model(self, request, obj):
        record(self._audit_action(obj, "delete"), obj, actor=request.user, before=self._snapshot(request, obj))
        super().delete_model(request, obj)

    def get_actions(self, request):
        return _without_bulk_delete(super().get_actions(request))


# --- Writes through the services --------------------------------------------------------------------

class ServiceInlineMixin:
    """An inline whose rows are created, changed and deleted by service functions.

    ``service_create(request, parent, data)`` (returns the new row), ``service_update(request, row,
    changes)`` and ``service_delete(request, row)``; ``data``/``changes`` are the form's cleaned values
    (only the changed fields for an update). Leave one undefined and that operation is not offered.
    """

    def has_add_permission(self, request, obj=None) -> bool:
        return hasattr(self, "service_create") and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return hasattr(self, "service_update") and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return hasattr(self, "service_delete") and super().has_delete_permission(request, obj)


class _ServiceErrors(Exception):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def _as_errors(exc: Exception, prefix: str = "") -> dict[str, list[str]]:
    denied = isinstance(exc, PermissionDenied)
    errors = {"__all__": [str(exc) or _("You may not make this change.")]} if denied else error_dict(exc)
    if prefix:  # an inline row's errors are shown above the form, naming the row
        return {"__all__": [f"{prefix}: {field + ': ' if field != '__all__' else ''}{message}"
                            for field, messages_ in errors.items() for message in messages_]}
    return errors


def _fresh(obj):
    """The row as stored (the admin form has already written its input onto ``obj``)."""
    return type(obj)._default_manager.get(pk=obj.pk)


class ServiceAdminMixin:
    """Every write of this admin (and of its :class:`ServiceInlineMixin` inlines) is a service call.

    Subclasses define ``service_create(request, form)`` → the new object,
    ``service_update(request, obj, changes)`` and ``service_delete(request, obj)``; an operation left
    undefined is not offered. The services record their own audit events.
    """

    def has_add_permission(self, request, *args) -> bool:
        return hasattr(self, "service_create") and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None) -> bool:
        return hasattr(self, "service_update") and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return hasattr(self, "service_delete") and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        return _without_bulk_delete(super().get_actions(request))

    # The form is saved by the service, not by Django.
    def save_form(self, request, form, change):
        return form.instance

    def save_model(self, request, obj, form, change):
        try:
            if change:
                changes = {name: form.cleaned_data[name] for name in form.changed_data
                           if name in form.cleaned_data}
                if changes:
                    self.service_update(request, _fresh(obj), changes)
            else:
                created = self.service_create(request, form)
                obj.pk = created.pk
                obj.__dict__.update({k: v for k, v in created.__dict__.items() if k != "_state"})
                obj._state.adding = False
        except (DjangoValidationError, PermissionDenied) as exc:
            raise _ServiceErrors(_as_errors(exc)) from None

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            inline = self._inline_for(request, formset, form.instance)
            # what Django's change message (the admin history) reads from a saved formset
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            for index, row_form in enumerate(formset.forms, start=1):
                prefix = f"{formset.model._meta.verbose_name} {index}"
                try:
                    self._save_row(request, inline, formset, row_form, form.instance)
                except (DjangoValidationError, PermissionDenied) as exc:
                    raise _ServiceErrors(_as_errors(exc, prefix)) from None

    def _inline_for(self, request, formset, obj):
        for inline in self.get_inline_instances(request, obj):
            if inline.model is formset.model:
                return inline
        raise LookupError(formset.model)

    @staticmethod
    def _save_row(request, inline, formset, row_form, parent) -> None:
        stored = row_form.instance.pk is not None
        if formset.can_delete and formset._should_delete_form(row_form):
            if stored:
                inline.service_delete(request, _fresh(row_form.instance))
                formset.deleted_objects.append(row_form.instance)
            return
        if not row_form.has_changed():
            return
        if not stored:
            data = {k: v for k, v in row_form.cleaned_data.items() if k not in ("id", "DELETE", formset.fk.name)}
            formset.new_objects.append(inline.service_create(request, parent, data))
        else:
            changes = {name: row_form.cleaned_data[name] for name in row_form.changed_data
                       if name in row_form.cleaned_data and name != "DELETE"}
            if changes:
                inline.service_update(request, _fresh(row_form.instance), changes)
                formset.changed_objects.append((row_form.instance, list(changes)))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        errors = getattr(request, "_kinerja_service_errors", None)
        if not errors:
            return form_class

        class ServiceErrorForm(form_class):
            """The second pass after a refused save: the service's messages on the user's input."""

            def clean(self):
                cleaned = super().clean()
                for field, messages_ in errors.items():
                    for message in messages_:
                        self.add_error(field if field in self.fields else None, message)
                return cleaned

        return ServiceErrorForm

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _ServiceErrors as refused:  # the save's transaction is rolled back: nothing was written
            request._kinerja_service_errors = refused.errors
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_deleted_objects(self, objs, request):
        """The service decides what a delete may take with it, not the related models' admin rights."""
        deleted, counts, _perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected

    def delete_model(self, request, obj):
        try:
            self.service_delete(request, obj)
        except (DjangoValidationError, PermissionDenied) as exc:
            raise _ServiceErrors(_as_errors(exc)) from None

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except _ServiceErrors as refused:  # rolled back; say why on the object's page
            for messages_ in refused.errors.values():
                for message in messages_:
                    messages.error(request, message)
            return HttpResponseRedirect(request.path.rsplit("/delete/", 1)[0] + "/change/")
