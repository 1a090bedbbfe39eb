"""An action is shown exactly when the permission function its view checks says yes ({% can %})."""

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.urls import reverse

from kinerja.core.testing import SYSTEM
from kinerja.skp import services as skp_services

pytestmark = pytest.mark.django_db


def _links(client, name, **query):
    return client.get(reverse(name), query).content.decode()


def test_a_unit_head_is_offered_the_pk_but_not_the_renstra_or_work_plan(world, client_for):
    page = _links(client_for(world.u_kasi_surv), "planning:overview")
    assert reverse("planning:agreement_add") in page
    assert reverse("planning:renstra_add") not in page and reverse("planning:work_plan_add") not in page
    client = client_for(world.u_kasi_surv)
    assert client.get(reverse("planning:agreement_add")).status_code == 200
    assert client.get(reverse("planning:renstra_add")).status_code == 403


def test_a_plain_employee_has_no_manage_menu(world, client_for):
    page = _links(client_for(world.u_staff1), "planning:overview")
    assert 'data-testid="plan-admin"' not in page
    assert reverse("planning:agreement_add") not in _links(client_for(world.u_staff1), "planning:agreements")


@pytest.mark.parametrize("who, export, periods", [
    ("u_admin_bkpsdm", True, True), ("u_admin_opd", True, False), ("u_auditor", False, False),
    ("u_monev", False, False), ("u_pimpinan", False, False), ("u_root", True, True),
])
def test_skp_monitoring_offers_export_and_periods_only_to_who_may(world, client_for, who, export, periods):
    skp_services.ensure_period(actor=SYSTEM, instance=world.a, year=2026)
    client = client_for(getattr(world, who))
    page = _links(client, "skp:monitoring")
    assert ('data-testid="export-link"' in page) is export
    assert (reverse("skp:periods") in page) is periods
    assert (client.get(reverse("skp_documents:export")).status_code == 200) is export
    assert (client.get(reverse("skp:periods")).status_code == 200) is periods


def test_the_alignment_report_link_keeps_the_unit_only_when_it_may_be_reported(world, client_for):
    from kinerja.alignment import permissions

    assert permissions.can_view_report_of(world.u_kasi_surv, world.surv)
    assert not permissions.can_view_report_of(world.u_kasi_surv, world.dinkes)
    assert permissions.can_view_report_of(world.u_monev, world.dinkes)
    assert not permissions.can_view_report_of(world.u_staff1, world.surv)


def test_the_tag_only_calls_permission_functions(world):
    request = RequestFactory().get("/")
    request.user = world.u_admin_bkpsdm
    rendered = Template('{% load permissions %}{% can "skp.can_manage_periods" as ok %}{{ ok }}').render(
        Context({"request": request}))
    assert rendered == "True"
    with pytest.raises(TemplateSyntaxError):
        Template('{% load permissions %}{% can "skp.restrict_skps" as ok %}').render(Context({"request": request}))
