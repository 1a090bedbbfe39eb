"""Every export succeeds with control characters already stored (issue 7 item 20).

Text stored before the input rule (core/text.py) may carry characters openpyxl refuses (U+000B,
U+001F, …): one such RHK made the SKP workbook, the plan export and the whole period export fail.
The rows are dirtied with QuerySet.update, which bypasses the save guard as old data did.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from kinerja.alignment.report import write_xlsx
from kinerja.exports import services as export_services
from kinerja.exports.models import ExportJob
from kinerja.organization.models import Unit
from kinerja.people.models import Employee
from kinerja.planning import export as plan_export
from kinerja.planning.models import Iku, Mission, StrategicTarget
from kinerja.planning.testing import build_plan
from kinerja.skp.documents.excel import period_skps, skp_workbook_bytes, write_period_export
from kinerja.skp.documents.pdf import render_skp_pdf
from kinerja.skp.documents.tests.factories import build_skps
from kinerja.skp.models import Iki, Rhk

pytestmark = pytest.mark.django_db

DIRTY = "Laporan\x0bmingguan\x1f\x01 akhir"  # what PostgreSQL stores; NUL it never could
CLEAN = "Laporanmingguan akhir"


def dirty_people(world):
    Employee.objects.filter(pk=world.kasi_surv.pk).update(name="Rina\x1f Wulandari")
    Unit.objects.filter(pk=world.surv.pk).update(name="Seksi\x0b Surveilans")


@pytest.fixture
def dirty(world):
    """SKPs (with their PK) whose RHK, IKI, names and units carry control characters."""
    skps = build_skps(world)
    Rhk.objects.filter(pk=skps.kasi_rhk.pk).update(text=DIRTY)
    Iki.objects.filter(rhk__skp=skps.kasi).update(text=DIRTY, measure_unit="lap\x1f")
    dirty_people(world)
    return skps, None


@pytest.fixture
def dirty_plan(world):
    """The organisation plan, its mission, strategic target and IKU dirty."""
    plan = build_plan(world)
    Mission.objects.filter(pk=plan.m1.pk).update(text=DIRTY)
    StrategicTarget.objects.filter(pk=plan.st1.pk).update(text=DIRTY)
    Iku.objects.filter(pk=plan.iku1.pk).update(name=DIRTY, formula=DIRTY)
    dirty_people(world)
    return plan


def cells(data: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(data))
    return [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def test_skp_workbook(dirty):
    skps, _plan = dirty
    texts = cells(skp_workbook_bytes(skps.kasi))
    assert CLEAN in texts


def test_skp_pdf(dirty):
    skps, _plan = dirty
    assert render_skp_pdf(skps.kasi).startswith(b"%PDF")


def test_period_export(dirty):
    skps, _plan = dirty
    stream = io.BytesIO()
    count = write_period_export(stream, period_skps(skps.period), title="SKP \x0b2026")
    assert count > 0
    assert CLEAN in cells(stream.getvalue())


def test_period_export_job_is_done(world, dirty, settings, tmp_path, django_capture_on_commit_callbacks):
    skps, _plan = dirty
    settings.MEDIA_ROOT = str(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        job = export_services.request_skp_export(actor=world.u_admin_bkpsdm, period=skps.period)
    job = ExportJob.objects.get(pk=job.pk)
    assert job.status == "done", job.error
    assert CLEAN in cells((tmp_path / job.file.name).read_bytes())


def test_plan_export(world, dirty_plan):
    data = plan_export.to_bytes(plan_export.plan_workbook(world.a, 2026))
    assert CLEAN in cells(data)
    data = plan_export.to_bytes(plan_export.plan_workbook(world.a, 2026, world.dinkes))
    assert CLEAN in cells(data)


def test_alignment_report(world, dirty):
    skps, _plan = dirty
    stream = io.BytesIO()
    write_xlsx(stream, world.a.pk, skps.period, None, title="Laporan \x1f")
    assert cells(stream.getvalue())


def test_web_downloads(world, dirty, client):
    """The same through the pages a user clicks (SKP PDF and Excel, plan, alignment report)."""
    skps, _plan = dirty
    client.force_login(world.u_admin_bkpsdm)
    for url in (f"/skp/documents/{skps.kasi.pk}/pdf/", f"/skp/documents/{skps.kasi.pk}/xlsx/",
                f"/alignment/report/xlsx/?period={skps.period.pk}"):
        response = client.get(url)
        assert response.status_code == 200, url


def test_web_plan_download(world, dirty_plan, client):
    client.force_login(world.u_admin_bkpsdm)
    assert client.get("/plan/export.xlsx?year=2026").status_code == 200
