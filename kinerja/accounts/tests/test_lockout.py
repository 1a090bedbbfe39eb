"""The lockout counts failures per ACCOUNT, whatever identifier is typed, and throttles an address
that fails on many accounts."""

import pytest
from axes.utils import reset
from django.urls import reverse

LOGIN = reverse("accounts:login")


@pytest.fixture(autouse=True)
def _fresh_axes(db, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.KINERJA_LOCKOUT_ADDRESS_FAILURES = 12
    reset()
    yield
    reset()


def spaced(nip: str) -> str:
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def fail(client, login, addr="10.0.0.1"):
    return client.post(LOGIN, {"username": login, "password": "salah-sekali"}, REMOTE_ADDR=addr).status_code


def ok(client, login, password, addr="10.0.0.1"):
    return client.post(LOGIN, {"username": login, "password": password}, REMOTE_ADDR=addr).status_code


@pytest.mark.parametrize("second", ["nip", "spaced_nip", "upper_username", "padded_username"])
def test_failures_with_any_identifier_count_for_the_same_account(world, client, second):
    nip = world.staff1.nip
    forms = {"nip": nip, "spaced_nip": spaced(nip), "upper_username": "STAFF1", "padded_username": "  Staff1 "}
    logins = ["staff1", nip, spaced(nip), "STAFF1", forms[second]]
    for login in logins[:4]:
        assert fail(client, login) == 200
    assert fail(client, forms[second]) == 429
    # locked whatever the identifier, even with the right password
    for login in ["staff1", nip, spaced(nip), "sTaFf1"]:
        assert ok(client, login, world.password) == 429
    # the account is locked from another address too
    assert ok(client, nip, world.password, addr="10.9.9.9") == 429
    # other accounts are not
    assert ok(client, "staff2", world.password) == 302


def test_locked_username_then_nip_is_refused(world, client):
    for _ in range(5):
        fail(client, "staff1")
    response = client.post(LOGIN, {"username": world.staff1.nip, "password": world.password})
    assert response.status_code == 429 and 'data-testid="locked-out"' in response.content.decode()
    assert not client.get(reverse("home:home")).wsgi_request.user.is_authenticated


def test_an_address_failing_on_many_accounts_is_throttled(world, client):
    accounts = ["staff1", "staff2", "kadinkes", "nobody", "monev", "auditor"]
    failures = 0
    for login in accounts:
        for _ in range(2):
            failures += 1
            status = fail(client, login)
            assert status == (429 if failures >= 12 else 200), (login, failures)
    # the address is locked, even for an account it never tried with the right password
    assert ok(client, "pimpinan", world.password) == 429
    # another address is not
    assert ok(client, "pimpinan", world.password, addr="10.0.0.2") == 302


def test_unknown_logins_count_for_the_address(world, client):
    for i in range(11):
        assert fail(client, f"tidak-ada-{i}") == 200
    assert fail(client, "tidak-ada-x") == 429
    assert ok(client, "staff1", world.password) == 429


def test_a_success_does_not_reset_the_address_count(world, client):
    for login in ["staff1", "staff2", "monev", "auditor", "nobody"]:
        for _ in range(2):
            fail(client, login)
    assert ok(client, "pimpinan", world.password) == 302  # 10 failures: still allowed
    client.post(reverse("accounts:logout"))
    assert fail(client, "kadinkes") == 200
    assert fail(client, "kadinkes") == 429  # the success did not wipe the address's failures


def test_the_address_limit_is_a_setting(world, client, settings):
    settings.KINERJA_LOCKOUT_ADDRESS_FAILURES = 3
    assert fail(client, "staff1") == 200
    assert fail(client, "staff2") == 200
    assert fail(client, "monev") == 429


def test_api_login_forms_are_not_a_bypass(world, client):
    """The admin login goes through the same backend: a locked account stays locked there."""
    for _ in range(5):
        fail(client, world.staff1.nip)
    response = client.post(reverse("admin:login"), {"username": "staff1", "password": world.password},
                           REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
