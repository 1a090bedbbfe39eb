from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.rules import nip

TODAY = date(2026, 11, 23)


def pns(birth="19900101", tmt="201503", sex="2", seq="001"):
    return f"{birth}{tmt}{sex}{seq}"


def test_example_from_domain_md_with_and_without_spaces():
    parsed = nip.parse("19900101 201503 2 001", today=TODAY)
    assert parsed.value == "199001012015032001"
    assert parsed.birth_date == date(1990, 1, 1)
    assert (parsed.appointment_year, parsed.appointment_month, parsed.sex, parsed.sequence) == (2015, 3, 2, 1)
    assert parsed.formatted() == "19900101 201503 2 001"
    assert nip.parse("199001012015032001", today=TODAY) == parsed


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "required"),
        ("19900101201503200", "length"),
        ("1990010120150320011", "length"),
        ("1990O1012015032001", "not_digits"),
        ("ABCDEFGHIJKLMNOPQR", "not_digits"),
        (pns(birth="19901301"), "birth_month"),
        (pns(birth="19900001"), "birth_month"),
        (pns(birth="19900230"), "birth_date"),
        (pns(birth="19900100"), "birth_date"),
        (pns(birth="18990101"), "birth_date"),
        (pns(tmt="201513"), "tmt_month"),
        (pns(tmt="201500"), "tmt_month"),
        (pns(sex="3"), "sex"),
        (pns(sex="0"), "sex"),
        (pns(seq="000"), "sequence"),
        (pns(tmt="198503"), "appointment_year"),  # appointed before birth
        (pns(tmt="203001"), "appointment_year"),  # in the future
    ],
)
def test_invalid_pns_nip_names_the_part(raw, code):
    with pytest.raises(nip.NipError) as exc:
        nip.parse(raw, nip.PNS, today=TODAY)
    assert exc.value.code == code


def test_pppk_number_has_year_and_agreement_count_not_month():
    # 1995-07-14, appointed 2022, 1st agreement, female, #15 — "13-14" is 01, a count
    parsed = nip.parse("19950714 2022 01 2 015", nip.PPPK, today=TODAY)
    assert parsed.kind == nip.PPPK and parsed.agreement_count == 1 and parsed.appointment_month is None
    # a count of 15 is fine for PPPK but 15 is not a month for PNS
    assert nip.is_valid("199507142022152015", nip.PPPK, today=TODAY)
    assert not nip.is_valid("199507142022152015", nip.PNS, today=TODAY)
    with pytest.raises(nip.NipError) as exc:
        nip.parse("199507142022002015", nip.PPPK, today=TODAY)
    assert exc.value.code == "agreement_count"


def test_old_nip():
    assert nip.normalize_old_nip(" 150 123 456 ") == "150123456"
    assert nip.normalize_old_nip("") == ""
    for bad in ("12345678", "1234567890", "12345678X"):
        with pytest.raises(nip.NipError):
            nip.normalize_old_nip(bad)


valid_births = st.dates(min_value=date(1950, 1, 1), max_value=date(2004, 12, 31))


@given(born=valid_births, years_later=st.integers(18, 40), month=st.integers(1, 12), sex=st.sampled_from([1, 2]),
       seq=st.integers(1, 999))
def test_every_well_formed_pns_nip_round_trips(born, years_later, month, sex, seq):
    year = born.year + years_later
    raw = f"{born:%Y%m%d}{year:04d}{month:02d}{sex}{seq:03d}"
    if (year, month) > (TODAY.year, TODAY.month):
        assert not nip.is_valid(raw, today=TODAY)
        return
    parsed = nip.parse(parsed_raw := parsed_spaces(raw), today=TODAY)
    assert parsed_raw.replace(" ", "") == parsed.value == raw
    assert parsed.birth_date == born and parsed.sex == sex and parsed.sequence == seq
    assert nip.parse(parsed.formatted(), today=TODAY) == parsed


def parsed_spaces(raw: str) -> str:
    return f"{raw[:8]} {raw[8:14]} {raw[14]} {raw[15:]}"


@given(st.text(max_size=25))
def test_arbitrary_text_never_crashes(text):
    for kind in (nip.PNS, nip.PPPK):
        try:
            parsed = nip.parse(text, kind, today=TODAY)
        except nip.NipError as exc:
            assert exc.code and exc.message
        else:
            assert len(parsed.value) == 18 and parsed.value.isdigit()


@given(born=valid_births, day_shift=st.integers(1, 40))
def test_impossible_calendar_days_are_refused(born, day_shift):
    # day 32+ of any month is never a date
    raw = f"{born:%Y%m}{31 + day_shift % 60:02d}" + "201001" + "1001"
    with pytest.raises(nip.NipError):
        nip.parse(raw, today=TODAY)


def test_birth_date_in_future_is_refused():
    tomorrow = TODAY + timedelta(days=1)
    with pytest.raises(nip.NipError):
        nip.parse(f"{tomorrow:%Y%m%d}2026011001", today=TODAY)
