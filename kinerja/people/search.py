"""The employee search every list shares (directory, team, SKP monitoring, the cascade map)."""

from __future__ import annotations

from django.db.models import Q

from kinerja.rules import nip as nip_rules


def search_q(text: str) -> Q:
    """Name words (all of them, any order) or a NIP typed with or without spaces."""
    text = (text or "").strip()
    if not text:
        return Q()
    words = Q(*[Q(name__icontains=word) for word in text.split()])
    digits = nip_rules.normalize(text)
    if digits.isdigit():
        return words | Q(nip__contains=digits)
    return words
