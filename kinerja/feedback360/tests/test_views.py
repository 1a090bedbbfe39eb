"""360 pages and CLI: my tasks (query count), the questionnaire (BerAKHLAK guides in the official wording; a
second answer, a closed round and bad scores refused clearly), my results, the admin's rounds (query count),
and ``kinerja 360 propose|status``."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner
from django.test import Client

from kinerja.feedback360 import cli as f360_cli
from kinerja.feedback360 import services
from kinerja.feedback360.models import Assignment, Response

from .conftest import GOOD, answer_all, build


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_my_tasks_lists_what_to_answer_in_constant_queries(world, f, django_assert_max_num_queries):
    client = _client(world.u_kasi_surv)
    client.get("/360/")  # warm the session and the scope
    with django_assert_max_num_queries(14):
        page = client.get("/360/").content.decode()
    for name in (world.staff1.name, world.staff2.name, world.kabid_p2p.name):
        assert name in page
    services.add_rater(actor=world.u_admin_opd, round_=f.round, ratee=world.kabid_yankes, rater=world.kasi_surv,
                       relation="peer")
    with django_assert_max_num_queries(14):
        assert world.kabid_yankes.name in client.get("/360/").content.decode()


def test_the_questionnaire_shows_the_official_guides_and_records_once(world, f):
    a = f.of(world.staff2)
    client = _client(world.u_staff2)
    page = client.get(f"/360/tasks/{a.pk}/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Memahami dan memenuhi kebutuhan masyarakat" in page or "Understands and meets" in page
    assert page.count('type="radio"') == 7 * 5
    data = {"akuntabel": "5", "kompeten": "4", "comment": "Sangat teliti."}
    response = client.post(f"/360/tasks/{a.pk}/", data)
    assert response.status_code == 302
    assert Response.objects.get().akuntabel == 5
    response = client.post(f"/360/tasks/{a.pk}/", data)  # twice
    assert response.status_code == 400
    assert "already answered" in response.content.decode()
    assert Response.objects.count() == 1
    assert "already-answered" in client.get(f"/360/tasks/{a.pk}/").content.decode()


def test_bad_answers_are_refused_on_the_page(world, f):
    a = f.of(world.staff2)
    client = _client(world.u_staff2)
    response = client.post(f"/360/tasks/{a.pk}/", {"comment": "Tanpa nilai."})
    assert response.status_code == 400 and "Score at least one core value" in response.content.decode()
    response = client.post(f"/360/tasks/{a.pk}/", {"akuntabel": "9"})
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_a_closed_round_refuses_on_web_and_api(world, settings):
    settings.KINERJA = {**settings.KINERJA, "FEEDBACK360_PURGE_ON_CLOSE": False}
    f = build(world)
    services.close_round(actor=world.u_admin_opd, round_=f.round)
    a = f.of(world.staff2)
    client = _client(world.u_staff2)
    assert "round-closed" in client.get(f"/360/tasks/{a.pk}/").content.decode()
    response = client.post(f"/360/tasks/{a.pk}/", {"akuntabel": "4"})
    assert response.status_code == 400 and "closed" in response.content.decode()
    response = client.post(f"/api/v1/360/tasks/{a.pk}/answer", {"scores": {"akuntabel": 4}},
                           content_type="application/json")
    assert response.status_code == 422 and "closed" in response.json()["detail"] + json.dumps(
        response.json().get("errors"))


def test_the_api_refuses_a_second_answer_and_self_rating(world, f):
    a = f.of(world.staff2)
    client = _client(world.u_staff2)
    url = f"/api/v1/360/tasks/{a.pk}/answer"
    assert client.post(url, {"scores": GOOD}, content_type="application/json").status_code == 204
    again = client.post(url, {"scores": GOOD}, content_type="application/json")
    assert again.status_code == 422 and "already answered" in json.dumps(again.json())
    admin = _client(world.u_admin_opd)
    self_rating = admin.post(f"/api/v1/360/rounds/{f.round.pk}/assignments",
                             {"ratee_id": world.staff1.pk, "rater_id": world.staff1.pk, "relation": "peer"},
                             content_type="application/json")
    assert self_rating.status_code == 422 and "themselves" in json.dumps(self_rating.json())


def test_my_results_page_before_and_after(world, f):
    client = _client(world.u_staff1)
    assert "not-yet" in client.get("/360/results/").content.decode()
    answer_all(world, f, [world.staff2, world.kasi_surv])
    services.close_round(actor=world.u_admin_opd, round_=f.round)
    assert "too-few" in client.get("/360/results/").content.decode()


def test_my_results_page_shows_the_released_aggregate(world, f):
    answer_all(world, f, [world.staff2, world.kasi_surv, world.staff_yankes])
    services.close_round(actor=world.u_admin_opd, round_=f.round)
    page = _client(world.u_staff1).get("/360/results/").content.decode()
    assert 'data-testid="means"' in page and "Kolaboratif" in page and "Sesuai Ekspektasi" in page


def test_the_admin_pages_in_constant_queries(world, f, django_assert_max_num_queries):
    client = _client(world.u_admin_opd)
    client.get("/360/rounds/")
    with django_assert_max_num_queries(14):
        page = client.get("/360/rounds/").content.decode()
    assert f.round.name in page
    with django_assert_max_num_queries(16):
        page = client.get(f"/360/rounds/{f.round.pk}/").content.decode()
    assert world.staff_yankes.name in page
    response = client.post(f"/360/rounds/{f.round.pk}/raters/", {"ratee_nip": world.staff1.nip,
                                                                 "rater_nip": world.staff1.nip, "relation": "peer"})
    assert response.status_code == 302
    messages = [str(m) for m in client.get(f"/360/rounds/{f.round.pk}/").context["messages"]]
    assert any("themselves" in m for m in messages)


def test_the_admin_creates_a_round_on_the_page(world, f):
    client = _client(world.u_admin_opd)
    response = client.post("/360/rounds/new/", {"period": f.period.pk, "unit": world.surv.pk, "opens_on": "2026-12-01",
                                                "closes_on": "2026-11-01"})
    assert response.status_code == 400 and "cannot close before it opens" in response.content.decode()


@pytest.fixture
def cli():
    group = click.Group()
    group.add_command(f360_cli.group)
    return group


def test_the_cli_proposes_and_reports_status(world, cli):
    f = build(world, open_=False)
    Assignment.objects.filter(round=f.round, added_by_admin=False).delete()
    result = CliRunner().invoke(cli, ["360", "propose", "--period", str(f.period.pk)])
    assert result.exit_code == 0, result.output
    assert "raters added" in result.output and Assignment.objects.filter(added_by_admin=False).exists()
    result = CliRunner().invoke(cli, ["360", "status", "--period", str(f.period.pk), "--json"])
    data = json.loads(result.output)
    assert data["rounds"][0]["status"] == "draft" and data["rounds"][0]["invited"] > 0
    assert "rater" not in result.output.replace("raters", "")
    result = CliRunner().invoke(cli, ["360", "propose", "--period", "999999"])
    assert result.exit_code != 0 and "No period" in result.output


def test_the_cli_refuses_a_closed_round(world, cli):
    f = build(world)
    services.close_round(actor=world.u_admin_opd, round_=f.round)
    result = CliRunner().invoke(cli, ["360", "propose", "--period", str(f.period.pk)])
    assert result.exit_code == 1 and "create one first" in result.output


def test_the_command_is_registered():
    from kinerja.cli import _register, cli

    _register()
    assert "360" in cli.commands
