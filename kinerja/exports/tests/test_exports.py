"""The SKP period export as a background job: asking, the task run, the list, the download and its scope."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.accounts import services as accounts
from kinerja.accounts.models import Role
from kinerja.audit.models import AuditEvent
from kinerja.core.testing import SYSTEM
from kinerja.exports import services
from kinerja.exports.models import ExportJob, JobStatus
from kinerja.exports.tasks import run_export
from kinerja.skp.documents.tests.factories import build_skps
from kinerja.skp.models import Iki

PAGE = "skp_documents:export"


@pytest.fixture
def skps(world):
    return build_skps(world)


@pytest.fixture
def admin_disdik(world):
    """An OPD admin of another OPD (Dinas Pendidikan) of the same instance."""
    user = accounts.create_user(actor=SYSTEM, instance=world.a, username="admin_disdik", password="x-Rahasia-2026",
                                validate=False)
    accounts.grant_role(actor=SYSTEM, user=user, role=Role.ADMIN_OPD, unit=world.disdik)
    return user


def start(client, capture, **data):
    """POST the export form; the background task runs when the request's transaction commits."""
    with capture(execute=True):
        return client.post(reverse(PAGE), {"language": "id", **data})


def rows_of(content: bytes):
    ws = load_workbook(io.BytesIO(content), read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    return rows[2], rows[3:]


def iki_count(**filters) -> int:
    return Iki.objects.filter(**filters).count()


# --- asking and the task run -----------------------------------------------------------------------


def test_bkpsdm_admin_exports_the_instance_in_the_background(skps, world, client_for,
                                                              django_capture_on_commit_callbacks):
    client = client_for(world.u_admin_bkpsdm)
    response = start(client, django_capture_on_commit_callbacks, period=skps.period.pk)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{reverse(PAGE)}?job={job.pk}"
    assert job.status == JobStatus.DONE and job.requested_by == world.u_admin_bkpsdm
    assert job.rows == iki_count(rhk__skp__instance=world.a) and job.rows > 30
    assert job.file.name.startswith(f"exports/{world.a.pk}/") and job.file.name.endswith(".xlsx")
    path = Path(settings.MEDIA_ROOT) / job.file.name
    assert path.is_file() and path.stat().st_size == job.size
    assert not path.with_name(path.name + ".part").exists()
    assert job.started_at <= job.finished_at
    event = AuditEvent.objects.get(action="exports.export.create")
    assert event.actor == world.u_admin_bkpsdm and event.object_id == str(job.pk)
    assert event.after["period_id"] == skps.period.pk and event.after["status"] == "queued"

    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "is ready" in body  # the flash message
    assert f'data-job="{job.pk}" data-status="done"' in body
    assert reverse("exports:download", args=[job.pk]) in body
    assert 'data-polling="1"' not in body

    download = client.get(reverse("exports:download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="{job.filename}"'
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "no-store" in download["Cache-Control"]
    header, data = rows_of(b"".join(download.streaming_content))
    assert {r[header.index("NIP")] for r in data} == {world.kadinkes.nip, world.kabid_p2p.nip, world.kasi_surv.nip,
                                                      world.staff1.nip}
    assert len(data) == job.rows


def test_job_waits_queued_until_the_task_runs(skps, world, client_for):
    client = client_for(world.u_admin_bkpsdm)
    response = client.post(reverse(PAGE), {"period": skps.period.pk, "language": "en"})  # no commit: not run yet
    job = ExportJob.objects.get()
    assert job.status == JobStatus.QUEUED and not job.file
    page = client.get(response["Location"]).content.decode()
    assert "is queued" in page
    assert 'data-polling="1"' in page and reverse("exports:table") in page
    assert reverse("exports:download", args=[job.pk]) not in page
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404  # not ready

    result = run_export.call(job.pk)
    assert result["rows"] == iki_count(rhk__skp__instance=world.a)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    fragment = client.get(reverse("exports:table"), {"kind": "skp_period"}).content.decode()
    assert 'data-polling="1"' not in fragment and reverse("exports:download", args=[job.pk]) in fragment
    header, _data = rows_of(client.get(reverse("exports:download", args=[job.pk])).getvalue())
    assert "Name" in header  # English headings, as asked
    assert run_export.call(job.pk) == {"skipped": True}  # a second run of the same job writes nothing


def test_opd_admin_exports_within_their_subtree(skps, world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.u_admin_opd)  # Dinas Kesehatan
    response = start(client, django_capture_on_commit_callbacks, period=skps.period.pk, unit=world.surv.pk)
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.scope_paths == [world.dinkes.path] and job.unit == world.surv
    header, data = rows_of(client.get(reverse("exports:download", args=[job.pk])).getvalue())
    assert {r[header.index("NIP")] for r in data} == {world.kasi_surv.nip, world.staff1.nip}
    # another OPD's unit: not found; the whole instance: a form error naming the unit
    assert start(client, django_capture_on_commit_callbacks, period=skps.period.pk,
                 unit=world.disdik.pk).status_code == 404
    response = start(client, django_capture_on_commit_callbacks, period=skps.period.pk)
    assert response.status_code == 400
    assert 'data-field-error="unit"' in response.content.decode()
    assert ExportJob.objects.count() == 1


@pytest.mark.parametrize("who", ["u_staff1", "u_kadinkes", "u_auditor", "u_monev", "u_nobody"])
def test_export_needs_an_hr_admin_role(skps, world, client_for, who, django_capture_on_commit_callbacks):
    client = client_for(getattr(world, who))
    assert client.get(reverse(PAGE)).status_code == 403
    assert start(client, django_capture_on_commit_callbacks, period=skps.period.pk).status_code == 403
    assert not ExportJob.objects.exists()


def test_another_instance_is_not_found(skps, world, client_for, django_capture_on_commit_callbacks):
    assert start(client_for(world.u_admin_b), django_capture_on_commit_callbacks,
                 period=skps.period.pk).status_code == 404
    assert start(client_for(world.u_admin_bkpsdm), django_capture_on_commit_callbacks, period=skps.period.pk,
                 unit=world.dinkes_b.pk).status_code == 404
    assert not ExportJob.objects.exists()


def test_bad_input_is_a_form_error_and_writes_nothing(skps, world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.u_admin_bkpsdm)
    response = start(client, django_capture_on_commit_callbacks, period="abc")
    assert response.status_code == 400
    assert 'data-field-error="period"' in response.content.decode()
    response = start(client, django_capture_on_commit_callbacks, period=skps.period.pk, language="fr")
    assert response.status_code == 400 and 'data-field-error="language"' in response.content.decode()
    assert not ExportJob.objects.exists() and not AuditEvent.objects.filter(action__startswith="exports.").exists()


def test_get_preselects_the_period_and_unit(skps, world, client_for):
    body = client_for(world.u_admin_bkpsdm).get(reverse(PAGE), {"period": skps.period.pk, "unit": world.p2p.pk})
    html = body.content.decode()
    assert f'<option value="{skps.period.pk}" selected' in html
    assert f'<option value="{world.p2p.pk}" selected' in html
    assert 'data-testid="no-exports"' in html
    # another instance's period in the URL is ignored, not an error
    other = client_for(world.u_admin_bkpsdm).get(reverse(PAGE), {"period": skps.period_b.pk})
    periods = other.content.decode().split('name="period"')[1].split("</select>")[0]
    assert other.status_code == 200 and "selected" not in periods
    assert f'value="{skps.period_b.pk}"' not in periods


def test_too_many_pending_exports_are_refused(skps, world, client_for):
    client = client_for(world.u_admin_bkpsdm)
    for _n in range(services.MAX_PENDING_PER_USER):
        assert client.post(reverse(PAGE), {"period": skps.period.pk, "language": "id"}).status_code == 302
    response = client.post(reverse(PAGE), {"period": skps.period.pk, "language": "id"})
    assert response.status_code == 400
    assert "wait until one is ready" in response.content.decode()
    assert ExportJob.objects.count() == services.MAX_PENDING_PER_USER


def test_a_failing_export_is_marked_failed_without_a_partial_file(skps, world, client_for, monkeypatch,
                                                                  django_capture_on_commit_callbacks):
    from kinerja.exports import tasks

    def broken(job, stream):
        stream.write(b"half a workbook")
        raise RuntimeError("disk full")

    monkeypatch.setitem(tasks.WRITERS, "skp_period", broken)
    client = client_for(world.u_admin_bkpsdm)
    response = start(client, django_capture_on_commit_callbacks, period=skps.period.pk)
    job = ExportJob.objects.get()
    assert job.status == JobStatus.FAILED and job.error == "RuntimeError: disk full" and not job.file
    assert not list((Path(settings.MEDIA_ROOT) / "exports" / str(world.a.pk)).glob("*.part"))
    page = client.get(response["Location"]).content.decode()
    assert "failed" in page and 'data-testid="export-error"' in page
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404


# --- who sees and downloads -------------------------------------------------------------------------


@pytest.fixture
def opd_job(skps, world, client_for, django_capture_on_commit_callbacks):
    """A finished export of Bidang P2P asked for by the Dinas Kesehatan OPD admin."""
    start(client_for(world.u_admin_opd), django_capture_on_commit_callbacks, period=skps.period.pk,
          unit=world.p2p.pk)
    return ExportJob.objects.get()


@pytest.mark.parametrize("who", ["u_admin_opd", "u_admin_bkpsdm", "u_root"])
def test_requester_and_instance_admins_download(opd_job, world, client_for, who):
    response = client_for(getattr(world, who)).get(reverse("exports:download", args=[opd_job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")  # a zip (xlsx)


@pytest.mark.parametrize("who", ["u_staff1", "u_kabid_p2p", "u_auditor", "u_pimpinan", "u_admin_b", "u_nobody",
                                 "admin_disdik"])
def test_others_get_404(opd_job, world, client_for, admin_disdik, who):
    user = admin_disdik if who == "admin_disdik" else getattr(world, who)
    client = client_for(user)
    assert client.get(reverse("exports:download", args=[opd_job.pk])).status_code == 404
    assert client.post(reverse("exports:delete", args=[opd_job.pk])).status_code == 404
    assert f'data-job="{opd_job.pk}"' not in client.get(reverse("exports:table")).content.decode()


def test_anonymous_is_sent_to_login(opd_job):
    from django.test import Client

    response = Client().get(reverse("exports:download", args=[opd_job.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_list_shows_own_exports_and_for_bkpsdm_the_whole_instance(opd_job, world, client_for, admin_disdik,
                                                                       django_capture_on_commit_callbacks):
    start(client_for(admin_disdik), django_capture_on_commit_callbacks, period=opd_job.period_id,
          unit=world.disdik.pk)
    mine = ExportJob.objects.get(requested_by=admin_disdik)
    opd = client_for(world.u_admin_opd).get(reverse(PAGE)).content.decode()
    assert f'data-job="{opd_job.pk}"' in opd and f'data-job="{mine.pk}"' not in opd
    assert "My exports" in opd
    bkpsdm = client_for(world.u_admin_bkpsdm).get(reverse(PAGE)).content.decode()
    assert f'data-job="{opd_job.pk}"' in bkpsdm and f'data-job="{mine.pk}"' in bkpsdm
    assert "Exports of the instance" in bkpsdm and "admin_opd" in bkpsdm


def test_the_list_costs_the_same_for_many_exports(skps, world, client_for, django_assert_max_num_queries):
    for _n in range(12):
        services.request_skp_export(actor=SYSTEM, period=skps.period)
    client = client_for(world.u_admin_bkpsdm)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("exports:table"))
    assert response.status_code == 200
    assert response.content.decode().count("data-job=") == 10  # one page
    assert 'rel="next"' in response.content.decode()


def test_unknown_kind_of_table_is_404(world, client_for):
    assert client_for(world.u_admin_bkpsdm).get(reverse("exports:table"), {"kind": "x"}).status_code == 404


# --- removing an export -------------------------------------------------------------------------------


def test_requester_removes_an_export_and_its_file(opd_job, world, client_for, django_capture_on_commit_callbacks):
    path = Path(settings.MEDIA_ROOT) / opd_job.file.name
    assert path.is_file()
    client = client_for(world.u_admin_opd)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("exports:delete", args=[opd_job.pk]), {"next": reverse(PAGE)})
    assert response.status_code == 302 and response["Location"] == reverse(PAGE)
    assert not ExportJob.objects.exists() and not path.exists()
    event = AuditEvent.objects.get(action="exports.export.delete")
    assert event.actor == world.u_admin_opd and event.before["file"] == opd_job.file.name


def test_a_pending_export_cannot_be_removed(skps, world):
    job = services.request_skp_export(actor=world.u_admin_bkpsdm, period=skps.period)
    with pytest.raises(ValidationError) as info:
        services.delete_export(actor=world.u_admin_bkpsdm, job=job)
    assert "status" in info.value.error_dict
    assert ExportJob.objects.filter(pk=job.pk).exists()


def test_remove_redirects_only_to_this_site(opd_job, world, client_for):
    response = client_for(world.u_admin_opd).post(reverse("exports:delete", args=[opd_job.pk]),
                                                   {"next": "https://evil.example/"})
    assert response["Location"] == reverse(PAGE)


# --- the service alone -------------------------------------------------------------------------------


def test_service_refuses_non_admins_and_bad_scope(skps, world):
    with pytest.raises(PermissionDenied):
        services.request_skp_export(actor=world.u_staff1, period=skps.period)
    with pytest.raises(ValidationError) as info:
        services.request_skp_export(actor=world.u_admin_bkpsdm, period=skps.period_b)
    assert "period" in info.value.error_dict
    with pytest.raises(ValidationError) as info:
        services.request_skp_export(actor=world.u_admin_bkpsdm, period=skps.period, unit=world.dinkes_b)
    assert "unit" in info.value.error_dict
    with pytest.raises(ValidationError) as info:
        services.request_skp_export(actor=world.u_admin_opd, period=skps.period, unit=world.disdik)
    assert info.value.error_dict["unit"][0].code == "out_of_scope"
    assert not ExportJob.objects.exists()


def test_system_export_from_the_cli_path(skps, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.request_skp_export(actor=SYSTEM, period=skps.period, unit=world.p2p, language="en")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.requested_by is None and job.scope_paths == []
    assert job.title == "SKP Tahunan 2026 · Bidang P2P"
    assert job.rows == iki_count(rhk__skp__unit__path__startswith=world.p2p.path)
