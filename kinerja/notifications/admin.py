"""Back office for notifications: read-only, for the platform operator to follow what was sent to whom and when
the scheduler ran. Notifications are written by ``services.notify`` (inside the write that causes them), read
marks and e-mail choices by their own user (pages and API, audited), scheduled runs by ``kinerja scheduler``:
none of them is edited here. Each list is scoped by instance (filter) and loads its related rows in the same
query."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kinerja.audit.admin import ReadOnlyAdminMixin

from .models import EmailPreference, LanguagePreference, Notification, ScheduledRun


class ReadFilter(admin.SimpleListFilter):
    title = _("read")
    parameter_name = "read"

    def lookups(self, request, model_admin):
        return (("yes", _("Read")), ("no", _("Unread")))

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(read_at__isnull=self.value() == "no")
        return queryset


class EmailedFilter(admin.SimpleListFilter):
    title = _("e-mailed")
    parameter_name = "emailed"

    def lookups(self, request, model_admin):
        return (("yes", _("E-mailed")), ("no", _("Not e-mailed")))

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(emailed_at__isnull=self.value() == "no")
        return queryset


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "recipient", "kind", "created_at", "read_at", "emailed_at", "instance")
    list_filter = ("instance", "kind", ReadFilter, EmailedFilter)
    search_fields = ("title", "recipient__username", "recipient__employee__name", "dedupe_key")
    list_select_related = ("recipient__employee", "instance")
    raw_id_fields = ("recipient",)
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    show_full_result_count = False  # a big table: no COUNT(*) of the whole of it on every page


@admin.register(EmailPreference)
class EmailPreferenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "kind", "enabled", "updated_at", "instance")
    list_filter = ("instance", "kind", "enabled")
    search_fields = ("user__username",)
    list_select_related = ("user__employee", "instance")
    raw_id_fields = ("user",)


@admin.register(LanguagePreference)
class LanguagePreferenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "language", "updated_at", "instance")
    list_filter = ("instance", "language")
    search_fields = ("user__username",)
    list_select_related = ("user__employee", "instance")
    raw_id_fields = ("user",)


@admin.register(ScheduledRun)
class ScheduledRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Platform-wide (a job runs for every instance): when each scheduled job was last enqueued."""

    list_display = ("name", "due_at", "created_at", "task_id")
    list_filter = ("name",)
    search_fields = ("name", "task_id")
    date_hierarchy = "due_at"
    ordering = ("-due_at", "name")
