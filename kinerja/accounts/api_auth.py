"""API bearer tokens: ``Authorization: Bearer knj_…`` (``accounts.ApiToken``; ``API.auth`` in accounts/faces.py
puts it before the session in kinerja/api/auth.py).

Only a token's SHA-256 digest is stored. A token is accepted while it is not revoked, not expired and its
user is active. ``last_used_at`` is refreshed at most once a minute so that a busy client does not write on
every request.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import connections, router
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from kinerja.core import prepared
from kinerja.core.compiled import CompiledQuery

from .models import ApiToken, hash_token

TOKEN_PREFIX = "knj_"
LAST_USED_RESOLUTION = timedelta(minutes=1)
# the token with its user and the user's employee (the audit label names the employee); compiled once (every
# API request asks it)
BY_DIGEST = CompiledQuery(ApiToken, lambda digest: ApiToken.objects.select_related("user", "user__employee")
                          .filter(digest=digest).order_by(), digest=str)


def touch_last_used(token_id: int, now) -> None:
    """``last_used_at = now`` of one token (as ``.update()`` would, without compiling it on every request)."""
    connection = connections[router.db_for_write(ApiToken)]
    table = connection.ops.quote_name(ApiToken._meta.db_table)
    with prepared.cursor(connection) as cursor:
        cursor.execute(f"UPDATE {table} SET last_used_at = %s WHERE id = %s",
                       [connection.ops.adapt_datetimefield_value(now), token_id])


class TokenAuth(HttpBearer):
    """``Authorization: Bearer knj_…``. A bad token is a 401 at once (no fallback to the session)."""

    def authenticate(self, request, token: str):
        token = (token or "").strip()
        if not token.startswith(TOKEN_PREFIX):
            raise AuthenticationError(message=_("Invalid API token."))
        found = BY_DIGEST.first(digest=hash_token(token))
        now = timezone.now()
        if (
            found is None
            or found.revoked
            or (found.expires_at is not None and found.expires_at <= now)
            or not found.user.is_active
            or found.user.instance_id != found.instance_id
        ):
            raise AuthenticationError(message=_("Invalid, revoked or expired API token."))
        if found.last_used_at is None or now - found.last_used_at >= LAST_USED_RESOLUTION:
            # Bookkeeping, not a business write: no audit event, no updated_at bump; one prepared statement
            touch_last_used(found.pk, now)
        request.api_token = found
        return found.user
