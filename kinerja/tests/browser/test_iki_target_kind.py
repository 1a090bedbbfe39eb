"""Issue 7, item 2: choosing an IKI target kind shows that kind's inputs at once, in the inline (htmx) editor
and on the full-page form, and each kind saves."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kinerja.skp.models import Iki

from .conftest import login
from .skp_data import period_2026, rhk, superiors

VISIBLE = {
    "number": {"target_value", "measure_unit"},
    "range": {"target_min", "target_max", "measure_unit"},
    "text": {"target_text"},
}
TARGET_INPUTS = ("target_value", "target_min", "target_max", "measure_unit", "target_text")


@pytest.fixture
def draft(live_world):
    w = live_world
    period = period_2026(w)
    above = superiors(w, period)
    from kinerja.skp import services

    skp = services.create_skp(actor=w.u_staff1, employee=w.staff1, period=period)
    card = rhk(skp, w.u_staff1, "Tersusunnya rekapitulasi data surveilans mingguan", parent=above.kasi_rhks[0])
    return skp, card


def choose(form, kind: str) -> None:
    radio = form.locator(f"input[name=target_kind][value={kind}]")
    form.locator(f"label[for='{radio.get_attribute('id')}']").click()
    expect(radio).to_be_checked()


def assert_inputs(form, kind: str) -> None:
    for name in TARGET_INPUTS:
        field = form.locator(f"[name={name}]")
        if name in VISIBLE[kind]:
            expect(field).to_be_visible()
        else:
            expect(field).to_be_hidden()


def fill(form, kind: str, text: str) -> None:
    form.locator("select[name=aspect]").select_option("kuantitas")
    form.locator("textarea[name=text]").fill(text)
    if kind == "number":
        form.locator("input[name=target_value]").fill("2400")
        form.locator("input[name=measure_unit]").fill("dokumen")
    elif kind == "range":
        form.locator("input[name=target_min]").fill("80")
        form.locator("input[name=target_max]").fill("90")
        form.locator("input[name=measure_unit]").fill("%")
    else:
        form.locator("[name=target_text]").fill("Tanpa revisi dari pimpinan")


def test_inline_editor_switches_each_target_kind_and_saves_it(page, live_world, draft):
    skp, card = draft
    login(page, live_world.staff1.nip_display, live_world.password)
    page.goto(reverse("skp:edit", args=[skp.pk]))
    for n, kind in enumerate(("range", "text", "number"), start=1):
        page.locator(f"#rhk-{card.pk}").get_by_test_id("add-iki").click()
        form = page.get_by_test_id("iki-form")
        expect(form).to_be_visible()
        assert_inputs(form, "number")  # the default
        for other in ("range", "text", "number", kind):  # every switch shows its own inputs at once
            choose(form, other)
            assert_inputs(form, other)
        fill(form, kind, f"Indikator {kind}")
        form.get_by_test_id("save").click()
        expect(page.get_by_test_id("iki-form")).to_have_count(0)
        expect(page.locator(f"#rhk-{card.pk} [data-iki]")).to_have_count(n)
    saved = {i.text: i for i in Iki.objects.filter(rhk=card)}
    assert saved["Indikator range"].target_kind == "range"
    assert (saved["Indikator range"].target_min, saved["Indikator range"].target_max) == (80, 90)
    assert saved["Indikator text"].target_kind == "text"
    assert saved["Indikator text"].target_text == "Tanpa revisi dari pimpinan"
    assert saved["Indikator number"].target_kind == "number" and saved["Indikator number"].target_value == 2400


def test_full_page_form_switches_target_kind(page, live_world, draft):
    skp, card = draft
    login(page, live_world.staff1.nip_display, live_world.password)
    page.goto(reverse("skp:iki_add", args=[skp.pk, card.pk]))
    form = page.get_by_test_id("iki-form")
    assert_inputs(form, "number")
    for kind in ("text", "range"):
        choose(form, kind)
        assert_inputs(form, kind)
    fill(form, "range", "Persentase laporan tepat waktu")
    form.get_by_test_id("save").click()
    expect(page.get_by_test_id("iki-form")).to_have_count(0)
    iki = Iki.objects.get(rhk=card)
    assert iki.target_kind == "range" and (iki.target_min, iki.target_max) == (80, 90)
