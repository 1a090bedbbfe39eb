"""Ratings and predikat with stable codes (DOMAIN §4–§6, §12).

The codes are what the database stores: never rename one. The labels are the Indonesian wording shown in
the UI (the Django layer translates them); a scheme may label a code differently (``kurang`` is
"Kurang/Misconduct" under PermenPANRB 6/2022 and plain "Kurang" under the numeric schemes).
"""

from __future__ import annotations

from enum import StrEnum


class Rating(StrEnum):
    """Rating hasil kerja and rating perilaku kerja (PermenPANRB 6/2022)."""

    BELOW = "di_bawah"
    MEETS = "sesuai"
    ABOVE = "di_atas"


RATINGS: tuple[Rating, ...] = (Rating.ABOVE, Rating.MEETS, Rating.BELOW)  # best first
RATING_LABELS: dict[Rating, str] = {
    Rating.ABOVE: "Di Atas Ekspektasi",
    Rating.MEETS: "Sesuai Ekspektasi",
    Rating.BELOW: "Di Bawah Ekspektasi",
}
RATING_RANK: dict[Rating, int] = {Rating.BELOW: 1, Rating.MEETS: 2, Rating.ABOVE: 3}  # higher is better


class Predikat(StrEnum):
    """Predikat kinerja pegawai, every scheme's codes in one enum (each scheme lists the ones it uses)."""

    SANGAT_BAIK = "sangat_baik"
    BAIK = "baik"
    CUKUP = "cukup"  # PP 30/2019, PP 46/2011
    BUTUH_PERBAIKAN = "butuh_perbaikan"  # PermenPANRB 6/2022
    KURANG = "kurang"  # "Kurang/Misconduct" under 6/2022
    SANGAT_KURANG = "sangat_kurang"  # PermenPANRB 6/2022, PP 30/2019
    BURUK = "buruk"  # PP 46/2011


PREDIKAT_LABELS: dict[Predikat, str] = {
    Predikat.SANGAT_BAIK: "Sangat Baik",
    Predikat.BAIK: "Baik",
    Predikat.CUKUP: "Cukup",
    Predikat.BUTUH_PERBAIKAN: "Butuh Perbaikan",
    Predikat.KURANG: "Kurang",
    Predikat.SANGAT_KURANG: "Sangat Kurang",
    Predikat.BURUK: "Buruk",
}

# PermenPANRB 6/2022: the five predikat, best first (the curve and credit points use these).
PREDIKAT_6_2022: tuple[Predikat, ...] = (Predikat.SANGAT_BAIK, Predikat.BAIK, Predikat.BUTUH_PERBAIKAN,
                                         Predikat.KURANG, Predikat.SANGAT_KURANG)


class OrgPredikat(StrEnum):
    """Predikat kinerja organisasi (SE MenPANRB 3/2023), set by the next level up."""

    ISTIMEWA = "istimewa"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"
    SANGAT_KURANG = "sangat_kurang"


ORG_PREDIKATS: tuple[OrgPredikat, ...] = tuple(OrgPredikat)  # best first
ORG_PREDIKAT_LABELS: dict[OrgPredikat, str] = {
    OrgPredikat.ISTIMEWA: "Istimewa",
    OrgPredikat.BAIK: "Baik",
    OrgPredikat.BUTUH_PERBAIKAN: "Butuh Perbaikan",
    OrgPredikat.KURANG: "Kurang",
    OrgPredikat.SANGAT_KURANG: "Sangat Kurang",
}
ORG_PREDIKAT_RANK: dict[OrgPredikat, int] = {p: len(ORG_PREDIKATS) - i for i, p in enumerate(ORG_PREDIKATS)}


def _parse(enum, value, what: str):
    if isinstance(value, enum):
        return value
    try:
        return enum(value)
    except ValueError:
        expected = ", ".join(member.value for member in enum)
        raise ValueError(f"unknown {what} {value!r} (expected one of: {expected})") from None


def rating(value: Rating | str) -> Rating:
    """A Rating from its code, or ValueError."""
    return _parse(Rating, value, "rating")


def predikat(value: Predikat | str) -> Predikat:
    """A Predikat from its code, or ValueError."""
    return _parse(Predikat, value, "predikat")


def org_predikat(value: OrgPredikat | str) -> OrgPredikat:
    """An OrgPredikat from its code, or ValueError."""
    return _parse(OrgPredikat, value, "organisation predikat")
