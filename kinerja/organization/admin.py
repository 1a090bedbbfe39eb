"""Back office for instances, the unit tree (treebeard's TreeAdmin) and positions."""

from __future__ import annotations

from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from kinerja.audit.admin import AuditedAdminMixin
from kinerja.audit.services import record, snapshot

from .models import Instance, Position, Unit


@admin.register(Instance)
class InstanceAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "region", "city", "code", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "slug", "region", "city", "code")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Unit)
class UnitAdmin(AuditedAdminMixin, TreeAdmin):
    form = movenodeform_factory(Unit)
    list_display = ("name", "kind", "short_name", "code", "instance", "is_active")
    list_filter = ("instance", "kind", "is_active")
    search_fields = ("name", "short_name", "code", "siasn_id")
    list_select_related = ("instance",)

    def move_node(self, request):
        """Drag-and-drop moves in the tree list: audited like the form's saves."""
        response = super().move_node(request)
        if response.status_code == 200:
            node = Unit.objects.filter(pk=request.POST.get("node")).first()
            if node is not None:
                record("admin.organization.unit.move", node, actor=request.user, after=snapshot(node))
        return response


@admin.register(Position)
class PositionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "unit", "is_head", "superior", "single_holder", "is_active", "instance")
    list_filter = ("instance", "kind", "is_head", "single_holder", "is_active")
    search_fields = ("name", "unit__name", "echelon")
    autocomplete_fields = ("unit", "superior")
    list_select_related = ("unit", "superior", "instance")
