"""A JPEG's structure, walked without decoding the picture (ITU-T T.81, Annex B).

Decoding a phone photo to prove it is one costs milliseconds of CPU per upload (the entropy-coded data must be
Huffman-decoded even at 1/8 scale): at the month-end rush that was the largest single cost of a submission. The
walk proves what matters for evidence instead, byte by byte and in C for the long stretches: the file starts
with SOI; every marker segment before the first scan has a length that fits; a frame header (SOFn) gives a
picture of non-zero size before the first scan (SOS); each scan's entropy-coded data runs to the next marker
(``FF 00`` stuffing and restart markers ``RST0``–``RST7`` inside it); and the image ends with EOI. Stray bytes
between segments are skipped, as decoders skip them. A truncated, cut-and-pasted or random file fails one of
these. Data after EOI is allowed, as phones append some (a second
picture of an MPO, a trailer of their own).

What the walk does not check is whether the compressed picture data decodes to sensible pixels: a file whose
scan bytes were overwritten in the middle keeps its structure and shows as a smeared picture. That is no risk to
anyone who opens it and is the price of not decoding every upload.
"""

from __future__ import annotations

import re
import struct

SOI, EOI, SOS = 0xD8, 0xD9, 0xDA
# the frame headers browsers show: baseline, extended and progressive with Huffman coding; the others (lossless,
# hierarchical, arithmetic coding) are refused — not DHT C4, JPG C8 and DAC CC, which share the range
SOF = frozenset({0xC0, 0xC1, 0xC2})
OTHER_SOF = frozenset({0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM and RSTn carry no length
# what may follow a scan: EOI, another scan (SOS) or the tables, restart interval, line count, application data
# and comments before it (DHT, DAC, DQT, DNL, DRI, APPn, COM). Any other FF pair inside the picture data is
# stuffing (FF 00), a restart marker, fill, or a damaged byte that decoders step over.
_NEXT_MARKER = re.compile(rb"\xff[\xc4\xcc\xd9\xda\xdb\xdc\xdd\xe0-\xef\xfe]")


class NotJpeg(ValueError):
    """The bytes are not a whole, well-formed JPEG; the message says where it broke."""


def walk(data: bytes) -> tuple[int, int]:
    """Walk the JPEG in ``data``; its (width, height), or :class:`NotJpeg`."""
    if not data.startswith(b"\xff\xd8"):
        raise NotJpeg("no start of image")
    size = len(data)
    pos = 2
    frame: tuple[int, int] | None = None
    while True:
        # a marker: one or more FF fill bytes, then its code; stray bytes before it are skipped, as decoders do
        # ("extraneous bytes before marker": a flipped byte in the picture data must not refuse a photo that
        # every viewer shows)
        if pos >= size:
            raise NotJpeg("cut off before the end of image")
        if data[pos] != 0xFF:
            pos = data.find(b"\xff", pos)
            if pos < 0:
                raise NotJpeg("cut off before the end of image")
        while pos < size and data[pos] == 0xFF:
            pos += 1
        if pos >= size:
            raise NotJpeg("cut off in a marker")
        code = data[pos]
        pos += 1
        if code == EOI:
            if frame is None:
                raise NotJpeg("the image ends before any picture")
            return frame
        if code in STANDALONE:
            continue
        if code in (0x00, SOI):
            raise NotJpeg(f"a misplaced marker FF{code:02X} at byte {pos - 2}")
        if pos + 2 > size:
            raise NotJpeg("cut off in a segment length")
        (length,) = struct.unpack_from(">H", data, pos)
        if length < 2 or pos + length > size:
            raise NotJpeg(f"segment FF{code:02X} at byte {pos - 2} runs past the end")
        segment = data[pos + 2:pos + length]
        pos += length
        if code in OTHER_SOF:
            raise NotJpeg(f"a kind of JPEG browsers do not show (FF{code:02X})")
        if code in SOF:
            if len(segment) < 6:
                raise NotJpeg("a frame header too short")
            height, width = struct.unpack_from(">HH", segment, 1)
            if not width or not height:
                raise NotJpeg("a picture of no size")
            frame = (width, height)
        elif code == SOS:
            if frame is None:
                raise NotJpeg("a scan before any frame header")
            found = _NEXT_MARKER.search(data, pos)
            if found is None:
                raise NotJpeg("the picture data is cut off (no end of image)")
            pos = found.start()
