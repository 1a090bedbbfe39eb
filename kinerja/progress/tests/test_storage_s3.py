"""Evidence in S3-compatible object storage (django-storages), against a real S3 API server on loopback:
moto in server mode, spoken to over HTTP by boto3 exactly as a production bucket would be."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.progress import services
from kinerja.progress.models import Evidence, Report

from .conftest import PDF, image_bytes

BUCKET = "kinerja-evidence"
JAN = date(2026, 1, 1)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def _client(endpoint):
    import boto3

    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="kinerja", aws_secret_access_key="rahasia",
                        region_name="us-east-1")


@pytest.fixture
def bucket(s3_server, settings):
    client = _client(s3_server)
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {**settings.STORAGES, "evidence": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": BUCKET, "endpoint_url": s3_server, "access_key": "kinerja", "secret_key": "rahasia",
        "region_name": "us-east-1", "default_acl": None, "file_overwrite": False}}}
    yield client
    for obj in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=obj["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> list[str]:
    return sorted(obj["Key"] for obj in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


@pytest.fixture
def report(world, k):
    return services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="3")


def test_upload_download_and_soft_delete(world, report, bucket, client):
    evidence = services.add_evidence(actor=world.u_staff1, report=report,
                                     upload=SimpleUploadedFile("Laporan Januari.pdf", PDF))
    assert keys(bucket) == [evidence.file.name]
    assert bucket.get_object(Bucket=BUCKET, Key=evidence.file.name)["Body"].read() == PDF

    client.force_login(world.u_kasi_surv)  # the evaluator downloads it through the checked view
    response = client.get(f"/progress/evidence/{evidence.pk}/file")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff" and response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert 'filename="Laporan Januari.pdf"' in response["Content-Disposition"]

    client.force_login(world.u_staff2)  # a colleague does not see staff1's SKP
    assert client.get(f"/progress/evidence/{evidence.pk}/file").status_code == 404

    services.delete_evidence(actor=world.u_staff1, evidence=evidence)
    assert keys(bucket) == [evidence.file.name]  # soft delete: the object stays
    client.force_login(world.u_staff1)
    assert client.get(f"/progress/evidence/{evidence.pk}/file").status_code == 404


def test_a_failed_write_leaves_no_object(world, report, bucket, monkeypatch):
    from kinerja.progress.services import evidence as module

    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(module, "record", boom)
    with pytest.raises(RuntimeError):
        services.add_evidence(actor=world.u_staff1, report=report, upload=SimpleUploadedFile("a.pdf", PDF))
    assert keys(bucket) == [] and not Evidence.objects.exists()


def test_submit_endpoint_with_s3(world, k, bucket, client):
    client.force_login(world.u_staff1)
    response = client.post("/api/v1/progress/reports/submit", {
        "iki_id": k.iki.pk, "period_start": "2026-01-01", "value": "3",
        "files": [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.png", image_bytes())]})
    assert response.status_code == 201, response.content
    assert len(keys(bucket)) == 2 == Evidence.objects.count()
    refused = client.post("/api/v1/progress/reports/submit", {
        "iki_id": k.iki.pk, "period_start": "2026-02-01", "value": "3",
        "files": [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + b"\0" * 64)]})
    assert refused.status_code == 422
    assert len(keys(bucket)) == 2 and Report.objects.count() == 1


def test_sweep_finds_orphans_in_the_bucket(world, report, bucket):
    from kinerja.progress.sweep import orphan_files, remove

    evidence = services.add_evidence(actor=world.u_staff1, report=report, upload=SimpleUploadedFile("a.pdf", PDF))
    bucket.put_object(Bucket=BUCKET, Key=f"evidence/{world.a.pk}/2026-01/orphan.pdf", Body=PDF)
    orphans = orphan_files(min_age=0)
    assert orphans == [f"evidence/{world.a.pk}/2026-01/orphan.pdf"]
    remove(orphans[0])
    assert keys(bucket) == [evidence.file.name]


def test_the_environment_selects_s3():
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'kinerja.settings'; "
            "from django.conf import settings; e = settings.STORAGES['evidence']; "
            "print(e['BACKEND'], e['OPTIONS']['bucket_name'], e['OPTIONS']['endpoint_url'])")
    env = {"KINERJA_EVIDENCE_STORAGE": "s3", "KINERJA_S3_BUCKET": "bukti", "KINERJA_S3_ENDPOINT_URL": "http://x:9000",
           "KINERJA_SECRET_KEY": "x" * 60, "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                         cwd=str(__import__("pathlib").Path(__file__).resolve().parents[3]))
    assert out.stdout.split() == ["storages.backends.s3.S3Storage", "bukti", "http://x:9000"]


def test_s3_without_a_bucket_is_refused_at_start():
    code = "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'kinerja.settings'; import kinerja.settings"
    env = {"KINERJA_EVIDENCE_STORAGE": "s3", "KINERJA_SECRET_KEY": "x" * 60, "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         cwd=str(__import__("pathlib").Path(__file__).resolve().parents[3]))
    assert out.returncode != 0 and "KINERJA_S3_BUCKET" in out.stderr
