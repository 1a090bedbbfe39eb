"""Back office for the audit log (read-only); the admin mixins shared by every app live in admin_mixins.py."""

from __future__ import annotations

from django.contrib import admin

from .admin_mixins import AuditedAdminMixin, ReadOnlyAdminMixin, ServiceAdminMixin, ServiceInlineMixin
from .models import AuditEvent

__all__ = ["AuditedAdminMixin", "ReadOnlyAdminMixin", "ServiceAdminMixin", "ServiceInlineMixin"]


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
