"""Issue 10, item 8: the whole "Evaluate" loop in one browser journey, through the real pages.

The Dinas Kesehatan of the test world, this year. Before the story starts (set up with the services, as the
demo does): Andi (staff1) and Dewi (staff2) have approved SKPs evaluated by Rina (kasi_surv), with an
achievement of 95% and 120%; the five others of the Dinas already have a final annual evaluation; the HR admin
has opened a 360 round for the Dinas (raters proposed from the org tree, Maya added as a peer of Andi).

1. Rina evaluates her team on "Evaluasi tim": starts both evaluations, rates Andi as suggested and Dewi below
   the suggestion (a written reason is required), rates the seven BerAKHLAK values, sees the predikat appear,
   finalises; Andi acknowledges on his phone.
2. Rina, Dewi and Maya answer Andi's 360 questionnaire (a second answer is refused); the HR admin closes the
   round; Andi sees only the aggregate, and no rater's name anywhere on the page.
3. The BKPSDM admin (the level above an OPD) sets the Dinas's organisation predikat "Baik"; on the calibration
   screen the head of the Dinas sees the curve violations named and the chart, the lock is refused, the meeting
   lowers Dewi to "Butuh Perbaikan" with a reason, the distribution then fits and the period locks; Rina's
   evaluation page refuses edits afterwards.
4. Dewi appeals on her phone; Budi (kabid_p2p, the evaluator's superior) grants it; Dewi sees "Baik".

Screenshots of the evaluation page, the calibration page and the employee's views at 1280 px and 375×812 go to
/tmp/evaljourney-shots/ (KINERJA_EVALJOURNEY_SHOTS) and to the test artifacts.
"""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kinerja.core.testing import SYSTEM
from kinerja.evaluation.models import Evaluation
from kinerja.evaluation.tests.conftest import make_evaluation
from kinerja.evaluation.tests.evaluation_world import achieve, approved_skp
from kinerja.feedback360 import services as f360
from kinerja.rules.skp import BERAKHLAK_CODES
from kinerja.skp import services as skp_services
from kinerja.skp.models import Period

from .conftest import ARTIFACTS, login

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
SHOTS = Path(os.environ.get("KINERJA_EVALJOURNEY_SHOTS", "/tmp/evaljourney-shots"))
RATERS = ("Rina Wulandari", "Dewi Lestari", "Maya Sari")  # who answer Andi's 360


@pytest.fixture
def story(live_world):
    w = live_world
    s = SimpleNamespace()
    today = timezone.localdate()
    s.period = Period.objects.create(instance=w.a, name=str(today.year), year=today.year,
                                     start_date=date(today.year, 1, 1), end_date=date(today.year, 12, 31),
                                     deadline=date(today.year, 1, 31))
    s.skp1 = approved_skp(s.period, w.staff1, w.u_staff1, w.u_kasi_surv)
    s.skp2 = approved_skp(s.period, w.staff2, w.u_staff2, w.u_kasi_surv)
    achieve(s.skp1, "95.00")  # suggests "Sesuai Ekspektasi"
    achieve(s.skp2, "120.00")  # suggests "Di Atas Ekspektasi"
    # the rest of the Dinas is evaluated already: 2 Sangat Baik, 3 Baik
    for name, hasil, perilaku in (("kadinkes", "di_atas", "di_atas"), ("kabid_p2p", "di_atas", "di_atas"),
                                  ("kasi_surv", "sesuai", "sesuai"), ("kabid_yankes", "sesuai", "sesuai"),
                                  ("staff_yankes", "di_atas", "sesuai")):
        make_evaluation(skp_services.create_skp(actor=SYSTEM, employee=getattr(w, name), period=s.period),
                        hasil=hasil, perilaku=perilaku)
    # the 360 round of the Dinas, open
    s.round = f360.create_round(actor=w.u_admin_bkpsdm, period=s.period, name="360 Dinas Kesehatan",
                                opens_on=today, closes_on=today + timedelta(days=14), unit=w.dinkes)
    f360.propose_raters(actor=w.u_admin_bkpsdm, round_=s.round)
    f360.add_rater(actor=w.u_admin_bkpsdm, round_=s.round, ratee=w.staff1, rater=w.staff_yankes, relation="peer")
    f360.open_round(actor=w.u_admin_bkpsdm, round_=s.round)
    return s


def _context(browser, live_server, viewport):
    phone = viewport["width"] < 600
    context = browser.new_context(viewport=viewport, base_url=live_server.url, locale="id-ID", is_mobile=phone,
                                  has_touch=phone)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def contexts():
    """The browser contexts of the story's people, closed at the end (the browser is shared by the session)."""
    opened = []
    yield opened
    for context in opened:
        context.close()


def _person(browser, live_server, username, password, viewport=DESKTOP, *, contexts):
    context = _context(browser, live_server, viewport)
    contexts.append(context)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # <form data-confirm>: the user says yes
    login(page, username, password)
    return page


def _shot(page, name):
    """The page at both sizes: 1280 px desktop and a 375×812 phone (full page)."""
    original = page.viewport_size
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.wait_for_timeout(300)  # the chart redraws on resize
        for folder in (SHOTS, ARTIFACTS):
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(folder / f"evaljourney-{name}-{label}.png"), full_page=True)
    page.set_viewport_size(original)


def _no_horizontal_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def _rate_values(page, rating="sesuai"):
    for code in BERAKHLAK_CODES:
        page.locator(f"label[for='rating_{code}_{rating}']").click()


def _answer_360(page, ratee_name, score: int, comment: str):
    page.goto("/360/")
    page.get_by_test_id("task").filter(has_text=ratee_name).click()
    expect(page.get_by_test_id("ratee")).to_have_text(ratee_name)
    for code in BERAKHLAK_CODES:
        page.get_by_test_id(f"value-{code}").locator("label").nth(score - 1).click()
    page.fill("textarea[name=comment]", comment)
    with page.expect_navigation():
        page.get_by_test_id("send-answer").click()
    expect(page.locator("body")).to_contain_text("jawaban Anda tercatat secara anonim")


def test_evaluate_360_calibrate_lock_appeal(browser, live_server, live_world, story, contexts):
    w, s = live_world, story
    password = w.password

    def person(username, viewport=DESKTOP):
        return _person(browser, live_server, username, password, viewport, contexts=contexts)

    # --- 1. Rina evaluates her team ------------------------------------------------------------------------
    rina = person("kasi_surv")
    rina.goto("/evaluation/team/")
    expect(rina.locator("h1")).to_contain_text("Evaluasi tim")
    counts = rina.get_by_test_id("team-counts")
    expect(counts).to_contain_text("Belum dimulai")
    andi_row = rina.locator("[data-testid=team-rows] li").filter(has_text="Andi Pratama")
    expect(andi_row).to_contain_text("95")
    expect(andi_row).to_contain_text("Sesuai Ekspektasi")  # the suggestion, before anything is started
    with rina.expect_navigation():
        rina.get_by_test_id("start-form").locator("button").click()
    expect(rina.locator("body")).to_contain_text("2 evaluasi dimulai")
    expect(andi_row.locator(".badge")).to_have_text("Draf")

    # Andi: as suggested, every value "Sesuai Ekspektasi" → Baik
    andi_row.get_by_role("link", name="Evaluasi").click()
    expect(rina.get_by_test_id("achievement")).to_have_text("95,00%")
    expect(rina.get_by_test_id("suggested")).to_have_text("Sesuai Ekspektasi")
    expect(rina.get_by_test_id("outcome")).to_contain_text("Muncul setelah")  # no predikat yet
    rina.locator("label[for='result_sesuai']").click()
    expect(rina.locator("#id_result_reason")).to_be_hidden()  # as suggested: no reason asked
    _rate_values(rina)
    expect(rina.get_by_test_id("outcome").locator(".predikat")).to_have_text("Baik")  # live, before saving
    rina.fill("#feedback_berorientasi_pelayanan", "Data surveilans selalu dikirim tepat waktu.")
    rina.fill("#id_evaluator_notes", "Pertahankan ketepatan waktu laporan.")
    with rina.expect_navigation():
        rina.get_by_test_id("save").click()
    expect(rina.locator("body")).to_contain_text("Rating disimpan.")
    expect(rina.get_by_test_id("outcome").locator(".predikat")).to_have_text("Baik")
    _shot(rina, "1-evaluation-page")
    with rina.expect_navigation():
        rina.get_by_test_id("finalise-form").locator("button").click()
    expect(rina.locator("body")).to_contain_text("Evaluasi ditetapkan; pegawai sudah diberi tahu.")
    expect(rina.get_by_test_id("save")).to_have_count(0)

    # Dewi: 120% suggests "Di Atas Ekspektasi"; Rina rates "Sesuai" and must say why
    rina.goto("/evaluation/team/")
    dewi_row = rina.locator("[data-testid=team-rows] li").filter(has_text="Dewi Lestari")
    expect(dewi_row).to_contain_text("Di Atas Ekspektasi")
    dewi_row.get_by_role("link", name="Evaluasi").click()
    expect(rina.get_by_test_id("suggested")).to_have_text("Di Atas Ekspektasi")
    rina.locator("label[for='result_sesuai']").click()
    expect(rina.locator("#id_result_reason")).to_be_visible()  # the departure asks for a reason, live
    _rate_values(rina)
    expect(rina.get_by_test_id("outcome").locator(".predikat")).to_have_text("Baik")
    rina.get_by_test_id("save").click()
    expect(rina.get_by_test_id("errors")).to_be_visible()  # refused: no reason given
    expect(rina.locator("#id_result_reason")).to_be_visible()
    expect(rina.locator("label[for='result_sesuai']")).to_be_visible()
    assert rina.locator("#result_sesuai").is_checked()  # what was typed is kept
    rina.fill("#id_result_reason", "Sebagian laporan melebihi target karena kegiatan tambahan dari provinsi.")
    with rina.expect_navigation():
        rina.get_by_test_id("save").click()
    expect(rina.locator("body")).to_contain_text("Rating disimpan.")
    _shot(rina, "1-evaluation-page-deviation")
    with rina.expect_navigation():
        rina.get_by_test_id("finalise-form").locator("button").click()
    rina.goto("/evaluation/team/")
    expect(rina.get_by_test_id("team-rows").locator(".badge").filter(has_text="Final")).to_have_count(2)

    # Andi reads his evaluation on his phone and acknowledges it
    andi = person("staff1", PHONE)
    andi.goto("/evaluation/")
    mine = andi.get_by_test_id("my-evaluations")
    expect(mine).to_contain_text("Baik")
    expect(mine).to_contain_text("Rina Wulandari")
    mine.locator("a.fw-semibold").first.click()
    expect(andi.get_by_test_id("outcome").locator(".predikat")).to_have_text("Baik")
    expect(andi.get_by_test_id("save")).to_have_count(0)  # the employee reads, never rates
    _no_horizontal_scroll(andi)
    andi.fill("#id_notes", "Terima kasih atas masukannya.")
    with andi.expect_navigation():
        andi.get_by_test_id("acknowledge-form").locator("button").click()
    expect(andi.locator("body")).to_contain_text("Anda telah mengonfirmasi evaluasi Anda")
    expect(andi.locator(".alert-success").filter(has_text="Dikonfirmasi pegawai")).to_be_visible()
    _shot(andi, "1-employee-evaluation")

    # --- 2. peers answer 360 ---------------------------------------------------------------------------------
    _answer_360(rina, "Andi Pratama", 4, "Laporan rapi dan tepat waktu.")
    dewi = person("staff2", PHONE)
    _answer_360(dewi, "Andi Pratama", 5, "Selalu siap membantu rekan.")
    # a second answer is refused: the task is listed as answered and the form is gone
    expect(dewi.get_by_test_id("done")).to_contain_text("Andi Pratama")
    expect(dewi.get_by_test_id("todo").get_by_test_id("task").filter(has_text="Andi Pratama")).to_have_count(0)
    maya = person("staff_yankes")
    _answer_360(maya, "Andi Pratama", 4, "Komunikasi lintas bidang baik.")

    # before the round closes Andi sees no result (and no live count)
    andi.goto("/360/results/")
    expect(andi.get_by_test_id("not-yet")).to_be_visible()
    # the HR admin closes the round on its page
    admin = person("admin_bkpsdm")
    admin.goto(f"/360/rounds/{s.round.pk}/")
    with admin.expect_navigation():
        admin.get_by_test_id("close").click()
    expect(admin.get_by_test_id("status")).to_have_text("Ditutup")
    # Andi sees the aggregate only
    andi.goto("/360/results/")
    result = andi.get_by_test_id("result")
    expect(result).to_contain_text("3 rekan menjawab")
    expect(result.get_by_test_id("means")).to_be_visible()
    expect(result.get_by_test_id("comments")).to_contain_text("Selalu siap membantu rekan.")
    html = andi.content()
    for name in RATERS:
        assert name not in html, f"{name} appears on Andi's 360 results page"
    _no_horizontal_scroll(andi)
    _shot(andi, "2-employee-360-results")

    # --- 3. calibration ---------------------------------------------------------------------------------------
    calibration_url = f"/evaluation/calibration/{s.period.pk}/{w.dinkes.pk}/"
    admin.goto(calibration_url)
    expect(admin.get_by_test_id("curve")).to_contain_text("belum memiliki predikat organisasi")
    admin.get_by_test_id("set-org-predikat").click()
    admin.select_option("#id_predikat", "baik")
    admin.fill("#id_reason", "Capaian PK Dinas Kesehatan sesuai target.")
    with admin.expect_navigation():
        admin.locator("form button[type=submit]").last.click()
    expect(admin.locator("body")).to_contain_text("Predikat organisasi telah ditetapkan.")

    head = person("kadinkes")
    head.goto(calibration_url)
    curve = head.get_by_test_id("curve")
    expect(curve).to_contain_text("Baik")
    violations = curve.get_by_test_id("violation")
    expect(violations.first).to_be_visible()
    expect(curve).to_contain_text("Baik paling banyak 70%")  # 5 of 7 are Baik
    expect(curve).to_contain_text("Butuh Perbaikan")  # at least one Butuh Perbaikan and/or Kurang
    expect(curve.get_by_test_id("fits")).to_have_count(0)
    head.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('canvas[data-distribution]'))")
    assert head.locator("canvas[data-distribution]").bounding_box()["height"] > 100
    expect(head.get_by_test_id("evaluation-row")).to_have_count(7)
    _shot(head, "3-calibration-violation")
    # the lock is refused while a violation remains, and says which
    with head.expect_navigation():
        head.get_by_test_id("lock").click()
    expect(head.locator(".alert-danger, .alert-warning").filter(has_text="70%").first).to_be_visible()
    expect(head.get_by_test_id("locked")).to_have_count(0)

    # the meeting lowers Dewi to Butuh Perbaikan, with a reason
    dewi_cal = head.get_by_test_id("evaluation-row").filter(has_text="Dewi Lestari")
    dewi_cal.locator("summary").click()
    dewi_cal.locator("select[name=predikat]").select_option("butuh_perbaikan")
    dewi_cal.get_by_test_id("adjust").click()  # without a reason: refused in place
    dewi_cal = head.get_by_test_id("evaluation-row").filter(has_text="Dewi Lestari")
    expect(dewi_cal.locator(".invalid-feedback")).to_be_visible()
    dewi_cal.locator("textarea[name=reason]").fill("Rapat kalibrasi: dua laporan triwulan terlambat.")
    dewi_cal.get_by_test_id("adjust").click()
    expect(head.get_by_test_id("evaluation-row").filter(has_text="Dewi Lestari")
           .get_by_test_id("current-predikat")).to_contain_text("Butuh Perbaikan")
    curve = head.get_by_test_id("curve")
    expect(curve.get_by_test_id("fits")).to_have_text("Distribusi sesuai dengan kurva.")  # live
    expect(curve.get_by_test_id("violation")).to_have_count(0)
    head.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('canvas[data-distribution]'))")
    _shot(head, "3-calibration-fits")
    head.fill("#id_notes", "Rapat kalibrasi Dinas Kesehatan.")
    with head.expect_navigation():
        head.get_by_test_id("lock").click()
    expect(head.get_by_test_id("locked")).to_be_visible()
    expect(head.get_by_test_id("lock-form")).to_have_count(0)
    expect(head.locator("details summary")).to_have_count(0)  # no more adjustments
    _shot(head, "3-calibration-locked")

    # after the lock Rina's evaluation page refuses edits
    andi_eval = Evaluation.objects.get(employee=w.staff1, period=s.period)
    rina.goto(f"/evaluation/{andi_eval.pk}/")
    expect(rina.locator("body")).to_contain_text("Dikunci oleh kalibrasi")
    expect(rina.get_by_test_id("save")).to_have_count(0)
    expect(rina.get_by_test_id("reopen-form")).to_have_count(0)
    expect(rina.locator("#result_di_bawah")).to_be_disabled()  # the whole form is read-only
    # forcing the form open and posting it anyway is refused by the server, nothing changes
    rina.evaluate("() => { const f = document.querySelector('[data-testid=rating-form]');"
                  " f.querySelector('fieldset').disabled = false; f.removeAttribute('hx-post');"
                  " document.getElementById('result_di_bawah').checked = true;"
                  " document.getElementById('id_result_reason').value = 'Setelah kunci'; f.submit(); }")
    expect(rina.get_by_test_id("errors")).to_be_visible()
    andi_eval.refresh_from_db()
    assert andi_eval.result_rating == "sesuai" and andi_eval.predikat == "baik"

    # --- 4. Dewi appeals, Budi decides ----------------------------------------------------------------------
    dewi.goto("/evaluation/appeals/")
    my = dewi.get_by_test_id("my-predikat")
    expect(my).to_contain_text("Butuh Perbaikan")
    _no_horizontal_scroll(dewi)
    _shot(dewi, "4-employee-appeals")
    my.get_by_test_id("appeal").click()
    dewi.fill("#id_reason", "Keterlambatan laporan karena gangguan jaringan; bukti surat dari Dinas Kominfo.")
    dewi.select_option("#id_requested_predikat", "baik")
    with dewi.expect_navigation():
        dewi.get_by_test_id("save").click()
    expect(dewi.get_by_test_id("appeal-status")).to_have_text("Diajukan")
    expect(dewi.get_by_test_id("predikat")).to_have_text("Butuh Perbaikan")

    budi = person("kabid_p2p")
    budi.goto("/evaluation/appeals/")
    budi.get_by_test_id("to-decide").get_by_role("link", name="Dewi Lestari").click()
    expect(budi.get_by_test_id("decide-form")).to_be_visible()
    budi.select_option("#id_grant", "grant")
    budi.select_option("#id_new_predikat", "baik")
    budi.fill("#id_reason", "Bukti gangguan jaringan sah; keterlambatan bukan kelalaian.")
    with budi.expect_navigation():
        budi.get_by_test_id("decide").click()
    expect(budi.get_by_test_id("appeal-status")).to_have_text("Dikabulkan")
    expect(budi.get_by_test_id("predikat")).to_have_text("Baik")

    # Dewi sees the new predikat, on the appeal and on her evaluation
    dewi.reload()
    expect(dewi.get_by_test_id("appeal-status")).to_have_text("Dikabulkan")
    expect(dewi.get_by_test_id("predikat")).to_have_text("Baik")
    expect(dewi.locator("body")).to_contain_text("Bukti gangguan jaringan sah")
    _shot(dewi, "4-employee-appeal-decided")
    dewi.goto("/evaluation/")
    expect(dewi.get_by_test_id("my-evaluations")).to_contain_text(re.compile(r"\bBaik\b"))
    expect(dewi.get_by_test_id("my-evaluations")).not_to_contain_text("Butuh Perbaikan")
    _shot(dewi, "4-employee-evaluations")
