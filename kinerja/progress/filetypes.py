"""What an evidence file really is, from its content (magic bytes and structure), never from its name.

Accepted: PDF; JPEG, PNG, WebP (decoded with Pillow to prove they are images) and HEIC (its ``ftyp`` box:
Pillow cannot decode it without a plug-in); DOCX, XLSX, PPTX (a zip whose ``[Content_Types].xml`` names the
plain, macro-free main part); ODT, ODS (the ``mimetype`` entry); legacy DOC and XLS (an OLE compound file
holding a ``WordDocument`` or ``Workbook`` stream). Refused with their own reason: programs (ELF, Windows
MZ, Mach-O, ``#!`` scripts), SVG and HTML (they may carry scripts, whether or not this one does), and
everything else. The first guess comes from ``filetype`` (pure Python, magic numbers); the office formats
and the images are then checked structurally here.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

import filetype

HEAD = 8192


@dataclass(frozen=True)
class Kind:
    extension: str
    content_type: str
    label: str


PDF = Kind("pdf", "application/pdf", "PDF")
JPEG = Kind("jpg", "image/jpeg", "JPEG")
PNG = Kind("png", "image/png", "PNG")
WEBP = Kind("webp", "image/webp", "WebP")
HEIC = Kind("heic", "image/heic", "HEIC")
DOCX = Kind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX")
XLSX = Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX")
PPTX = Kind("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PPTX")
ODT = Kind("odt", "application/vnd.oasis.opendocument.text", "ODT")
ODS = Kind("ods", "application/vnd.oasis.opendocument.spreadsheet", "ODS")
DOC = Kind("doc", "application/msword", "DOC")
XLS = Kind("xls", "application/vnd.ms-excel", "XLS")

ALLOWED = (PDF, JPEG, PNG, WEBP, HEIC, DOCX, XLSX, PPTX, ODT, ODS, DOC, XLS)
ALLOWED_LABEL = ", ".join(k.label for k in ALLOWED)
IMAGES = {JPEG, PNG, WEBP, HEIC}

# the main part each OOXML document must declare in [Content_Types].xml (macro-enabled ones differ)
OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
ODF = {ODT.content_type: ODT, ODS.content_type: ODS}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_STREAMS = (("WordDocument".encode("utf-16-le"), DOC), ("Workbook".encode("utf-16-le"), XLS),
               ("Book".encode("utf-16-le") + b"\x00\x00", XLS))
PROGRAM_MAGIC = (b"\x7fELF", b"MZ", b"#!", b"\xfe\xed\xfa\xce", b"\xce\xfa\xed\xfe", b"\xfe\xed\xfa\xcf",
                 b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")
MARKUP = re.compile(rb"<\s*(svg|html|!doctype\s+html|script|\?xml[^>]*>\s*<\s*svg)", re.IGNORECASE)


class Refused(Exception):
    """Not an accepted file: ``code`` is ``program``, ``markup``, ``broken`` or ``file_type``."""

    def __init__(self, code: str, label: str = ""):
        super().__init__(code)
        self.code = code
        self.label = label


def _read_all(fileobj) -> bytes:
    fileobj.seek(0)
    data = fileobj.read()
    fileobj.seek(0)
    return data


def _ooxml(fileobj) -> Kind | None:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                if mimetype in ODF and "content.xml" in names:
                    return ODF[mimetype]
                return None
            if "[Content_Types].xml" not in names:
                return None
            types = archive.read("[Content_Types].xml")[:200_000].decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError, KeyError):
        raise Refused("broken") from None
    finally:
        fileobj.seek(0)
    for main, kind in OOXML_MAIN.items():
        if f'ContentType="{main}"' in types:
            return kind
    return None


def _ole(fileobj) -> Kind | None:
    data = _read_all(fileobj)
    for stream, kind in OLE_STREAMS:
        if stream in data:
            return kind
    return None


def _check_image(fileobj, kind: Kind) -> None:
    if kind is HEIC:
        return  # no decoder without pillow-heif: the ftyp box filetype read is all we check
    from PIL import Image

    try:
        fileobj.seek(0)
        with Image.open(fileobj) as image:
            image.verify()  # structure and checksums (PNG CRCs)
        fileobj.seek(0)
        with Image.open(fileobj) as image:
            if image.format == "JPEG":
                image.draft("RGB", (64, 64))  # a real decode at 1/8 scale: cheap on a 12-megapixel photo
            image.load()
    except Image.DecompressionBombError:
        raise Refused("broken") from None
    except Exception:  # Pillow raises many kinds for a damaged image
        raise Refused("broken") from None
    finally:
        fileobj.seek(0)


def detect(fileobj) -> Kind:
    """The accepted kind of ``fileobj`` (seekable, at any position; left at 0), or :class:`Refused`."""
    fileobj.seek(0)
    head = fileobj.read(HEAD)
    fileobj.seek(0)
    if head.startswith(PROGRAM_MAGIC):
        raise Refused("program")
    text_head = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    if text_head.startswith(b"<") and MARKUP.search(text_head[:HEAD]):
        raise Refused("markup")
    if head.startswith(b"%PDF-"):
        return PDF
    guess = filetype.guess(head)
    mime = guess.mime if guess else ""
    if mime in ("image/jpeg", "image/png", "image/webp", "image/heic"):
        kind = {"image/jpeg": JPEG, "image/png": PNG, "image/webp": WEBP, "image/heic": HEIC}[mime]
        _check_image(fileobj, kind)
        return kind
    if head.startswith(b"PK\x03\x04"):
        kind = _ooxml(fileobj)
        if kind is not None:
            return kind
        raise Refused("file_type", "ZIP")
    if head.startswith(OLE_MAGIC):
        kind = _ole(fileobj)
        if kind is not None:
            return kind
        raise Refused("file_type", "OLE")
    if mime in ("application/x-executable", "application/x-msdownload", "application/x-mach-binary"):
        raise Refused("program")
    if MARKUP.search(head[:1024]):
        raise Refused("markup")
    raise Refused("file_type", guess.extension.upper() if guess else "")


def sniff_bytes(data: bytes) -> Kind:
    """:func:`detect` on bytes (tests, the CLI)."""
    return detect(io.BytesIO(data))
