"""How a person's name is shown in small places (avatars)."""

from __future__ import annotations


def initials(name: str) -> str:
    parts = [p for p in name.replace(",", " ").split() if p[:1].isalpha()]
    return "".join(p[0] for p in parts[:2]).upper() or "?"
