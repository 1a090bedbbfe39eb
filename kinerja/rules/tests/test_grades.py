import pytest

from kinerja.rules import grades


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("III/a", "III/a"), ("iii/A", "III/a"), ("III a", "III/a"), ("IV/e - Pembina Utama", "IV/e"),
     ("II.c", "II/c"), ("I/d (Juru Tingkat I)", "I/d"), ("", "")],
)
def test_pns_grades(raw, expected):
    assert grades.normalize_grade(raw) == expected


@pytest.mark.parametrize("raw", ["V/a", "III/f", "3/a", "Penata"])
def test_bad_pns_grades(raw):
    with pytest.raises(ValueError):
        grades.normalize_grade(raw)


def test_pppk_grades():
    assert grades.normalize_grade("ix", "PPPK") == "IX"
    with pytest.raises(ValueError):
        grades.normalize_grade("XVIII", "PPPK")


def test_rank_order_covers_seventeen_grades():
    assert [grades.grade_rank(c) for c in grades.PNS_CODES] == list(range(1, 18))
    assert grades.grade_rank("nope") == 0
    assert grades.RANK_NAMES["III/a"] == "Penata Muda"
