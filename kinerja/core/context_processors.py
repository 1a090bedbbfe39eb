"""The role-based menu: each user sees only the entries their scope allows."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from kinerja.accounts.scope import get_scope
from kinerja.exports.permissions import can_export


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: str
    url_name: str
    icon: str
    args: tuple = ()

    @property
    def url(self) -> str:
        try:
            return reverse(self.url_name, args=self.args)
        except NoReverseMatch:
            return "#"


def menu_for(user) -> list[MenuItem]:
    s = get_scope(user)
    if not s.authenticated:
        return []
    items = [MenuItem("home", _("Home"), "core:home", "house")]
    if s.is_pegawai:
        items.append(MenuItem("me", _("My profile"), "people:me", "person-badge"))
        items.append(MenuItem("skp_mine", _("My SKP"), "skp:mine", "clipboard-check"))
    if s.is_penilai:
        items.append(MenuItem("team", _("My team"), "people:team", "people"))
        items.append(MenuItem("skp_team", _("Team SKP"), "skp:team", "clipboard2-pulse"))
    if s.is_pegawai:
        items.append(MenuItem("socialisation", _("Policies and guides"), "socialisation:mine", "megaphone"))
    items.append(MenuItem("org", _("Organisation"), "organization:tree", "diagram-3"))
    items.append(MenuItem("plan", _("Organisation plan"), "planning:overview", "bullseye"))
    if s.superuser or s.is_pegawai or s.roles:
        items.append(MenuItem("cascade", _("Cascade map"), "alignment:map", "bezier2"))
    if s.superuser or s.instance_wide_view or s.change_paths or s.headed_paths:
        items.append(MenuItem("alignment", _("Alignment report"), "alignment:report", "ui-checks"))
    if s.superuser or s.instance_wide_view or s.change_paths:
        items.append(MenuItem("directory", _("Employee directory"), "people:directory", "person-lines-fill"))
        items.append(MenuItem("skp_monitoring", _("SKP monitoring"), "skp:monitoring", "clipboard-data"))
    if s.superuser or s.instance_wide_change or s.change_paths:
        items.append(MenuItem("positions", _("Positions"), "organization:positions", "briefcase"))
        items.append(MenuItem("socialisation_manage", _("Manage socialisation"), "socialisation:manage",
                              "broadcast"))
    if can_export(user):
        items.append(MenuItem("skp_export", _("Export SKPs"), "skp_documents:export", "file-earmark-spreadsheet"))
    if s.superuser or s.instance_wide_change:
        items.append(MenuItem("users", _("Users and roles"), "accounts:users", "shield-lock"))
    if s.can_view_audit:
        items.append(MenuItem("audit", _("Audit log"), "audit:list", "journal-text"))
    items.append(MenuItem("api", _("API"), "api:docs", "braces"))
    if user.is_staff:
        items.append(MenuItem("admin", _("Back office"), "admin:index", "gear"))
    return items


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": [], "scope": None}
    context = {"menu": menu_for(user), "scope": get_scope(user)}
    if user.is_superuser and user.instance_id is None:  # the platform operator picks the instance to work on
        from kinerja.organization.models import Instance

        instances = list(Instance.objects.order_by("name").only("id", "name"))
        context["operator_instances"] = instances
        context["operator_instance"] = next((i for i in instances if i.pk == context["scope"].instance_id), None)
    return context
