"""core/uploads.py on pictures cut off, whatever another library set Pillow to tolerate: WeasyPrint's import turns
Pillow's "load truncated images" on for the whole process (the login cards render their PDF in the web process);
a cut-off PNG then loads padded, and only the structure checks (verify(), the JPEG walk) still refuse it."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image, ImageFile

from kinerja.core import uploads


def _picture(fmt: str) -> bytes:
    rng = random.Random(5)
    out = io.BytesIO()
    Image.frombytes("RGB", (64, 48), rng.randbytes(64 * 48 * 3)).save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize("fmt, kind", [("PNG", uploads.PNG), ("WEBP", uploads.WEBP), ("JPEG", uploads.JPEG)])
def test_a_cut_off_picture_is_refused_even_after_weasyprint_made_pillow_tolerant(monkeypatch, fmt, kind):
    whole = _picture(fmt)
    assert uploads.sniff_bytes(whole) == kind
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # what `import weasyprint` does to the process
    for share in (0.5, 0.8, 0.95):
        with pytest.raises(uploads.Refused) as refused:
            uploads.sniff_bytes(whole[:int(len(whole) * share)])
        assert refused.value.code == "broken"
