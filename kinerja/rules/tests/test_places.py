"""The place of signing read from an instance's name."""

import pytest

from kinerja.rules.places import place_from_name


@pytest.mark.parametrize(("name", "place"), [
    ("Pemerintah Kota Palembang", "Palembang"),
    ("Pemerintah Kota Padang", "Padang"),
    ("pemerintah kota semarang", "semarang"),
    ("Pemerintah Kabupaten Banyumas", "Banyumas"),
    ("Pemkab. Kab. Sleman", "Sleman"),
    ("Kota Administrasi Jakarta Selatan", "Jakarta Selatan"),
    ("Pemerintah Provinsi Sumatera Selatan", ""),
    ("Pemerintah Daerah Istimewa Yogyakarta", ""),
    ("Sumatera Selatan", ""),
    ("", ""),
])
def test_place_from_name(name, place):
    assert place_from_name(name) == place
