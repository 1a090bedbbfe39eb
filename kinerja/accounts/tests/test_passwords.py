"""Passwords: one's own change, the password policy, the administrator's unlock and one-time password
(changed at the next log-in before anything else), the reset by e-mail where mail is configured."""

import re

import pytest
from axes.utils import reset
from django.core import mail
from django.urls import reverse
from django.utils import translation

from kinerja.accounts import lockout, services
from kinerja.accounts.models import User
from kinerja.audit.models import AuditEvent
from kinerja.core.errors import PermissionDenied, ValidationError

LOGIN = reverse("accounts:login")
CHANGE = reverse("accounts:password_change")
NEW = "Kopi-Pagi-Tanjung-7"


@pytest.fixture(autouse=True)
def _fresh_axes(db):
    reset()
    yield
    reset()


def events(action):
    return list(AuditEvent.objects.filter(action=action))


def lock(client, login):
    for _ in range(5):
        client.post(LOGIN, {"username": login, "password": "salah-sekali"})


# --- own password -----------------------------------------------------------------------------

def test_the_user_menu_links_the_password_page(world, client_for):
    html = client_for(world.u_staff1).get(reverse("home:home")).content.decode()
    assert f'href="{CHANGE}"' in html


def test_change_own_password(world, client_for):
    client = client_for(world.u_staff1)
    response = client.post(CHANGE, {"old_password": world.password, "new_password": NEW,
                                    "new_password_confirm": NEW})
    assert response.status_code == 302 and response["Location"] == reverse("home:home")
    assert client.get(reverse("home:home")).wsgi_request.user == world.u_staff1  # still logged in
    world.u_staff1.refresh_from_db()
    assert world.u_staff1.check_password(NEW)
    (event,) = events("accounts.user.password_change")
    assert event.actor_id == world.u_staff1.pk and event.after == {"must_change_password": False, "is_active": True,
                                                             "password_changed": True}


def test_change_needs_the_current_password(world, client_for):
    response = client_for(world.u_staff1).post(CHANGE, {"old_password": "keliru-sekali", "new_password": NEW,
                                                        "new_password_confirm": NEW})
    assert response.status_code == 200 and 'data-field-error="old_password"' in response.content.decode()
    world.u_staff1.refresh_from_db()
    assert world.u_staff1.check_password(world.password) and not events("accounts.user.password_change")


@pytest.mark.parametrize("weak", ["Pendek-1", "1234567890123", "password1234", "staff1staf", None])
def test_the_password_policy(world, weak):
    weak = weak or "Rahasia-Uji-2026"  # the same as the current one
    with pytest.raises(ValidationError) as exc:
        services.change_password(actor=world.u_staff1, user=world.u_staff1, old_password=world.password,
                                 new_password=weak)
    assert "new_password" in exc.value.message_dict


def test_policy_messages_are_indonesian(world):
    with translation.override("id"), pytest.raises(ValidationError) as exc:
        services.change_password(actor=world.u_staff1, user=world.u_staff1, old_password=world.password,
                                 new_password="12345")
    text = " ".join(exc.value.message_dict["new_password"])
    assert "terlalu pendek" in text and "10" in text and "angka" in text


def test_nobody_changes_another_users_password_through_this_service(world):
    with pytest.raises(PermissionDenied):
        services.change_password(actor=world.u_admin_bkpsdm, user=world.u_staff1, old_password=world.password,
                                 new_password=NEW)


# --- administrator: unlock and one-time password ---------------------------------------------------

def test_admin_unlocks_a_locked_account(world, client, client_for):
    lock(client, world.staff1.nip)
    assert lockout.is_locked(world.u_staff1)
    admin = client_for(world.u_admin_bkpsdm)
    detail = admin.get(reverse("accounts:user", args=[world.u_staff1.pk])).content.decode()
    assert 'data-testid="locked-badge"' in detail and 'data-testid="unlock"' in detail
    response = admin.post(reverse("accounts:user_unlock", args=[world.u_staff1.pk]))
    assert response.status_code == 302
    assert not lockout.is_locked(world.u_staff1)
    (event,) = events("accounts.user.unlock")
    assert event.before == {"locked": True} and event.actor_id == world.u_admin_bkpsdm.pk
    admin.post(reverse("accounts:logout"))
    assert client.post(LOGIN, {"username": "STAFF1", "password": world.password}).status_code == 302


def test_one_time_password_must_be_changed_before_anything_else(world, client, client_for):
    lock(client, "staff1")
    admin = client_for(world.u_admin_bkpsdm)
    response = admin.post(reverse("accounts:user_reset_password", args=[world.u_staff1.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    raw = re.search(r'data-testid="one-time-password">([^<]+)<', response.content.decode()).group(1)
    world.u_staff1.refresh_from_db()
    assert world.u_staff1.must_change_password and world.u_staff1.check_password(raw)
    assert not lockout.is_locked(world.u_staff1)
    (event,) = events("accounts.user.password_reset")
    assert event.after["must_change_password"] is True and raw not in str(event.after)
    admin.post(reverse("accounts:logout"))

    # the owner logs in with it (by NIP) and is sent to the password page, whatever they open
    response = client.post(LOGIN, {"username": world.staff1.nip, "password": raw})
    assert response.status_code == 302
    for path in (reverse("home:home"), reverse("people:list") if _has("people:list") else "/people/", "/skp/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(CHANGE), path
    page = client.get(CHANGE).content.decode()
    assert 'data-testid="password-change-required"' in page
    api = client.get("/api/v1/me")
    assert api.status_code == 403 and api.json()["detail"]
    response = client.post(CHANGE, {"old_password": raw, "new_password": NEW, "new_password_confirm": NEW,
                                    "next": "/skp/"})
    assert response.status_code == 302 and response["Location"] == "/skp/"
    world.u_staff1.refresh_from_db()
    assert not world.u_staff1.must_change_password
    assert client.get(reverse("home:home")).status_code == 200


def _has(name):
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def test_next_after_the_change_stays_on_this_site(world, client_for):
    client = client_for(world.u_staff1)
    response = client.post(CHANGE, {"old_password": world.password, "new_password": NEW,
                                    "new_password_confirm": NEW, "next": "https://evil.example/"})
    assert response["Location"] == reverse("home:home")


@pytest.mark.parametrize("who,status", [("u_staff1", 403), ("u_admin_opd", 403), ("u_auditor", 403),
                                        ("u_admin_b", 404), ("u_kadinkes", 403)])
def test_unlock_and_reset_are_for_the_bkpsdm_admin_of_the_instance(world, client_for, who, status):
    client = client_for(getattr(world, who))
    for name in ("accounts:user_unlock", "accounts:user_reset_password"):
        assert client.post(reverse(name, args=[world.u_staff2.pk])).status_code == status
    world.u_staff2.refresh_from_db()
    assert not world.u_staff2.must_change_password
    assert not events("accounts.user.password_reset") and not events("accounts.user.unlock")


def test_only_operators_reset_operators(world):
    with pytest.raises(PermissionDenied):
        services.reset_password(actor=world.u_admin_bkpsdm, user=world.u_root)
    assert services.reset_password(actor=world.u_root, user=world.u_admin_bkpsdm)


def test_one_time_passwords_use_the_fast_hasher_and_are_rehashed_at_login(world, settings, client):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                                 "kinerja.accounts.passwords.OneTimePasswordHasher"]
    raw = services.reset_password(actor=world.u_admin_bkpsdm, user=world.u_staff1)
    world.u_staff1.refresh_from_db()
    assert world.u_staff1.password.startswith("pbkdf2_sha256_onetime$")
    assert client.post(LOGIN, {"username": "staff1", "password": raw}).status_code == 302
    world.u_staff1.refresh_from_db()
    assert world.u_staff1.password.startswith("md5$")  # upgraded to the preferred hasher


# --- API -------------------------------------------------------------------------------------------

def api_post(client, path, data=None):
    import json

    return client.post(f"/api/v1{path}", json.dumps(data or {}), content_type="application/json")


def test_api_change_own_password(world, client_for):
    client = client_for(world.u_staff1)
    bad = api_post(client, "/me/password", {"old_password": world.password, "new_password": "123"})
    assert bad.status_code == 422 and "new_password" in bad.json()["errors"]
    wrong = api_post(client, "/me/password", {"old_password": "keliru-sekali", "new_password": NEW})
    assert wrong.status_code == 422 and "old_password" in wrong.json()["errors"]
    assert api_post(client, "/me/password", {"old_password": world.password, "new_password": NEW}).status_code == 204
    world.u_staff1.refresh_from_db()
    assert world.u_staff1.check_password(NEW)


def test_api_forced_change_is_allowed_while_everything_else_is_refused(world, client_for):
    services.reset_password(actor=world.u_admin_bkpsdm, user=world.u_staff1)
    world.u_staff1.set_password(world.password)
    world.u_staff1.save()
    client = client_for(world.u_staff1)
    assert client.get("/api/v1/me").status_code == 403
    assert api_post(client, "/me/password", {"old_password": world.password, "new_password": NEW}).status_code == 204
    assert client.get("/api/v1/me").status_code == 200


def test_api_admin_unlock_and_reset(world, client, client_for):
    lock(client, "staff2")
    admin = client_for(world.u_admin_bkpsdm)
    response = api_post(admin, f"/users/{world.u_staff2.pk}/unlock")
    assert response.status_code == 200 and response.json()["failure_records_cleared"] >= 1
    assert not lockout.is_locked(world.u_staff2)
    response = api_post(admin, f"/users/{world.u_staff2.pk}/password-reset")
    assert response.status_code == 200
    raw = response.json()["one_time_password"]
    world.u_staff2.refresh_from_db()
    assert world.u_staff2.check_password(raw) and world.u_staff2.must_change_password


@pytest.mark.parametrize("who,status", [("u_staff1", 403), ("u_admin_opd", 403), ("u_admin_b", 404)])
def test_api_admin_endpoints_scope(world, client_for, who, status):
    client = client_for(getattr(world, who))
    for path in ("unlock", "password-reset"):
        response = api_post(client, f"/users/{world.u_staff2.pk}/{path}")
        assert response.status_code == status and "detail" in response.json()
    assert api_post(client_for(world.u_admin_b), "/users/999999/unlock").status_code == 404


# --- reset by e-mail -------------------------------------------------------------------------------

def test_no_reset_by_email_without_real_mail(world, client, settings):
    settings.KINERJA = {**settings.KINERJA, "PASSWORD_RESET_EMAIL": False}
    html = client.get(LOGIN).content.decode()
    assert 'data-testid="forgot-password"' not in html and "BKPSDM" in html
    assert client.get(reverse("accounts:password_reset")).status_code == 404


def test_reset_by_email(world, client, settings):
    settings.KINERJA = {**settings.KINERJA, "PASSWORD_RESET_EMAIL": True, "BASE_URL": "https://kinerja.example.go.id"}
    world.staff1.email = "staff1@dinkes.example.go.id"  # on the employee record only
    world.staff1.save()
    lock(client, "staff1")
    assert 'data-testid="forgot-password"' in client.get(LOGIN).content.decode()
    response = client.post(reverse("accounts:password_reset"), {"email": "STAFF1@dinkes.example.go.id"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_done")
    (message,) = mail.outbox
    assert message.to == ["staff1@dinkes.example.go.id"]
    link = re.search(r"https://kinerja\.example\.go\.id(/\S+)", message.body).group(1)
    response = client.get(link, follow=True)
    assert 'data-testid="password-reset-confirm-form"' in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    weak = client.post(form_url, {"new_password1": "12345", "new_password2": "12345"})
    assert weak.status_code == 200 and "new_password2" in weak.content.decode()
    response = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_complete")
    (event,) = events("accounts.user.password_reset_email")
    assert event.actor_id == world.u_staff1.pk and event.after["lock_cleared"] is True
    assert client.post(LOGIN, {"username": "staff1", "password": NEW}).status_code == 302
    client.post(reverse("accounts:logout"))
    assert 'data-testid="password-reset-invalid"' in client.get(link, follow=True).content.decode()  # used once


def test_reset_request_for_an_unknown_address_says_the_same(world, client, settings):
    settings.KINERJA = {**settings.KINERJA, "PASSWORD_RESET_EMAIL": True}
    response = client.post(reverse("accounts:password_reset"), {"email": "siapa@example.org"})
    assert response.status_code == 302 and not mail.outbox


def test_reset_setting_follows_the_mail_backend():
    import subprocess
    import sys

    code = "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='kinerja.settings';django.setup();" \
           "from django.conf import settings;print(settings.KINERJA['PASSWORD_RESET_EMAIL'])"
    for backend, expected in (("django.core.mail.backends.console.EmailBackend", "False"),
                              ("django.core.mail.backends.smtp.EmailBackend", "True")):
        env = {**__import__("os").environ, "KINERJA_EMAIL_BACKEND": backend}
        env.pop("KINERJA_PASSWORD_RESET_EMAIL", None)
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        assert out.stdout.strip() == expected


def test_inactive_login_gets_no_one_time_password(world):
    User.objects.filter(pk=world.u_staff2.pk).update(is_active=False)
    world.u_staff2.refresh_from_db()
    with pytest.raises(ValidationError):
        services.reset_password(actor=world.u_admin_bkpsdm, user=world.u_staff2)


def test_htmx_requests_are_sent_to_the_password_page_as_a_whole(world, client_for):
    world.u_staff1.must_change_password = True
    world.u_staff1.save()
    response = client_for(world.u_staff1).get("/skp/", headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"] == CHANGE


def test_the_users_list_marks_locked_logins(world, client, client_for):
    lock(client, world.staff1.nip)
    html = client_for(world.u_admin_bkpsdm).get(reverse("accounts:users"), {"q": "staff"}).content.decode()
    row = html.split('data-testid="users-table"')[1]
    assert row.count('data-testid="locked-badge"') == 1


def test_reset_requests_are_throttled_per_address(world, client, settings):
    settings.KINERJA = {**settings.KINERJA, "PASSWORD_RESET_EMAIL": True}
    settings.KINERJA_PASSWORD_RESET_PER_HOUR = 3
    url = reverse("accounts:password_reset")
    for i in range(3):
        assert client.post(url, {"email": f"orang{i}@example.org"}).status_code == 302
    response = client.post(url, {"email": "staff1@example.org"})
    assert response.status_code == 429 and 'data-testid="password-reset-throttled"' in response.content.decode()
    assert client.post(url, {"email": "x@example.org"}, REMOTE_ADDR="10.1.1.1").status_code == 302


def test_guessing_the_current_password_locks_the_account(world, client, client_for):
    session = client_for(world.u_staff1)
    for _ in range(5):
        response = session.post(CHANGE, {"old_password": "tebakan-salah", "new_password": NEW,
                                         "new_password_confirm": NEW})
        assert 'data-field-error="old_password"' in response.content.decode()
    assert lockout.is_locked(world.u_staff1)
    response = session.post(CHANGE, {"old_password": world.password, "new_password": NEW,
                                     "new_password_confirm": NEW})
    assert "account is locked" in response.content.decode()
    world.u_staff1.refresh_from_db()
    assert world.u_staff1.check_password(world.password)
    session.post(reverse("accounts:logout"))
    assert client.post(LOGIN, {"username": "staff1", "password": world.password}).status_code == 429
