"""The bell, the list, read marks, open, preferences: each user's own only, in a fixed number of queries."""

from __future__ import annotations

from django.urls import reverse

from kinerja.core.testing import SYSTEM
from kinerja.notifications import services
from kinerja.notifications.models import Kind, Notification


def _notify(w, user, n=1, **kwargs):
    rows = []
    for i in range(n):
        rows += services.notify(actor=SYSTEM, instance_id=w.a.pk, recipients=[user.pk], kind=Kind.FEEDBACK,
                                title=kwargs.get("title", f"Umpan balik {i + 1}"), url=kwargs.get("url", "/skp/"))
    return rows


def test_every_page_has_the_bell_without_a_query_for_it(world, client_for, django_assert_num_queries):
    client = client_for(world.u_staff1)
    page = client.get(reverse("home:home")).content.decode()
    assert 'data-testid="bell"' in page and reverse("notifications:count") in page
    assert "notifications/notifications.css" in page


def test_anonymous_pages_have_no_bell(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'data-testid="bell"' not in page


def test_count_is_one_query_and_polls(world, client_for, django_assert_num_queries):
    _notify(world, world.u_staff1, 3)
    _notify(world, world.u_staff2, 2)
    client = client_for(world.u_staff1)
    client.get(reverse("notifications:count"))  # session warm
    with django_assert_num_queries(3):  # session, user, the count
        response = client.get(reverse("notifications:count"))
    text = response.content.decode()
    assert 'data-unread="3"' in text and "every 60s" in text


def test_count_says_99_plus(world, client_for):
    services.notify(actor=SYSTEM, instance_id=world.a.pk, recipients=[world.u_staff1.pk], kind=Kind.FEEDBACK,
                    title="x")
    Notification.objects.bulk_create([Notification(instance_id=world.a.pk, recipient=world.u_staff1, kind="feedback",
                                                    title=f"n{i}") for i in range(120)])
    assert "99+" in client_for(world.u_staff1).get(reverse("notifications:count")).content.decode()


def test_latest_shows_the_newest_of_ones_own(world, client_for, django_assert_max_num_queries):
    _notify(world, world.u_staff1, 10)
    _notify(world, world.u_staff2, 1, title="Milik Dewi")
    client = client_for(world.u_staff1)
    with django_assert_max_num_queries(3):
        text = client.get(reverse("notifications:latest")).content.decode()
    assert "Umpan balik 10" in text and "Umpan balik 2" not in text and "Milik Dewi" not in text


def test_list_pages_by_keyset_in_fixed_queries(world, client_for, settings, django_assert_max_num_queries):
    settings.KINERJA = {**settings.KINERJA, "PAGE_SIZE": 5}
    _notify(world, world.u_staff1, 12)
    client = client_for(world.u_staff1)
    client.get(reverse("notifications:list"))
    # session, user, the page, the unread count, and the layout's menu and scope (6): none per notification
    with django_assert_max_num_queries(10):
        response = client.get(reverse("notifications:list"))
    page = response.context["page"]
    assert [n.title for n in page.items] == [f"Umpan balik {i}" for i in range(12, 7, -1)]
    seen = [n.pk for n in page.items]
    while page.next_cursor:
        with django_assert_max_num_queries(10):
            page = client.get(reverse("notifications:list"), {"cursor": page.next_cursor}).context["page"]
        seen += [n.pk for n in page.items]
    assert len(seen) == len(set(seen)) == 12


def test_list_filters_unread_and_marks_read_with_htmx(world, client_for):
    rows = _notify(world, world.u_staff1, 2)
    client = client_for(world.u_staff1)
    response = client.post(reverse("notifications:read", args=[rows[0].pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Trigger"] == "notifications-changed"
    assert 'data-state="read"' in response.content.decode()
    unread = client.get(reverse("notifications:list"), {"show": "unread"}).context["page"].items
    assert [n.pk for n in unread] == [rows[1].pk]


def test_mark_all_read(world, client_for):
    _notify(world, world.u_staff1, 3)
    _notify(world, world.u_staff2, 1)
    client = client_for(world.u_staff1)
    response = client.post(reverse("notifications:read_all"), {"next": reverse("notifications:list")})
    assert response.status_code == 302 and response["Location"] == reverse("notifications:list")
    assert not Notification.objects.filter(recipient=world.u_staff1, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=world.u_staff2, read_at__isnull=True).count() == 1
    response = client.post(reverse("notifications:read_all"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Trigger"] == "notifications-changed"


def test_open_marks_read_and_goes_to_its_page(world, client_for):
    row = _notify(world, world.u_staff1, url="/skp/")[0]
    response = client_for(world.u_staff1).get(reverse("notifications:open", args=[row.pk]))
    assert response.status_code == 302 and response["Location"] == "/skp/"
    assert Notification.objects.get(pk=row.pk).read_at is not None


def test_open_never_redirects_off_site(world, client_for):
    row = _notify(world, world.u_staff1, url="https://evil.example/")[0]
    response = client_for(world.u_staff1).get(reverse("notifications:open", args=[row.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_another_users_notification_is_404(world, client_for):
    row = _notify(world, world.u_staff1)[0]
    client = client_for(world.u_staff2)
    assert client.get(reverse("notifications:open", args=[row.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[row.pk])).status_code == 404
    assert Notification.objects.get(pk=row.pk).read_at is None


def test_preferences_page_saves_the_checked_kinds(world, client_for):
    client = client_for(world.u_staff1)
    page = client.get(reverse("notifications:preferences")).content.decode()
    for value, _label in Kind.choices:
        assert f'value="{value}"' in page
    assert 'data-testid="no-address"' in page
    response = client.post(reverse("notifications:preferences"), {"kinds": ["deadline", "skp_approved"]})
    assert response.status_code == 302
    assert services.email_kinds_on(world.u_staff1) == ["skp_approved", "deadline"]
    response = client.post(reverse("notifications:preferences"), {"kinds": ["bogus"]})
    assert response.status_code == 200 and "Unknown kind" in response.content.decode()


def test_no_bell_while_a_one_time_password_must_be_replaced(world, client_for):
    """The password page is the only page such a user may open; a bell there would poll its count, be sent to
    the password page by the middleware (HX-Redirect) and reload the page without end."""
    from kinerja.accounts.models import User

    User.objects.filter(pk=world.u_staff1.pk).update(must_change_password=True)
    world.u_staff1.refresh_from_db()
    page = client_for(world.u_staff1).get(reverse("accounts:password_change")).content.decode()
    assert 'data-testid="bell"' not in page
    User.objects.filter(pk=world.u_staff1.pk).update(must_change_password=False)
    world.u_staff1.refresh_from_db()
    assert 'data-testid="bell"' in client_for(world.u_staff1).get(reverse("accounts:password_change")).content.decode()
