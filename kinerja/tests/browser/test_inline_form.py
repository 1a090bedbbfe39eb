"""The one inline-form component (templates/components/inline_form.html + app.js) in a browser: a form opens in
place with its first field focused; Cancel and × close it — in a slot by emptying the slot (plan pages), in
the SKP editor by reloading the section the form replaced."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kinerja.skp import services

from .conftest import login
from .skp_data import period_2026


@pytest.fixture
def live_plan(live_world):
    from kinerja.planning.testing import build_plan

    return build_plan(live_world)


def test_plan_inline_form_opens_focused_and_closes_with_cancel_and_the_cross(page, live_world, live_plan):
    login(page, "admin_opd", live_world.password)
    page.goto(f"/plan/renstra/{live_plan.renstra.pk}/")
    page.get_by_test_id("add-goal").click()
    form = page.get_by_test_id("inline-form")
    expect(form.locator("input:not([type=hidden]), textarea").first).to_be_focused()  # its first field
    form.get_by_test_id("cancel").click()
    expect(page.get_by_test_id("inline-form")).to_have_count(0)
    expect(page).to_have_url(re.compile(rf"/plan/renstra/{live_plan.renstra.pk}/$"))  # no page left: the slot emptied
    page.get_by_test_id("add-goal").click()
    page.get_by_test_id("inline-form").get_by_role("button", name="Tutup").click()
    expect(page.get_by_test_id("inline-form")).to_have_count(0)


def test_skp_inline_form_cancel_reloads_the_section(page, live_world):
    w = live_world
    skp = services.create_skp(actor=w.u_staff1, employee=w.staff1, period=period_2026(w))
    login(page, w.staff1.nip_display, w.password)
    page.goto(f"/skp/{skp.pk}/edit/")
    page.get_by_test_id("add-rhk-utama").click()
    form = page.get_by_test_id("rhk-form")
    expect(form.locator("textarea[name=text]")).to_be_focused()
    form.get_by_test_id("cancel").click()
    expect(page.get_by_test_id("rhk-form")).to_have_count(0)
    expect(page.get_by_test_id("add-rhk-utama")).to_be_visible()
    page.get_by_test_id("add-rhk-utama").click()
    page.get_by_test_id("rhk-form").get_by_role("button", name="Tutup").click()
    expect(page.get_by_test_id("rhk-form")).to_have_count(0)
