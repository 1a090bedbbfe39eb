"""The platform operator (superuser, no instance) picks the instance to work on; pages then act on it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.core.testing import SYSTEM
from kinerja.skp import services as skp_services

pytestmark = pytest.mark.django_db


def test_the_operator_picks_an_instance_and_every_page_keeps_it(world, client_for):
    skp_services.ensure_period(actor=SYSTEM, instance=world.b, year=2026)
    client = client_for(world.u_root)

    home = client.get(reverse("home:home"))
    picker = home.content.decode()
    assert 'data-testid="instance-picker"' in picker
    assert world.a.name in picker and world.b.name in picker

    # the first instance by name (Alpha) until they choose: it has no period
    assert "Tahun 2026" not in client.get(reverse("skp:periods")).content.decode()
    # choose Beta once; periods, monitoring and the plan speak of Beta afterwards
    assert client.get(reverse("skp:periods"), {"instance": world.b.pk}).status_code == 200
    periods = client.get(reverse("skp:periods"))
    assert periods.status_code == 200 and "2026" in periods.content.decode()
    monitoring = client.get(reverse("skp:monitoring")).content.decode()
    assert "No SKP period has been opened yet." not in monitoring
    assert f'value="{world.b.pk}" selected' in client.get(reverse("planning:overview")).content.decode()
    assert client.get(reverse("organization:tree")).context["instance"] == world.b


def test_the_operator_opens_a_period_of_the_chosen_instance(world, client_for):
    client = client_for(world.u_root)
    client.get(reverse("home:home"), {"instance": world.b.pk})
    response = client.post(reverse("skp:periods"), {"year": 2026})
    assert response.status_code == 302
    from kinerja.skp.models import Period

    assert Period.objects.filter(instance=world.b, year=2026).exists()
    assert not Period.objects.filter(instance=world.a).exists()


def test_nobody_else_gets_a_picker_or_switches_instance(world, client_for):
    client = client_for(world.u_admin_bkpsdm)
    page = client.get(reverse("organization:tree"), {"instance": world.b.pk})
    assert 'data-testid="instance-picker"' not in page.content.decode()
    assert page.context["instance"] == world.a


def test_the_operators_monitoring_offers_the_units_of_the_chosen_instance(world, client_for):
    skp_services.ensure_period(actor=SYSTEM, instance=world.b, year=2026)
    client = client_for(world.u_root)
    page = client.get(reverse("skp:monitoring"), {"instance": world.b.pk}).content.decode()
    assert world.dinkes_b.name in page and world.disdik.name not in page
