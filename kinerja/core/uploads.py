"""One checker for every uploaded file: what it really is, from its content (magic bytes and structure), its
name, its size. Each caller says which kinds it accepts and how large a file may be (:func:`check_upload`):
evidence of progress reports (``progress/services/evidence.py``) and socialisation attachments
(``socialisation/services.py``) go through the same checks.

Known kinds: PDF; JPEG (its structure walked, core/jpeg.py); PNG, WebP (decoded with Pillow to prove they
are images) and HEIC/HEIF (decoded with pillow-heif; :func:`heic_to_jpeg` turns one into a JPEG every browser
shows); DOCX, XLSX, PPTX (a zip whose ``[Content_Types].xml`` names the plain, macro-free main part); ODT,
ODS (the ``mimetype`` entry); legacy DOC and XLS (an OLE compound file holding a ``WordDocument`` or
``Workbook`` stream). Refused with their own reason whatever the caller accepts: programs (ELF, Windows MZ,
Mach-O, ``#!`` scripts), SVG and HTML (they may carry scripts, whether or not this one does), damaged files.
The first guess comes from ``filetype`` (pure Python, magic numbers); the office formats and the images are
then checked structurally here. Names are reduced to a base name; a path (``..``), NUL or another control
character is refused.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .errors import field_error

HEAD = 8192
NAME_MAX = 200
HEIC_JPEG_EDGE = 1600  # what progress/report.js makes of a photo on the phone: the long edge at most 1600 px
HEIC_JPEG_QUALITY = 80


@dataclass(frozen=True)
class Kind:
    extension: str
    content_type: str
    label: str
    aliases: tuple[str, ...] = ()

    @property
    def extensions(self) -> tuple[str, ...]:
        return (self.extension, *self.aliases)


PDF = Kind("pdf", "application/pdf", "PDF")
JPEG = Kind("jpg", "image/jpeg", "JPEG", ("jpeg",))
PNG = Kind("png", "image/png", "PNG")
WEBP = Kind("webp", "image/webp", "WebP")
HEIC = Kind("heic", "image/heic", "HEIC")
HEIF = Kind("heif", "image/heif", "HEIF")
DOCX = Kind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX")
XLSX = Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX")
PPTX = Kind("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PPTX")
ODT = Kind("odt", "application/vnd.oasis.opendocument.text", "ODT")
ODS = Kind("ods", "application/vnd.oasis.opendocument.spreadsheet", "ODS")
DOC = Kind("doc", "application/msword", "DOC")
XLS = Kind("xls", "application/vnd.ms-excel", "XLS")

KNOWN = (PDF, JPEG, PNG, WEBP, HEIC, HEIF, DOCX, XLSX, PPTX, ODT, ODS, DOC, XLS)
IMAGES = {JPEG, PNG, WEBP, HEIC, HEIF}
HEIF_KINDS = {HEIC, HEIF}
IMAGE_MIMES = {"image/jpeg": JPEG, "image/png": PNG, "image/webp": WEBP, "image/heic": HEIC, "image/heif": HEIF}

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


def label(kinds: Iterable[Kind]) -> str:
    """``PDF, JPEG, …``: the kinds as the messages name them."""
    return ", ".join(k.label for k in kinds)


class Refused(Exception):
    """Not a known, sound file: ``code`` is ``program``, ``markup``, ``broken`` or ``file_type``."""

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


_HEIF_READY = False


def heif_support() -> None:
    """Teach Pillow HEIC/HEIF (pillow-heif's opener; once per process)."""
    global _HEIF_READY
    if not _HEIF_READY:
        import pillow_heif

        pillow_heif.register_heif_opener()
        _HEIF_READY = True


def _open_image(fileobj, kind: Kind):
    from PIL import Image

    if kind in HEIF_KINDS:
        heif_support()
    fileobj.seek(0)
    image = Image.open(fileobj)
    width, height = image.size
    if _bomb(width, height):  # HEIF too
        image.close()
        raise Image.DecompressionBombError(f"{width}x{height}")
    return image


def _bomb(width: int, height: int) -> bool:
    """More pixels than Pillow's decompression-bomb limit allows (the limit at which it refuses to open)."""
    from PIL import Image

    return bool(Image.MAX_IMAGE_PIXELS) and width * height > 2 * Image.MAX_IMAGE_PIXELS


def _check_jpeg(fileobj) -> None:
    """A JPEG by its structure (core/jpeg.py), not decoded; its size within Pillow's bomb limit."""
    from .jpeg import NotJpeg, walk

    try:
        width, height = walk(_read_all(fileobj))
    except NotJpeg:
        raise Refused("broken") from None
    finally:
        fileobj.seek(0)
    if _bomb(width, height):
        raise Refused("broken")


def _check_image(fileobj, kind: Kind) -> None:
    if kind is JPEG:
        _check_jpeg(fileobj)
        return
    try:
        if kind not in HEIF_KINDS:  # pillow-heif has no verify(); its load() below decodes the whole picture
            with _open_image(fileobj, kind) as image:
                image.verify()  # structure and checksums (PNG CRCs)
        with _open_image(fileobj, kind) as image:
            image.load()
    except Exception:  # Pillow (and pillow-heif) raise many kinds for a damaged image or a bomb
        raise Refused("broken") from None
    finally:
        fileobj.seek(0)


def heic_to_jpeg(fileobj, *, max_edge: int = HEIC_JPEG_EDGE, quality: int = HEIC_JPEG_QUALITY) -> bytes:
    """A HEIC/HEIF photo as a JPEG every browser shows: upright (its EXIF orientation applied), the long edge at
    most ``max_edge`` px, like the photos ``progress/report.js`` shrinks on the phone. :class:`Refused`
    (``broken``) when it cannot be decoded."""
    from PIL import Image, ImageOps

    try:
        with _open_image(fileobj, HEIC) as image:
            picture = ImageOps.exif_transpose(image)
            picture.thumbnail((max_edge, max_edge), Image.Resampling.LANCZOS)
            if picture.mode != "RGB":
                picture = picture.convert("RGB")
            out = io.BytesIO()
            picture.save(out, format="JPEG", quality=quality, optimize=True)
    except Exception:
        raise Refused("broken") from None
    finally:
        fileobj.seek(0)
    return out.getvalue()


def detect(fileobj) -> Kind:
    """The known kind of ``fileobj`` (seekable, at any position; left at 0), or :class:`Refused`."""
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
    if mime in IMAGE_MIMES:
        kind = IMAGE_MIMES[mime]
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


# --- the checker every upload goes through ----------------------------------------------------------


@dataclass
class CheckedUpload:
    """An upload that passed every check: what it is, its safe name, size and digest."""

    upload: object
    name: str
    kind: Kind
    size: int
    sha256: str


def clean_name(raw, field: str = "file") -> str:
    """The uploader's file name reduced to a safe base name (stored names are random anyway)."""
    name = raw or ""
    if not isinstance(name, str):
        raise field_error(field, _("The file name is not valid."), "file_name")
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        raise field_error(field, _("The file name contains control characters."), "file_name")
    parts = name.replace("\\", "/").split("/")
    if ".." in parts:
        raise field_error(field, _("The file name contains a path (“..”); send the file itself."), "file_name")
    base = parts[-1].strip().lstrip(".") or "file"
    if len(base) > NAME_MAX:
        stem, suffix = PurePosixPath(base).stem, PurePosixPath(base).suffix[:20]
        base = stem[: NAME_MAX - len(suffix)] + suffix
    return base


def extension_of(name: str) -> str:
    return PurePosixPath(name).suffix.lower().lstrip(".")


def default_messages() -> dict[str, str]:
    """The messages of :func:`check_upload`, each with ``%(name)s`` (and ``%(size)s``/``%(max)s``,
    ``%(types)s`` or ``%(type)s``); a caller overrides the ones its users should read differently."""
    return {
        "required": _("Choose a file."),
        "unreadable": _("“%(name)s” could not be read."),
        "too_large": _("“%(name)s” is %(size)s; the limit is %(max)s."),
        "empty": _("“%(name)s” is empty."),
        "program": _("“%(name)s” is a program, not a document; it cannot be accepted."),
        "markup": _("“%(name)s” is an SVG or HTML file; these may contain scripts and are not accepted. "
                    "Send a PDF or an image instead."),
        "broken": _("“%(name)s” is damaged or not what it claims to be."),
        "file_type": _("“%(name)s” is not an accepted kind of file. Accepted: %(types)s."),
        "extension": _("“%(name)s” is not an accepted kind of file. Accepted: %(types)s."),
        "mismatch": _("“%(name)s” is not a real %(type)s file."),
    }


def check_upload(upload, *, allowed: Iterable[Kind], max_bytes: int, field: str = "file",
                 match_extension: bool = False, messages: Mapping[str, str] | None = None,
                 types_label: str | None = None,
                 too_large: Callable[[str, str], Exception] | None = None) -> CheckedUpload:
    """Every check on one uploaded file, in this order: a file at all, its name, (with ``match_extension``: an
    extension of an ``allowed`` kind), its size (at most ``max_bytes``, not empty), its content (a known kind,
    sound, no program or markup, one of ``allowed``; with ``match_extension`` the one its extension names).

    Raises a field error on ``field`` (codes ``required``, ``file_name``, ``file_type``, ``file_size``,
    ``file_empty``, ``file_content``, ``file_unreadable``); ``too_large(message, field)`` builds the size error
    when the caller answers it differently (progress: 413). ``messages`` overrides :func:`default_messages`."""
    allowed = tuple(allowed)
    text = {**default_messages(), **(messages or {})}
    types = types_label or label(allowed)
    if upload is None:
        raise field_error(field, text["required"], "required")
    name = clean_name(getattr(upload, "name", ""), field)
    values = {"name": name, "types": types}
    extension = extension_of(name)
    if match_extension and not any(extension in kind.extensions for kind in allowed):
        raise field_error(field, text["extension"] % values, "file_type")
    size = getattr(upload, "size", None)
    if size is None:
        raise field_error(field, text["unreadable"] % values, "file_unreadable")
    if size > max_bytes:
        message = text["too_large"] % {**values, "size": filesizeformat(size), "max": filesizeformat(max_bytes)}
        raise too_large(message, field) if too_large else field_error(field, message, "file_size")
    if size == 0:
        raise field_error(field, text["empty"] % values, "file_empty")
    mismatch = text["mismatch"] % {**values, "type": extension.upper()}
    try:
        kind = detect(upload)
    except Refused as exc:
        if exc.code == "file_type" and match_extension:
            raise field_error(field, mismatch, "file_content") from None
        code = "file_type" if exc.code == "file_type" else "file_content"
        raise field_error(field, text[exc.code] % values, code) from None
    if match_extension and extension not in kind.extensions:
        raise field_error(field, mismatch, "file_content")
    if kind not in allowed:
        raise field_error(field, text["file_type"] % values, "file_type")
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(upload=upload, name=name, kind=kind, size=size, sha256=digest.hexdigest())
