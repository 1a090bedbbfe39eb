"""Every back-office page of Kinerja writes in one of three ways (kinerja/audit/admin_mixins.py): not at
all, through the services, or (settings rows without a service) audited with the real before/after
including inline rows. A new admin that writes any other way fails here."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from kinerja.audit.admin_mixins import (
    AuditedAdminMixin,
    ReadOnlyAdminMixin,
    ServiceAdminMixin,
    ServiceInlineMixin,
)

OURS = sorted(((model, model_admin) for model, model_admin in admin.site._registry.items()
               if model.__module__.startswith("kinerja.")), key=lambda pair: pair[0]._meta.label)
KINDS = (ReadOnlyAdminMixin, ServiceAdminMixin, AuditedAdminMixin)


@pytest.fixture
def root_request(db):
    from kinerja.accounts.models import User

    request = RequestFactory().get("/admin/")
    request.user = User.objects.create_superuser("root", "root@example.org", "x")
    return request


def test_django_groups_are_not_offered():
    from django.contrib.auth.models import Group

    assert not admin.site.is_registered(Group)


@pytest.mark.parametrize("model, model_admin", OURS, ids=lambda value: getattr(value, "__name__", ""))
def test_every_admin_writes_in_one_of_the_three_ways(root_request, model, model_admin):
    writes = (model_admin.has_add_permission(root_request) or model_admin.has_change_permission(root_request)
              or model_admin.has_delete_permission(root_request))
    if writes:
        assert isinstance(model_admin, KINDS), f"{model.__name__}: a writable admin without an audit path"
    assert "delete_selected" not in model_admin.get_actions(root_request)
    for inline in model_admin.get_inline_instances(root_request):
        inline_writes = (inline.has_add_permission(root_request, None) or inline.has_change_permission(root_request)
                         or inline.has_delete_permission(root_request))
        if not inline_writes:
            continue
        if isinstance(model_admin, ServiceAdminMixin):
            assert isinstance(inline, ServiceInlineMixin), f"{model.__name__}: inline {inline.model.__name__}"
        else:  # a Django-saved inline is in the audited admin's deep snapshot
            assert isinstance(model_admin, AuditedAdminMixin), f"{model.__name__}: inline {inline.model.__name__}"
