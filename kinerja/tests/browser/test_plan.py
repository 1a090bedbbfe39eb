"""The organisation plan in a browser: an employee finds the plan from the menu; an OPD admin adds a
goal and an IKU with the inline (htmx) forms, and a bad target is refused next to its field."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import login


@pytest.fixture
def live_plan(live_world):
    from kinerja.planning.testing import build_plan

    return build_plan(live_world)


def test_employee_sees_the_plan_from_the_menu(page, live_world, live_plan):
    login(page, "staff1", live_world.password)
    page.locator("[data-menu=plan]").click()
    expect(page.get_by_test_id("vision")).to_contain_text("Kota Alpha yang sehat")
    expect(page.get_by_test_id("missions")).to_contain_text("Meningkatkan kualitas sumber daya manusia")
    card = page.get_by_test_id("opd-card").filter(has_text="Dinas Kesehatan").first
    expect(card).to_contain_text("Angka keberhasilan pengobatan TBC")
    card.get_by_role("link", name="Angka keberhasilan pengobatan TBC").click()
    expect(page.get_by_test_id("iku-trace")).to_contain_text("Meningkatkan kualitas sumber daya manusia")
    expect(page.get_by_test_id("iku-targets")).to_contain_text("87")
    # a plain employee gets no editing controls
    expect(page.get_by_test_id("set-targets")).to_have_count(0)


def test_opd_admin_adds_a_goal_and_an_iku_inline(page, live_world, live_plan):
    login(page, "admin_opd", live_world.password)
    page.goto(f"/plan/renstra/{live_plan.renstra.pk}/")
    page.get_by_test_id("add-goal").click()
    form = page.get_by_test_id("inline-form")
    form.locator("textarea[name=text]").fill("Meningkatnya kemandirian kesehatan masyarakat")
    form.locator("select[name=mission]").select_option(str(live_plan.m3.pk))
    form.get_by_test_id("submit").click()
    expect(page).to_have_url(re.compile(r"#goal-\d+$"))
    goal = page.locator("section.goal-block").filter(has_text="Meningkatnya kemandirian kesehatan masyarakat")
    expect(goal).to_contain_text("3")

    page.get_by_test_id("add-iku").first.click()
    form = page.get_by_test_id("inline-form")
    form.locator("textarea[name=name]").fill("Persentase puskesmas terakreditasi")
    form.locator("input[name=measure_unit]").fill("%")
    form.locator("input[name=target_2026]").fill("-5")
    form.get_by_test_id("submit").click()
    expect(page.locator("[data-field-error=target_2026]")).to_be_visible()
    page.get_by_test_id("inline-form").locator("input[name=target_2026]").fill("62,5")
    page.get_by_test_id("inline-form").get_by_test_id("submit").click()
    expect(page.locator("h1")).to_contain_text("Persentase puskesmas terakreditasi")
    expect(page.get_by_test_id("iku-targets")).to_contain_text("62,5")
