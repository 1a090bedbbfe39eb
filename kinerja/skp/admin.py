"""Back office for SKPs: the instance's SKP settings and periods, and a read-only view of each SKP.

SKPs, their content, templates and versions are written in the app through the services (workflow,
optimistic lock, validation, audit), so they are read-only here. The SKP settings and the periods'
dates have no page in the app: they are corrected here, validated by the forms below and audited with
their real before/after by the mixin.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kinerja.audit.admin import AuditedAdminMixin, ReadOnlyAdminMixin

from .forms import SkpSettingsForm
from .models import Appendix, BehaviourExpectation, Iki, Period, Rhk, Skp, SkpSettings, SkpTemplate, SkpVersion


class SkpSettingsAdminForm(SkpSettingsForm):
    """The page's form (skp/forms.py) with the instance, which the platform operator picks here."""

    class Meta(SkpSettingsForm.Meta):
        fields = ("instance", *SkpSettingsForm.Meta.fields)


class PeriodForm(forms.ModelForm):
    class Meta:
        model = Period
        fields = ("instance", "name", "kind", "year", "start_date", "end_date", "deadline", "is_closed",
                  "scoring_scheme")

    def clean(self):
        data = super().clean()
        start, end, deadline = data.get("start_date"), data.get("end_date"), data.get("deadline")
        if start and end and end < start:
            self.add_error("end_date", _("The period ends before it starts."))
        if start and deadline and deadline < start:
            self.add_error("deadline", _("The SKP deadline cannot precede the period's start."))
        if start and data.get("year") and data["year"] != start.year:
            self.add_error("year", _("The year is the year the period starts."))
        scheme = data.get("scoring_scheme")
        if scheme and self.instance.pk is not None:
            from .models import Period
            from .services.periods import scheme_change_refusal

            refusal = scheme_change_refusal(Period.objects.get(pk=self.instance.pk), scheme)
            if refusal:
                self.add_error("scoring_scheme", refusal)
        return data


@admin.register(SkpSettings)
class SkpSettingsAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = SkpSettingsAdminForm
    list_display = ("instance", "period_kind", "deadline_months_after_start", "deadline_day")
    list_select_related = ("instance",)


@admin.register(Period)
class PeriodAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = PeriodForm
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
class SkpAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
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
class RhkAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("text", "group", "perspective", "skp", "parent", "instance")
    list_filter = ("instance", "group", "perspective")
    search_fields = ("text", "skp__employee__name", "skp__employee__nip")
    list_select_related = ("skp__employee", "skp__period", "parent", "instance")
    raw_id_fields = ("skp", "parent", "pk_indicator")
    inlines = (IkiInline,)
    show_full_result_count = False


@admin.register(SkpTemplate)
class SkpTemplateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "position_name", "position_kind", "is_active", "instance")
    list_filter = ("instance", "is_active", "position_kind")
    search_fields = ("name", "position_name")
    list_select_related = ("instance",)


@admin.register(SkpVersion)
class SkpVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Snapshots are history: nobody adds, changes or deletes them."""

    list_display = ("skp", "number", "action", "status", "by", "at", "instance")
    list_filter = ("instance", "action", "status")
    search_fields = ("skp__employee__name", "skp__employee__nip", "note")
    list_select_related = ("skp__employee", "skp__period", "by", "instance")
    readonly_fields = ("instance", "skp", "number", "action", "status", "note", "content", "by", "at")
    show_full_result_count = False
