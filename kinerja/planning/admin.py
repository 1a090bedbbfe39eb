"""Back office for the organisation plan: the plan pages (/plan/) are where it is edited, through the
services that validate and audit. The RPJMD and its missions may be corrected here too, and those saves
(mission rows included) are calls to the same services; every other plan model is read-only here."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from kinerja.audit.admin import ReadOnlyAdminMixin, ServiceAdminMixin, ServiceInlineMixin

from . import services
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


def _mission_changes(changes: dict) -> dict:
    return {k: v for k, v in changes.items() if k in ("number", "text")}


class MissionForm(forms.ModelForm):
    """The number may be left empty: the service gives the next one."""

    class Meta:
        model = Mission
        fields = ("number", "text")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False


class MissionInline(ServiceInlineMixin, admin.TabularInline):
    model = Mission
    form = MissionForm
    extra = 0
    fields = ("number", "text")

    def service_create(self, request, rpjmd, data):
        return services.create_mission(actor=request.user, rpjmd=rpjmd, text=data.get("text"),
                                       number=data.get("number"))

    def service_update(self, request, mission, changes):
        services.update_mission(actor=request.user, mission=mission, **_mission_changes(changes))

    def service_delete(self, request, mission):
        services.delete_mission(actor=request.user, mission=mission)


@admin.register(Rpjmd)
class RpjmdAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ("title", "start_year", "end_year", "instance")
    list_filter = ("instance",)
    search_fields = ("title", "vision")
    fields = ("instance", "title", "start_year", "end_year", "vision")
    inlines = [MissionInline]

    def get_readonly_fields(self, request, obj=None):
        return ("instance",) if obj is not None else ()

    def service_create(self, request, form):
        data = form.cleaned_data
        return services.create_rpjmd(actor=request.user, instance=data["instance"], title=data["title"],
                                     start_year=data["start_year"], end_year=data["end_year"], vision=data["vision"])

    def service_update(self, request, rpjmd, changes):
        services.update_rpjmd(actor=request.user, rpjmd=rpjmd,
                              **{k: v for k, v in changes.items() if k in services.RPJMD_FIELDS})

    def service_delete(self, request, rpjmd):
        services.delete_rpjmd(actor=request.user, rpjmd=rpjmd)


@admin.register(Mission)
class MissionAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ("number", "text", "rpjmd", "instance")
    list_filter = ("instance",)
    search_fields = ("text",)
    list_select_related = ("rpjmd", "instance")
    fields = ("rpjmd", "number", "text")

    def get_readonly_fields(self, request, obj=None):
        return ("rpjmd",) if obj is not None else ()

    def service_create(self, request, form):
        data = form.cleaned_data
        return services.create_mission(actor=request.user, rpjmd=data["rpjmd"], text=data["text"],
                                       number=data["number"])

    def service_update(self, request, mission, changes):
        services.update_mission(actor=request.user, mission=mission, **_mission_changes(changes))

    def service_delete(self, request, mission):
        services.delete_mission(actor=request.user, mission=mission)


@admin.register(Renstra)
class RenstraAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "unit", "start_year", "end_year", "rpjmd", "instance")
    list_filter = ("instance",)
    search_fields = ("title", "unit__name")
    autocomplete_fields = ("unit",)
    list_select_related = ("unit", "rpjmd", "instance")


@admin.register(Goal)
class GoalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("code", "text", "renstra", "mission")
    list_filter = ("instance",)
    search_fields = ("code", "text")
    list_select_related = ("renstra", "mission")


@admin.register(StrategicTarget)
class StrategicTargetAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("code", "text", "goal")
    list_filter = ("instance",)
    search_fields = ("code", "text")
    list_select_related = ("goal",)


class IkuTargetInline(admin.TabularInline):
    model = IkuTarget
    extra = 0
    fields = ("year", "target")


@admin.register(Iku)
class IkuAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "measure_unit", "higher_is_better", "unit")
    list_filter = ("instance", "higher_is_better")
    search_fields = ("code", "name", "unit__name")
    autocomplete_fields = ("unit",)
    list_select_related = ("unit",)
    inlines = [IkuTargetInline]


@admin.register(IkuTarget)
class IkuTargetAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
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
class PerformanceAgreementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("unit", "year", "status", "signed_on", "signatory", "instance")
    list_filter = ("instance", "year", "status")
    search_fields = ("unit__name", "signatory__name")
    autocomplete_fields = ("unit", "position", "signatory", "superior")
    list_select_related = ("unit", "signatory", "instance")
    inlines = [PkIndicatorInline]


@admin.register(PkIndicator)
class PkIndicatorAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "target", "measure_unit", "agreement")
    list_filter = ("instance",)
    search_fields = ("name",)
    raw_id_fields = ("agreement", "iku", "strategic_target")
    list_select_related = ("agreement__unit",)


@admin.register(ActionPlan)
class ActionPlanAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
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
class WorkPlanAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
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
class ProgrammeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "budget", "work_plan")
    list_filter = ("instance",)
    search_fields = ("code", "name")
    raw_id_fields = ("work_plan", "mission", "strategic_target")
    list_select_related = ("work_plan__unit",)
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "budget", "programme")
    list_filter = ("instance",)
    search_fields = ("code", "name")
    raw_id_fields = ("programme",)
    list_select_related = ("programme",)
