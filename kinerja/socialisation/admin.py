"""Back office for socialisation items, acknowledgements and reminders: read-only. Items are written at
/socialisation/manage/ through the services (attachments checked by content, audience scoped, audited)."""

from __future__ import annotations

from django.contrib import admin

from kinerja.audit.admin import ReadOnlyAdminMixin

from .models import Acknowledgement, Attachment, Item, ItemAudience, Reminder, ReminderBatch


class AudienceInline(admin.TabularInline):
    model = ItemAudience
    extra = 0
    fields = ("unit",)
    autocomplete_fields = ("unit",)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("name", "file", "size", "content_type")
    readonly_fields = ("size", "content_type")


@admin.register(Item)
class ItemAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "category", "status", "published_at", "whole_instance", "owner_unit", "instance")
    list_filter = ("instance", "status", "category", "whole_instance")
    search_fields = ("title", "body")
    autocomplete_fields = ("owner_unit",)
    raw_id_fields = ("created_by", "published_by")
    list_select_related = ("owner_unit", "instance")
    date_hierarchy = "published_at"
    inlines = (AudienceInline, AttachmentInline)


@admin.register(Acknowledgement)
class AcknowledgementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("item", "employee", "acknowledged_at", "instance")
    list_filter = ("instance",)
    search_fields = ("item__title", "employee__name", "employee__nip")
    autocomplete_fields = ("employee",)
    raw_id_fields = ("item",)
    list_select_related = ("item", "employee", "instance")
    date_hierarchy = "acknowledged_at"
    show_full_result_count = False


class ReminderInline(admin.TabularInline):
    model = Reminder
    extra = 0
    fields = ("employee", "emailed", "created_at")
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReminderBatch)
class ReminderBatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("item", "unit", "status", "recipients", "emailed", "without_email", "created_at", "finished_at")
    list_filter = ("instance", "status")
    search_fields = ("item__title",)
    raw_id_fields = ("item", "requested_by")
    autocomplete_fields = ("unit",)
    list_select_related = ("item", "unit")
    readonly_fields = ("recipients", "emailed", "without_email", "finished_at")
    inlines = (ReminderInline,)
