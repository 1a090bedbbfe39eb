"""Job profiles: which academic titles, entry grade, age and sex mix fit a kind of job.

A profile key (``"perawat_ahli"``, ``"guru"``, ``"pamong"`` …) is attached to each demo or
synthetic position; :mod:`kinerja.demo.people` uses it to make a plausible person.
Grade ranges follow the usual practice for each position kind and functional level
(e.g. Administrator III/d–IV/b, Ahli Pertama III/a–III/b; PPPK Ahli Pertama = IX).
"""

from __future__ import annotations

from dataclasses import dataclass

from kinerja.rules.grades import PNS_CODES


@dataclass(frozen=True)
class Title:
    front: str
    back: str
    entry_grade: str  # PNS starting grade of this education (SMA II/a, D3 II/c, S1 III/a, S2 or dokter III/b)
    weight: float = 1.0
    born_before: int | None = None  # titles no longer awarded (Drs., Dra.) only for older people


@dataclass(frozen=True)
class Profile:
    titles: tuple[Title, ...]
    female_share: float = 0.5


def _t(back: str, entry: str = "III/a", weight: float = 1.0, front: str = "", born_before: int | None = None):
    return Title(front, back, entry, weight, born_before)


PROFILES: dict[str, Profile] = {
    "pimpinan": Profile((
        _t("S.STP., M.Si.", "III/a", 2), _t("S.Sos., M.Si."), _t("S.E., M.M."), _t("S.H., M.H."),
        _t("S.IP., M.AP."), _t("M.Si.", front="Drs.", born_before=1974), _t("M.M.", front="Drs.", born_before=1974),
        _t("M.T.", front="Ir.", born_before=1975),
    ), 0.35),
    "pamong": Profile((
        _t("S.STP.", weight=2), _t("S.STP., M.Si."), _t("S.Sos."), _t("S.IP."), _t("S.E."), _t("S.H."), _t("S.AP."),
        _t("", "II/a", 0.5), _t("M.Si.", front="Drs.", born_before=1974),
    ), 0.4),
    "administrasi": Profile((
        _t("", "II/a", 3), _t("A.Md.", "II/c", 2), _t("S.E.", weight=1.5), _t("S.Kom."), _t("S.Sos."), _t("S.H."),
        _t("S.AP."), _t("S.I.Kom.", weight=0.5),
    ), 0.55),
    "keuangan": Profile((_t("S.E.", weight=2), _t("S.Ak."), _t("S.E., M.Ak.", "III/b", 0.5),
                         _t("A.Md.Ak.", "II/c")), 0.6),
    "perencana": Profile((_t("S.E., M.Si.", "III/b"), _t("S.T., M.T.", "III/b"), _t("S.E."), _t("S.P., M.Si.", "III/b"),
                          _t("S.Sos., M.AP.", "III/b")), 0.5),
    "it": Profile((_t("S.Kom.", weight=2), _t("S.Kom., M.Kom.", "III/b"), _t("A.Md.Kom.", "II/c"), _t("S.T.")), 0.35),
    "hukum": Profile((_t("S.H.", weight=2), _t("S.H., M.H.", "III/b")), 0.5),
    "sosial": Profile((_t("S.Sos.", weight=2), _t("S.Tr.Sos."), _t("S.Psi.")), 0.6),
    "satpol": Profile((_t("", "II/a", 3), _t("S.H."), _t("A.Md.", "II/c")), 0.2),
    "teknik": Profile((_t("S.T.", weight=2), _t("S.T., M.T.", "III/b"), _t("A.Md.T.", "II/c"),
                       _t("M.T.", front="Ir.", born_before=1976)), 0.3),
    "kesehatan_pimpinan": Profile((
        _t("M.Kes.", "III/b", 2, front="dr."), _t("M.P.H.", "III/b", front="dr."), _t("S.KM., M.Kes.", "III/b"),
        _t("M.Kes.", "III/b", front="drg."), _t("", "III/b", front="dr."),
    ), 0.6),
    "dokter": Profile((_t("", "III/b", 4, front="dr."), _t("M.Kes.", "III/b", front="dr."),
                       _t("Sp.PD.", "III/b", 0.3, front="dr.")), 0.6),
    "dokter_gigi": Profile((_t("", "III/b", front="drg."),), 0.7),
    "perawat_ahli": Profile((_t("S.Kep.", front="Ns."),), 0.75),
    "perawat_terampil": Profile((_t("A.Md.Kep.", "II/c"),), 0.7),
    "bidan_terampil": Profile((_t("A.Md.Keb.", "II/c"),), 1.0),
    "bidan_ahli": Profile((_t("S.Tr.Keb."), _t("S.Keb., Bd.")), 1.0),
    "apoteker": Profile((_t("S.Farm.", "III/b", front="apt."),), 0.75),
    "nutrisionis": Profile((_t("S.Gz."), _t("A.Md.Gz.", "II/c")), 0.85),
    "sanitarian": Profile((_t("S.KM."), _t("A.Md.KL.", "II/c")), 0.5),
    "penyuluh_kesehatan": Profile((_t("S.KM.", weight=2), _t("S.KM., M.Kes.", "III/b")), 0.65),
    "pranata_lab": Profile((_t("A.Md.AK.", "II/c"), _t("S.Tr.Kes.")), 0.7),
    "epidemiolog": Profile((_t("S.KM."), _t("S.KM., M.Epid.", "III/b")), 0.6),
    "guru": Profile((_t("S.Pd.", weight=4), _t("S.Pd., M.Pd.", "III/b"), _t("S.Pd.I."), _t("S.Pd., Gr."),
                     _t("S.Si.")), 0.7),
    "pendidikan_pimpinan": Profile((_t("S.Pd., M.Pd.", "III/b", 2), _t("M.Pd.", front="Drs.", born_before=1974),
                                    _t("S.Pd., M.Si.", "III/b")), 0.5),
    "penguji": Profile((_t("A.Md.T.", "II/c", 2), _t("S.T."), _t("S.Tr.T.")), 0.15),
    "lingkungan": Profile((_t("S.T.", weight=2), _t("S.Si."), _t("S.T., M.Si.", "III/b"),
                           _t("S.Si., M.Sc.", "III/b")), 0.45),
    "pertanian": Profile((_t("S.P.", weight=3), _t("S.Pt."), _t("", "III/b", front="drh.")), 0.4),
}

# PNS grade ranges per position kind, and per functional level (read from the position name).
KIND_GRADES = {
    "JPT": ("IV/b", "IV/d"),
    "ADMINISTRATOR": ("III/d", "IV/b"),
    "PENGAWAS": ("III/b", "IV/a"),
    "PELAKSANA": ("II/a", "III/c"),
    "FUNGSIONAL": ("III/a", "III/d"),
}
LEVEL_GRADES = {
    "Ahli Utama": ("IV/d", "IV/e"),
    "Ahli Madya": ("IV/a", "IV/c"),
    "Ahli Muda": ("III/c", "III/d"),
    "Ahli Pertama": ("III/a", "III/b"),
    "Penyelia": ("III/c", "III/d"),
    "Mahir": ("III/a", "III/b"),
    "Terampil": ("II/c", "II/d"),
    "Pemula": ("II/a", "II/a"),
}
# PPPK grades (Perpres 98/2020): by functional level, and for pelaksana by education.
PPPK_LEVEL_GRADES = {
    "Ahli Utama": "XVI", "Ahli Madya": "XIII", "Ahli Muda": "XI", "Ahli Pertama": "IX",
    "Penyelia": "IX", "Mahir": "VIII", "Terampil": "VII", "Pemula": "V",
}
# Birth-year ranges by position kind and functional level (retirement age 58–60).
KIND_BORN = {
    "JPT": (1966, 1977), "ADMINISTRATOR": (1967, 1983), "PENGAWAS": (1968, 1990),
    "PELAKSANA": (1967, 2000), "FUNGSIONAL": (1968, 1996),
}
LEVEL_BORN = {
    "Ahli Utama": (1966, 1972), "Ahli Madya": (1966, 1980), "Ahli Muda": (1970, 1988),
    "Ahli Pertama": (1980, 1998), "Penyelia": (1967, 1982), "Mahir": (1972, 1992), "Terampil": (1980, 2000),
    "Pemula": (1985, 2001),
}


def level_of(position_name: str) -> str | None:
    """The functional level written in a position name ("Perawat Ahli Pertama" → "Ahli Pertama")."""
    for level in LEVEL_GRADES:
        if position_name.endswith(level) or f"{level} " in position_name:
            return level
    return None


def grade_range(kind: str, level: str | None, override: tuple[str, str] | None = None) -> tuple[int, int]:
    """Index range (0 = I/a) of PNS grades fitting a position."""
    low, high = override or (LEVEL_GRADES[level] if kind == "FUNGSIONAL" and level else KIND_GRADES[kind])
    return PNS_CODES.index(low), PNS_CODES.index(high)


def born_range(kind: str, level: str | None) -> tuple[int, int]:
    return LEVEL_BORN[level] if kind == "FUNGSIONAL" and level else KIND_BORN[kind]


def pppk_grade(kind: str, level: str | None, entry_grade: str) -> str:
    if level:
        return PPPK_LEVEL_GRADES[level]
    return "VII" if entry_grade == "II/c" else ("IX" if entry_grade.startswith("III") else "V")
