"""Downloads: who may fetch an SKP's PDF/XLSX, and who may export a period."""

from __future__ import annotations

import io

import pytest
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.exports.models import ExportJob


def pdf_url(skp, **params):
    url = reverse("skp_documents:pdf", args=[skp.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def xlsx_url(skp):
    return reverse("skp_documents:xlsx", args=[skp.pk])


# --- one SKP -----------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["u_staff1", "u_kasi_surv", "u_kabid_p2p", "u_kadinkes", "u_admin_opd",
                                 "u_admin_bkpsdm", "u_auditor", "u_pimpinan", "u_monev", "u_root"])
def test_pdf_for_those_who_may_see_the_skp(skps, world, client_for, who):
    response = client_for(getattr(world, who)).get(pdf_url(skps.staff))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        f'attachment; filename="SKP-{world.staff1.nip}-20260101-20261231.pdf"')
    assert "no-store" in response["Cache-Control"]


def test_instance_b_skp_is_hidden_from_instance_a_admin(skps, world, client_for):
    assert client_for(world.u_admin_bkpsdm).get(pdf_url(skps.skp_b)).status_code == 404
    assert client_for(world.u_admin_b).get(xlsx_url(skps.skp_b)).status_code == 200


def test_pdf_inline_and_language(skps, world, client_for):
    response = client_for(world.u_staff1).get(pdf_url(skps.kasi, inline=1, lang="en"))
    assert response.status_code == 404  # a colleague's superior's SKP: not staff1's to see
    response = client_for(world.u_kasi_surv).get(pdf_url(skps.kasi, inline=1, lang="en"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline;")


def test_pdf_view_query_count_does_not_grow_with_the_skp(skps, world, client_for, django_assert_max_num_queries):
    client = client_for(world.u_kasi_surv)
    with django_assert_max_num_queries(14):
        assert client.get(pdf_url(skps.staff)).status_code == 200  # 17 RHK
    with django_assert_max_num_queries(14):
        assert client.get(pdf_url(skps.kasi)).status_code == 200  # 1 RHK


def test_xlsx_download(skps, world, client_for):
    response = client_for(world.u_staff1).get(xlsx_url(skps.staff))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('.xlsx"')
    wb = load_workbook(io.BytesIO(response.content))
    assert wb["SKP"]["A1"].value == "SASARAN KINERJA PEGAWAI"


def test_downloads_are_get_only(skps, world, client_for):
    assert client_for(world.u_staff1).post(pdf_url(skps.staff)).status_code == 405


# --- the period export -------------------------------------------------------------------------

EXPORT = "skp_documents:export"


def export(client, **params):
    """Ask for the period export: the form page alone, or a POST whose background task runs on commit; a
    finished export answers with its download (the job and its list are tested in kinerja/exports)."""
    if not params:
        return client.get(reverse(EXPORT))
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse(EXPORT), {"language": "id", **params})
    if response.status_code != 302:
        return response
    job = ExportJob.objects.latest("id")
    return client.get(reverse("exports:download", args=[job.pk]))


def export_rows(response):
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    return rows[2], rows[3:]


def test_export_page_for_an_hr_admin(skps, world, client_for):
    response = export(client_for(world.u_admin_bkpsdm))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="skp-export-form"' in body
    periods = body[body.index('name="period"'):].split("</select>")[0]
    assert f'<option value="{skps.period.pk}"' in periods
    assert f'<option value="{skps.period_b.pk}"' not in periods  # another instance's period


def test_bkpsdm_exports_the_whole_instance(skps, world, client_for):
    response = export(client_for(world.u_admin_bkpsdm), period=skps.period.pk)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="SKP-')
    header, data = export_rows(response)
    nips = {r[header.index("NIP")] for r in data}
    assert nips == {world.kadinkes.nip, world.kabid_p2p.nip, world.kasi_surv.nip, world.staff1.nip}


def test_opd_admin_exports_within_their_subtree(skps, world, client_for):
    client = client_for(world.u_admin_opd)  # Dinas Kesehatan
    response = export(client, period=skps.period.pk, unit=world.surv.pk)
    assert response.status_code == 200
    header, data = export_rows(response)
    assert {r[header.index("NIP")] for r in data} == {world.kasi_surv.nip, world.staff1.nip}
    assert export(client, period=skps.period.pk, unit=world.disdik.pk).status_code == 404
    # an OPD admin must name a unit (the instance as a whole is not theirs)
    assert export(client, period=skps.period.pk).status_code == 400


def test_export_of_another_instance_is_not_found(skps, world, client_for):
    assert export(client_for(world.u_admin_b), period=skps.period.pk).status_code == 404
    assert export(client_for(world.u_admin_bkpsdm), period=skps.period.pk, unit=world.dinkes_b.pk).status_code == 404


def test_export_bad_input_is_a_form_error(skps, world, client_for):
    response = export(client_for(world.u_admin_bkpsdm), period="abc")
    assert response.status_code == 400
    assert 'data-field-error="period"' in response.content.decode()


def test_export_menu_entry_for_hr_admins_only(world):
    from kinerja.core.context_processors import menu_for

    def keys(user):
        return {item.key for item in menu_for(user)}

    assert "skp_export" in keys(world.u_admin_bkpsdm) and "skp_export" in keys(world.u_admin_opd)
    assert "skp_export" not in keys(world.u_staff1) and "skp_export" not in keys(world.u_auditor)
    item = next(i for i in menu_for(world.u_admin_bkpsdm) if i.key == "skp_export")
    assert item.url == reverse(EXPORT)
