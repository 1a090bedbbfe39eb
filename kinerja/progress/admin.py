"""Back office for progress: the instance's reporting settings, and a read-only view of reports and evidence.

Reports, evidence, action plans and the daily log are written in the app through the services (the
optimistic lock, content checks of files, audit), so they are read-only here. The reporting settings
(cadence, deadline day, upload limit, achievement cap, early-warning threshold) have no page in the app
yet: they are set here, validated by the model's validators and audited with their real before/after by
the mixin.
"""

from __future__ import annotations

from django.contrib import admin

from kinerja.audit.admin import AuditedAdminMixin, ReadOnlyAdminMixin

from .forms import ReportingSettingsForm
from .models import Evidence, Report, ReportingSettings


class ReportingSettingsAdminForm(ReportingSettingsForm):
    """The page's form (progress/forms.py) with the instance, which the platform operator picks here."""

    class Meta(ReportingSettingsForm.Meta):
        fields = ("instance", *ReportingSettingsForm.Meta.fields)


@admin.register(ReportingSettings)
class ReportingSettingsAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = ReportingSettingsAdminForm
    list_display = ("instance", "cadence", "deadline_day", "reminder_days", "max_upload_mb", "achievement_cap",
                    "at_risk_below", "count_unreviewed")
    list_select_related = ("instance",)


@admin.register(Report)
class ReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("iki", "employee", "period_start", "status", "value", "lock_version", "instance")
    list_filter = ("instance", "status", "period_start")
    search_fields = ("employee__name", "employee__nip", "iki__text")
    list_select_related = ("iki", "employee", "instance")
    raw_id_fields = ("skp", "iki", "employee", "unit", "reviewed_by")


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "kind", "content_type", "size", "status", "deleted_at", "report", "instance")
    list_filter = ("instance", "kind", "status")
    search_fields = ("original_name", "url", "caption", "sha256")
    list_select_related = ("report__iki", "instance")
    raw_id_fields = ("report", "uploaded_by", "replaces", "deleted_by")
