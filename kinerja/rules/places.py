"""Where an instance signs its documents: the city or regency, read from the instance's name when no setting
says otherwise ("Pemerintah Kota Palembang" → "Palembang"). Never the province: a provincial government's
place is its capital, which the name does not give (""), so the place must be set."""

from __future__ import annotations

import re

GOVERNMENT = re.compile(r"^\s*(?:pemerintah|pemkot|pemkab|pemprov)\b\.?\s*", re.I)
CITY_OR_REGENCY = re.compile(r"^(?:kota(?:\s+administrasi)?|kabupaten|kab\.)\s+(?P<place>.+)$", re.I)
PROVINCE = re.compile(r"^(?:provinsi|prov\.|daerah\s+istimewa|daerah\s+khusus)\b", re.I)


def place_from_name(name: str) -> str:
    """"Pemerintah Kota Palembang" → "Palembang", "Pemerintah Kabupaten Banyumas" → "Banyumas";
    "" for a province or a name that names no city or regency."""
    rest = GOVERNMENT.sub("", name or "").strip()
    if not rest or PROVINCE.match(rest):
        return ""
    found = CITY_OR_REGENCY.match(rest)
    return found.group("place").strip() if found else ""
