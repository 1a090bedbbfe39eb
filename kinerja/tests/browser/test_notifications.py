"""Notifications in headless Chromium: an employee whose SKP was approved sees the bell's count, opens the
dropdown and the list, marks one read (htmx; the count follows), opens another (marked read, on its page),
and on a phone the bell and the list fit the screen."""

from __future__ import annotations

from playwright.sync_api import expect

from .conftest import ARTIFACTS, login


def _notifications(w):
    from kinerja.core.testing import SYSTEM
    from kinerja.notifications import services
    from kinerja.notifications.models import Kind

    for kind, title in ((Kind.SKP_APPROVED, "SKP 2026 Anda telah disetujui"),
                        (Kind.FEEDBACK, "Umpan balik baru dari Rina Wulandari"),
                        (Kind.DEADLINE, "Laporan realisasi November 2026 Anda jatuh tempo pada 5 Desember 2026")):
        services.notify(actor=SYSTEM, instance_id=w.a.pk, recipients=[w.u_staff1.pk], kind=kind, title=title,
                        body="Silakan periksa di aplikasi Kinerja.", url="/skp/")


def test_bell_count_list_and_mark_read(page, live_world):
    from kinerja.notifications.models import Notification

    _notifications(live_world)
    login(page, "staff1", live_world.password)
    count = page.get_by_test_id("bell-count")
    expect(count).to_have_attribute("data-unread", "3")
    expect(count).to_contain_text("3")

    # the dropdown loads the latest when it opens
    page.get_by_test_id("bell").click()
    menu = page.get_by_test_id("bell-menu")
    expect(menu).to_contain_text("Umpan balik baru dari Rina Wulandari")
    page.screenshot(path=str(ARTIFACTS / "notifications_bell.png"))
    page.get_by_test_id("bell-all").click()

    # the list: mark one read with htmx, the count follows
    page.wait_for_url("**/notifications/")
    rows = page.locator("[data-testid=notification-list] [data-notification]")
    expect(rows).to_have_count(3)
    first = rows.first
    expect(first).to_contain_text("Laporan realisasi November 2026")
    first.get_by_test_id("mark-read").click()
    expect(page.locator("[data-testid=notification-list] [data-state=read]")).to_have_count(1)
    expect(page.get_by_test_id("bell-count")).to_have_attribute("data-unread", "2")
    assert Notification.objects.filter(recipient=live_world.u_staff1, read_at__isnull=True).count() == 2

    # opening one marks it read and goes to its page
    page.get_by_text("Umpan balik baru dari Rina Wulandari").click()
    page.wait_for_url("**/skp/")
    expect(page.get_by_test_id("bell-count")).to_have_attribute("data-unread", "1")

    # mark all read from the list
    page.goto("/notifications/")
    page.get_by_test_id("read-all").click()
    expect(page.get_by_test_id("bell-count")).to_have_attribute("data-unread", "0")
    assert not Notification.objects.filter(recipient=live_world.u_staff1, read_at__isnull=True).exists()


def test_bell_and_list_on_a_phone(browser, live_server, live_world):
    _notifications(live_world)
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="id-ID", base_url=live_server.url,
                                  is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    phone = context.new_page()
    try:
        login(phone, "staff1", live_world.password)
        expect(phone.get_by_test_id("bell-count")).to_have_attribute("data-unread", "3")
        phone.get_by_test_id("bell").click()
        menu = phone.get_by_test_id("bell-menu")
        expect(menu).to_contain_text("SKP 2026 Anda telah disetujui")
        box = menu.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(ARTIFACTS / "notifications_bell_phone.png"))
        phone.goto("/notifications/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        phone.screenshot(path=str(ARTIFACTS / "notifications_list_phone.png"), full_page=True)
        phone.goto("/notifications/preferences/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        phone.screenshot(path=str(ARTIFACTS / "notifications_preferences_phone.png"), full_page=True)
    finally:
        context.close()
