"""Fixtures for the SKP tests: a period of the world's instance A and helpers to fill an SKP."""

from __future__ import annotations

from datetime import date

import pytest

from kinerja.skp import services
from kinerja.skp.models import Period, Skp


@pytest.fixture
def period(world) -> Period:
    return Period.objects.create(instance=world.a, name="2026", year=2026, start_date=date(2026, 1, 1),
                                 end_date=date(2026, 12, 31), deadline=date(2026, 1, 31))


def fill(skp, actor, parent=None, text="Tersedianya data surveilans", iki_text="Jumlah laporan"):
    """Add one RHK utama with one IKI; returns the RHK."""
    rhk = services.add_rhk(actor=actor, skp=skp, lock_version=skp.lock_version, text=text, parent=parent,
                           perspective="proses_bisnis" if skp.is_jpt else "")
    services.add_iki(actor=actor, rhk=rhk, lock_version=skp.lock_version, text=iki_text,
                     aspect="" if skp.is_jpt else "kuantitas", target_value="12", measure_unit="laporan")
    return rhk


def approved_skp(world, period, employee, user, evaluator_user, parent=None):
    skp = services.create_skp(actor=user, employee=employee, period=period)
    fill(skp, user, parent=parent)
    services.submit(actor=user, skp=skp, lock_version=skp.lock_version)
    services.approve(actor=evaluator_user, skp=skp, lock_version=skp.lock_version)
    return skp


def lock_of(skp) -> int:
    """The SKP's lock version as stored now (what the next write must carry)."""
    return Skp.objects.values_list("lock_version", flat=True).get(pk=skp.pk)


def status_of(skp) -> str:
    return Skp.objects.values_list("status", flat=True).get(pk=skp.pk)
