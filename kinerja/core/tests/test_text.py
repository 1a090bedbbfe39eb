"""The text rule (core/text.py) on every input path: forms, services (the save guard), query strings."""

from __future__ import annotations

import contextlib
import time

import pytest
from django import forms
from django.core.exceptions import ValidationError

from kinerja.core import text
from kinerja.core.forms import BootstrapForm
from kinerja.core.testing import SYSTEM
from kinerja.organization import services as org_services
from kinerja.organization.models import Unit
from kinerja.people.models import Employee
from kinerja.skp import services as skp_services
from kinerja.skp.models import Period, Rhk

FORBIDDEN = ["\x00", "\x01", "\x08", "\x0e", "\x1f", "\x7f", "\x85", "\x9f", "\ud800", "\udfff", "\ufffe", "\uffff"]
ALLOWED = ["\t", "\n", "\r", " ", "é", "—", "\u00a0", "😀", "\u200b"]


@pytest.mark.parametrize("char", FORBIDDEN)
def test_forbidden_characters(char):
    assert text.forbidden_message(f"ab{char}c") is not None
    with pytest.raises(ValidationError) as info:
        text.validate_text(f"ab{char}c")
    assert "(at position 3)" in info.value.messages[0]
    assert text.clean_for_export(f"ab{char}c") == "abc"


@pytest.mark.parametrize("char", ALLOWED)
def test_allowed_characters(char):
    assert text.forbidden_message(f"ab{char}c") is None
    assert text.clean_for_export(f"ab{char}c") == f"ab{char}c"


def test_normalising_line_breaks():
    assert text.normalize_multiline("a\r\nb\rc\x0bd\x0ce\tf") == "a\nb\nc\nd\ne\tf"
    assert text.normalize_line("Dinas\t Kesehatan \r\n Kota\x0bAlpha") == "Dinas Kesehatan Kota Alpha"


def test_bounds_of_model_fields():
    assert text.model_max_length(Unit, "name") == 200
    from kinerja.skp.models import Rhk
    from kinerja.socialisation.models import Item

    assert text.model_max_length(Rhk, "text") == text.TEXT_MAX_LENGTH
    assert text.model_max_length(Item, "body") == 50_000


def test_every_declared_text_limit_names_a_text_field_of_its_model():
    from django.apps import apps
    from django.db import models

    for model in apps.get_models():
        for name in getattr(model, text.TEXT_LIMITS_ATTRIBUTE, {}):
            field = model._meta.get_field(name)  # a typo fails here
            assert isinstance(field, models.TextField) and not field.max_length, f"{model.__name__}.{name}"


# --- forms ------------------------------------------------------------------------------------------


class SampleForm(BootstrapForm):
    name = forms.CharField(max_length=20)
    note = forms.CharField(widget=forms.Textarea, required=False)
    q = forms.CharField(required=False)


@pytest.mark.parametrize("char", ["\x00", "\x1f", "\x7f"])
def test_a_form_refuses_control_characters_with_a_field_error(char):
    form = SampleForm({"name": f"Dinas{char}Baru", "note": f"a{char}b", "q": f"x{char}y"})
    assert not form.is_valid()
    assert set(form.errors) == {"name", "note", "q"}
    assert "U+" in form.errors["name"][0] or char == "\x00"  # Django's own message for NUL comes first


def test_a_form_bounds_every_text_field():
    form = SampleForm({"name": "x", "note": "n" * (text.TEXT_MAX_LENGTH + 1), "q": "q" * 201})
    assert not form.is_valid()
    assert set(form.errors) == {"note", "q"}
    assert 'maxlength="10000"' in str(form["note"])


def test_a_form_normalises_line_breaks():
    form = SampleForm({"name": "Dinas\tKesehatan", "note": "satu\r\ndua\x0btiga"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"name": "Dinas Kesehatan", "note": "satu\ndua\ntiga", "q": ""}


@pytest.mark.django_db
def test_the_login_form_refuses_a_nul_byte(client):
    response = client.post("/accounts/login/", {"username": "admin\x00", "password": "x"})
    assert response.status_code == 200
    assert "U+0000" in response.content.decode()


# --- services: the save guard ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_service_refuses_a_control_character_naming_the_field(world):
    with pytest.raises(ValidationError) as info:
        org_services.create_unit(actor=SYSTEM, instance=world.a, parent=world.dinkes, name="Seksi\x1fBaru",
                                 kind="seksi")
    assert set(info.value.message_dict) == {"name"}
    assert not Unit.objects.filter(name__startswith="Seksi").exclude(pk=world.surv.pk).exists()


@pytest.mark.django_db
def test_a_service_refuses_an_over_long_value_on_sqlite_too(world):
    with pytest.raises(ValidationError) as info:
        org_services.update_unit(actor=world.u_admin_bkpsdm, unit=world.dinkes, short_name="x" * 61)
    assert "short_name" in info.value.message_dict
    assert Unit.objects.get(pk=world.dinkes.pk).short_name == ""


@pytest.mark.django_db
def test_an_employee_service_write_is_guarded(world):
    period = Period.objects.create(instance=world.a, name="2026", year=2026, start_date="2026-01-01",
                                   end_date="2026-12-31", deadline="2026-01-31")
    skp = skp_services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)
    with pytest.raises(ValidationError) as info:
        skp_services.add_rhk(actor=world.u_staff1, skp=skp, lock_version=0, text="Laporan\x00")
    assert "text" in info.value.message_dict
    with pytest.raises(ValidationError):
        skp_services.add_rhk(actor=world.u_staff1, skp=skp, lock_version=0, text="x" * 100_000)
    assert not skp.rhks.exists()


@pytest.mark.django_db
def test_a_value_stored_before_the_rule_does_not_block_other_writes(world):
    Employee.objects.filter(pk=world.staff1.pk).update(name="Andi\x1f Pratama")
    user = world.u_staff1
    user.save(update_fields=["last_login"])  # logging in saves only last_login
    employee = Employee.objects.get(pk=world.staff1.pk)
    with pytest.raises(ValidationError):
        employee.save()


# --- query strings ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/people/", "/org/positions/", "/audit/"])
def test_a_control_character_in_a_page_query_string_is_a_400(world, client, path):
    client.force_login(world.u_admin_bkpsdm)
    response = client.get(path, {"q": "andi\x00"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_long_name_renders_within_the_pdf_time_bound(world, settings):
    """A 100,000-character name (stored before the length rule) once made the PDF spin for minutes.

    PostgreSQL holds names to their length, so the long text here is an RHK's (a TextField)."""
    from kinerja.skp.documents.pdf import RenderTimeout, render_skp_pdf

    settings.KINERJA = {**settings.KINERJA, "PDF_TIMEOUT": 3}
    period = Period.objects.create(instance=world.a, name="2026", year=2026, start_date="2026-01-01",
                                   end_date="2026-12-31", deadline="2026-01-31")
    skp = skp_services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)
    rhk = skp_services.add_rhk(actor=world.u_staff1, skp=skp, lock_version=0, text="Laporan")
    Rhk.objects.filter(pk=rhk.pk).update(text="x" * 100_000)
    started = time.monotonic()
    with contextlib.suppress(RenderTimeout):  # stopped in time is as good as rendered
        assert render_skp_pdf(skp).startswith(b"%PDF")
    assert time.monotonic() - started < 15


# --- the Django admin -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_shows_a_field_error_instead_of_failing(world, client):
    """Admin forms run full_clean: the rule is a validator of every text field (no 500 from the guard).
    (Positions are read-only in the admin; the instance admin still writes, through its service.)"""
    from django.contrib.auth import get_user_model

    from kinerja.organization.models import Instance

    admin = get_user_model().objects.get(username="root")
    client.force_login(admin)
    url = f"/admin/organization/instance/{world.a.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None and v is not False}
    before = Instance.objects.get(pk=world.a.pk).name
    data.update({"name": "Kota\x1fAlpha"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "U+001F" in response.content.decode()
    assert Instance.objects.get(pk=world.a.pk).name == before
