"""The SKP page shows each RHK's chain to the mission: a panel alignment registers with skp (skp imports nothing
from alignment)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.alignment.panels import SKP_CHAINS
from kinerja.skp import panels

from .conftest import make_skp

pytestmark = pytest.mark.django_db


def test_alignment_registers_the_chains_panel_with_skp():
    assert panels._PANELS["alignment.chains"] is SKP_CHAINS


def test_the_skp_page_shows_each_rhk_chain_up_to_the_mission(world, plan, client_for):
    response = client_for(world.u_staff1).get(reverse("skp:detail", args=[plan.skp_staff1.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="skp-chains"' in page
    assert plan.m1.text in page  # the first RHK's chain reaches the mission
    assert f'{reverse("alignment:map")}?period={plan.period.pk}' in page  # the cascade map link
    ours = [p for p in response.context["panels"] if p["key"].startswith("alignment.")]  # other apps add theirs
    assert [p["key"] for p in ours] == ["alignment.chains"]
    assert [c.rhk_id for c in ours[0]["panel"]["chains"]] == [plan.r6.pk, plan.r7.pk]


def test_an_skp_without_rhk_has_no_chains_panel(world, plan, client_for):
    empty = make_skp(plan.period, world.staff2)
    response = client_for(world.u_admin_bkpsdm).get(reverse("skp:detail", args=[empty.pk]))
    assert response.status_code == 200
    assert [p for p in response.context["panels"] if p["key"].startswith("alignment.")] == []
    assert 'data-testid="skp-chains"' not in response.content.decode()
