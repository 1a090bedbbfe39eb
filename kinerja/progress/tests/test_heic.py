"""HEIC photos (iPhones): decoded with pillow-heif on the server and stored as the JPEG the phone's browser would
have made, so that a photo that arrives unshrunk (Chrome on Android cannot draw HEIC on a canvas, report.js then
sends the original) is still accepted and every browser can show it. Real HEIC files, made by pillow-heif."""

from __future__ import annotations

import hashlib
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kinerja.core import uploads
from kinerja.progress import services
from kinerja.progress.models import Evidence

from .conftest import stored_files

JAN = date(2026, 1, 1)


def heic_bytes(size=(80, 40), *, orientation: int | None = None, gradient: bool = False) -> bytes:
    """A real HEIC file (HEVC inside an ISO-BMFF ``ftypheic`` container), as an iPhone writes one."""
    uploads.heif_support()
    if gradient:  # large but cheap to encode: x265 takes minutes on noise of this size
        picture = Image.linear_gradient("L").resize(size).convert("RGB")
    else:
        picture = Image.new("RGB", size, (200, 30, 30))
    options = {}
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation
        options["exif"] = exif.tobytes()
    buffer = io.BytesIO()
    picture.save(buffer, format="HEIF", quality=60, **options)
    data = buffer.getvalue()
    assert data[4:12] == b"ftypheic"
    return data


@pytest.fixture
def report(world, k):
    return services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="3")


def test_a_real_heic_is_detected_and_decoded():
    data = heic_bytes()
    assert uploads.sniff_bytes(data) is uploads.HEIC
    with pytest.raises(uploads.Refused) as exc:  # the container without its picture: not an image
        uploads.sniff_bytes(data[:200])
    assert exc.value.code == "broken"


def test_a_heic_photo_is_stored_as_an_upright_jpeg(world, report, evidence_dir):
    data = heic_bytes((80, 40), orientation=6)  # taken with the phone held upright: turn 90° to show it
    evidence = services.add_evidence(actor=world.u_staff1, report=report,
                                     upload=SimpleUploadedFile("IMG_0002.HEIC", data, content_type="image/heic"))
    assert evidence.content_type == "image/jpeg" and evidence.original_name == "IMG_0002.jpg"
    assert evidence.file.name.endswith(".jpg")
    [stored] = stored_files(evidence_dir)
    jpeg = stored.read_bytes()
    assert jpeg.startswith(b"\xff\xd8\xff") and jpeg != data
    assert evidence.size == len(jpeg) and evidence.sha256 == hashlib.sha256(jpeg).hexdigest()
    with Image.open(io.BytesIO(jpeg)) as shown:
        assert shown.format == "JPEG" and shown.size == (40, 80)  # upright, as the phone showed it
        red, green, blue = shown.convert("RGB").getpixel((20, 40))
        assert red > 150 and green < 80 and blue < 80  # the picture, not a blank


def test_a_large_heic_is_shrunk_like_the_phone_shrinks_photos(world, report, evidence_dir):
    data = heic_bytes((2000, 1200), gradient=True)
    evidence = services.add_evidence(actor=world.u_staff1, report=report,
                                     upload=SimpleUploadedFile("IMG_0003.heic", data))
    [stored] = stored_files(evidence_dir)
    with Image.open(stored) as shown:
        assert shown.size == (1600, 960)  # the long edge at most 1600 px, as report.js makes it
    assert evidence.content_type == "image/jpeg"


def test_heic_through_the_api_and_the_download(world, report, evidence_dir, client):
    client.force_login(world.u_staff1)
    answer = client.post(f"/api/v1/progress/reports/{report.pk}/evidence",
                         {"file": SimpleUploadedFile("IMG_0004.HEIC", heic_bytes(), content_type="image/heic")})
    assert answer.status_code == 201, answer.content
    assert answer.json()["content_type"] == "image/jpeg" and answer.json()["original_name"] == "IMG_0004.jpg"
    download = client.get(f"/progress/evidence/{answer.json()['id']}/file")
    assert download.status_code == 200 and download["Content-Type"] == "image/jpeg"
    assert b"".join(download.streaming_content).startswith(b"\xff\xd8\xff")


def test_a_broken_heic_is_refused_and_nothing_is_stored(world, report, evidence_dir):
    from django.core.exceptions import ValidationError

    data = heic_bytes()
    with pytest.raises(ValidationError) as exc:
        services.add_evidence(actor=world.u_staff1, report=report,
                              upload=SimpleUploadedFile("IMG_0005.HEIC", data[: len(data) // 2]))
    assert exc.value.error_dict["file"][0].code == "file_content"
    assert "damaged" in str(exc.value)
    assert not Evidence.objects.exists() and stored_files(evidence_dir) == []
