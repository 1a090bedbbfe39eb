"""Documents through the API: an SKP's PDF and workbook, the period export — scope, headers, schema
(the plan workbook: kinerja/planning/tests/api/test_plan_export.py)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from kinerja.skp.documents.tests.factories import build_skps

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def skps(world):
    return build_skps(world)


def _workbook(response):
    return load_workbook(io.BytesIO(response.content))


# --- the SKP --------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["u_kasi_surv", "u_kabid_p2p", "u_admin_opd", "u_auditor"])
def test_skp_pdf_for_those_who_see_the_skp(skps, world, api, who):
    response = api(getattr(world, who)).get(f"/skp/{skps.kasi.pk}/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        f'attachment; filename="SKP-{world.kasi_surv.nip}-20260101-20261231.pdf"')
    assert "no-store" in response["Cache-Control"]


def test_skp_pdf_inline_and_in_english(skps, world, api):
    response = api(world.u_kasi_surv).get(f"/skp/{skps.kasi.pk}/pdf", {"inline": "true", "lang": "en"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('inline; filename="SKP-')


def test_skp_pdf_with_a_bearer_token(skps, world, api):
    from kinerja.accounts import services as accounts

    _token, secret = accounts.create_token(actor=world.u_kasi_surv, user=world.u_kasi_surv, name="dms")
    response = api(token=secret).get(f"/skp/{skps.kasi.pk}/pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_skp_xlsx(skps, world, api):
    response = api(world.u_staff1).get(f"/skp/{skps.staff.pk}/xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        f'attachment; filename="SKP-{world.staff1.nip}-20260101-20261231.xlsx"')
    wb = _workbook(response)
    assert wb.sheetnames[0] == "SKP"
    assert wb["SKP"]["A1"].value == "SASARAN KINERJA PEGAWAI"


@pytest.mark.parametrize("who", ["u_staff2", "u_kabid_yankes", "u_staff_disdik", "u_nobody", "u_admin_b"])
@pytest.mark.parametrize("kind", ["pdf", "xlsx"])
def test_skp_documents_outside_the_scope_are_json_404(skps, world, api, who, kind):
    response = api(getattr(world, who)).get(f"/skp/{skps.staff.pk}/{kind}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not found."}


def test_another_instance_skp_is_not_found(skps, world, api):
    assert api(world.u_admin_bkpsdm).get(f"/skp/{skps.skp_b.pk}/xlsx").status_code == 404
    assert api(world.u_admin_b).get(f"/skp/{skps.skp_b.pk}/xlsx").status_code == 200


@pytest.mark.parametrize("path", ["/skp/1/pdf", "/skp/1/xlsx", "/plan/export"])
def test_documents_need_authentication(db, api, path):
    response = api().get(path)
    assert response.status_code == 401
    assert "detail" in response.json()


def test_unknown_language_is_a_field_error(skps, world, api):
    response = api(world.u_kasi_surv).get(f"/skp/{skps.kasi.pk}/pdf", {"lang": "fr"})
    assert response.status_code == 422
    assert "lang" in response.json()["errors"]


def test_skp_workbook_query_count_does_not_grow_with_the_skp(skps, world, api):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api(world.u_kasi_surv)
    with CaptureQueriesContext(connection) as big:
        assert client.get(f"/skp/{skps.staff.pk}/xlsx").status_code == 200  # 17 RHK, 33 IKI
    with CaptureQueriesContext(connection) as small:
        assert client.get(f"/skp/{skps.kasi.pk}/xlsx").status_code == 200  # 1 RHK
    assert len(big) == len(small) <= 14


# --- the schema -----------------------------------------------------------------------------------


def test_schema_documents_the_file_answers(client):
    schema = client.get("/api/v1/openapi.json").json()
    expected = {
        "/api/v1/skp/{skp_id}/pdf": "application/pdf",
        "/api/v1/skp/{skp_id}/xlsx": XLSX,
        "/api/v1/plan/export": XLSX,
    }
    for path, media in expected.items():
        op = schema["paths"][path]["get"]
        assert op["tags"] == ["documents"]
        ok = op["responses"]["200"]
        assert ok["content"] == {media: {"schema": {"type": "string", "format": "binary"}}}
        assert "Content-Disposition" in ok["headers"]
        assert op["responses"]["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")


def test_docs_page_shows_the_file_content_types(world, client_for):
    from django.urls import reverse

    html = client_for(world.u_staff1).get(reverse("api:docs")).content.decode()
    assert "/api/v1/skp/{skp_id}/pdf" in html
    assert "<code title=\"The SKP as a PDF" in html and ">application/pdf</code>" in html


# --- the SKP period export (a background job) ------------------------------------------------------


def _export(api_client, capture, **data):
    with capture(execute=True):
        return api_client.post("/skp/exports", data)


def test_export_job_through_the_api(skps, world, api, django_capture_on_commit_callbacks):
    from kinerja.skp.models import Iki

    client = api(world.u_admin_bkpsdm)
    response = _export(client, django_capture_on_commit_callbacks, period=skps.period.pk, language="en")
    assert response.status_code == 202
    job = response.json()
    assert job["status"] == "queued" and job["period"] == {"id": skps.period.pk, "name": "Tahunan 2026"}
    assert job["requested_by"] == "admin_bkpsdm" and job["download_url"] is None  # as it was when answered

    done = client.get(f"/skp/exports/{job['id']}").json()  # the task ran when the request committed
    assert done["status"] == "done" and done["rows"] == Iki.objects.filter(rhk__skp__instance=world.a).count()
    assert done["download_url"] == f"/api/v1/skp/exports/{job['id']}/file" and done["size"] > 0
    file = client.get(done["download_url"])
    assert file.status_code == 200 and file["Content-Type"] == XLSX
    assert file["Content-Disposition"] == f'attachment; filename="{done["filename"]}"'
    rows = list(load_workbook(io.BytesIO(b"".join(file.streaming_content)), read_only=True).active
                .iter_rows(values_only=True))
    assert "Name" in rows[2] and len(rows) - 3 == done["rows"]

    listing = client.get("/skp/exports").json()
    assert [item["id"] for item in listing["items"]] == [job["id"]]
    assert client.get("/skp/exports", {"status": "failed"}).json()["items"] == []
    assert client.delete(f"/skp/exports/{job['id']}").status_code == 204
    assert client.get(f"/skp/exports/{job['id']}").status_code == 404


def test_queued_export_has_no_file_yet(skps, world, api):
    client = api(world.u_admin_bkpsdm)
    job = client.post("/skp/exports", {"period": skps.period.pk}).json()  # not committed: the task has not run
    assert client.get(f"/skp/exports/{job['id']}/file").status_code == 404
    response = client.delete(f"/skp/exports/{job['id']}")
    assert response.status_code == 422 and "status" in response.json()["errors"]


@pytest.mark.parametrize("who", ["u_staff1", "u_kadinkes", "u_auditor", "u_nobody"])
def test_export_needs_an_hr_admin(skps, world, api, who):
    response = api(getattr(world, who)).post("/skp/exports", {"period": skps.period.pk})
    assert response.status_code == 403 and response.json()["detail"]
    assert api(getattr(world, who)).get("/skp/exports").json()["items"] == []


def test_export_scope_errors_name_the_field(skps, world, api):
    bkpsdm, opd = api(world.u_admin_bkpsdm), api(world.u_admin_opd)
    assert "period" in bkpsdm.post("/skp/exports", {"period": skps.period_b.pk}).json()["errors"]
    assert "unit" in bkpsdm.post("/skp/exports", {"period": skps.period.pk, "unit": world.dinkes_b.pk}).json()["errors"]
    response = opd.post("/skp/exports", {"period": skps.period.pk})
    assert response.status_code == 422 and "unit" in response.json()["errors"]
    response = opd.post("/skp/exports", {"period": skps.period.pk, "unit": world.disdik.pk})
    assert response.status_code == 422 and "unit" in response.json()["errors"]
    assert "language" in bkpsdm.post("/skp/exports", {"period": skps.period.pk, "language": "fr"}).json()["errors"]


def test_someone_elses_export_is_json_404(skps, world, api, django_capture_on_commit_callbacks):
    job = _export(api(world.u_admin_opd), django_capture_on_commit_callbacks, period=skps.period.pk,
                  unit=world.p2p.pk).json()
    assert api(world.u_admin_bkpsdm).get(f"/skp/exports/{job['id']}/file").status_code == 200  # instance admin
    for who in ("u_staff1", "u_auditor", "u_admin_b", "u_kabid_p2p"):
        client = api(getattr(world, who))
        for path in (f"/skp/exports/{job['id']}", f"/skp/exports/{job['id']}/file"):
            response = client.get(path)
            assert response.status_code == 404 and response.json() == {"detail": "Not found."}
        assert client.delete(f"/skp/exports/{job['id']}").status_code == 404


def test_schema_documents_the_export_file(client):
    op = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/skp/exports/{export_id}/file"]["get"]
    assert XLSX in op["responses"]["200"]["content"]
