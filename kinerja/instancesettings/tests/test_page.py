"""The instance settings page: every app's section, saved through the app's service; readers see values only."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from kinerja.audit.models import AuditEvent
from kinerja.core.registry import settings_sections
from kinerja.evaluation.models import EvaluationSettings
from kinerja.skp.models import SkpSettings
from kinerja.skp.services import settings as skp_settings

PAGE = reverse("instancesettings:page")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _evaluation_post(**changes) -> dict:
    data = {"suggest_above_from": "110", "suggest_meets_from": "90", "org_istimewa_from": "110",
            "org_baik_from": "90", "org_butuh_perbaikan_from": "70", "org_kurang_from": "50",
            "behaviour_rule": "median", "min_360_responses": "3", "appeal_days": "14", "periodic_months": "3",
            "credit_coefficients": "{}", "credit_rounding": "total", "seen": ""} | changes
    return {(k if k == "seen" else f"evaluation-{k}"): v for k, v in data.items()}


def test_the_apps_declare_their_sections():
    assert [s.key for s in settings_sections()] == ["skp", "reporting", "evaluation"]


def test_get_shows_every_section_for_the_administrator(world, django_assert_num_queries):
    client = _client(world.u_admin_bkpsdm)
    client.get(PAGE)  # warm the session and the caches
    # session, user, roles, instance, one row per section (3), the layout's own (3)
    with django_assert_num_queries(10):
        response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert world.a.name in html
    for key in ("skp", "reporting", "evaluation"):
        assert f'action="{reverse("instancesettings:save", args=[key])}"' in html
    assert 'name="evaluation-appeal_days"' in html and 'name="instance"' not in html
    assert not EvaluationSettings.objects.exists()  # reading creates nothing


def test_readers_see_values_without_a_form(world):
    skp_settings.update_settings(actor=world.u_admin_bkpsdm, instance=world.a, values={"deadline_day": 17})
    response = _client(world.u_auditor).get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200 and 'value="17"' in html and "disabled" in html
    assert "/settings/skp/" not in html and "Read only" in html


def test_post_valid_saves_through_the_service_and_redirects(world):
    response = _client(world.u_admin_bkpsdm).post(reverse("instancesettings:save", args=["evaluation"]),
                                                  _evaluation_post(appeal_days="30",
                                                                   credit_coefficients='{"ahli_muda": 25}'))
    assert response.status_code == 302 and response["Location"].endswith("#evaluation")
    row = EvaluationSettings.objects.get(instance=world.a)
    assert row.appeal_days == 30 and row.credit_coefficients == {"ahli_muda": "25"}
    assert AuditEvent.objects.filter(action="evaluation.settings.update", instance_id=world.a.pk).count() == 1


def test_post_invalid_shows_the_errors_and_saves_nothing(world):
    client = _client(world.u_admin_bkpsdm)
    url = reverse("instancesettings:save", args=["evaluation"])
    response = client.post(url, _evaluation_post(org_butuh_perbaikan_from="95"))
    assert response.status_code == 200
    assert b'data-field-error="org_butuh_perbaikan_from"' in response.content
    assert b"the thresholds go down strictly" in response.content
    response = client.post(url, _evaluation_post(credit_coefficients='{"ahli_muda": "banyak"}'))
    assert b'data-field-error="credit_coefficients"' in response.content
    assert b"must be a number from 0 to" in response.content
    assert not EvaluationSettings.objects.exists()
    assert not AuditEvent.objects.filter(action="evaluation.settings.update").exists()


def test_post_from_a_stale_page_is_refused(world):
    skp_settings.update_settings(actor=world.u_root, instance=world.a, values={"deadline_day": 25})
    response = _client(world.u_admin_bkpsdm).post(reverse("instancesettings:save", args=["skp"]), {
        "skp-period_kind": "annual", "skp-deadline_months_after_start": "0", "skp-deadline_day": "10", "seen": ""})
    assert response.status_code == 200 and b"Someone else saved these settings" in response.content
    assert SkpSettings.objects.get(instance=world.a).deadline_day == 25


def test_out_of_scope_users_are_refused_and_another_instance_sees_its_own(world):
    assert _client(world.u_staff1).get(PAGE).status_code == 403
    assert _client(world.u_admin_opd).get(PAGE).status_code == 403
    assert _client(world.u_auditor).post(reverse("instancesettings:save", args=["skp"]), {}).status_code == 403
    response = _client(world.u_admin_b).get(PAGE)
    assert response.status_code == 200 and world.b.name.encode() in response.content
    assert world.a.name.encode() not in response.content
    _client(world.u_admin_b).post(reverse("instancesettings:save", args=["skp"]), {
        "skp-period_kind": "annual", "skp-deadline_months_after_start": "0", "skp-deadline_day": "10", "seen": ""})
    assert SkpSettings.objects.get().instance_id == world.b.pk  # never instance A's row


def test_menu_entry_for_administrators_and_readers(world):
    assert b'href="/settings/"' in _client(world.u_admin_bkpsdm).get(reverse("home:home")).content
    assert b'href="/settings/"' in _client(world.u_pimpinan).get(reverse("home:home")).content
    assert b'href="/settings/"' not in _client(world.u_staff1).get(reverse("home:home")).content
