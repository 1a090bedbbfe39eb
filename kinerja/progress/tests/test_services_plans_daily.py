"""Action plans and the daily log (with drafting a report from it)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.progress import services
from kinerja.progress.models import ActionPlan, DailyLog, ReportStatus
from kinerja.skp.models import Period


def codes(exc) -> dict:
    return {field: [e.code for e in errors] for field, errors in exc.value.error_dict.items()}


def test_action_plan_create_update_delete(world, k):
    plan = services.save_action_plan(actor=world.u_staff1, iki=k.iki, quarter=2, text="Rekap", target="6")
    same = services.save_action_plan(actor=world.u_staff1, iki=k.iki, quarter="2", text="Rekap triwulan", target="6")
    assert same.pk == plan.pk and same.text == "Rekap triwulan" and same.target == Decimal("6")
    services.delete_action_plan(actor=world.u_staff1, plan=same)
    assert not ActionPlan.objects.exists()


def test_a_plan_target_rolls_the_iki_up_again(world, k):
    """The plan's target is the IKI's expected-by-now: setting, changing or removing it recomputes every period."""
    from kinerja.progress.achievement import rebuild
    from kinerja.progress.models import IkiAchievement

    if k.iki.target_value is None:
        pytest.skip("the fixture IKI has no number target")
    rebuild(instance_id=world.a.pk, notify_risks=False)

    def expected():
        return list(IkiAchievement.objects.filter(iki=k.iki).order_by("period_start")
                    .values_list("expected", flat=True))

    without = expected()
    assert without, "the IKI has rows"
    plan = services.save_action_plan(actor=world.u_staff1, iki=k.iki, quarter=1, text="Awal", target="0")
    with_plan = expected()
    assert with_plan != without  # nothing planned by the end of March: expected 0 there
    same = services.save_action_plan(actor=world.u_staff1, iki=k.iki, quarter=1, text="Awal", target=str(
        k.iki.target_value))
    assert expected() not in (with_plan, without)
    services.delete_action_plan(actor=world.u_staff1, plan=same)
    assert expected() == without and plan.pk == same.pk


@pytest.mark.parametrize(("quarter", "text", "target", "field"), [
    (0, "x", None, "quarter"), (5, "x", None, "quarter"), ("dua", "x", None, "quarter"),
    (1, "  ", None, "text"), (1, "x", "banyak", "target"), (1, "x", "NaN", "target"),
])
def test_action_plan_bad_input(world, k, quarter, text, target, field):
    with pytest.raises(ValidationError) as exc:
        services.save_action_plan(actor=world.u_staff1, iki=k.iki, quarter=quarter, text=text, target=target)
    assert list(codes(exc)) == [field]


def test_action_plan_owner_and_open_period_only(world, k):
    with pytest.raises(PermissionDenied):
        services.save_action_plan(actor=world.u_kasi_surv, iki=k.iki, quarter=1, text="x")
    Period.objects.filter(pk=k.period.pk).update(is_closed=True)
    with pytest.raises(ValidationError) as exc:
        services.save_action_plan(actor=world.u_staff1, iki=k.iki, quarter=1, text="x")
    assert codes(exc) == {"period": ["closed"]}


def test_daily_log_and_draft(world, k):
    services.log_day(actor=world.u_staff1, rhk=k.rhk, date=date(2026, 3, 2), text="Rekap minggu 1", quantity="2",
                     iki=k.iki)
    services.log_day(actor=world.u_staff1, rhk=k.rhk, date="2026-03-09", text="Rekap minggu 2", quantity="1,5",
                     iki=k.iki)
    services.log_day(actor=world.u_staff1, rhk=k.rhk, date=date(2026, 3, 10), text="Rapat koordinasi")
    services.log_day(actor=world.u_staff1, rhk=k.rhk, date=date(2026, 3, 11), text="Kualitas", quantity="9",
                     iki=k.iki_text)  # another IKI: neither summed nor in the notes
    services.log_day(actor=world.u_staff1, rhk=k.rhk, date=date(2026, 4, 1), text="April", quantity="7", iki=k.iki)
    report = services.draft_from_log(actor=world.u_staff1, iki=k.iki, period_start=date(2026, 3, 1))
    assert report.value == Decimal("3.5") and report.status == ReportStatus.DRAFT
    assert report.notes.splitlines() == ["03/02/2026: Rekap minggu 1", "03/09/2026: Rekap minggu 2",
                                         "03/10/2026: Rapat koordinasi"]
    again = services.draft_from_log(actor=world.u_staff1, iki=k.iki, period_start=date(2026, 3, 1))
    assert again.pk == report.pk and again.lock_version == report.lock_version  # unchanged: nothing written
    services.submit_report(actor=world.u_staff1, report=again, lock_version=again.lock_version)
    with pytest.raises(ValidationError) as exc:
        services.draft_from_log(actor=world.u_staff1, iki=k.iki, period_start=date(2026, 3, 1))
    assert codes(exc) == {"status": ["not_editable"]}
    with pytest.raises(ValidationError) as exc:
        services.draft_from_log(actor=world.u_staff1, iki=k.iki, period_start=date(2026, 2, 1))
    assert codes(exc) == {"period_start": ["empty_log"]}


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"date": date(2099, 1, 1)}, "date"), ({"date": date(2025, 12, 31)}, "date"), ({"date": "kemarin"}, "date"),
    ({"text": ""}, "text"), ({"quantity": "lima"}, "quantity"), ({"quantity": "inf"}, "quantity"),
])
def test_daily_log_bad_input(world, k, kwargs, field):
    data = {"date": date(2026, 3, 2), "text": "Rekap", **kwargs}
    with pytest.raises(ValidationError) as exc:
        services.log_day(actor=world.u_staff1, rhk=k.rhk, **data)
    assert list(codes(exc)) == [field]
    assert not DailyLog.objects.exists()


def test_daily_log_iki_of_another_rhk_and_other_people(world, k):
    with pytest.raises(ValidationError) as exc:
        services.log_day(actor=world.u_staff1, rhk=k.rhk, date=date(2026, 3, 2), text="x", iki=k.draft_iki)
    assert codes(exc) == {"iki": ["does_not_exist"]}
    with pytest.raises(PermissionDenied):
        services.log_day(actor=world.u_staff2, rhk=k.rhk, date=date(2026, 3, 2), text="x")
    with pytest.raises(ValidationError) as exc:  # staff2's own SKP is not approved
        services.log_day(actor=world.u_staff2, rhk=k.draft_rhk, date=date(2026, 3, 2), text="x")
    assert codes(exc) == {"skp": ["skp_not_approved"]}


def test_update_and_delete_entry(world, k):
    entry = services.log_day(actor=world.u_staff1, rhk=k.rhk, date=date(2026, 3, 2), text="Rekap")
    entry = services.update_entry(actor=world.u_staff1, entry=entry, quantity="3", iki=k.iki, date="2026-03-03")
    assert (entry.quantity, entry.iki_id, entry.date) == (Decimal("3"), k.iki.pk, date(2026, 3, 3))
    with pytest.raises(PermissionDenied):
        services.update_entry(actor=world.u_kasi_surv, entry=entry, text="x")
    with pytest.raises(PermissionDenied):
        services.delete_entry(actor=world.u_kasi_surv, entry=entry)
    services.delete_entry(actor=world.u_staff1, entry=entry)
    assert not DailyLog.objects.exists()
