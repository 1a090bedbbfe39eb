"""Socialisation in headless Chromium: the BKPSDM admin publishes a guide to Dinas Kesehatan, an employee
of that unit sees it on the home page and acknowledges it, and the admin's coverage rises."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import ARTIFACTS, login

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
TITLE = "Panduan penyusunan SKP 2026"
BODY = ("Panduan ini menjelaskan langkah menyusun SKP periode 2026 di aplikasi Kinerja.\n\n"
        "1. Pilih periode 2026.\n2. Tambahkan RHK dan RHK atasan yang diintervensi.\n3. Ajukan kepada pejabat penilai.")


def test_publish_read_acknowledge_and_coverage(browser, live_server, live_world):
    from kinerja.socialisation import services
    from kinerja.socialisation.models import Acknowledgement, Item

    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def context():
        ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID", base_url=live_server.url)
        ctx.set_default_timeout(15_000)
        return ctx

    # 1. the BKPSDM admin writes a draft for Dinas Kesehatan with an attachment, then publishes it
    admin_ctx = context()
    admin = admin_ctx.new_page()
    login(admin, "admin_bkpsdm", live_world.password)
    admin.locator("[data-menu=socialisation_manage]").click()
    admin.get_by_test_id("new-item").click()
    admin.fill("#id_title", TITLE)
    admin.select_option("#id_category", "guide")
    admin.fill("#id_body", BODY)
    admin.uncheck("#id_whole_instance")
    admin.select_option("#id_units", [str(live_world.dinkes.pk)])
    admin.set_input_files("#id_attachments", files=[{"name": "Panduan SKP 2026.pdf", "mimeType": "application/pdf",
                                                      "buffer": PDF}])
    admin.get_by_test_id("save-item").click()
    expect(admin.get_by_test_id("draft-note")).to_be_visible()
    admin.get_by_test_id("publish").click()
    expect(admin.get_by_test_id("item-status")).to_have_class(re.compile("status-published"))
    item = Item.objects.get(title=TITLE)
    assert item.attachments.count() == 1

    # two nurses of Bidang Pelayanan Kesehatan have already read it
    for user in (live_world.u_kabid_yankes, live_world.u_staff_yankes):
        services.acknowledge(actor=user, item=item)
    admin.reload()
    expect(admin.get_by_test_id("coverage-acknowledged")).to_have_text("2")
    before = admin.get_by_test_id("coverage-percent").inner_text()

    # 2. an employee of Seksi Surveilans (under Dinas Kesehatan) sees it on the home page and acknowledges it
    staff_ctx = context()
    staff = staff_ctx.new_page()
    login(staff, live_world.staff1.nip_display, live_world.password)
    card = staff.get_by_test_id("socialisation-home")
    expect(card).to_contain_text(TITLE)
    expect(staff.get_by_test_id("socialisation-unread")).to_have_text("1")
    staff.screenshot(path=str(ARTIFACTS / "socialisation-home.png"), full_page=True)
    card.locator(f"[data-item='{item.pk}']").click()
    expect(staff.get_by_test_id("item-body")).to_contain_text("Tambahkan RHK")
    expect(staff.get_by_test_id("attachments")).to_contain_text("Panduan SKP 2026.pdf")
    staff.get_by_test_id("ack-button").click()
    expect(staff.get_by_test_id("ack-done")).to_be_visible()
    assert Acknowledgement.objects.filter(item=item, employee=live_world.staff1).exists()
    staff.goto("/")
    expect(staff.get_by_test_id("socialisation-home")).to_have_count(0)  # nothing unread any more
    staff_ctx.close()

    # 3. the admin's coverage rises: 3 of 7, and Bidang P2P now has one reader
    admin.reload()
    expect(admin.get_by_test_id("coverage-acknowledged")).to_have_text("3")
    after = admin.get_by_test_id("coverage-percent").inner_text()
    assert float(before.rstrip("%").replace(",", ".")) < float(after.rstrip("%").replace(",", ".")) == 42.9
    p2p = admin.locator(f"[data-testid=coverage-table] tr[data-unit='{live_world.p2p.pk}']")
    expect(p2p.locator("[data-acknowledged]")).to_have_text("1")
    admin.screenshot(path=str(ARTIFACTS / "socialisation-coverage.png"), full_page=True)

    # drill down and list who has not read it yet
    p2p.locator("[data-drill]").click()
    expect(admin.get_by_test_id("coverage-trail")).to_contain_text("Bidang P2P")
    admin.get_by_test_id("pending-link").click()
    expect(admin.get_by_test_id("pending-table")).to_contain_text("Dewi Lestari")
    expect(admin.get_by_test_id("pending-table")).not_to_contain_text("Andi Pratama")
    admin_ctx.close()
