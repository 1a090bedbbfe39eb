"""The early-warning reason is stored as a code with parameters and worded in the reader's language
(progress/achievement/reasons.py): Indonesian and English both complete, numbers as each language writes them."""

from __future__ import annotations

import pytest
from django.utils import translation

from kinerja.progress.achievement.reasons import LazyReason, reason_text
from kinerja.rules import achievement as rules

CASES = [
    ("projected|61.5|80|12345.5|7|monthly|20000|dokumen",
     "proyeksi 61,5% < 80%: realisasi 12.345,5 dari target 20.000 dokumen setelah 7 bulan",
     "projected 61.5% < 80%: realisation 12,345.5 of the target 20,000 dokumen after 7 months"),
    ("projected|40|85|2|1|quarterly|10~20|kegiatan",
     "proyeksi 40% < 85%: realisasi 2 dari target 10–20 kegiatan setelah 1 triwulan",
     "projected 40% < 85%: realisation 2 of the target 10–20 kegiatan after 1 quarter"),
    ("projected|40|85|2|3|monthly|100|",
     "proyeksi 40% < 85%: realisasi 2 dari target 100 setelah 3 bulan",
     "projected 40% < 85%: realisation 2 of the target 100 after 3 months"),
    ("judged|70|80", "penilaian atasan 70% < 80%", "superior's judgement 70% < 80%"),
    ("no_data|2|monthly", "belum ada laporan yang dihitung untuk 2 bulan terakhir yang sudah lewat batas",
     "no counted report for the last 2 months past their deadline"),
    ("no_data|1|quarterly", "belum ada laporan yang dihitung untuk 1 triwulan terakhir yang sudah lewat batas",
     "no counted report for the last 1 quarter past its deadline"),
    ("pk_no_data", "belum ada IKI pendukung yang dilaporkan", "no supporting IKI reported yet"),
    ("pk_at_risk|60|80|3|4", "proyeksi 60% < 80%: 3 dari 4 IKI pendukung berisiko",
     "projected 60% < 80%: 3 of 4 supporting IKI at risk"),
]


@pytest.mark.parametrize(("stored", "indonesian", "english"), CASES)
def test_a_reason_reads_in_indonesian_and_in_english(stored, indonesian, english):
    with translation.override("id"):
        assert reason_text(stored) == indonesian
    with translation.override("en"):
        assert reason_text(stored) == english


def test_the_rules_write_codes_the_renderer_reads():
    stored = rules.reason_code(rules.PROJECTED, rules._num(61.456), rules._num(80), rules._num(31), 7, "monthly",
                               rules._num(100), "dokumen|arsip")
    assert stored == "projected|61.46|80|31|7|monthly|100|dokumen|arsip"
    with translation.override("id"):
        assert reason_text(stored).endswith("dari target 100 dokumen|arsip setelah 7 bulan")
    assert len(rules.reason_code(rules.PROJECTED, "1", "2", "3", 4, "monthly", "5", "x" * 400)) == 255


def test_a_text_that_is_no_code_is_shown_as_it_is():
    for text in ("Proyeksi akhir tahun 67%", "", "projected|not-a-number"):
        with translation.override("en"):
            assert reason_text(text) == text


def test_a_lazy_reason_is_worded_in_the_language_active_when_written():
    lazy = LazyReason("judged|70|80")
    with translation.override("en"):
        assert str(lazy) == "superior's judgement 70% < 80%"
    with translation.override("id"):
        assert str(lazy) == "penilaian atasan 70% < 80%"


@pytest.mark.django_db
def test_the_team_view_words_the_reason_in_the_page_language(client, sup):
    from decimal import Decimal

    from django.urls import reverse

    from kinerja.progress.models import IkiAchievement

    w = sup.w
    IkiAchievement.objects.create(instance=w.a, iki=sup.iki2, skp=sup.skp2, employee=w.staff2, unit=w.staff2.unit,
                                  period_start=sup.this_month, achievement=Decimal("61.5"), expected=Decimal("91.7"),
                                  projected=Decimal("67"), risk="at_risk", reason="judged|67|80")
    client.force_login(w.u_kasi_surv)
    client.cookies["django_language"] = "id"
    assert "penilaian atasan 67% &lt; 80%" in client.get(reverse("progress:team")).content.decode()
    client.cookies["django_language"] = "en"
    assert "superior&#x27;s judgement 67% &lt; 80%" in client.get(reverse("progress:team")).content.decode()
    api = client.get("/api/v1/progress/team", HTTP_ACCEPT_LANGUAGE="en").json()
    dewi = next(m for m in api["members"] if m["id"] == w.staff2.pk)
    assert dewi["reasons"] == ["Jumlah data terverifikasi: superior's judgement 67% < 80%"]
