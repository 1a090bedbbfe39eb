"""Back office for SKPs: periods and settings, templates, and a read-mostly view of each SKP.

The workflow (status, versions, approvals) and the optimistic lock are the services' business, so
they are read-only here; content edits made in the back office are audited by the mixin.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kinerja.audit.admin import AuditedAdminMixin

from .models import Appendix, BehaviourExpectation, Iki, Period, Rhk, Skp, SkpSettings, SkpTemplate, SkpVersion


@admin.register(SkpSettings)
class SkpSettingsAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("instance", "period_kind", "deadline_months_after_start", "deadline_day")
    list_select_related = ("instance",)


@admin.register(Period)
class PeriodAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "year", "start_date", "end_date", "deadline", "is_closed", "instance")
    list_filter = ("instance", "kind", "is_closed", "year")
    search_fields = ("name",)
    list_select_related = ("instance",)
    date_hierarchy = "start_date"


class RhkInline(admin.TabularInline):
    model = Rhk
    fk_name = "skp"
    extra = 0
    show_change_link = True
    fields = ("group", "order", "perspective", "text", "parent", "pk_indicator", "parent_changed_at")
    readonly_fields = ("parent", "pk_indicator", "parent_changed_at")


class AppendixInline(admin.TabularInline):
    model = Appendix
    extra = 0
    fields = ("kind", "order", "text")


class ExpectationInline(admin.TabularInline):
    model = BehaviourExpectation
    extra = 0
    can_delete = False
    fields = ("value", "expectation")
    readonly_fields = ("value",)

    def has_add_permission(self, request, obj=None):
        return False


class VersionInline(admin.TabularInline):
    model = SkpVersion
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ("number", "action", "status", "note", "by", "at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Skp)
class SkpAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("employee", "period", "kind", "status", "version", "unit", "evaluator", "set_by_admin",
                    "instance")
    list_filter = ("instance", "status", "kind", "set_by_admin", "period__year")
    search_fields = ("employee__name", "employee__nip", "unit__name")
    list_select_related = ("employee", "period", "unit", "evaluator", "instance")
    autocomplete_fields = ("employee", "position", "unit", "evaluator", "evaluator_position", "evaluator_superior",
                           "evaluator_superior_position", "period")
    readonly_fields = ("status", "version", "lock_version", "submitted_at", "approved_at", "approved_by",
                       "return_reason", "revision_reason", "set_by_admin")
    inlines = (RhkInline, AppendixInline, ExpectationInline, VersionInline)
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("instance", "period", "employee", "kind")}),
        (_("Header"), {"fields": ("position", "unit", "evaluator", "evaluator_position", "evaluator_acting",
                                  "evaluator_superior", "evaluator_superior_position")}),
        (_("Workflow"), {"fields": ("status", "version", "lock_version", "submitted_at", "approved_at",
                                    "approved_by", "return_reason", "revision_reason", "set_by_admin")}),
    )


class IkiInline(admin.TabularInline):
    model = Iki
    extra = 0
    fields = ("order", "aspect", "text", "target_kind", "target_value", "target_min", "target_max", "target_text",
              "measure_unit", "lower_is_better")


@admin.register(Rhk)
class RhkAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("text", "group", "perspective", "skp", "parent", "instance")
    list_filter = ("instance", "group", "perspective")
    search_fields = ("text", "skp__employee__name", "skp__employee__nip")
    list_select_related = ("skp__employee", "skp__period", "parent", "instance")
    raw_id_fields = ("skp", "parent", "pk_indicator")
    inlines = (IkiInline,)
    show_full_result_count = False


@admin.register(SkpTemplate)
class SkpTemplateAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "position_name", "position_kind", "is_active", "instance")
    list_filter = ("instance", "is_active", "position_kind")
    search_fields = ("name", "position_name")
    list_select_related = ("instance",)


@admin.register(SkpVersion)
class SkpVersionAdmin(admin.ModelAdmin):
    """Snapshots are history: nobody adds, changes or deletes them."""

    list_display = ("skp", "number", "action", "status", "by", "at", "instance")
    list_filter = ("instance", "action", "status")
    search_fields = ("skp__employee__name", "skp__employee__nip", "note")
    list_select_related = ("skp__employee", "skp__period", "by", "instance")
    readonly_fields = ("instance", "skp", "number", "action", "status", "note", "content", "by", "at")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
