"""Back office for instances, the unit tree (treebeard's TreeAdmin) and positions.

Instances have no page in the app: the platform operator creates and corrects them here, through
``services.create_instance``/``update_instance`` (validated, audited). Units and positions are
written in the app (/organization/) through their services, so here they are read-only — the tree's
drag-and-drop move included.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from kinerja.audit.admin import ReadOnlyAdminMixin, ServiceAdminMixin

from . import services
from .models import Instance, Position, Unit


@admin.register(Instance)
class InstanceAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "region", "city", "code", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "slug", "region", "city", "code")
    prepopulated_fields = {"slug": ("name",)}
    fields = services.INSTANCE_FIELDS

    def service_create(self, request, form):
        data = form.cleaned_data
        instance = services.create_instance(actor=request.user, name=data["name"], slug=data["slug"],
                                            region=data["region"], code=data["code"],
                                            city=data["city"])
        if not data["is_active"]:
            instance = services.update_instance(actor=request.user, instance=instance, is_active=False)
        return instance

    def service_update(self, request, instance, changes):
        services.update_instance(actor=request.user, instance=instance, **changes)


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdminMixin, TreeAdmin):
    form = movenodeform_factory(Unit)
    list_display = ("name", "kind", "short_name", "code", "instance", "is_active")
    list_filter = ("instance", "kind", "is_active")
    search_fields = ("name", "short_name", "code", "siasn_id")
    list_select_related = ("instance",)

    def move_node(self, request):
        """treebeard's drag-and-drop move checks no permission of its own."""
        raise PermissionDenied


@admin.register(Position)
class PositionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "unit", "is_head", "superior", "single_holder", "is_active", "instance")
    list_filter = ("instance", "kind", "is_head", "single_holder", "is_active")
    search_fields = ("name", "unit__name", "echelon")
    autocomplete_fields = ("unit", "superior")
    list_select_related = ("unit", "superior", "instance")
