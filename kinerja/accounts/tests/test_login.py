"""Logging in with a NIP or a username through the real login view, and the lockout after failures."""

import pytest
from axes.utils import reset
from django.urls import reverse

LOGIN = reverse("accounts:login")


@pytest.fixture(autouse=True)
def _fresh_axes(db):
    reset()
    yield
    reset()


def logged_in_as(client):
    return client.get(reverse("home:home")).wsgi_request.user


def test_login_page(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200 and 'name="username"' in response.content.decode()


def test_login_with_nip_written_with_spaces(world, client):
    nip = world.staff1.nip
    typed = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    response = client.post(LOGIN, {"username": typed, "password": world.password})
    assert response.status_code == 302 and response["Location"] == reverse("home:home")
    assert logged_in_as(client) == world.u_staff1


def test_login_with_username(world, client):
    response = client.post(LOGIN, {"username": "Admin_BKPSDM", "password": world.password})
    assert response.status_code == 302
    assert logged_in_as(client) == world.u_admin_bkpsdm


def test_login_follows_next(world, client):
    response = client.post(LOGIN, {"username": "staff1", "password": world.password, "next": "/org/"})
    assert response["Location"] == "/org/"


def test_wrong_password_shows_the_message(world, client):
    response = client.post(LOGIN, {"username": "staff1", "password": "salah"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="login-error"' in html and "Wrong NIP/username or password" in html
    assert not logged_in_as(client).is_authenticated


def test_inactive_account_cannot_log_in(world, client):
    world.u_staff2.is_active = False
    world.u_staff2.save()
    response = client.post(LOGIN, {"username": "staff2", "password": world.password})
    assert response.status_code == 200 and not logged_in_as(client).is_authenticated


def test_lockout_after_five_failures(world, client):
    for _ in range(4):
        assert client.post(LOGIN, {"username": "staff1", "password": "salah"}).status_code == 200
    assert client.post(LOGIN, {"username": "staff1", "password": "salah"}).status_code == 429
    response = client.post(LOGIN, {"username": "staff1", "password": world.password})
    assert response.status_code == 429 and 'data-testid="locked-out"' in response.content.decode()
    assert not logged_in_as(client).is_authenticated
    # another account from the same address is not locked
    assert client.post(LOGIN, {"username": "staff2", "password": world.password}).status_code == 302


def test_success_resets_the_failure_count(world, client):
    for _ in range(4):
        client.post(LOGIN, {"username": "staff1", "password": "salah"})
    assert client.post(LOGIN, {"username": "staff1", "password": world.password}).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        assert client.post(LOGIN, {"username": "staff1", "password": "salah"}).status_code == 200
