"""Back office for feedback: read-only. Comments and dialogues are written on the feedback pages and the API
through the services (permission checked, validated, audited, the other party notified)."""

from __future__ import annotations

from django.contrib import admin

from kinerja.audit.admin import ReadOnlyAdminMixin

from .models import Comment, Dialogue, DialogueAction


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "author_employee", "rhk", "report", "created_at", "deleted_at", "instance")
    list_filter = ("instance",)
    search_fields = ("body",)
    raw_id_fields = ("skp", "rhk", "report", "parent", "author", "author_employee")
    list_select_related = ("author_employee", "rhk", "report", "instance")


class ActionInline(admin.TabularInline):
    model = DialogueAction
    extra = 0
    fields = ("text", "owner", "due_on", "done_at")


@admin.register(Dialogue)
class DialogueAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("employee", "superior", "scheduled_at", "medium", "status", "follow_up_on", "instance")
    list_filter = ("instance", "status", "medium")
    search_fields = ("agenda", "notes", "employee__name")
    raw_id_fields = ("skp", "employee", "superior", "created_by")
    list_select_related = ("employee", "superior", "instance")
    date_hierarchy = "scheduled_at"
    inlines = (ActionInline,)


@admin.register(DialogueAction)
class DialogueActionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "dialogue", "owner", "due_on", "done_at", "instance")
    list_filter = ("instance", "owner")
    raw_id_fields = ("dialogue", "done_by")
    list_select_related = ("dialogue", "instance")
