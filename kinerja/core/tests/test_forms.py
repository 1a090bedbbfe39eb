from django import forms
from django.test.html import parse_html

from kinerja.core.forms import FastSelect


def test_fast_select_renders_like_djangos_select():
    """Same options, selection and escaping as Django's template-rendered Select."""
    choices = [("", "All units"), (1, "Dinas <Kesehatan> & \"Umum\""), (2, "\u2003Seksi 'P2P'"), ("x", "X")]
    for value in ("", "1", "2", None):
        fast = FastSelect(attrs={"class": "form-select"}, choices=choices).render("unit", value, {"id": "id_unit"})
        django = forms.Select(attrs={"class": "form-select"}, choices=choices).render("unit", value, {"id": "id_unit"})
        assert parse_html(fast) == parse_html(django)


def test_fast_select_escapes_and_greys_out():
    html = FastSelect(choices=[(1, "<b>A</b>"), (2, "B")], disabled_values=[2]).render("x", "1")
    assert '<option value="1" selected>&lt;b&gt;A&lt;/b&gt;</option>' in html
    assert '<option value="2" disabled>B</option>' in html
