"""Demo socialisation items: published and draft items, a realistic mix of acknowledgements."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.demo.data import load_demo
from kinerja.demo.socialisation import _pdf, items_for
from kinerja.demo.world import PALEMBANG
from kinerja.socialisation.coverage import coverage
from kinerja.socialisation.home import home_feed
from kinerja.socialisation.models import Acknowledgement, Item, Status


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
def test_demo_items_show_a_mix_of_coverage():
    load_demo([PALEMBANG])
    items = {i.title: i for i in Item.objects.all()}
    assert set(items) == {d.title for d in items_for(timezone.localdate())}
    assert next(i for t, i in items.items() if t.startswith("Kalender dialog kinerja")).status == Status.DRAFT
    policy = items["Sosialisasi PermenPANRB 6/2022 tentang Pengelolaan Kinerja ASN"]
    assert policy.status == Status.PUBLISHED and policy.whole_instance
    assert policy.attachments.get().file.read().startswith(b"%PDF-1.4")
    dinkes_only = items["Tata cara unggah bukti dukung kinerja tenaga kesehatan"]
    assert list(dinkes_only.audience.values_list("unit__name", flat=True)) == ["Dinas Kesehatan"]

    shares = {title: coverage(item).percent for title, item in items.items() if item.is_published}
    assert shares["Sosialisasi PermenPANRB 6/2022 tentang Pengelolaan Kinerja ASN"] > 60
    assert shares[f"Perubahan jadwal pendampingan penyusunan SKP {timezone.localdate().year}"] < 45
    rows = coverage(policy).rows
    assert len(rows) >= 3 and len({r.percent for r in rows}) == len(rows)  # each OPD at its own pace
    assert min(r.percent for r in rows) < 60 < 90 < max(r.percent for r in rows)  # laggards and leaders

    pegawai = User.objects.select_related("employee__unit").get(username="plg.pegawai")
    feed = home_feed(pegawai.employee)
    assert {i.title for i in feed.items} >= {f"Panduan penyusunan SKP {timezone.localdate().year}",
                                         f"Perubahan jadwal pendampingan penyusunan SKP {timezone.localdate().year}"}

    before = (Item.objects.count(), Acknowledgement.objects.count())
    load_demo([PALEMBANG])  # idempotent
    assert (Item.objects.count(), Acknowledgement.objects.count()) == before


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_demo_attachment_is_a_readable_pdf(tmp_path):
    path = tmp_path / "demo.pdf"
    path.write_bytes(_pdf(["Ringkasan PermenPANRB Nomor 6 Tahun 2022", "Predikat: Sangat Baik (ok)"]))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Ringkasan PermenPANRB Nomor 6 Tahun 2022" in text and "Sangat Baik (ok)" in text
