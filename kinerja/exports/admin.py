"""Back office: export jobs, read-only (they are written by the service and the background task)."""

from __future__ import annotations

from django.contrib import admin

from kinerja.audit.admin import ReadOnlyAdminMixin

from .models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "kind", "status", "rows", "size", "requested_by", "created_at", "finished_at",
                    "instance")
    list_filter = ("instance", "kind", "status")
    search_fields = ("title", "requested_by__username")
    list_select_related = ("requested_by", "instance")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in ExportJob._meta.fields]
    show_full_result_count = False
