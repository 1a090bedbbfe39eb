"""The home page's SKP card: my SKP, what waits for my approval, the overdue count for HR admins."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kinerja.core.testing import SYSTEM, make_nip
from kinerja.people import services as people
from kinerja.skp.documents.tests.factories import build_skps, iki, rhk, skp
from kinerja.skp.home import current_period, skp_home
from kinerja.skp.models import Period, Skp, SkpStatus

HOME = reverse("home:home")


def _shift(period: Period, *, deadline_in: int) -> Period:
    """Move ``period`` around today: running, its deadline ``deadline_in`` days from today."""
    today = timezone.localdate()
    Period.objects.filter(pk=period.pk).update(start_date=today - timedelta(days=100),
                                               end_date=today + timedelta(days=200),
                                               deadline=today + timedelta(days=deadline_in))
    period.refresh_from_db()
    return period


@pytest.fixture
def skps(world):
    """The documents' test SKPs (JPT and kabid approved, kasi submitted, staff1 draft), deadline passed."""
    data = build_skps(world)
    _shift(data.period, deadline_in=-10)
    return data


def card(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('data-testid="skp-home"')
    return html[start:html.index("</section>", start)]


# --- the employee ------------------------------------------------------------------------------------


def test_my_draft_skp_overdue(skps, world, client_for):
    html = card(client_for(world.u_staff1).get(HOME))
    assert 'data-testid="skp-mine"' in html
    assert 'data-status="draft"' in html
    assert 'data-testid="skp-overdue"' in html and "The deadline passed 10 days ago" in html
    assert reverse("skp:detail", args=[skps.staff.pk]) in html and "Continue my SKP" in html
    assert 'data-testid="skp-team"' not in html and 'data-testid="skp-admin"' not in html
    assert "is-late" in html


def test_my_approved_skp_is_calm(skps, world, client_for):
    html = card(client_for(world.u_kabid_p2p).get(HOME))
    mine = html[html.index('data-testid="skp-mine"'):html.index('data-testid="skp-team"')]
    assert 'data-status="approved"' in mine and "Approved on" in mine
    assert 'data-testid="skp-overdue"' not in mine
    assert reverse("skp_documents:pdf", args=[skps.kabid.pk]) in mine


def test_submitted_skp_names_the_evaluator(skps, world, client_for):
    html = card(client_for(world.u_kasi_surv).get(HOME))
    assert 'data-status="submitted"' in html
    assert f"Waiting for approval by {world.kabid_p2p.full_name}" in html


def test_returned_skp_shows_the_reason(skps, world, client_for):
    Skp.objects.filter(pk=skps.staff.pk).update(status=SkpStatus.RETURNED, return_reason="Target IKI belum terukur")
    html = card(client_for(world.u_staff1).get(HOME))
    assert 'data-status="returned"' in html and "Target IKI belum terukur" in html


def test_without_an_skp_i_can_create_it(skps, world, client_for):
    client = client_for(world.u_staff2)
    html = card(client.get(HOME))
    assert 'data-status="none"' in html
    assert f'action="{reverse("skp:create")}"' in html and f'value="{skps.period.pk}"' in html
    response = client.post(reverse("skp:create"), {"period": skps.period.pk})
    assert response.status_code == 302
    assert Skp.objects.filter(employee=world.staff2, period=skps.period).exists()


@pytest.mark.parametrize("status", [SkpStatus.DRAFT, SkpStatus.SUBMITTED, SkpStatus.RETURNED])
def test_a_revision_after_the_deadline_is_not_overdue(skps, world, client_for, status):
    """Approved in time, reopened months later: not "the deadline passed 300 days ago, not approved yet"."""
    Skp.objects.filter(pk=skps.staff.pk).update(status=status, version=1, approved_at=timezone.now(),
                                                revision_reason="Perubahan tugas")
    html = card(client_for(world.u_staff1).get(HOME))
    assert 'data-testid="skp-overdue"' not in html and "is-late" not in html
    assert "The deadline passed" not in html


def test_deadline_soon_warns_without_alarm(skps, world, client_for):
    _shift(skps.period, deadline_in=5)
    html = card(client_for(world.u_staff1).get(HOME))
    assert 'data-testid="skp-due-soon"' in html and "5 days left" in html
    assert 'data-testid="skp-overdue"' not in html and "is-soon" in html


def test_no_period_yet(world, client_for):
    html = card(client_for(world.u_staff1).get(HOME))
    assert 'data-testid="skp-no-period"' in html and reverse("skp:periods") not in html
    html = card(client_for(world.u_admin_bkpsdm).get(HOME))
    assert reverse("skp:periods") in html  # the BKPSDM admin is sent to open the periods


# --- the evaluating official ----------------------------------------------------------------------------


def test_superior_sees_what_waits_for_approval(skps, world, client_for):
    html = card(client_for(world.u_kabid_p2p).get(HOME))  # Kasi Surveilans submitted
    team = html[html.index('data-testid="skp-team"'):]
    assert 'data-testid="skp-waiting">1<' in team
    assert "0 of 1 approved" in team
    assert f'{reverse("skp:team")}?period={skps.period.pk}&amp;status=waiting' in team
    assert "Review now" in team


def test_superior_with_nothing_waiting(skps, world, client_for):
    html = card(client_for(world.u_kasi_surv).get(HOME))  # staff1 draft, staff2 without an SKP
    team = html[html.index('data-testid="skp-team"'):]
    assert 'data-testid="skp-waiting">0<' in team
    assert "0 of 2 approved" in team and "1 without an SKP" in team
    assert "Review now" not in team


# --- HR admins ------------------------------------------------------------------------------------------


def test_bkpsdm_admin_sees_the_instance_overdue_count(skps, world, client_for):
    html = card(client_for(world.u_admin_bkpsdm).get(HOME))
    admin = html[html.index('data-testid="skp-admin"'):]
    # instance A: everyone but the two approved (kadinkes, kabid P2P); instance B never counts
    assert 'data-testid="skp-overdue-count">7<' in admin
    assert "Overdue SKPs" in admin and "in the whole instance" in admin
    assert f'{reverse("skp:monitoring")}?period={skps.period.pk}"' in admin
    assert 'data-testid="skp-mine"' not in html  # no employee record


def test_opd_admin_counts_only_their_units(skps, world, client_for):
    html = card(client_for(world.u_admin_opd).get(HOME))  # Dinas Kesehatan
    admin = html[html.index('data-testid="skp-admin"'):]
    assert 'data-testid="skp-overdue-count">5<' in admin  # kasi, staff1, staff2, kabid and staff Yankes
    assert "in the units you administer" in admin


def test_before_the_deadline_admins_see_who_still_needs_approval(skps, world, client_for):
    _shift(skps.period, deadline_in=20)
    html = card(client_for(world.u_admin_bkpsdm).get(HOME))
    admin = html[html.index('data-testid="skp-admin"'):]
    assert "Not yet approved" in admin and 'data-testid="skp-overdue-count">7<' in admin
    assert "&amp;preview=1" in admin


@pytest.mark.parametrize("who", ["u_nobody", "u_auditor", "u_pimpinan", "u_monev", "u_root"])
def test_no_card_without_an_employee_team_or_admin_role(skps, world, client_for, who):
    response = client_for(getattr(world, who)).get(HOME)
    assert response.status_code == 200
    assert 'data-testid="skp-home"' not in response.content.decode()


def test_instance_b_sees_only_its_own_period(skps, world, client_for):
    _shift(skps.period_b, deadline_in=-3)
    html = card(client_for(world.u_admin_b).get(HOME))
    assert skps.period_b.name in html
    assert 'data-testid="skp-overdue-count">2<' in html  # Nur Hidayah's draft, her head without one; never A's


# --- constant cost ----------------------------------------------------------------------------------------


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(HOME).status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["u_kasi_surv", "u_admin_bkpsdm", "u_staff1"])
def test_home_query_count_does_not_grow_with_the_team(skps, world, client_for, who):
    client = client_for(getattr(world, who))
    before = _queries(client)
    for n in range(8):  # eight more Pengelola Data under the Kepala Seksi, each with a submitted SKP
        person = people.create_employee(actor=SYSTEM, instance=world.a, nip=make_nip("19900101", "201501", 1, 600 + n),
                                        name=f"Staf Tambahan {n}", position=world.pos_data)
        extra = skp(skps.period, person, world.kasi_surv, world.kabid_p2p, status=SkpStatus.SUBMITTED)
        iki(rhk(extra, "Laporan data"), "Jumlah laporan", aspect="kuantitas", value=12, unit="laporan")
    after = _queries(client)
    assert after == before
    if who == "u_kasi_surv":
        html = card(client.get(HOME))
        assert 'data-testid="skp-waiting">8<' in html


def test_skp_home_costs_at_most_four_queries(skps, world, django_assert_max_num_queries):
    from kinerja.accounts import scope as sc

    user = world.u_kasi_surv
    sc.get_scope(user)  # the scope is computed once per request anyway
    with django_assert_max_num_queries(3):  # period, my SKP, the team's statuses
        home = skp_home(user, world.kasi_surv)
    assert home.team.total == 2 and home.skp.pk == skps.kasi.pk


def test_current_period_prefers_the_running_one(world):
    today = timezone.localdate()
    old = Period.objects.create(instance=world.a, name="Lalu", year=today.year - 1,
                                start_date=today - timedelta(days=400), end_date=today - timedelta(days=40),
                                deadline=today - timedelta(days=370))
    assert current_period(world.a.pk, today) == old  # the only one
    running = Period.objects.create(instance=world.a, name="Kini", year=today.year,
                                    start_date=today - timedelta(days=39), end_date=today + timedelta(days=300),
                                    deadline=today - timedelta(days=5))
    Period.objects.create(instance=world.a, name="Nanti", year=today.year + 1,
                          start_date=today + timedelta(days=301), end_date=today + timedelta(days=600),
                          deadline=today + timedelta(days=330))
    assert current_period(world.a.pk, today) == running
    assert current_period(world.b.pk, today) is None
