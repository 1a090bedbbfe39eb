"""Account security in the browser: a lock holds for every identifier; the BKPSDM admin sets a one-time
password which the owner must replace before anything else; logins in bulk print as cards."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import login


@pytest.fixture(autouse=True)
def _fresh_axes(live_world):
    from axes.utils import reset

    reset()
    yield
    reset()


def logout(page):
    page.get_by_test_id("user-menu").click()
    with page.expect_navigation():
        page.locator("form[action='/accounts/logout/'] button").click()


def test_lock_one_time_password_and_forced_change(page, live_world):
    nip = live_world.staff1.nip
    for _ in range(5):
        login(page, "staff1", "salah-sandi")
    expect(page.get_by_test_id("locked-out")).to_be_visible()
    login(page, f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}", live_world.password)  # the NIP: locked too
    expect(page.get_by_test_id("locked-out")).to_be_visible()

    login(page, "admin_bkpsdm", live_world.password)
    page.goto(f"/accounts/users/{live_world.u_staff1.pk}/")
    expect(page.get_by_test_id("locked-badge")).to_be_visible()
    page.on("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_test_id("reset-password").click()
    one_time = page.get_by_test_id("one-time-password").inner_text().strip()
    assert len(one_time) == 14
    logout(page)

    login(page, nip, one_time)
    expect(page.get_by_test_id("password-change-required")).to_be_visible()
    page.goto("/org/")
    expect(page.get_by_test_id("password-change-required")).to_be_visible()  # nothing else opens
    page.fill("input[name=old_password]", one_time)
    page.fill("input[name=new_password]", "Kopi-Pagi-Tanjung-7")
    page.fill("input[name=new_password_confirm]", "Kopi-Pagi-Tanjung-7")
    with page.expect_navigation():
        page.get_by_test_id("password-change-form").locator("button[type=submit]").click()
    assert page.url.endswith("/org/")
    expect(page.get_by_test_id("main-menu")).to_be_visible()


def test_logins_in_bulk_print_as_cards(page, live_world):
    from kinerja.core.testing import make_nip
    from kinerja.people.models import Employee

    Employee.objects.bulk_create([Employee(instance=live_world.a, nip=make_nip(seq=600 + i),
                                           name=f"Pegawai Baru {i}", unit=live_world.surv) for i in range(5)])
    login(page, "admin_bkpsdm", live_world.password)
    page.goto("/accounts/users/")
    page.get_by_test_id("bulk-logins").click()
    expect(page.get_by_test_id("without-login")).to_contain_text("5")
    with page.expect_navigation():
        page.get_by_test_id("logins-create-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("login-card")).to_have_count(5)
    expect(page.get_by_test_id("csv-download")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_test_id("sheet-warning")).to_be_hidden()
    expect(page.get_by_test_id("main-menu")).to_be_hidden()
