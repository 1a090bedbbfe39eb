"""The language a notification (in the app and by e-mail) is written in for its recipient.

A user's own choice when they made one (:class:`~kinerja.notifications.models.LanguagePreference`, set on the
e-mail preferences page or over the API; a ``language`` attribute of the user or employee, should one appear,
too), else the instance default, Indonesian (``settings.LANGUAGE_CODE``). The pages follow the language
cookie; notifications are written when the user is not there, so they follow this choice.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings


def default_language() -> str:
    return settings.LANGUAGE_CODE or "id"


def supported(language: str) -> bool:
    return language in {code for code, _name in settings.LANGUAGES}


def languages_of(user_ids: Iterable[int]) -> dict[int, str]:
    """user id → the language chosen (only those who chose one; one query)."""
    from .models import LanguagePreference

    ids = {int(i) for i in user_ids if i is not None}
    if not ids:
        return {}
    return dict(LanguagePreference.objects.filter(user_id__in=ids).values_list("user_id", "language"))


def language_for(user, chosen: dict[int, str] | None = None) -> str:
    """``user``'s language: ``chosen`` (from :func:`languages_of`) or their stored choice, else the default."""
    language = getattr(user, "language", "") or ""
    employee = getattr(user, "employee", None) if getattr(user, "employee_id", None) else None
    if not language and employee is not None:
        language = getattr(employee, "language", "") or ""
    if not language and getattr(user, "pk", None) is not None:
        language = (chosen if chosen is not None else languages_of([user.pk])).get(user.pk, "")
    return language if language and supported(language) else default_language()
