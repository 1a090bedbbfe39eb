"""User journeys in headless Chromium: log in per role, browse the tree, find an employee, bad password."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import login

ROLE_MENUS = {
    # user attribute: (menu entries that must show, menu entries that must not)
    "u_staff1": ({"home", "me", "org"}, {"team", "directory", "positions", "users", "audit"}),
    "u_kasi_surv": ({"home", "me", "team", "org"}, {"directory", "users", "audit"}),
    "u_admin_opd": ({"home", "org", "directory", "positions"}, {"users", "audit", "me"}),
    "u_admin_bkpsdm": ({"home", "org", "directory", "positions", "users", "audit"}, {"me", "team"}),
    "u_monev": ({"home", "org", "directory"}, {"users", "audit", "positions"}),
    "u_pimpinan": ({"home", "org", "directory"}, {"users", "audit", "positions"}),
    "u_auditor": ({"home", "org", "directory", "audit"}, {"users", "positions"}),
}


@pytest.mark.parametrize("user_attr", sorted(ROLE_MENUS))
def test_each_role_logs_in_and_sees_its_menu(page, live_world, user_attr):
    user = getattr(live_world, user_attr)
    # employees log in with their NIP (typed with spaces), the others with their username
    name = user.employee.nip_display if user.employee_id else user.username
    login(page, name, live_world.password)
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    menu = page.get_by_test_id("main-menu")
    shown = set(menu.locator("[data-menu]").evaluate_all("els => els.map(e => e.dataset.menu)"))
    must, must_not = ROLE_MENUS[user_attr]
    assert must <= shown, f"{user_attr} misses {must - shown}"
    assert not (must_not & shown), f"{user_attr} should not see {must_not & shown}"


def test_wrong_password_shows_a_clear_error_and_locks_after_repeated_failures(page, live_world):
    login(page, "staff1", "salah-sandi")
    error = page.get_by_test_id("login-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text(re.compile("(NIP|password|sandi)", re.I))
    expect(page.locator("input[name=username]")).to_have_value("staff1")
    for _ in range(5):
        login(page, "staff1", "salah-sandi")
    expect(page.get_by_test_id("locked-out")).to_be_visible()
    # even the right password is refused while locked
    login(page, "staff1", live_world.password)
    expect(page.get_by_test_id("locked-out")).to_be_visible()


def test_browse_the_org_tree_down_to_a_section(page, live_world):
    login(page, "staff1", live_world.password)
    page.locator("[data-menu=org]").click()
    dinkes = page.locator(f"li[data-unit='{live_world.dinkes.pk}']")
    expect(dinkes).to_contain_text("Dinas Kesehatan")
    expect(dinkes).to_contain_text("Siti Aminah")  # the head and holder
    dinkes.locator("[data-tree-toggle]").first.click()
    p2p = page.locator(f"li[data-unit='{live_world.p2p.pk}']")
    expect(p2p).to_be_visible()
    p2p.locator("[data-tree-toggle]").first.click()
    surv = page.locator(f"li[data-unit='{live_world.surv.pk}']")
    expect(surv).to_contain_text("Rina Wulandari")
    surv.get_by_role("link", name="Seksi Surveilans").click()
    expect(page.locator("h1")).to_contain_text("Seksi Surveilans")
    expect(page.locator("main")).to_contain_text("Pengelola Data")
    # other instances never appear
    page.goto("/org/")
    expect(page.locator("main")).not_to_contain_text("Dinas Kesehatan B")


def test_find_an_employee_and_open_the_profile(page, live_world):
    login(page, "admin_bkpsdm", live_world.password)
    page.locator("[data-menu=directory]").click()
    expect(page.locator("main")).to_contain_text("Andi Pratama")
    page.locator("input[name=q]").fill("Dewi")
    expect(page.locator("main")).not_to_contain_text("Andi Pratama")
    row = page.get_by_role("link", name=re.compile("Dewi Lestari"))
    expect(row).to_be_visible()
    row.click()
    expect(page.locator("h1")).to_contain_text("Dewi Lestari")
    main = page.locator("main")
    expect(main).to_contain_text(live_world.staff2.nip_display)
    expect(main).to_contain_text("Pengelola Data")
    expect(main).to_contain_text("Rina Wulandari")  # the evaluating superior


def test_search_by_nip_with_spaces(page, live_world):
    login(page, "admin_bkpsdm", live_world.password)
    page.goto("/people/")
    page.locator("input[name=q]").fill(live_world.staff_yankes.nip_display)
    expect(page.get_by_role("link", name=re.compile("Maya Sari"))).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Andi Pratama")


def test_phone_layout_has_a_menu_button(browser, live_server, live_world):
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    login(page, "kasi_surv", live_world.password)
    menu = page.get_by_test_id("main-menu")
    expect(menu).not_to_be_in_viewport()
    page.get_by_role("button", name=re.compile("Menu", re.I)).click()
    expect(menu.locator("[data-menu=team]")).to_be_visible()
    menu.locator("[data-menu=team]").click()
    expect(page.locator("main")).to_contain_text("Andi Pratama")
    context.close()
