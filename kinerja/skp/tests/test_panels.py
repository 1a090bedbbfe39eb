"""Panels other apps register on the SKP page (skp/panels.py): shown in order, left out when they say None."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.skp import panels
from kinerja.skp.models import Skp

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test (the installed apps' panels come back afterwards)."""
    monkeypatch.setattr(panels, "_PANELS", {})
    return panels


def test_panels_are_shown_in_registration_order_and_left_out_on_none(registry):
    registry.register_panel(panels.SkpPanel("b", "b.html", lambda skp: {"n": skp.pk}))
    registry.register_panel(panels.SkpPanel("none", "none.html", lambda skp: None))
    registry.register_panel(panels.SkpPanel("a", "a.html", lambda skp: {}))
    registry.register_panel(panels.SkpPanel("b", "b2.html", lambda skp: {"n": 2}))  # the same key: replaced
    shown = registry.panels_for(Skp(pk=7))
    assert shown == [{"key": "b", "template": "b2.html", "panel": {"n": 2}},
                     {"key": "a", "template": "a.html", "panel": {}}]


def test_the_skp_page_renders_a_registered_panel_with_its_context(registry, world, client_for, tmp_path, settings):
    (tmp_path / "probe_panel.html").write_text('<p data-testid="probe">{{ panel.word }} {{ skp.pk }}</p>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    registry.register_panel(panels.SkpPanel("probe", "probe_panel.html", lambda skp: {"word": "hello"}))
    from kinerja.skp import services

    period = services.ensure_period(actor=world.u_admin_bkpsdm, instance=world.a, year=2026)
    skp = services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)
    page = client_for(world.u_staff1).get(reverse("skp:detail", args=[skp.pk])).content.decode()
    assert f'<p data-testid="probe">hello {skp.pk}</p>' in page
