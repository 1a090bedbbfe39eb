"""The organisation dashboard in headless Chromium: the board with its charts, the drill-down, on a phone."""

from __future__ import annotations

from unittest import mock

import pytest
from playwright.sync_api import expect

from kinerja.planning import services as plan_services
from kinerja.planning.testing import build_plan
from kinerja.progress.achievement import rebuild
from kinerja.progress.tests.achievement_world import TODAY, build, report
from kinerja.skp.models import Iki, Rhk, SkpKind

from .conftest import ARTIFACTS, login

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def dashboard_world(live_world):
    from kinerja.core.testing import SYSTEM

    w = live_world
    p = build_plan(w)
    c = build(w, p)
    # a second OPD behind its target, so that the units compare and the early warning has material
    from kinerja.progress.tests.achievement_world import skp

    pk = plan_services.create_agreement(actor=SYSTEM, unit=w.disdik, year=2026)
    ind = plan_services.create_pk_indicator(actor=SYSTEM, agreement=pk, iku=p.iku_disdik, target="92")
    head = skp(w, c.period, w.kadisdik, w.pos_kadisdik, w.disdik, kind=SkpKind.JPT)
    rhk_head = Rhk.objects.create(instance=w.a, skp=head, text="Meningkatnya partisipasi sekolah", pk_indicator=ind,
                                  perspective="penerima_layanan")
    staff = skp(w, c.period, w.staff_disdik, w.pos_staff_disdik, w.disdik, evaluator=w.kadisdik)
    rhk = Rhk.objects.create(instance=w.a, skp=staff, text="Terdatanya murid putus sekolah", parent=rhk_head)
    iki = Iki.objects.create(instance=w.a, rhk=rhk, text="Murid putus sekolah yang didata", target_value=240,
                             measure_unit="murid")
    for month, value in enumerate([12, 10, 9, 8, 8, 6], start=1):
        report(iki, month, value)
    for month, value in enumerate([8, 9, 11, 12, 13, 14], start=1):
        report(c.count, month, value)
    rebuild(instance_id=w.a.pk, today=TODAY)
    return c


@pytest.fixture(autouse=True)
def frozen_today():
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        yield


def _open(browser, live_server, username, password, *, phone=False):
    context = browser.new_context(viewport=PHONE if phone else {"width": 1366, "height": 900},
                                  base_url=live_server.url, locale="id-ID", is_mobile=phone, has_touch=phone)
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, username, password)
    return context, page


def _charts_drawn(page) -> int:
    return page.evaluate("[...document.querySelectorAll('canvas[data-chart]')]"
                         ".filter((c) => window.Chart && window.Chart.getChart(c)).length")


def test_pimpinan_follows_the_iku_down_to_the_people(browser, live_server, live_world, dashboard_world):
    w, c = live_world, dashboard_world
    context, page = _open(browser, live_server, "pimpinan", w.password)
    page.goto("/dashboard/")
    expect(page.locator("h1")).to_contain_text("Dasbor organisasi")
    expect(page.get_by_test_id("indicator-table")).to_contain_text("Angka keberhasilan pengobatan TBC")
    expect(page.get_by_test_id("early-warning")).to_contain_text("Murid putus sekolah")
    page.wait_for_function("window.Chart !== undefined")
    page.wait_for_timeout(600)
    assert _charts_drawn(page) == 2
    page.screenshot(path=str(ARTIFACTS / "dashboard_board.png"), full_page=True)
    page.get_by_test_id("indicator-table").locator(f"tr[data-pk='{c.rhk_head.pk_indicator_id}'] a").click()
    expect(page.get_by_test_id("carriers")).to_contain_text("Menurunnya kasus TBC")
    page.wait_for_timeout(600)
    page.screenshot(path=str(ARTIFACTS / "dashboard_indicator.png"), full_page=True)
    page.get_by_test_id("carriers").get_by_role("link", name="Menurunnya kasus TBC").click()
    expect(page.get_by_test_id("people")).to_contain_text("Budi Santoso")
    page.get_by_test_id("people").get_by_role("link", name="Terlaksananya P2P").click()
    expect(page.get_by_test_id("people")).to_contain_text("Andi Pratama")
    page.screenshot(path=str(ARTIFACTS / "dashboard_rhk.png"), full_page=True)
    context.close()


def test_the_board_on_a_phone(browser, live_server, live_world, dashboard_world):
    context, page = _open(browser, live_server, "kadinkes", live_world.password, phone=True)
    page.goto("/dashboard/")
    expect(page.get_by_test_id("indicator-table")).to_contain_text("Angka keberhasilan pengobatan TBC")
    page.wait_for_function("window.Chart !== undefined")
    page.wait_for_timeout(600)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    page.screenshot(path=str(ARTIFACTS / "dashboard_phone.png"), full_page=True)
    context.close()
