"""Small building blocks to describe a demo organisation declaratively (see world.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

ADM, PENG, PEL, FUNG, JPT = "ADMINISTRATOR", "PENGAWAS", "PELAKSANA", "FUNGSIONAL", "JPT"


@dataclass
class Pos:
    name: str
    kind: str
    profile: str
    holders: int = 1
    pppk: int = 0  # how many of the holders are PPPK
    head: bool = False
    echelon: str = ""
    key: str = ""  # a name to refer to the position (logins, moves, acting posts)
    acting: str = ""  # vacant: the holder of the position with this key acts (Plt)
    superior: str = ""  # explicit superior position key (else: the default from the tree)
    grades: tuple[str, str] | None = None  # PNS grade range override (e.g. Sekda IV/c–IV/e)
    female: bool | None = None  # fix the sex of the (first) holder; None = the profile's mix


@dataclass
class Unit:
    name: str
    kind: str
    positions: list[Pos] = field(default_factory=list)
    children: list[Unit] = field(default_factory=list)
    short_name: str = ""
    key: str = ""


@dataclass
class Move:
    """The holder of ``to`` first held ``from_`` (transfer or promotion) until ``on``."""

    to: str
    from_: str
    since: date
    on: date
    note: str = ""


@dataclass
class Login:
    role: str  # pegawai, pegawai_revisi, penilai, admin_opd, admin_bkpsdm, monev, pimpinan, auditor
    username: str
    position: str = ""  # key: the login belongs to a holder of this position
    holder: int = 0  # which holder of ``position`` (in creation order): 0 the first
    unit: str = ""  # key: the unit scope of an admin_opd grant


@dataclass
class InstanceSpec:
    name: str
    slug: str
    region: str
    code: str
    pool: str  # names.POOLS key
    units: list[Unit]
    moves: list[Move] = field(default_factory=list)
    logins: list[Login] = field(default_factory=list)
    prefix_share: float = 0.0
    city: str = ""  # place of signing; "" = the city the name gives (Pemerintah Kota Palembang → Palembang)


def head(name: str, kind: str, profile: str, echelon: str = "", **kw) -> Pos:
    return Pos(name, kind, profile, head=True, echelon=echelon, **kw)


def staff(name: str, kind: str, profile: str, holders: int = 1, pppk: int = 0, **kw) -> Pos:
    return Pos(name, kind, profile, holders=holders, pppk=pppk, **kw)


def seksi(name: str, profile: str, *members: Pos, key: str = "", head_key: str = "", acting: str = "",
          prefix: str = "Seksi") -> Unit:
    """A section (or subbagian with ``prefix="Subbagian"``) with its Kepala and staff."""
    kind = "subbagian" if prefix == "Subbagian" else "seksi"
    chief = head(f"Kepala {prefix} {name}", PENG, profile, "IV.a", key=head_key, acting=acting)
    if acting:
        chief.holders = 0
    return Unit(f"{prefix} {name}", kind, [chief, *members], key=key)


def subbagian(name: str, profile: str, *members: Pos, key: str = "", head_key: str = "") -> Unit:
    return seksi(name, profile, *members, key=key, head_key=head_key, prefix="Subbagian")


def vacant(pos: Pos, acting_key: str) -> Pos:
    pos.holders, pos.acting = 0, acting_key
    return pos
