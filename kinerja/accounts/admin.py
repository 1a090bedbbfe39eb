"""Back office for users, role grants and API tokens."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from kinerja.audit.admin import AuditedAdminMixin

from .models import ApiToken, RoleGrant, User

admin.site.site_header = _("Kinerja back office")
admin.site.site_title = _("Kinerja back office")
admin.site.index_title = _("Technical administration")


class RoleGrantInline(admin.TabularInline):
    """Shown for reference; grants are added on their own page so each one is audited."""

    model = RoleGrant
    fk_name = "user"
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ("role", "unit", "granted_by", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    audit_exclude = ("last_login",)
    list_display = ("username", "employee", "instance", "email", "is_active", "is_staff", "is_superuser",
                    "last_login")
    list_filter = ("instance", "is_active", "is_staff", "is_superuser")
    search_fields = ("username", "email", "first_name", "last_name", "employee__name", "employee__nip")
    autocomplete_fields = ("employee",)
    list_select_related = ("employee", "instance")
    inlines = (RoleGrantInline,)
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Kinerja"), {"fields": ("instance", "employee")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "instance", "employee", "password1", "password2")}),
    )


@admin.register(RoleGrant)
class RoleGrantAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "role", "unit", "instance", "granted_by", "created_at")
    list_filter = ("role", "instance")
    search_fields = ("user__username", "user__employee__name", "user__employee__nip", "unit__name")
    autocomplete_fields = ("user", "unit")
    raw_id_fields = ("granted_by",)
    list_select_related = ("user__employee", "unit", "instance", "granted_by")


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Tokens are issued in the app (the raw value is shown once); here they can only be revoked."""

    audit_exclude = ("digest",)
    list_display = ("name", "user", "prefix", "expires_at", "last_used_at", "revoked", "instance")
    list_filter = ("revoked", "instance")
    search_fields = ("name", "prefix", "user__username")
    raw_id_fields = ("user",)
    readonly_fields = ("user", "prefix", "digest", "last_used_at", "instance")
    fields = ("name", "user", "prefix", "expires_at", "last_used_at", "revoked", "instance")
    list_select_related = ("user", "instance")

    def has_add_permission(self, request):
        return False
