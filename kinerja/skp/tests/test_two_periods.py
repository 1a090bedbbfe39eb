"""Two periods: what is true of one period must not leak into another (issue 7, item 1).

Django's ``exclude(skps__period=p, skps__status=approved)`` across the multi-valued ``skps`` relation
excludes an employee who has *an* SKP in ``p`` and *an* approved SKP in any period: from the second
year on, everyone approved last year vanished from the overdue list. Every consumer of the list is
checked here with last year's approved SKP and this year's draft.
"""

from __future__ import annotations

import json
from datetime import date

import click
import pytest
from click.testing import CliRunner
from django.urls import reverse

from kinerja.skp import cli as skp_cli
from kinerja.skp import queries, services
from kinerja.skp.home import _admin

from .conftest import approved_skp

AFTER = date(2026, 2, 1)


@pytest.fixture
def last_year(world):
    from kinerja.skp.models import Period

    return Period.objects.create(instance=world.a, name="2025", year=2025, start_date=date(2025, 1, 1),
                                 end_date=date(2025, 12, 31), deadline=date(2025, 1, 31))


@pytest.fixture
def two_years(world, last_year, period):
    """Andi: approved in 2025, a draft in 2026. Dewi: approved in 2025, nothing in 2026."""
    approved_skp(world, last_year, world.staff1, world.u_staff1, world.u_kasi_surv)
    approved_skp(world, last_year, world.staff2, world.u_staff2, world.u_kasi_surv)
    draft = services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)
    return draft


def test_overdue_query_ignores_other_periods(world, period, last_year, two_years):
    rows = {r.name: (r.skp_status, r.skp_id) for r in queries.overdue(world.a, period, day=AFTER)}
    assert rows["Andi Pratama"] == ("draft", two_years.pk)
    assert rows["Dewi Lestari"] == (None, None)
    assert len(rows) == 9  # nobody of instance A is approved for 2026
    # and last year's list stays right: both approved there
    old = {r.name for r in queries.overdue(world.a, last_year, day=date(2025, 2, 1))}
    assert "Andi Pratama" not in old and "Dewi Lestari" not in old and len(old) == 7


def test_overdue_after_approval_this_year(world, period, last_year, two_years):
    """Maya: a draft last year, approved this year: on last year's list, off this year's."""
    services.create_skp(actor=world.u_staff_yankes, employee=world.staff_yankes, period=last_year)
    approved_skp(world, period, world.staff_yankes, world.u_staff_yankes, world.u_kabid_yankes)
    assert "Maya Sari" not in {r.name for r in queries.overdue(world.a, period, day=AFTER)}
    old = {r.name: r.skp_status for r in queries.overdue(world.a, last_year, day=date(2025, 2, 1))}
    assert old["Maya Sari"] == "draft"


def test_overdue_monitoring_page(world, period, two_years, client_for, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: AFTER)
    html = client_for(world.u_admin_bkpsdm).get(reverse("skp:monitoring"), {"period": period.pk}).content.decode()
    assert "Andi Pratama" in html and "Dewi Lestari" in html


def test_overdue_home_card_count(world, period, two_years):
    assert _admin(world.u_admin_bkpsdm, period, AFTER).count == 9


def test_overdue_api(world, period, two_years, client_for, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: AFTER)
    response = client_for(world.u_admin_bkpsdm).get("/api/v1/skp/overdue", {"period": period.pk})
    assert response.status_code == 200, response.content
    names = {row["name"] for row in json.loads(response.content)["items"]}
    assert {"Andi Pratama", "Dewi Lestari"} <= names


def test_overdue_cli(world, period, two_years, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: AFTER)
    group = click.Group()
    group.add_command(skp_cli.skp_group)
    result = CliRunner().invoke(group, ["skp", "overdue", "--instance", "alpha", "--period", str(period.pk)])
    assert result.exit_code == 0, result.output
    assert "Andi Pratama" in result.output and "Dewi Lestari" in result.output


# --- the siblings: every other read across the multi-valued ``skps`` relation --------------------------


def test_alignment_report_employees_without_approved(world, period, last_year, two_years):
    from kinerja.alignment.report import build_report

    this_year = build_report(world.a.pk, period, world.surv)
    assert {r["name"] for r in this_year.without_approved} >= {"Andi Pratama", "Dewi Lestari"}
    assert this_year.approved_total == 0
    before = build_report(world.a.pk, last_year, world.surv)
    assert before.approved_total == 2 and before.employee_total == 3
    assert {r["name"] for r in before.without_approved} == {"Rina Wulandari"}


def test_alignment_map_search_shows_this_periods_skp(world, period, last_year, two_years, client_for):
    client = client_for(world.u_admin_bkpsdm)
    for p, expected in ((period, (two_years.pk, "draft")), (last_year, None)):
        response = client.get(reverse("alignment:search"), {"q": "Pratama", "period": p.pk})
        rows = response.context["rows"]
        assert len(rows) == 1  # one row per employee, whatever their other periods hold
        if expected is None:
            assert rows[0]["period_skp__status"] == "approved"
        else:
            assert (rows[0]["period_skp__id"], rows[0]["period_skp__status"]) == expected


def test_period_list_counts_per_period(world, period, last_year, two_years, client_for):
    response = client_for(world.u_admin_bkpsdm).get(reverse("skp:periods"))
    rows = {row.name: (row.skp_total, row.skp_approved) for row in response.context["rows"]}
    assert rows == {"2026": (1, 0), "2025": (2, 2)}


def test_team_members_and_home_team_card_per_period(world, period, last_year, two_years):
    from kinerja.skp.home import _team

    members = {e.name: e.skp_status for e in queries.team_members(world.u_kasi_surv, period)}
    assert members == {"Andi Pratama": "draft", "Dewi Lestari": None}
    card = _team(world.u_kasi_surv, period)
    assert (card.approved, card.in_progress, card.without) == (0, 1, 1)
    assert _team(world.u_kasi_surv, last_year).approved == 2
