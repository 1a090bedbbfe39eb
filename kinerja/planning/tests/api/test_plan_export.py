"""The plan workbook through the API (``GET /plan/export``): everyone in the instance, one unit, the
default year, another instance's unit, the platform operator."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(response):
    return load_workbook(io.BytesIO(response.content))


@pytest.fixture
def plan(world):
    from kinerja.planning.testing import build_plan

    return build_plan(world)


@pytest.mark.parametrize("who", ["u_staff1", "u_nobody", "u_admin_opd", "u_pimpinan"])
def test_plan_workbook_for_everyone_in_the_instance(plan, world, api, who):
    response = api(getattr(world, who)).get("/plan/export", {"year": 2026})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="rencana-alpha-2026.xlsx"'
    wb = _workbook(response)
    assert len(wb.sheetnames) == 3
    text = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
    assert "Angka keberhasilan pengobatan TBC" in text  # instance A's IKU
    assert "Kota Beta" not in text


def test_plan_workbook_of_one_unit(plan, world, api):
    response = api(world.u_staff1).get("/plan/export", {"year": 2026, "unit": world.disdik.pk})
    assert response.status_code == 200
    assert "2026.xlsx" in response["Content-Disposition"]
    text = " ".join(str(c.value) for ws in _workbook(response) for row in ws.iter_rows() for c in row if c.value)
    assert "Dinas Pendidikan" in text
    assert "Angka keberhasilan pengobatan TBC" not in text  # Dinas Kesehatan's IKU


def test_plan_workbook_defaults_to_a_year_of_the_rpjmd(plan, world, api):
    response = api(world.u_staff1).get("/plan/export")
    assert response.status_code == 200
    year = int(response["Content-Disposition"].rsplit("-", 1)[1].split(".")[0])
    assert 2025 <= year <= 2029


def test_plan_unit_of_another_instance_is_json_404(plan, world, api):
    response = api(world.u_staff1).get("/plan/export", {"unit": world.dinkes_b.pk})
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    response = api(world.u_admin_b).get("/plan/export", {"unit": world.dinkes.pk})
    assert response.status_code == 404


def test_plan_workbook_of_instance_b_holds_only_b(plan, world, api):
    response = api(world.u_staff_b).get("/plan/export", {"year": 2026})
    assert response.status_code == 200
    assert 'filename="rencana-beta-2026.xlsx"' in response["Content-Disposition"]
    text = " ".join(str(c.value) for ws in _workbook(response) for row in ws.iter_rows() for c in row if c.value)
    assert "Angka keberhasilan pengobatan TBC" not in text


def test_platform_operator_names_the_instance(plan, world, api):
    response = api(world.u_root).get("/plan/export", {"year": 2026, "instance": world.b.pk})
    assert response.status_code == 200 and "rencana-beta-2026" in response["Content-Disposition"]
    assert api(world.u_root).get("/plan/export", {"instance": 999999}).status_code == 404


def test_plan_year_out_of_range_is_a_field_error(world, api):
    response = api(world.u_staff1).get("/plan/export", {"year": 1900})
    assert response.status_code == 422 and "year" in response.json()["errors"]
