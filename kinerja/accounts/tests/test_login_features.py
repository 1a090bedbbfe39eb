"""The log-in page says only what exists: one line per installed app that declares a feature."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from kinerja.core.registry import faces_modules

pytestmark = pytest.mark.django_db


def test_the_login_page_lists_the_installed_features_and_promises_nothing_else(client):
    body = client.get(reverse("accounts:login")).content.decode()
    declared = [m for m in faces_modules() if getattr(m, "LOGIN_FEATURE", None)]
    assert {m.__name__.split(".")[1] for m in declared} == {
        "planning", "skp", "progress", "feedback", "dashboard", "alignment", "socialisation", "monev"}
    for module in declared:
        assert escape(str(module.LOGIN_FEATURE.text)) in body
    for promise in ("predikat", "mentoring", "rewards", "360", "appeal"):  # Evaluate and Follow up are not built yet
        assert promise not in body.lower()


def test_an_app_that_is_not_installed_is_not_announced(client, settings):
    settings.INSTALLED_APPS = [a for a in settings.INSTALLED_APPS if a != "kinerja.socialisation"]
    body = client.get(reverse("accounts:login")).content.decode()
    assert "Socialisation:" not in body and "SKP:" in body
