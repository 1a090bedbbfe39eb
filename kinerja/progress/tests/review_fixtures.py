"""Fixtures of the supervision tests (review services, team view, review API).

``sup``: the world's SKP period 2026 with approved SKPs for staff1 (a numeric IKI and a qualitative one) and
staff2 (one numeric IKI), both evaluated by kasi_surv; reports are written directly as rows (the reporting
services' checks are not what these tests are about), ``make_report(...)`` makes one, ``make_evidence(...)``
adds evidence to it. The roll-up refreshes the review asks for are recorded in ``sup.refreshed`` (and run).
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.utils import timezone

from kinerja.core.testing import SYSTEM
from kinerja.progress.models import Evidence, Report, ReportStatus
from kinerja.skp import services as skp


def approved(w, period, employee, user, evaluator_user, ikis):
    s = skp.create_skp(actor=user, employee=employee, period=period)
    rhk = skp.add_rhk(actor=user, skp=s, lock_version=s.lock_version, text=f"Laporan kerja {employee.name}")
    s.refresh_from_db()
    made = []
    for fields in ikis:
        made.append(skp.add_iki(actor=user, rhk=rhk, lock_version=s.lock_version, aspect="kuantitas", **fields))
        s.refresh_from_db()
    s = skp.submit(actor=user, skp=s, lock_version=s.lock_version)
    s = skp.approve(actor=evaluator_user, skp=s, lock_version=s.lock_version)
    return s, made


def make_report(skp_obj, iki, start: date, status=ReportStatus.SUBMITTED, value="5", **fields) -> Report:
    end = date(start.year + (start.month // 12), start.month % 12 + 1, 1)
    end = date.fromordinal(end.toordinal() - 1)
    return Report.objects.create(
        instance_id=skp_obj.instance_id, skp=skp_obj, iki=iki, employee_id=skp_obj.employee_id,
        unit_id=skp_obj.unit_id, period_start=start, period_end=end, value=value, status=status,
        submitted_at=timezone.now() if status != ReportStatus.DRAFT else None, **fields)


def make_evidence(report: Report, name="foto.jpg", kind="file", content_type="image/jpeg", **fields) -> Evidence:
    if kind == "link":
        fields.setdefault("url", "https://example.org/bukti")
        name, content_type = "", ""
    return Evidence.objects.create(instance_id=report.instance_id, report=report, kind=kind, original_name=name,
                                   content_type=content_type, size=1234, **fields)


@pytest.fixture
def sup(world, monkeypatch):
    k = SimpleNamespace(w=world, refreshed=[])
    from kinerja.progress.services import review

    real = review.refresh_for_ikis

    def spy(iki_ids):
        k.refreshed.append(list(iki_ids))
        return real(iki_ids)

    monkeypatch.setattr(review, "refresh_for_ikis", spy)
    k.period = skp.ensure_period(actor=SYSTEM, instance=world.a, year=timezone.localdate().year)
    k.skp1, (k.iki1, k.iki_text) = approved(world, k.period, world.staff1, world.u_staff1, world.u_kasi_surv, [
        {"text": "Jumlah laporan surveilans", "target_value": "12", "measure_unit": "laporan"},
        {"text": "Kualitas analisis data", "target_kind": "text", "target_text": "Analisis tepat waktu dan akurat"},
    ])
    k.skp2, (k.iki2,) = approved(world, k.period, world.staff2, world.u_staff2, world.u_kasi_surv, [
        {"text": "Jumlah data terverifikasi", "target_value": "120", "measure_unit": "data"},
    ])
    today = timezone.localdate()
    k.this_month = today.replace(day=1)
    k.last_month = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)
    k.report = make_report(k.skp1, k.iki1, k.last_month, value="4", notes="Laporan mingguan minggu 1-4")
    k.photo = make_evidence(k.report, "foto-rapat.jpg")
    k.link = make_evidence(k.report, kind="link", caption="Dasbor surveilans")
    return k
