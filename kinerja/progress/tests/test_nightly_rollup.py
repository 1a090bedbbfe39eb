"""The nightly roll-up (progress/tasks.py: advance_achievement): what a passing deadline changes, without any new
report, on the small cascade of achievement_world (staff1 reported January–June, accepted; July's report is due on
5 August)."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from django.urls import reverse

from kinerja.notifications.models import Notification
from kinerja.planning.testing import build_plan
from kinerja.progress.achievement import services as achievement
from kinerja.progress.models import IkiAchievement
from kinerja.progress.tasks import advance_achievement, instances_to_advance
from kinerja.progress.tests.achievement_world import MONTHS, build, report
from kinerja.skp.models import Iki, Period, Rhk, Skp, SkpStatus

JULY, AUGUST = MONTHS[6][0], MONTHS[7][0]
DUE = "2026-08-05"  # July's report is due today: not overdue yet
PAST_DUE = "2026-08-06"


@pytest.fixture
def cascade(world):
    c = build(world, build_plan(world))
    # on course at 8.2 a month (98.4 of 120 projected, 82 %) while every month counts; a month unreported pulls
    # the projection below 80 % once its report is overdue
    c.behind = Iki.objects.create(instance=world.a, rhk=c.rhk_staff, text="Laporan kasus", target_value=120,
                                  measure_unit="laporan")
    for month in range(1, 7):
        report(c.behind, month, 8.2)
    return c


def risks(iki) -> dict[date, str]:
    return dict(IkiAchievement.objects.filter(iki=iki, period_start__gte=JULY).values_list("period_start", "risk"))


def at_risk_notes():
    return Notification.objects.filter(kind="at_risk")


def test_a_missed_deadline_turns_a_reported_iki_to_no_data_overnight(world, cascade, client):
    advance_achievement.call(DUE)
    assert risks(cascade.count) == {JULY: "", AUGUST: ""}
    result = advance_achievement.call(PAST_DUE)
    assert result["day"] == PAST_DUE and result["failed"] == {}
    assert risks(cascade.count) == {JULY: "no_data", AUGUST: "no_data"}
    assert IkiAchievement.objects.get(iki=cascade.count, period_start=AUGUST).reason == "no_data|1|monthly"
    # "no report yet" is recorded, but only a projection below the threshold notifies (services._notify_new_risks)
    assert not at_risk_notes().filter(title__contains=cascade.count.text).exists()
    # the unit head sees it in the drill-down of the employee's RHK on the dashboard
    client.force_login(world.u_kasi_surv)
    page = client.get(reverse("dashboard:rhk", args=[cascade.rhk_staff.pk]))
    own = {row.iki_id: row for row in page.context["own"]}
    assert own[cascade.count.pk].risk == "no_data" and "No report yet" in page.content.decode()


def test_a_projection_pulled_down_by_a_missed_deadline_warns_the_superior_once(world, cascade, client):
    first = advance_achievement.call(DUE)
    assert risks(cascade.behind) == {JULY: "", AUGUST: ""}
    assert first["instances"][str(world.a.pk)]["notified"] == 0 and not at_risk_notes().exists()

    result = advance_achievement.call(PAST_DUE)
    row = IkiAchievement.objects.get(iki=cascade.behind, period_start=AUGUST)
    assert row.risk == "at_risk" and row.reason.startswith("projected|")
    done = result["instances"][str(world.a.pk)]
    assert done["notified"] == 1 and done["rows"] > 0 and done["seconds"] >= 0
    # the SKP's evaluator, who also heads the seksi (the unit head); not the employee
    note = at_risk_notes().get()
    assert note.recipient_id == world.u_kasi_surv.pk and "Laporan kasus" in note.title
    client.force_login(world.u_kasi_surv)  # and on the dashboard's early-warning list
    warnings = client.get(reverse("dashboard:index")).context["board"]["warnings"]
    assert [row.iki_id for row in warnings["ikis"]] == [cascade.behind.pk]

    # a second run the same day (a catch-up, a second scheduler) tells nobody again
    again = advance_achievement.call(PAST_DUE)
    assert again["instances"][str(world.a.pk)]["notified"] == 0 and at_risk_notes().count() == 1


def test_only_active_instances_with_approved_skps_are_advanced(world, cascade):
    assert instances_to_advance() == [world.a.pk]  # Kota Beta has no SKP
    result = advance_achievement.call(PAST_DUE)
    assert set(result["instances"]) == {str(world.a.pk)}
    type(world.a).objects.filter(pk=world.a.pk).update(is_active=False)
    assert instances_to_advance() == [] and advance_achievement.call(PAST_DUE)["instances"] == {}


def test_an_instance_that_fails_does_not_stop_the_next(world, cascade, monkeypatch, caplog):
    period_b = Period.objects.create(instance=world.b, name="2026", year=2026, start_date=date(2026, 1, 1),
                                     end_date=date(2026, 12, 31), deadline=date(2026, 1, 31))
    skp_b = Skp.objects.create(instance=world.b, period=period_b, employee=world.staff_b, position=world.pos_staff_b,
                               unit=world.dinkes_b, evaluator=world.kadinkes_b, status=SkpStatus.APPROVED, version=1)
    rhk_b = Rhk.objects.create(instance=world.b, skp=skp_b, text="Tersedianya arsip")
    iki_b = Iki.objects.create(instance=world.b, rhk=rhk_b, text="Arsip tertata", target_value=12,
                               measure_unit="berkas")
    real = achievement.advance

    def advance(*, instance_id, **kwargs):
        if instance_id == world.a.pk:
            raise RuntimeError("disk full")
        return real(instance_id=instance_id, **kwargs)

    monkeypatch.setattr(achievement, "advance", advance)
    with caplog.at_level(logging.ERROR, logger="kinerja.progress.tasks"):
        result = advance_achievement.call(PAST_DUE)
    assert result["failed"] == {str(world.a.pk): "RuntimeError: disk full"}
    assert set(result["instances"]) == {str(world.b.pk)}
    assert IkiAchievement.objects.filter(iki=iki_b).exists()
    assert not IkiAchievement.objects.filter(instance=world.a).exists()
    assert f"instance {world.a.pk}" in caplog.text and "disk full" in caplog.text
