"""The cascade map and the alignment report in headless Chromium, on a desktop and on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kinerja.alignment.tests.conftest import make_plan

from .conftest import ARTIFACTS, login

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def plan(live_world):
    return make_plan(live_world)


def _open(browser, live_server, user, password, *, phone=False):
    context = browser.new_context(viewport=PHONE if phone else {"width": 1366, "height": 900},
                                  base_url=live_server.url, locale="id-ID", is_mobile=phone, has_touch=phone)
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, user, password)
    return context, page


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1


def test_phone_user_walks_down_the_tree_to_their_rhk(browser, live_server, live_world, plan):
    w, p = live_world, plan
    context, page = _open(browser, live_server, w.staff1.nip_display, w.password, phone=True)
    page.goto("/alignment/")
    expect(page.locator("h1")).to_contain_text("Peta cascading")
    expect(page.get_by_test_id("my-chain")).to_contain_text("Mewujudkan masyarakat yang sehat")
    tree = page.get_by_test_id("cascade-tree")
    for key in (f"p{p.pki2.pk}", f"r{p.r2.pk}", f"r{p.r4.pk}", f"r{p.r5.pk}"):
        tree.locator(f"li[data-key='{key}'] .c-toggle").first.click()
    mine = tree.locator(f"li[data-key='r{p.r6.pk}']")
    expect(mine).to_have_class(re.compile("is-mine"))
    expect(mine).to_contain_text("Laporan surveilans mingguan")
    # folding a node hides its branch again
    tree.locator(f"li[data-key='r{p.r4.pk}'] .c-toggle").first.click()
    expect(mine).to_be_hidden()
    _no_sideways_scroll(page)
    page.screenshot(path=str(ARTIFACTS / "cascade-map-phone.png"), full_page=True)
    context.close()


def test_find_a_colleague_and_open_their_chain(browser, live_server, live_world, plan):
    w = live_world
    context, page = _open(browser, live_server, w.staff_disdik.nip_display, w.password)
    page.goto("/alignment/?unit=all")
    page.get_by_test_id("map-search").fill("Andi")
    result = page.locator(f"[data-employee='{w.staff1.pk}']")
    expect(result).to_contain_text("Andi Pratama")
    result.click()
    expect(page.get_by_test_id("chain-employee")).to_contain_text("Andi Pratama")
    chains = page.get_by_test_id("chain-list")
    expect(chains.locator(".chain-card[data-complete='1']")).to_contain_text("Mewujudkan masyarakat yang sehat")
    expect(chains.locator(".chain-card[data-complete='0']")).to_contain_text("Tidak mengintervensi RHK pimpinan")
    page.screenshot(path=str(ARTIFACTS / "cascade-chain-desktop.png"), full_page=True)
    context.close()


def test_admin_reads_the_report_and_downloads_it(browser, live_server, live_world, plan):
    w = live_world
    context, page = _open(browser, live_server, "admin_bkpsdm", w.password)
    page.locator("[data-menu=alignment]").click()
    expect(page.locator("h1")).to_contain_text("Laporan keselarasan")
    expect(page.get_by_test_id("unsupported-iku")).to_contain_text("Persentase puskesmas terakreditasi")
    expect(page.get_by_test_id("unlinked-rhk")).to_contain_text("Terlaksananya reformasi birokrasi")
    expect(page.get_by_test_id("without-skp")).to_contain_text("Dewi Lestari")
    page.get_by_test_id("report-unit").select_option(str(w.disdik.pk))
    expect(page.get_by_test_id("unsupported-iku")).not_to_contain_text("Persentase puskesmas terakreditasi")
    with page.expect_download() as info:
        page.get_by_test_id("report-xlsx").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    page.screenshot(path=str(ARTIFACTS / "alignment-report-desktop.png"), full_page=True)
    context.close()

    context, page = _open(browser, live_server, w.kasi_surv.nip_display, w.password, phone=True)
    page.goto("/alignment/report/")
    expect(page.get_by_test_id("without-skp")).to_contain_text("Dewi Lestari")
    _no_sideways_scroll(page)
    page.screenshot(path=str(ARTIFACTS / "alignment-report-phone.png"), full_page=True)
    context.close()
