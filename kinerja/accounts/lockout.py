"""Brute-force lockout per ACCOUNT and per client address (django-axes, configured in settings).

django-axes counts failures per "username". Out of the box that is the string typed in the login
form, so an account locked as ``staff1`` could still be attacked as its NIP, as ``STAFF1`` or as the
NIP written with spaces. Here:

* :func:`lockout_key` (``AXES_USERNAME_CALLABLE``) turns whatever was typed into the account it
  names (the same resolution as the login backend) and returns that account's user name, so every
  way of naming an account counts against the same key; an identifier that names no account is
  normalised (NIP digits, lower case) so that variants of it count together as well;
* :class:`AccountLockoutHandler` (``AXES_HANDLER``) locks an account after ``AXES_FAILURE_LIMIT``
  failures from any address, and an address after ``KINERJA_LOCKOUT_ADDRESS_FAILURES`` failures on
  any accounts (password spraying). A successful login clears only its own account's failures, so
  an attacker cannot wipe the address count by logging in with their own account.

Both locks end after ``AXES_COOLOFF_TIME``; a BKPSDM administrator unlocks an account at once
(:func:`unlock`, through ``accounts.services.unlock_account``).
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Sum

from kinerja.rules.nip import normalize

NIP_LENGTH = 18


def resolve_login(identifier: str | None):
    """The user an identifier typed at login names: an 18-digit NIP (spaces allowed) or a user name
    (any case). None when it names no account."""
    if not identifier:
        return None
    User = get_user_model()
    login = identifier.strip()
    digits = normalize(login)
    user = None
    if digits.isdigit() and len(digits) == NIP_LENGTH:
        user = User.objects.filter(employee__nip=digits).order_by("pk").first()
    if user is None:
        user = User.objects.filter(username__iexact=login).order_by("pk").first()
    return user


def identifier_key(identifier: str | None) -> str | None:
    """The lockout key of a typed identifier (uncached)."""
    if identifier is None:
        return None
    user = resolve_login(identifier)
    if user is not None:
        return account_key(user)
    login = identifier.strip()
    digits = normalize(login)
    return (digits if digits.isdigit() and len(digits) == NIP_LENGTH else login.lower())[:255]


def account_key(user) -> str:
    return user.get_username()[:255]


def lockout_key(request, credentials: dict | None = None) -> str | None:
    """``AXES_USERNAME_CALLABLE``: the account behind the typed identifier, once per request."""
    if credentials:
        typed = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    elif request is not None:
        typed = getattr(request, "data", request.POST).get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        typed = None
    if request is None:
        return identifier_key(typed)
    cache = request.__dict__.setdefault("_kinerja_lockout_keys", {})
    if typed not in cache:
        cache[typed] = identifier_key(typed)
    return cache[typed]


def address_limit() -> int:
    return int(getattr(settings, "KINERJA_LOCKOUT_ADDRESS_FAILURES", 20))


def _recent(request) -> object:
    attempts = AccessAttempt.objects.all()
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts


def _sum(attempts) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class AccountLockoutHandler(AxesDatabaseHandler):
    """Account failures from every address; address failures on every account (see module doc)."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        key = get_client_username(request, credentials)
        attempts = _recent(request)
        account = _sum(attempts.filter(username=key)) if key else 0
        if _sum(attempts.filter(ip_address=request.axes_ip_address)) >= address_limit():
            # The address is throttled: report the account limit so that axes refuses and locks.
            return max(account, get_failure_limit(request, credentials))
        return account

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """After a successful login: clear that account's failures only (not the address's)."""
        key = get_client_username(request, credentials)
        if not key:
            return 0
        count, _ = AccessAttempt.objects.filter(username=key).delete()
        return count


def locked_keys(keys: list[str]) -> set[str]:
    """Which of these account keys have reached the failure limit within the cool-off time (one query)."""
    if not keys:
        return set()
    attempts = AccessAttempt.objects.filter(username__in=keys)
    if settings.AXES_COOLOFF_TIME is not None:
        from axes.helpers import get_cool_off
        from django.utils import timezone

        attempts = attempts.filter(attempt_time__gte=timezone.now() - get_cool_off())
    limit = settings.AXES_FAILURE_LIMIT if isinstance(settings.AXES_FAILURE_LIMIT, int) else 5
    return set(attempts.values("username").annotate(n=Sum("failures_since_start")).filter(n__gte=limit)
               .values_list("username", flat=True))


def is_locked(user) -> bool:
    """Whether the account has reached the failure limit within the cool-off time."""
    return bool(locked_keys([account_key(user)]))


def record_failure(user, ip_address: str | None, source: str) -> None:
    """Count a wrong password typed outside the login form (e.g. the current password on the password
    page) against the account, so a stolen session cannot guess the password without limit."""
    from django.db.models import F
    from django.utils import timezone

    attempt, created = AccessAttempt.objects.get_or_create(
        username=account_key(user), ip_address=ip_address, user_agent=source,
        defaults={"failures_since_start": 1, "get_data": "", "post_data": "", "http_accept": "",
                  "path_info": source})
    if not created:
        AccessAttempt.objects.filter(pk=attempt.pk).update(failures_since_start=F("failures_since_start") + 1,
                                                           attempt_time=timezone.now())


def unlock(user) -> int:
    """Forget the account's failures (from every address). Returns the number of records removed."""
    count, _ = AccessAttempt.objects.filter(username=account_key(user)).delete()
    return count
