"""Issue 3's journey in headless Chromium: an employee drafts an SKP linked to the superior's RHK and submits
it; the superior returns it with a note; the employee revises and resubmits; the superior approves; the
employee opens the cascade map and sees their chain up to the regional mission.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kinerja.skp.models import Skp, SkpStatus

from .alignment_data import HEAD_RHK, IKU_NAME, MISSION, cascade_plan
from .conftest import ARTIFACTS, login
from .skp_data import period_2026, superiors


def _open(browser, live_server, username, password, *, phone=False):
    viewport = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 900}
    context = browser.new_context(viewport=viewport, base_url=live_server.url, locale="id-ID", is_mobile=phone,
                                  has_touch=phone)
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, username, password)
    return context, page


def _status(page) -> str:
    return page.get_by_test_id("skp-hero").get_by_test_id("skp-status").get_attribute("data-status")


@pytest.fixture
def setup(live_world):
    period = period_2026(live_world)
    above = superiors(live_world, period)
    return {"period": period, **vars(above), "plan": cascade_plan(live_world, period, above.kabid)}


def test_draft_submit_return_revise_resubmit_approve(browser, live_server, live_world, setup):
    w = live_world
    parent = setup["kasi_rhks"][0]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    # 1. the employee drafts an SKP linked to the superior's RHK and submits it
    staff_ctx, staff = _open(browser, live_server, w.staff1.nip_display, w.password)
    staff.locator("[data-menu=skp_mine]").click()
    staff.get_by_test_id("start-skp-button").click()
    expect(staff.get_by_test_id("skp-editor")).to_be_visible()
    staff.get_by_test_id("add-rhk-utama").click()
    form = staff.get_by_test_id("rhk-form")
    expect(form).to_be_visible()
    form.locator("select[name=parent]").select_option(str(parent.pk))
    form.locator("textarea[name=text]").fill("Tersusunnya rekapitulasi data surveilans mingguan")
    form.get_by_test_id("save").click()
    card = staff.locator("article.rhk-card").first
    expect(card).to_contain_text("Tersusunnya rekapitulasi data surveilans mingguan")
    expect(card.get_by_test_id("rhk-parent")).to_contain_text(parent.text)

    card.get_by_test_id("add-iki").click()
    iki = staff.get_by_test_id("iki-form")
    iki.locator("select[name=aspect]").select_option("kuantitas")
    iki.locator("textarea[name=text]").fill("Jumlah laporan rekapitulasi mingguan")
    iki.locator("input[name=target_value]").fill("12")
    iki.locator("input[name=measure_unit]").fill("laporan")
    iki.get_by_test_id("save").click()
    expect(staff.locator("article.rhk-card").first.locator("[data-iki]")).to_contain_text("12 laporan")

    staff.get_by_test_id("submit-skp").click()
    expect(staff.get_by_test_id("skp-page")).to_be_visible()
    assert _status(staff) == "submitted"
    skp = Skp.objects.get(employee=w.staff1, period=setup["period"])
    assert skp.status == SkpStatus.SUBMITTED and skp.rhks.get().parent_id == parent.pk

    # 2. the superior returns it with a note
    kasi_ctx, kasi = _open(browser, live_server, w.kasi_surv.nip_display, w.password)
    kasi.locator("[data-menu=skp_team]").click()
    row = kasi.locator(f"tr[data-employee='{w.staff1.pk}']")
    expect(row).to_have_attribute("data-status", "submitted")
    row.get_by_test_id("open-skp").click()
    expect(kasi.get_by_test_id("waiting-note")).to_be_visible()
    kasi.get_by_test_id("return-skp").click()
    kasi.locator("textarea[name=reason]").fill("Target laporan terlalu rendah: satu laporan setiap minggu (52).")
    kasi.locator("textarea[name^=comment_]").first.fill("Naikkan target menjadi 52 laporan.")
    kasi.get_by_test_id("save").click()
    assert _status(kasi) == "returned"

    # 3. the employee sees the note and the comment at the RHK, revises and resubmits
    staff.goto("/skp/")
    expect(staff.get_by_test_id("return-note")).to_contain_text("Target laporan terlalu rendah")
    expect(staff.get_by_test_id("rhk-return-comment").first).to_contain_text("Naikkan target menjadi 52 laporan.")
    staff.get_by_test_id("edit-skp").click()
    staff.locator("[data-iki]").first.get_by_test_id("edit-iki").click()
    iki = staff.get_by_test_id("iki-form")
    iki.locator("input[name=target_value]").fill("52")
    iki.get_by_test_id("save").click()
    expect(staff.locator("[data-iki]").first).to_contain_text("52 laporan")
    staff.get_by_test_id("submit-skp").click()
    assert _status(staff) == "submitted"

    # 4. the superior approves
    kasi.goto("/skp/team/")
    kasi.locator(f"tr[data-employee='{w.staff1.pk}']").get_by_test_id("open-skp").click()
    expect(kasi.get_by_test_id("hasil-kerja")).to_contain_text("52 laporan")
    kasi.get_by_test_id("approve-skp").click()
    dialog = kasi.get_by_test_id("approve-dialog")
    expect(dialog).to_be_visible()  # approving asks first
    assert _status(kasi) == "submitted"
    dialog.get_by_test_id("approve-cancel").click()
    expect(dialog).to_be_hidden()
    assert _status(kasi) == "submitted"
    kasi.get_by_test_id("approve-skp").click()
    with kasi.expect_navigation():
        dialog.get_by_test_id("approve-confirm").click()
    assert _status(kasi) == "approved"
    expect(kasi.get_by_test_id("rhk-return-comment")).to_have_count(0)  # cleared by the approval
    expect(kasi.get_by_test_id("timeline")).to_contain_text("Target laporan terlalu rendah")
    kasi.screenshot(path=str(ARTIFACTS / "skp-journey-approved.png"), full_page=True)

    staff.goto("/skp/")
    assert _status(staff) == "approved"
    skp.refresh_from_db()
    assert (skp.status, skp.version, skp.approved_by_id) == (SkpStatus.APPROVED, 1, w.kasi_surv.pk)
    assert [v.action for v in skp.versions.order_by("number")] == ["submit", "return", "submit", "approve"]

    # 5. the employee opens the cascade map and sees their chain up to the regional mission
    own_rhk = skp.rhks.get()
    staff.locator("[data-menu=cascade]").click()
    chain = staff.get_by_test_id("my-chain")
    card = chain.locator(f".chain-card[data-rhk='{own_rhk.pk}']")
    expect(card).to_have_attribute("data-complete", "1")
    for text in (MISSION, IKU_NAME, HEAD_RHK, parent.text, "Tersusunnya rekapitulasi data surveilans mingguan"):
        expect(card).to_contain_text(text)
    expect(card).to_contain_text(w.kasi_surv.name)  # whose RHK each link is
    # ... and finds the same branch in the tree, down to their own RHK
    tree = staff.get_by_test_id("cascade-tree")
    expect(tree).to_contain_text(MISSION)
    for key in (f"p{setup['plan'].indicator.pk}", f"r{setup['plan'].head_rhk.pk}",
                f"r{setup['kabid'].rhks.get().pk}", f"r{parent.pk}"):
        node = tree.locator(f"li[data-key='{key}']")
        node.locator(".c-toggle").first.click()
    mine = tree.locator(f"li[data-key='r{own_rhk.pk}']")
    expect(mine).to_have_class(re.compile("is-mine"))
    expect(mine).to_contain_text(w.staff1.name)
    staff.screenshot(path=str(ARTIFACTS / "skp-journey-cascade-map.png"), full_page=True)
    # the SKP page shows the same chain
    staff.goto(f"/skp/{skp.pk}/")
    expect(staff.get_by_test_id("skp-chains")).to_contain_text(MISSION)
    staff_ctx.close()
    kasi_ctx.close()


def test_a_phone_user_adds_an_rhk_and_sees_a_field_error(browser, live_server, live_world, setup):
    w = live_world
    from kinerja.skp import services

    skp = services.create_skp(actor=w.u_staff1, employee=w.staff1, period=setup["period"])
    context, page = _open(browser, live_server, w.staff1.nip_display, w.password, phone=True)
    page.goto(f"/skp/{skp.pk}/edit/")
    page.get_by_test_id("add-rhk-utama").click()
    form = page.get_by_test_id("rhk-form")
    form.get_by_test_id("save").click()  # empty text
    expect(page.locator("[data-field-error=text]")).to_be_visible()
    page.get_by_test_id("rhk-form").locator("textarea[name=text]").fill("Terverifikasinya sinyal SKDR")
    page.get_by_test_id("rhk-form").get_by_test_id("save").click()
    expect(page.locator("article.rhk-card")).to_contain_text("Terverifikasinya sinyal SKDR")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 391
    context.close()
