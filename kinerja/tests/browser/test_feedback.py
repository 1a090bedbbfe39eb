"""Feedback and dialogues in headless Chromium: the superior comments on an RHK from the SKP page (htmx, no
reload), the employee replies on a phone; the superior schedules a dialogue, records its notes and an agreed
action; the employee sees it on "My dialogues" and ticks the action off."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from .conftest import ARTIFACTS, login

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 900}


def _skp(w):
    from kinerja.feedback.tests.conftest import period_of
    from kinerja.skp import services

    skp = services.create_skp(actor=w.u_staff1, employee=w.staff1, period=period_of(w.a))
    rhk = services.add_rhk(actor=w.u_staff1, skp=skp, lock_version=skp.lock_version,
                           text="Tersedianya laporan surveilans mingguan yang tepat waktu")
    return skp, rhk


def test_comment_reply_dialogue_notes_and_action(browser, live_server, live_world):
    from kinerja.feedback.models import Comment, Dialogue
    from kinerja.notifications.models import Notification

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    skp, rhk = _skp(live_world)

    def context(viewport):
        ctx = browser.new_context(viewport=viewport, locale="id-ID", base_url=live_server.url)
        ctx.set_default_timeout(15_000)
        return ctx

    # 1. the superior opens the SKP, unfolds the RHK's thread and comments without a reload
    boss = context(DESKTOP).new_page()
    login(boss, "kasi_surv", live_world.password)
    boss.goto(f"/skp/{skp.pk}/")
    panel = boss.get_by_test_id("feedback-panel")
    expect(panel).to_be_visible()
    boss.evaluate("window.__noReload = true")
    panel.locator(f"[data-rhk-thread='{rhk.pk}'] summary").click()
    thread = panel.get_by_test_id("thread")
    expect(thread.get_by_test_id("thread-empty")).to_be_visible()
    thread.locator("textarea[name=body]").fill("Mohon lampirkan rekap minggu ketiga, datanya belum lengkap.")
    thread.get_by_test_id("send-comment").click()
    expect(panel.get_by_test_id("comment-body")).to_have_text("Mohon lampirkan rekap minggu ketiga, datanya belum "
                                                             "lengkap.")
    assert boss.evaluate("window.__noReload") is True
    expect(panel.locator(f"#fb-count-rhk-{rhk.pk}")).to_have_attribute("data-count", "1")
    boss.screenshot(path=str(ARTIFACTS / "feedback-skp-panel-desktop.png"), full_page=True)

    # 2. the employee, told by a notification, replies on a phone
    note = Notification.objects.get(recipient=live_world.u_staff1, kind="feedback")
    staff = context(PHONE).new_page()
    login(staff, "staff1", live_world.password)
    staff.goto(note.url)
    reply = staff.get_by_test_id("thread").locator(".fb-conversation").first
    reply.get_by_test_id("reply").click()
    reply.locator("textarea[name=body]").fill("Baik, Pak. Saya lengkapi hari ini.")
    reply.get_by_test_id("send-reply").click()
    expect(staff.locator(".fb-comment.is-reply")).to_contain_text("Saya lengkapi hari ini.")
    staff.screenshot(path=str(ARTIFACTS / "feedback-thread-phone.png"), full_page=True)
    assert Comment.objects.filter(parent__isnull=False, author=live_world.u_staff1).count() == 1

    # 3. the superior schedules a dialogue (yesterday, so that it can be recorded) and records it
    boss.goto(f"/skp/{skp.pk}/")
    boss.get_by_test_id("feedback-panel").get_by_test_id("schedule-dialogue").click()
    yesterday = timezone.localdate() - timedelta(days=1)
    boss.fill("#id_scheduled_at", f"{yesterday.isoformat()}T09:00")
    boss.select_option("#id_medium", "in_person")
    boss.fill("#id_place", "Ruang rapat Seksi Surveilans")
    boss.fill("#id_agenda", "Capaian bulan ini dan kendala pengumpulan data.")
    boss.get_by_test_id("save-dialogue").click()
    expect(boss.get_by_test_id("dialogue-page")).to_have_attribute("data-status", "planned")
    boss.get_by_test_id("record-dialogue").click()
    boss.fill("#id_notes", "Capaian sesuai rencana. Data puskesmas B terlambat; perlu koordinasi.")
    boss.fill("#id_follow_up_on", (timezone.localdate() + timedelta(days=14)).isoformat())
    boss.fill("#id_action_text", "Koordinasi dengan puskesmas B soal data mingguan")
    boss.screenshot(path=str(ARTIFACTS / "feedback-record-desktop.png"), full_page=True)
    boss.get_by_test_id("save-record").click()
    expect(boss.get_by_test_id("dialogue-page")).to_have_attribute("data-status", "held")
    expect(boss.get_by_test_id("actions")).to_contain_text("Koordinasi dengan puskesmas B")
    boss.screenshot(path=str(ARTIFACTS / "feedback-dialogue-desktop.png"), full_page=True)
    dialogue = Dialogue.objects.get()
    boss.goto("/feedback/dialogues/")
    expect(boss.get_by_test_id("past")).to_contain_text("Andi Pratama")
    boss.screenshot(path=str(ARTIFACTS / "feedback-mine-desktop.png"), full_page=True)

    # 4. the employee sees it on "My dialogues" (menu), reads the notes and ticks the action off
    staff.goto("/")
    staff.locator(".navbar-toggler, [data-bs-target='#sidebar']").first.click()
    staff.locator("[data-menu=dialogues]").click()
    expect(staff.get_by_test_id("past")).to_contain_text("Capaian bulan ini")
    staff.screenshot(path=str(ARTIFACTS / "feedback-mine-phone.png"), full_page=True)
    staff.locator(f"[data-dialogue='{dialogue.pk}']").click()
    expect(staff.get_by_test_id("notes")).to_contain_text("perlu koordinasi")
    expect(staff.get_by_test_id("record-dialogue")).to_have_count(0)
    staff.get_by_test_id("toggle-action").click()
    expect(staff.locator(".fb-action.is-done")).to_have_count(1)
    staff.screenshot(path=str(ARTIFACTS / "feedback-dialogue-phone.png"), full_page=True)
    assert dialogue.actions.get().done_at is not None

    # 5. on a phone the SKP page shows the panel with the dialogue, and the employee may ask for another
    staff.goto(f"/skp/{skp.pk}/")
    expect(staff.get_by_test_id("panel-dialogues")).to_contain_text("Terlaksana")
    staff.get_by_test_id("feedback-panel").scroll_into_view_if_needed()
    staff.screenshot(path=str(ARTIFACTS / "feedback-skp-panel-phone.png"), full_page=True)
    staff.get_by_test_id("feedback-panel").get_by_test_id("schedule-dialogue").click()
    expect(staff.get_by_test_id("dialogue-form")).to_be_visible()
    staff.screenshot(path=str(ARTIFACTS / "feedback-request-phone.png"), full_page=True)
    assert Notification.objects.filter(recipient=live_world.u_staff1, kind="dialogue").count() >= 2
