"""core/jpeg.py: the JPEG structure walk accepts what encoders write and decoders show, refuses what is cut off or
not a JPEG, and agrees with Pillow's full decode on both."""

from __future__ import annotations

import io
import random
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from kinerja.core.jpeg import NotJpeg, walk


def picture(width=97, height=61, mode="RGB", seed=3) -> Image.Image:
    rng = random.Random(seed)
    bands = len(mode) if mode != "L" else 1
    return Image.frombytes(mode, (width, height), rng.randbytes(width * height * bands))


def encode(image: Image.Image, fmt="JPEG", **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def decodes(data: bytes) -> bool:
    """Pillow's verdict: the whole picture decodes (truncated images are an error, as by default)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
        return True
    except Exception:  # noqa: BLE001 - any of Pillow's errors means no
        return False


EXIF = Image.Exif()
EXIF[0x0110] = "Kinerja Phone"  # Model
EXIF[0x0112] = 6  # Orientation: rotated

ENCODINGS = {
    "baseline": {"quality": 85},
    "progressive": {"quality": 85, "progressive": True},
    "optimized": {"quality": 70, "optimize": True},
    "restart markers": {"quality": 90, "restart_marker_blocks": 3},
    "4:4:4": {"quality": 95, "subsampling": 0},
    "lowest quality": {"quality": 1},
    "exif and icc": {"quality": 80, "exif": EXIF, "icc_profile": b"\x00" * 128},
    "comment": {"quality": 80, "comment": b"\xff\xd9 not the end \xff\xda"},
}


@pytest.mark.parametrize("name", sorted(ENCODINGS))
@pytest.mark.parametrize("mode", ["RGB", "L", "CMYK"])
def test_what_encoders_write_is_accepted_with_its_size(name, mode):
    data = encode(picture(mode=mode), **ENCODINGS[name])
    assert decodes(data)
    if name == "restart markers":
        assert b"\xff\xdd" in data and b"\xff\xd0" in data  # DRI and RST0: the encoder did write them
    if name == "progressive":
        assert data.count(b"\xff\xda") > 1  # several scans
    assert walk(data) == (97, 61)


def test_a_big_photo_and_one_of_a_single_pixel():
    assert walk(encode(picture(1600, 1200, seed=5), quality=90)) == (1600, 1200)
    assert walk(encode(picture(1, 1))) == (1, 1)


def test_a_phone_mpo_and_data_after_the_end_are_accepted():
    first, second = picture(seed=1), picture(40, 30, seed=2)
    mpo = encode(first, "MPO", save_all=True, append_images=[second])
    assert mpo.count(b"\xff\xd8") >= 2
    assert walk(mpo) == (97, 61)
    assert walk(encode(first) + b"vendor trailer \x00\xff\x12") == (97, 61)


def test_stray_bytes_between_segments_are_skipped_as_decoders_do():
    data = encode(picture())
    at = data.index(b"\xff\xdb")  # before the quantisation tables
    damaged = data[:at] + b"\x00\x13\x37" + data[at:]
    assert decodes(damaged)
    assert walk(damaged) == (97, 61)


def _segment(code: int, body: bytes) -> bytes:
    return bytes([0xFF, code]) + struct.pack(">H", len(body) + 2) + body


def _frame(code=0xC0, width=8, height=8) -> bytes:
    return _segment(code, bytes([8]) + struct.pack(">HH", height, width) + b"\x01\x01\x11\x00")


SCAN = _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00") + b"\x12\x34\xff\x00\x56\xff\xd0\x78"


@pytest.mark.parametrize("data, words", [
    (b"", "no start of image"),
    (b"\x89PNG\r\n\x1a\n", "no start of image"),
    (b"\xff\xd8", "cut off"),
    (b"\xff\xd8\xff", "cut off"),
    (b"\xff\xd8\xff\xe0", "cut off in a segment length"),
    (b"\xff\xd8" + b"\xff\xe0" + b"garbage" * 20, "runs past the end"),
    (b"\xff\xd8" + b"\xff\xe0\x00\x01", "runs past the end"),
    (b"\xff\xd8\xff\xd9", "ends before any picture"),
    (b"\xff\xd8" + SCAN + b"\xff\xd9", "a scan before any frame header"),
    (b"\xff\xd8" + _frame(width=0) + SCAN + b"\xff\xd9", "a picture of no size"),
    (b"\xff\xd8" + _frame(height=0) + SCAN + b"\xff\xd9", "a picture of no size"),
    (b"\xff\xd8" + _frame(code=0xC3) + SCAN + b"\xff\xd9", "browsers do not show"),
    (b"\xff\xd8" + _frame(code=0xC9) + SCAN + b"\xff\xd9", "browsers do not show"),
    (b"\xff\xd8" + _segment(0xC0, b"\x08\x00") + SCAN + b"\xff\xd9", "frame header too short"),
    (b"\xff\xd8" + _frame() + SCAN, "no end of image"),
    (b"\xff\xd8\xff\xd8" + _frame() + SCAN + b"\xff\xd9", "misplaced marker"),
])
def test_what_is_not_a_whole_jpeg_is_refused_with_where_it_broke(data, words):
    with pytest.raises(NotJpeg, match=words):
        walk(data)


def test_a_minimal_hand_made_jpeg_walks():
    assert walk(b"\xff\xd8" + _frame(width=3, height=2) + SCAN + b"\xff\xd9") == (3, 2)


JPEGS = [encode(picture(seed=s), **ENCODINGS[name]) for s, name in enumerate(sorted(ENCODINGS))]


@settings(max_examples=300, deadline=None)
@given(which=st.integers(0, len(JPEGS) - 1), cut=st.floats(0, 1, exclude_max=True))
def test_every_cut_before_the_end_of_image_is_refused(which, cut):
    """Pillow refuses most of these too, but not all (a progressive picture cut between two scans decodes, the
    later scans missing): the walk is the stricter."""
    data = JPEGS[which]
    truncated = data[:int(cut * data.rindex(b"\xff\xd9"))]
    with pytest.raises(NotJpeg):
        walk(truncated)


@settings(max_examples=300, deadline=None)
@given(which=st.integers(0, len(JPEGS) - 1), tail=st.binary(max_size=64))
def test_any_bytes_after_the_end_of_image_are_allowed(which, tail):
    assert walk(JPEGS[which] + tail) == (97, 61)


@settings(max_examples=500, deadline=None)
@given(body=st.binary(max_size=300))
def test_any_bytes_get_an_answer_never_a_crash(body):
    try:
        width, height = walk(b"\xff\xd8" + body)
    except NotJpeg:
        return
    assert width > 0 and height > 0
