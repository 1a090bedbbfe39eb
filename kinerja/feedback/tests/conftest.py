"""Fixtures for the feedback tests: staff1's SKP 2026 (evaluated by kasi_surv) with one RHK and one progress
report, and helpers for dialogues."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from kinerja.progress.models import Report
from kinerja.skp import services as skp_services
from kinerja.skp.models import Period


def period_of(instance) -> Period:
    """The SKP period of this year (the dialogues are dated around today)."""
    year = timezone.localdate().year
    return Period.objects.create(instance=instance, name=str(year), year=year, start_date=date(year, 1, 1),
                                 end_date=date(year, 12, 31), deadline=date(year, 1, 31))


def report_for(skp, iki, month: int = 3) -> Report:
    """A submitted progress report (written directly: the reports service is another helper's)."""
    start = date(skp.period.year, month, 1)
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return Report.objects.create(instance_id=skp.instance_id, skp=skp, iki=iki, employee_id=skp.employee_id,
                                 unit_id=skp.unit_id, period_start=start, period_end=end, value=3, status="submitted")


def build(world) -> SimpleNamespace:
    f = SimpleNamespace()
    f.period = period_of(world.a)
    f.skp = skp_services.create_skp(actor=world.u_staff1, employee=world.staff1, period=f.period)
    f.rhk = skp_services.add_rhk(actor=world.u_staff1, skp=f.skp, lock_version=f.skp.lock_version,
                                 text="Tersedianya data surveilans mingguan")
    f.iki = skp_services.add_iki(actor=world.u_staff1, rhk=f.rhk, lock_version=f.skp.lock_version,
                                 text="Jumlah laporan", aspect="kuantitas", target_value="12", measure_unit="laporan")
    f.skp.refresh_from_db()
    f.report = report_for(f.skp, f.iki)
    f.skp_b = None
    return f


@pytest.fixture
def f(world):
    return build(world)


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


def soon(days: int = 3, hour: int = 9) -> datetime:
    return at(timezone.localdate() + timedelta(days=days), hour)
