"""Back office for users, role grants and API tokens.

Role grants and token revocations go through the services (validated, audited). The user form is
Django's (password hashing, staff/superuser flags), checked like ``services.create_user`` checks a new
login and audited with its real before/after by the mixin.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from kinerja.audit.admin import AuditedAdminMixin, ServiceAdminMixin

from . import services
from .models import ApiToken, RoleGrant, User

admin.site.site_header = _("Kinerja back office")
admin.site.site_title = _("Kinerja back office")
admin.site.index_title = _("Technical administration")
# Kinerja's permissions are role grants (RoleGrant), not Django groups: no unaudited second way in.
admin.site.unregister(Group)


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


class _InstanceChecks:
    """The rules ``services.create_user`` applies to a login's instance and employee."""

    def clean(self):
        data = super().clean()
        instance, employee = data.get("instance"), data.get("employee")
        if data.get("is_superuser") and instance is not None:
            self.add_error("instance", _("Platform operators belong to no instance."))
        if employee is not None and (instance is None or employee.instance_id != instance.pk):
            self.add_error("employee", _("The employee belongs to another instance."))
        return data


class UserAdminChangeForm(_InstanceChecks, UserChangeForm):
    pass


class UserAdminCreationForm(_InstanceChecks, AdminUserCreationForm):
    pass


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
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
class RoleGrantAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """A grant is given or revoked (``services.grant_role``/``revoke_role``), never edited."""

    list_display = ("user", "role", "unit", "instance", "granted_by", "created_at")
    list_filter = ("role", "instance")
    search_fields = ("user__username", "user__employee__name", "user__employee__nip", "unit__name")
    autocomplete_fields = ("user", "unit")
    raw_id_fields = ("granted_by",)
    list_select_related = ("user__employee", "unit", "instance", "granted_by")
    fields = ("user", "role", "unit")

    def service_create(self, request, form):
        data = form.cleaned_data
        return services.grant_role(actor=request.user, user=data["user"], role=data["role"], unit=data.get("unit"))

    def service_delete(self, request, grant):
        services.revoke_role(actor=request.user, grant=grant)


@admin.register(ApiToken)
class ApiTokenAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Tokens are issued in the app (the raw value is shown once); here they can only be revoked
    (``services.revoke_token``)."""

    list_display = ("name", "user", "prefix", "expires_at", "last_used_at", "revoked", "instance")
    list_filter = ("revoked", "instance")
    search_fields = ("name", "prefix", "user__username")
    raw_id_fields = ("user",)
    readonly_fields = ("name", "user", "prefix", "expires_at", "last_used_at", "instance")
    fields = ("name", "user", "prefix", "expires_at", "last_used_at", "revoked", "instance")
    list_select_related = ("user", "instance")

    def service_update(self, request, token, changes):
        if not changes.get("revoked", True):
            raise forms.ValidationError({"revoked": [_("A revoked token stays revoked; issue a new one.")]})
        if changes.get("revoked"):
            services.revoke_token(actor=request.user, token=token)
