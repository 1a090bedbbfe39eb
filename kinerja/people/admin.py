"""Back office for employees, their position history and grades: read-only. They are written in the app
(/people/, the SIASN import) through the services, which validate and audit."""

from __future__ import annotations

from django.contrib import admin

from kinerja.audit.admin import ReadOnlyAdminMixin

from .models import Assignment, Employee, GradeHistory


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AssignmentInline(ReadOnlyInline):
    model = Assignment
    fk_name = "employee"
    fields = ("position", "unit", "kind", "start_date", "end_date", "decree_number")
    readonly_fields = fields


class GradeHistoryInline(ReadOnlyInline):
    model = GradeHistory
    fields = ("grade", "tmt", "decree_number")
    readonly_fields = fields


@admin.register(Employee)
class EmployeeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("nip", "full_name", "kind", "grade", "position", "unit", "instance", "is_active")
    list_filter = ("instance", "kind", "is_active", "grade", "sex")
    search_fields = ("nip", "name", "nip_lama", "pns_id", "email")
    autocomplete_fields = ("position", "unit")
    list_select_related = ("position", "unit", "instance")
    inlines = (AssignmentInline, GradeHistoryInline)
    show_full_result_count = False


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("employee", "position", "unit", "kind", "start_date", "end_date", "instance")
    list_filter = ("kind", "instance")
    search_fields = ("employee__name", "employee__nip", "position__name", "decree_number")
    autocomplete_fields = ("employee", "position", "unit")
    list_select_related = ("employee", "position", "unit", "instance")
    date_hierarchy = "start_date"


@admin.register(GradeHistory)
class GradeHistoryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("employee", "grade", "tmt", "decree_number", "instance")
    list_filter = ("grade", "instance")
    search_fields = ("employee__name", "employee__nip", "decree_number")
    autocomplete_fields = ("employee",)
    list_select_related = ("employee", "instance")
