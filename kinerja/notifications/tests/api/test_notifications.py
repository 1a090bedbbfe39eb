"""/notifications: my list (keyset), the unread count, read marks and my e-mail choices."""

from __future__ import annotations

import pytest

from kinerja.api.testing import errors_of
from kinerja.audit.models import AuditEvent
from kinerja.core.testing import SYSTEM
from kinerja.notifications import services
from kinerja.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


def _notify(w, user, n=1, kind=Kind.FEEDBACK):
    rows = []
    for i in range(n):
        rows += services.notify(actor=SYSTEM, instance_id=w.a.pk, recipients=[user.pk], kind=kind,
                                title=f"Catatan {i + 1}", url="/skp/")
    return rows


def test_list_is_mine_newest_first_in_keyset_pages(world, api, django_assert_max_num_queries):
    _notify(world, world.u_staff1, 7)
    _notify(world, world.u_staff2, 2)
    client = api(world.u_staff1)
    client.get("/notifications/unread-count")
    with django_assert_max_num_queries(4):  # session, user, the page
        body = client.get("/notifications", {"limit": 3}).json()
    assert [n["title"] for n in body["items"]] == ["Catatan 7", "Catatan 6", "Catatan 5"]
    assert set(body["items"][0]) >= {"id", "kind", "title", "body", "url", "created_at", "read_at", "object_type"}
    titles = [n["title"] for n in body["items"]]
    while body["next_cursor"]:
        with django_assert_max_num_queries(4):
            body = client.get("/notifications", {"limit": 3, "cursor": body["next_cursor"]}).json()
        titles += [n["title"] for n in body["items"]]
    assert titles == [f"Catatan {i}" for i in range(7, 0, -1)]


def test_filters_unread_and_kind(world, api):
    rows = _notify(world, world.u_staff1, 2)
    _notify(world, world.u_staff1, 1, kind=Kind.DEADLINE)
    services.mark_read(actor=world.u_staff1, notification=rows[0])
    client = api(world.u_staff1)
    assert len(client.get("/notifications", {"unread": "true"}).json()["items"]) == 2
    assert [n["id"] for n in client.get("/notifications", {"unread": "false"}).json()["items"]] == [rows[0].pk]
    assert [n["kind"] for n in client.get("/notifications", {"kind": "deadline"}).json()["items"]] == ["deadline"]
    assert client.get("/notifications", {"kind": "nope"}).status_code == 422


def test_unread_count_is_one_query(world, api, django_assert_num_queries):
    _notify(world, world.u_staff1, 4)
    client = api(world.u_staff1)
    client.get("/notifications/unread-count")
    with django_assert_num_queries(3):  # session, user, the count
        assert client.get("/notifications/unread-count").json() == {"unread": 4}


def test_mark_read_and_all(world, api):
    rows = _notify(world, world.u_staff1, 3)
    client = api(world.u_staff1)
    body = client.post(f"/notifications/{rows[0].pk}/read").json()
    assert body["id"] == rows[0].pk and body["read_at"]
    assert client.post("/notifications/read-all").json() == {"marked": 2}
    assert client.get("/notifications/unread-count").json() == {"unread": 0}


def test_another_users_notification_is_404_and_stays_unread(world, api):
    row = _notify(world, world.u_staff1)[0]
    assert api(world.u_staff2).post(f"/notifications/{row.pk}/read").status_code == 404
    assert api(world.u_staff_b).post(f"/notifications/{row.pk}/read").status_code == 404
    assert Notification.objects.get(pk=row.pk).read_at is None
    assert api(world.u_staff2).get("/notifications").json()["items"] == []


def test_anonymous_is_401(api):
    assert api().get("/notifications").status_code == 401
    assert api().get("/notifications/unread-count").status_code == 401


def test_preferences_get_and_put(world, api):
    client = api(world.u_staff1)
    assert client.get("/notifications/preferences").json() == {"email": Kind.values, "kinds": Kind.values,
                                                               "language": ""}
    response = client._call("put", "/notifications/preferences", {"email": ["deadline", "skp_returned"]})
    assert response.status_code == 200
    assert response.json()["email"] == ["skp_returned", "deadline"]
    assert services.email_kinds_on(world.u_staff1) == ["skp_returned", "deadline"]
    assert AuditEvent.objects.filter(action="notifications.preferences.update").count() == 1
    bad = client._call("put", "/notifications/preferences", {"email": ["spam"]})
    assert bad.status_code == 422
    assert client._call("put", "/notifications/preferences", []).status_code in (400, 422)


def test_preferences_of_a_login_without_instance_is_422(world, api):
    response = api(world.u_root)._call("put", "/notifications/preferences", {"email": []})
    assert response.status_code == 422 and "kinds" in errors_of(response)
