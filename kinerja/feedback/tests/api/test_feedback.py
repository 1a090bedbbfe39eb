"""/feedback: comment threads and performance dialogues over the API."""

from __future__ import annotations

import pytest

from kinerja.api.testing import errors_of
from kinerja.feedback import services
from kinerja.feedback.models import Comment, Dialogue
from kinerja.notifications.models import Notification

from ..conftest import soon

pytestmark = pytest.mark.django_db


def test_comment_thread(world, f, api):
    boss, me = api(world.u_kasi_surv), api(world.u_staff1)
    r = boss.post(f"/feedback/rhk/{f.rhk.pk}/comments", {"body": "Mohon data minggu ketiga."})
    assert r.status_code == 201, r.json()
    first = r.json()
    assert first["rhk_id"] == f.rhk.pk and first["author"]["id"] == world.kasi_surv.pk and not first["deleted"]
    r = me.post(f"/feedback/rhk/{f.rhk.pk}/comments", {"body": "Siap.", "parent_id": first["id"]})
    assert r.status_code == 201 and r.json()["parent_id"] == first["id"]
    listed = me.get(f"/feedback/rhk/{f.rhk.pk}/comments").json()["items"]
    assert [c["body"] for c in listed] == ["Mohon data minggu ketiga.", "Siap."]
    assert boss.patch(f"/feedback/comments/{first['id']}", {"body": "Data minggu 3."}).json()["edited_at"]
    assert me.patch(f"/feedback/comments/{first['id']}", {"body": "x"}).status_code == 403
    assert boss.delete(f"/feedback/comments/{first['id']}").status_code == 204
    listed = me.get(f"/feedback/rhk/{f.rhk.pk}/comments").json()["items"]
    assert listed[0]["deleted"] and listed[0]["body"] == ""


def test_report_comments(world, f, api):
    r = api(world.u_kasi_surv).post(f"/feedback/reports/{f.report.pk}/comments", {"body": "Sesuai target."})
    assert r.status_code == 201 and r.json()["report_id"] == f.report.pk
    assert len(api(world.u_staff1).get(f"/feedback/reports/{f.report.pk}/comments").json()["items"]) == 1


@pytest.mark.parametrize(("body", "field"), [({"body": ""}, "body"), ({"body": "x" * 5001}, "body"),
                                             ({"body": "x", "parent_id": 999999}, "parent_id"), ([], None)])
def test_bad_comments(world, f, api, body, field):
    r = api(world.u_staff1).post(f"/feedback/rhk/{f.rhk.pk}/comments", body)
    assert r.status_code in (400, 422)
    if field:
        assert field in errors_of(r)
    assert not Comment.objects.exists()


def test_dialogue_lifecycle(world, f, api):
    boss, me = api(world.u_kasi_surv), api(world.u_staff1)
    r = boss.post("/feedback/dialogues", {"skp_id": f.skp.pk, "scheduled_at": soon(-1).isoformat(),
                                          "medium": "online", "place": "https://meet.example.org/x",
                                          "agenda": "Capaian"})
    assert r.status_code == 201, r.json()
    d = r.json()
    assert d["status"] == "planned" and d["employee"]["id"] == world.staff1.pk and d["superior"]["id"] == \
        world.kasi_surv.pk
    r = boss.patch(f"/feedback/dialogues/{d['id']}", {"place": "https://meet.example.org/y",
                                                      "lock_version": d["lock_version"]})
    assert r.status_code == 200 and r.json()["place"].endswith("/y")
    stale = boss.patch(f"/feedback/dialogues/{d['id']}", {"agenda": "Lain", "lock_version": d["lock_version"]})
    assert stale.status_code == 409
    r = boss.post(f"/feedback/dialogues/{d['id']}/record", {"notes": "Baik.", "actions": [
        {"text": "Kirim rekap", "owner": "employee"}]})
    assert r.status_code == 200 and r.json()["status"] == "held" and len(r.json()["actions"]) == 1
    action_id = r.json()["actions"][0]["id"]
    r = boss.post(f"/feedback/dialogues/{d['id']}/actions", {"text": "Dampingi", "owner": "superior"})
    assert r.status_code == 201
    r = me.patch(f"/feedback/actions/{action_id}", {"done": True})
    assert r.status_code == 200 and r.json()["done_at"]
    got = me.get(f"/feedback/dialogues/{d['id']}").json()
    assert got["notes"] == "Baik." and [a["text"] for a in got["actions"]] == ["Kirim rekap", "Dampingi"]
    assert [x["id"] for x in me.get("/feedback/dialogues", {"mine": "true"}).json()["items"]] == [d["id"]]
    assert Notification.objects.filter(recipient=world.u_staff1, kind="dialogue").count() >= 3


def test_employee_request_and_cancel(world, f, api):
    me = api(world.u_staff1)
    r = me.post("/feedback/dialogues", {"skp_id": f.skp.pk, "scheduled_at": soon(3).isoformat()})
    assert r.status_code == 201 and r.json()["requested_by_employee"]
    assert me.patch(f"/feedback/dialogues/{r.json()['id']}", {"place": "x"}).status_code == 403
    r = me.post(f"/feedback/dialogues/{r.json()['id']}/cancel", {"reason": "Tidak jadi"})
    assert r.status_code == 200 and r.json()["status"] == "cancelled"


def test_dialogue_validation(world, f, api):
    boss = api(world.u_kasi_surv)
    r = boss.post("/feedback/dialogues", {"skp_id": f.skp.pk, "scheduled_at": "2001-01-01T09:00:00+07:00"})
    assert r.status_code == 422 and "scheduled_at" in errors_of(r)
    r = boss.post("/feedback/dialogues", {"skp_id": f.skp.pk, "scheduled_at": "besok"})
    assert r.status_code == 422
    assert boss.post("/feedback/dialogues", {"skp_id": 999999, "scheduled_at": soon().isoformat()}).status_code == 404
    assert not Dialogue.objects.exists()


def test_dialogue_list_query_count(world, f, api, django_assert_max_num_queries):
    for i in range(6):
        d = services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp, scheduled_at=soon(i + 1))
        services.add_action(actor=world.u_kasi_surv, dialogue=d, text="x")
    me = api(world.u_staff1)
    with django_assert_max_num_queries(10):
        assert len(me.get("/feedback/dialogues").json()["items"]) == 6
