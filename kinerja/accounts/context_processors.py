"""The user's scope in every template (the role chips of the user menu and of the home page)."""

from __future__ import annotations

from .scope import get_scope


def scope(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"scope": None}
    return {"scope": get_scope(user)}
