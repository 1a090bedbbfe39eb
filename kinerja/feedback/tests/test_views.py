"""The feedback pages: the htmx thread, the SKP panel, the dialogue pages; query counts stay flat."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinerja.feedback import services
from kinerja.feedback.models import Comment, Dialogue, DialogueStatus

from .conftest import soon

HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_posting_with_htmx_returns_the_thread(world, f):
    c = client_for(world.u_kasi_surv)
    url = reverse("feedback:rhk-thread", args=[f.rhk.pk])
    response = c.post(url, {"body": "Mohon lampirkan foto kegiatan."}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="thread-rhk-' in html and "Mohon lampirkan foto kegiatan." in html and "<html" not in html
    comment = Comment.objects.get()
    reply = client_for(world.u_staff1).post(url, {"body": "Baik, Pak.", "parent": comment.pk}, **HTMX)
    assert reply.status_code == 200 and "Baik, Pak." in reply.content.decode()
    assert Comment.objects.get(body="Baik, Pak.").parent == comment


def test_an_empty_comment_shows_the_error_and_keeps_the_thread(world, f):
    response = client_for(world.u_staff1).post(reverse("feedback:rhk-thread", args=[f.rhk.pk]), {"body": " "},
                                               **HTMX)
    assert response.status_code == 200 and 'data-field-error="body"' in response.content.decode()
    assert not Comment.objects.exists()


def test_a_reply_to_another_threads_comment_is_a_404(world, f):
    other = services.post_comment(actor=world.u_kasi_surv, report=f.report, body="Laporan.")
    response = client_for(world.u_staff1).post(reverse("feedback:rhk-thread", args=[f.rhk.pk]),
                                               {"body": "x", "parent": other.pk})
    assert response.status_code == 404


def test_without_htmx_the_thread_is_a_page(world, f):
    services.post_comment(actor=world.u_kasi_surv, rhk=f.rhk, body="Bagus.")
    response = client_for(world.u_staff1).get(reverse("feedback:rhk-thread", args=[f.rhk.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html and f.rhk.text in html and "Bagus." in html


def test_edit_and_delete_from_the_thread(world, f):
    comment = services.post_comment(actor=world.u_staff1, rhk=f.rhk, body="Draf.")
    c = client_for(world.u_staff1)
    c.post(reverse("feedback:comment-edit", args=[comment.pk]), {"body": "Versi akhir."}, **HTMX)
    response = c.post(reverse("feedback:comment-delete", args=[comment.pk]), **HTMX)
    assert "This comment was deleted." in response.content.decode() and "Versi akhir." not in response.content.decode()


def test_the_skp_page_has_the_panel_slot_and_the_panel_lists_dialogues(world, f):
    services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp, scheduled_at=soon(), agenda="Capaian Q1")
    services.post_comment(actor=world.u_kasi_surv, rhk=f.rhk, body="Bagus.")
    page = client_for(world.u_staff1).get(reverse("skp:detail", args=[f.skp.pk])).content.decode()
    assert reverse("feedback:skp-panel", args=[f.skp.pk]) in page
    panel = client_for(world.u_staff1).get(reverse("feedback:skp-panel", args=[f.skp.pk]), **HTMX)
    html = panel.content.decode()
    assert "Capaian Q1" in html and reverse("feedback:rhk-thread", args=[f.rhk.pk]) in html
    assert 'data-count="1"' in html and "Ask for a dialogue" in html
    assert "Schedule a dialogue" in client_for(world.u_kasi_surv).get(
        reverse("feedback:skp-panel", args=[f.skp.pk])).content.decode()


def test_schedule_record_and_see(world, f):
    boss = client_for(world.u_kasi_surv)
    when = timezone.localtime(soon(-1)).strftime("%Y-%m-%dT%H:%M")
    response = boss.post(reverse("feedback:dialogue-add", args=[f.skp.pk]),
                         {"scheduled_at": when, "medium": "in_person", "place": "Ruang Seksi", "agenda": "Q3"})
    d = Dialogue.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("feedback:dialogue", args=[d.pk])
    follow = (timezone.localdate() + timedelta(days=14)).isoformat()
    response = boss.post(reverse("feedback:dialogue-record", args=[d.pk]),
                         {"notes": "Target tercapai.", "follow_up_on": follow, "action_text": "Kirim rekap",
                          "action_owner": "employee", "lock_version": d.lock_version})
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.status == DialogueStatus.HELD and d.actions.get().text == "Kirim rekap"
    page = client_for(world.u_staff1).get(reverse("feedback:dialogue", args=[d.pk])).content.decode()
    assert "Target tercapai." in page and "Kirim rekap" in page and 'data-testid="record-dialogue"' not in page
    action = d.actions.get()
    toggled = client_for(world.u_staff1).post(reverse("feedback:action-toggle", args=[action.pk]), {"done": "1"},
                                              **HTMX)
    assert "is-done" in toggled.content.decode()


def test_a_stale_record_keeps_the_text(world, f):
    d = services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp, scheduled_at=soon(-1))
    services.update_dialogue(actor=world.u_kasi_surv, dialogue=d, agenda="Diubah")
    response = client_for(world.u_kasi_surv).post(reverse("feedback:dialogue-record", args=[d.pk]),
                                                  {"notes": "Catatan saya.", "lock_version": 0})
    html = response.content.decode()
    assert response.status_code == 200 and "Someone else changed this dialogue" in html and "Catatan saya." in html


def test_the_employee_requests_a_dialogue(world, f):
    c = client_for(world.u_staff1)
    page = c.get(reverse("feedback:dialogue-add", args=[f.skp.pk])).content.decode()
    assert "Ask for a performance dialogue" in page
    when = timezone.localtime(soon(4)).strftime("%Y-%m-%dT%H:%M")
    c.post(reverse("feedback:dialogue-add", args=[f.skp.pk]), {"scheduled_at": when, "medium": "online"})
    assert Dialogue.objects.get().requested_by_employee


def test_my_dialogues_upcoming_first(world, f):
    services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp, scheduled_at=soon(10), agenda="Nanti")
    services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp, scheduled_at=soon(2), agenda="Segera")
    held = services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp, scheduled_at=soon(-5), agenda="Lalu")
    services.record_dialogue(actor=world.u_kasi_surv, dialogue=held, notes="Selesai.")
    for user in (world.u_staff1, world.u_kasi_surv):
        html = client_for(user).get(reverse("feedback:mine")).content.decode()
        assert html.index("Segera") < html.index("Nanti") < html.index("Lalu")
    assert "Segera" not in client_for(world.u_staff2).get(reverse("feedback:mine")).content.decode()


@pytest.mark.parametrize("n", [1, 8])
def test_query_counts_do_not_grow(world, f, n, django_assert_max_num_queries):
    for i in range(n):
        d = services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp, scheduled_at=soon(i + 1),
                                       agenda=f"A{i}")
        services.add_action(actor=world.u_kasi_surv, dialogue=d, text=f"Aksi {i}")
        first = services.post_comment(actor=world.u_kasi_surv, rhk=f.rhk, body=f"K{i}")
        services.post_comment(actor=world.u_staff1, body=f"B{i}", parent=first)
    c = client_for(world.u_staff1)
    for url in (reverse("feedback:mine"), reverse("feedback:skp-dialogues", args=[f.skp.pk]),
                reverse("feedback:skp-panel", args=[f.skp.pk]), reverse("feedback:rhk-thread", args=[f.rhk.pk]),
                reverse("feedback:dialogue", args=[d.pk])):
        with django_assert_max_num_queries(12):
            assert c.get(url, **HTMX).status_code == 200
