"""The language a notification is written in for its recipient.

Kinerja keeps no language per user or employee yet (pages follow the language cookie), so every
recipient gets the instance default, Indonesian (``settings.LANGUAGE_CODE``). Should a ``language`` field
appear on the user or the employee, :func:`language_for` honours it.
"""

from __future__ import annotations

from django.conf import settings


def default_language() -> str:
    return settings.LANGUAGE_CODE or "id"


def language_for(user) -> str:
    language = getattr(user, "language", "") or ""
    employee = getattr(user, "employee", None) if getattr(user, "employee_id", None) else None
    if not language and employee is not None:
        language = getattr(employee, "language", "") or ""
    return language or default_language()
