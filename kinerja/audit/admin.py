"""Back office for the audit log (read-only) and the audit mixin shared by the other admins."""

from __future__ import annotations

from django.contrib import admin

from .models import AuditEvent
from .services import record, snapshot


class AuditedAdminMixin:
    """Back-office writes bypass the services; at least every one of them lands in the audit log.

    The events are named ``admin.<app>.<model>.<create|update|delete>`` and carry the source
    "admin" (set by the audit middleware for /admin/ requests).
    """

    audit_exclude: tuple[str, ...] = ()

    def _audit_action(self, obj, verb: str) -> str:
        return f"admin.{obj._meta.app_label}.{obj._meta.model_name}.{verb}"

    def _snapshot(self, obj):
        return snapshot(obj, exclude=self.audit_exclude)

    def save_form(self, request, form, change):
        if change:  # the state in the database before this change
            current = type(form.instance)._default_manager.filter(pk=form.instance.pk).first()
            request._kinerja_audit_before = self._snapshot(current)
        return super().save_form(request, form, change)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record(self._audit_action(obj, "update" if change else "create"), obj, actor=request.user,
               before=getattr(request, "_kinerja_audit_before", None), after=self._snapshot(obj))

    def delete_model(self, request, obj):
        record(self._audit_action(obj, "delete"), obj, actor=request.user, before=self._snapshot(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Append-only: nobody adds, changes or deletes events, not even a superuser."""

    list_display = ("at", "action", "object_type", "object_label", "actor_label", "source", "instance")
    list_filter = ("source", "object_type", "instance")
    search_fields = ("action", "object_label", "object_id", "actor_label", "request_id")
    date_hierarchy = "at"
    list_select_related = ("instance",)
    readonly_fields = ("at", "instance", "actor", "actor_label", "action", "object_type", "object_id",
                       "object_label", "before", "after", "source", "ip_address", "request_id")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
