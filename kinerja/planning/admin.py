"""Back office for the organisation plan. Day-to-day editing happens on the plan pages (services with
validation); here the BKPSDM staff can inspect and correct rows. Saves are audited like the others."""

from __future__ import annotations

from django.contrib import admin

from kinerja.audit.admin import AuditedAdminMixin

from .models import (
    ActionPlan,
    Activity,
    Goal,
    Iku,
    IkuTarget,
    Mission,
    PerformanceAgreement,
    PkIndicator,
    Programme,
    Renstra,
    Rpjmd,
    StrategicTarget,
    WorkPlan,
)


class MissionInline(admin.TabularInline):
    model = Mission
    extra = 0
    fields = ("number", "text")


@admin.register(Rpjmd)
class RpjmdAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "start_year", "end_year", "instance")
    list_filter = ("instance",)
    search_fields = ("title", "vision")
    inlines = [MissionInline]


@admin.register(Mission)
class MissionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("number", "text", "rpjmd", "instance")
    list_filter = ("instance",)
    search_fields = ("text",)
    list_select_related = ("rpjmd", "instance")


@admin.register(Renstra)
class RenstraAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "unit", "start_year", "end_year", "rpjmd", "instance")
    list_filter = ("instance",)
    search_fields = ("title", "unit__name")
    autocomplete_fields = ("unit",)
    list_select_related = ("unit", "rpjmd", "instance")


@admin.register(Goal)
class GoalAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "text", "renstra", "mission")
    list_filter = ("instance",)
    search_fields = ("code", "text")
    list_select_related = ("renstra", "mission")


@admin.register(StrategicTarget)
class StrategicTargetAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "text", "goal")
    list_filter = ("instance",)
    search_fields = ("code", "text")
    list_select_related = ("goal",)


class IkuTargetInline(admin.TabularInline):
    model = IkuTarget
    extra = 0
    fields = ("year", "target")


@admin.register(Iku)
class IkuAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "measure_unit", "higher_is_better", "unit")
    list_filter = ("instance", "higher_is_better")
    search_fields = ("code", "name", "unit__name")
    autocomplete_fields = ("unit",)
    list_select_related = ("unit",)
    inlines = [IkuTargetInline]


@admin.register(IkuTarget)
class IkuTargetAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("iku", "year", "target")
    list_filter = ("instance", "year")
    search_fields = ("iku__name",)
    list_select_related = ("iku",)


class PkIndicatorInline(admin.TabularInline):
    model = PkIndicator
    extra = 0
    fields = ("order", "name", "measure_unit", "target", "iku")
    raw_id_fields = ("iku", "strategic_target")


@admin.register(PerformanceAgreement)
class PerformanceAgreementAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("unit", "year", "status", "signed_on", "signatory", "instance")
    list_filter = ("instance", "year", "status")
    search_fields = ("unit__name", "signatory__name")
    autocomplete_fields = ("unit", "position", "signatory", "superior")
    list_select_related = ("unit", "signatory", "instance")
    inlines = [PkIndicatorInline]


@admin.register(PkIndicator)
class PkIndicatorAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "target", "measure_unit", "agreement")
    list_filter = ("instance",)
    search_fields = ("name",)
    raw_id_fields = ("agreement", "iku", "strategic_target")
    list_select_related = ("agreement__unit",)


@admin.register(ActionPlan)
class ActionPlanAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("action", "quarter", "target", "indicator")
    list_filter = ("instance", "quarter")
    search_fields = ("action",)
    raw_id_fields = ("indicator",)
    list_select_related = ("indicator",)


class ProgrammeInline(admin.TabularInline):
    model = Programme
    extra = 0
    fields = ("code", "name", "budget", "mission", "strategic_target")
    raw_id_fields = ("mission", "strategic_target")


@admin.register(WorkPlan)
class WorkPlanAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("unit", "year", "instance")
    list_filter = ("instance", "year")
    search_fields = ("unit__name",)
    autocomplete_fields = ("unit",)
    list_select_related = ("unit", "instance")
    inlines = [ProgrammeInline]


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ("code", "name", "budget")


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "budget", "work_plan")
    list_filter = ("instance",)
    search_fields = ("code", "name")
    raw_id_fields = ("work_plan", "mission", "strategic_target")
    list_select_related = ("work_plan__unit",)
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "budget", "programme")
    list_filter = ("instance",)
    search_fields = ("code", "name")
    raw_id_fields = ("programme",)
    list_select_related = ("programme",)
