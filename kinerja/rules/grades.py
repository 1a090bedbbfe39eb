"""Ranks and grades (pangkat/golongan) of PNS I/a–IV/e and PPPK I–XVII."""

from __future__ import annotations

import re

PNS_GRADES: list[tuple[str, str]] = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]
PPPK_GRADES: list[str] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
    "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
]
PNS_CODES = [code for code, _ in PNS_GRADES]
RANK_NAMES = dict(PNS_GRADES)

_PNS_PATTERN = re.compile(r"^(IV|III|II|I)\s*[/.\-]?\s*([A-Ea-e])$")


def normalize_grade(raw: str, kind: str = "PNS") -> str:
    """Canonical grade code ("III/a", "IX") from the many ways files write it, or ValueError.

    Accepts "III/a", "III a", "iii/A", "III/a - Penata Muda" (SIASN's "GOL AKHIR NAMA"),
    and for PPPK the roman numeral alone ("IX").
    """
    text = str(raw or "").strip()
    if not text:
        return ""
    head = re.split(r"\s+-\s+|\s*\(", text, maxsplit=1)[0].strip()
    if kind == "PPPK":
        roman = head.upper()
        if roman in PPPK_GRADES:
            return roman
        raise ValueError(f"unknown PPPK grade {text!r} (expected I–XVII)")
    match = _PNS_PATTERN.match(head.upper())
    if not match:
        raise ValueError(f"unknown grade {text!r} (expected I/a–IV/e)")
    return f"{match.group(1)}/{match.group(2).lower()}"


def grade_rank(code: str) -> int:
    """Order of a PNS grade (I/a = 1 … IV/e = 17); 0 when unknown."""
    try:
        return PNS_CODES.index(code) + 1
    except ValueError:
        return 0
