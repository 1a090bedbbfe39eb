"""The home page greets by name with the greeting of the site's time of day, in the chosen language."""

from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from kinerja.home.views import greeting

JAKARTA = ZoneInfo("Asia/Jakarta")


def _at(hour, minute=0):
    return datetime(2026, 12, 7, hour, minute, tzinfo=JAKARTA)


def _home(client, at):
    with mock.patch("kinerja.home.views.clock", return_value=at):
        response = client.get(reverse("home:home"))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(("hour", "minute", "indonesian", "english"), [
    (7, 15, "Selamat pagi", "Good morning"),
    (11, 30, "Selamat siang", "Good morning"),  # siang in Indonesian, still morning in English
    (13, 0, "Selamat siang", "Good afternoon"),
    (16, 45, "Selamat sore", "Good afternoon"),
    (19, 0, "Selamat malam", "Good evening"),
])
def test_the_greeting_follows_the_time_of_day_in_each_language(world, client_for, settings, hour, minute,
                                                                indonesian, english):
    settings.LANGUAGE_CODE = "id"
    client = client_for(world.u_staff1)
    assert _home(client, _at(hour, minute)).context["greeting"] == indonesian
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    assert _home(client, _at(hour, minute)).context["greeting"] == english


def test_the_site_time_zone_decides_not_utc(settings):
    """04:30 UTC is 11:30 in Jakarta: siang."""
    from django.utils import translation

    with translation.override("id"):
        assert greeting(datetime(2026, 12, 7, 4, 30, tzinfo=ZoneInfo("UTC"))) == "Selamat siang"


def test_an_employee_is_greeted_by_name_not_by_login(world, client_for, settings):
    settings.LANGUAGE_CODE = "id"
    html = _home(client_for(world.u_staff1), _at(8)).content.decode()
    assert f"Selamat pagi, {world.staff1.full_name}" in html
    assert world.u_staff1.username not in html.split('data-testid="greeting"')[1].split("</span>")[0]


def test_a_login_without_an_employee_is_greeted_by_its_full_name(world, client_for, settings):
    settings.LANGUAGE_CODE = "id"
    user = world.u_auditor
    user.first_name, user.last_name = "Inspektur", "Pembantu"
    user.save()
    html = _home(client_for(user), _at(20)).content.decode()
    assert "Selamat malam, Inspektur Pembantu" in html
    user.first_name = user.last_name = ""
    user.save()
    assert f"Selamat malam, {user.username}" in _home(client_for(user), _at(20)).content.decode()
