"""Back office: read-only views of the tim monev's records (they change through the services, audited)."""

from django.contrib import admin

from kinerja.audit.admin import ReadOnlyAdminMixin

from .models import Recommendation, Round, Session, TeamMember, TrainingNeed


@admin.register(TeamMember)
class TeamMemberAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("employee", "role", "start_date", "end_date", "instance")
    raw_id_fields = ("employee",)
    list_filter = ("role", "instance")


@admin.register(Round)
class RoundAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "period", "start_date", "end_date", "status", "instance")
    list_filter = ("status", "instance")


@admin.register(Session)
class SessionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("round", "kind", "employee", "unit", "held_on")
    raw_id_fields = ("round", "employee", "unit", "subject_unit", "participants")
    list_filter = ("kind",)


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("text", "owner_employee", "owner_unit", "due_on", "status", "instance")
    raw_id_fields = ("round", "session", "finding", "owner_employee", "owner_unit")
    list_filter = ("status", "category", "instance")


@admin.register(TrainingNeed)
class TrainingNeedAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("competency", "priority", "target_unit", "estimated_participants", "instance")
    raw_id_fields = ("recommendation", "target_unit", "target_employees")
    list_filter = ("priority",)
