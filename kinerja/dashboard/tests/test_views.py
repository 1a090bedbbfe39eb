"""The organisation dashboard: what each role sees, the drill-down, the htmx board, query counts."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_board_shows_each_iku_and_pk_indicator_with_its_trend(world, cascade, django_assert_max_num_queries):
    c = client(world.u_pimpinan)
    c.get(reverse("dashboard:index"))  # warm-up: the session's first request writes it
    with django_assert_max_num_queries(16):
        response = c.get(reverse("dashboard:index"))
    assert response.status_code == 200
    board = response.context["board"]
    iku = next(i for i in board["ikus"] if i.pk == cascade.rhk_head.pk_indicator.iku_id)
    assert iku.achievement == 90.0 and iku.risk == ""
    assert [pk.pk for pk in iku.children] == [cascade.rhk_head.pk_indicator_id]
    trend = json.loads(board["trend"])
    assert trend["labels"][0] == "2026-01" and len(trend["labels"]) == 7
    html = response.content.decode()
    assert "Angka keberhasilan pengobatan TBC" in html and 'data-chart-kind="line"' in html
    assert 'hx-trigger="every 60s"' in html
    assert "vendor/chart.js/chart.umd.min.js" in html


def test_the_board_refreshes_alone(world, cascade):
    response = client(world.u_kadinkes).get(reverse("dashboard:board"))
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "Angka keberhasilan pengobatan TBC" in response.content.decode()


def test_a_unit_head_sees_only_their_units(world, cascade):
    response = client(world.u_kadisdik).get(reverse("dashboard:index"))
    assert response.status_code == 200
    assert "Angka keberhasilan pengobatan TBC" not in response.content.decode()
    assert client(world.u_kadisdik).get(reverse("dashboard:indicator", args=[cascade.rhk_head.pk_indicator_id])
                                        ).status_code == 404


@pytest.mark.parametrize("user", ["u_staff1", "u_nobody", "u_admin_b"])
def test_without_the_dashboard_or_out_of_scope_is_404(world, cascade, user):
    c = client(getattr(world, user))
    if user != "u_admin_b":
        assert c.get(reverse("dashboard:index")).status_code == 404
    assert c.get(reverse("dashboard:indicator", args=[cascade.rhk_head.pk_indicator_id])).status_code == 404
    assert c.get(reverse("dashboard:rhk", args=[cascade.rhk_kabid.pk])).status_code == 404


def test_drill_down_to_the_people_behind_the_number(world, cascade, django_assert_max_num_queries):
    c = client(world.u_kadinkes)
    c.get(reverse("dashboard:index"))
    with django_assert_max_num_queries(16):
        response = c.get(reverse("dashboard:indicator", args=[cascade.rhk_head.pk_indicator_id]))
    assert response.status_code == 200
    assert response.context["carriers"][0][1].achievement == 90.0
    assert reverse("dashboard:rhk", args=[cascade.rhk_head.pk]) in response.content.decode()
    with django_assert_max_num_queries(16):
        response = c.get(reverse("dashboard:rhk", args=[cascade.rhk_kabid.pk]))
    assert response.status_code == 200
    child, standing, person, visible = response.context["children"][0]
    assert child == cascade.rhk_staff and standing.achievement == 90.0 and person.achievement == 90
    assert visible and reverse("skp:detail", args=[cascade.skp_staff.pk]) in response.content.decode()
    assert "Andi Pratama" in response.content.decode()


def test_the_early_warning_lists_who_is_at_risk_and_why(world, cascade):
    from kinerja.progress.achievement import refresh_for_ikis
    from kinerja.progress.tests.achievement_world import TODAY, report

    for month in range(1, 7):
        report(cascade.count, month, 1)
    refresh_for_ikis([cascade.count.pk], today=TODAY)
    response = client(world.u_kasi_surv).get(reverse("dashboard:index"))
    assert response.status_code == 200
    warnings = response.context["board"]["warnings"]
    assert [row.iki_id for row in warnings["ikis"]] == [cascade.count.pk]
    # the reason in the page's language (stored as a code: progress/achievement/reasons.py)
    assert "projected 10% &lt; 80%: realisation 6 of the target 120 laporan after 6 months" in response.content.decode()
    indonesian = client(world.u_kasi_surv)
    indonesian.cookies["django_language"] = "id"
    page = indonesian.get(reverse("dashboard:index")).content.decode()
    assert "proyeksi 10% &lt; 80%: realisasi 6 dari target 120 laporan setelah 6 bulan" in page


def test_the_menu_entry(world):
    from kinerja.dashboard.permissions import can_view_dashboard

    assert can_view_dashboard(world.u_pimpinan) and can_view_dashboard(world.u_auditor)
    assert can_view_dashboard(world.u_admin_bkpsdm) and can_view_dashboard(world.u_kasi_surv)
    assert not can_view_dashboard(world.u_staff1) and not can_view_dashboard(world.u_nobody)
