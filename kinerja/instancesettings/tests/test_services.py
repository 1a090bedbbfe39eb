"""The settings services the page calls (one per app, all through organization.services.update_instance_settings):
the row is made with the defaults when absent, bad input and a stale page save nothing, each save is audited."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja.audit.models import AuditEvent
from kinerja.core.errors import ConflictError, PermissionDenied, ValidationError
from kinerja.evaluation.models import EvaluationSettings
from kinerja.evaluation.services import settings as evaluation_settings
from kinerja.organization.services import settings_stamp
from kinerja.progress.models import ReportingSettings
from kinerja.progress.services import settings as progress_settings
from kinerja.skp.models import SkpSettings
from kinerja.skp.services import settings as skp_settings


def _events(action):
    return list(AuditEvent.objects.filter(action=action))


def test_creates_the_row_with_defaults_and_records_before_and_after(world):
    assert not EvaluationSettings.objects.filter(instance=world.a).exists()
    row = evaluation_settings.update_settings(actor=world.u_admin_bkpsdm, instance=world.a,
                                              values={"appeal_days": 21, "credit_coefficients": {"ahli_muda": 25}},
                                              seen="")
    row.refresh_from_db()
    assert row.instance_id == world.a.pk and row.appeal_days == 21 and row.min_360_responses == 3
    assert row.credit_coefficients == {"ahli_muda": "25"}
    [event] = _events("evaluation.settings.update")
    assert event.instance_id == world.a.pk and event.actor_id == world.u_admin_bkpsdm.pk
    assert event.before["appeal_days"] == 14 and event.after["appeal_days"] == 21
    assert ("appeal_days", 14, 21) in event.changed_fields()


def test_thresholds_not_strictly_descending_save_nothing(world):
    with pytest.raises(ValidationError) as exc:
        evaluation_settings.update_settings(actor=world.u_admin_bkpsdm, instance=world.a, values={
            "org_istimewa_from": Decimal(110), "org_baik_from": Decimal(90), "org_butuh_perbaikan_from": Decimal(95)})
    assert "org_butuh_perbaikan_from" in exc.value.error_dict
    assert not EvaluationSettings.objects.filter(instance=world.a).exists()  # the row made first is gone too
    assert not _events("evaluation.settings.update")


@pytest.mark.parametrize("coefficients", [{"ahli_muda": "dua puluh"}, {"ahli_muda": True}, {"no_level": 1},
                                          {"ahli_muda": -1}, ["ahli_muda"]])
def test_a_bad_coefficient_saves_nothing(world, coefficients):
    with pytest.raises(ValidationError) as exc:
        evaluation_settings.update_settings(actor=world.u_admin_bkpsdm, instance=world.a,
                                            values={"credit_coefficients": coefficients})
    assert list(exc.value.error_dict) == ["credit_coefficients"]
    assert not EvaluationSettings.objects.filter(instance=world.a).exists()


def test_skp_and_reporting_bounds(world):
    with pytest.raises(ValidationError) as exc:
        skp_settings.update_settings(actor=world.u_admin_bkpsdm, instance=world.a,
                                     values={"deadline_day": 32, "deadline_months_after_start": 12})
    assert set(exc.value.error_dict) == {"deadline_day", "deadline_months_after_start"}
    with pytest.raises(ValidationError) as exc:
        progress_settings.update_settings(actor=world.u_admin_bkpsdm, instance=world.a,
                                          values={"achievement_cap": Decimal(99)})
    assert list(exc.value.error_dict) == ["achievement_cap"]
    assert not SkpSettings.objects.filter(instance=world.a).exists()
    assert not ReportingSettings.objects.filter(instance=world.a).exists()
    row = progress_settings.update_settings(actor=world.u_admin_bkpsdm, instance=world.a,
                                            values={"count_unreviewed": True})
    assert ReportingSettings.objects.get(instance=world.a).count_unreviewed and row.deadline_day == 5


def test_unknown_or_fixed_fields_are_refused(world):
    for values in ({"instance": world.b}, {"nonsense": 1}, {"updated_at": None}):
        with pytest.raises(ValidationError):
            skp_settings.update_settings(actor=world.u_admin_bkpsdm, instance=world.a, values=values)
    assert not SkpSettings.objects.exists()


@pytest.mark.parametrize("user", ["u_auditor", "u_pimpinan", "u_admin_opd", "u_staff1", "u_admin_b"])
def test_only_the_instance_administrator_saves(world, user):
    with pytest.raises(PermissionDenied):
        skp_settings.update_settings(actor=getattr(world, user), instance=world.a, values={"deadline_day": 10})
    assert not SkpSettings.objects.exists() and not _events("skp.settings.update")


def test_a_save_after_someone_else_saved_is_refused(world):
    row = skp_settings.update_settings(actor=world.u_admin_bkpsdm, instance=world.a, values={"deadline_day": 20})
    opened = settings_stamp(row)
    skp_settings.update_settings(actor=world.u_root, instance=world.a, values={"deadline_day": 25}, seen=opened)
    with pytest.raises(ConflictError):
        skp_settings.update_settings(actor=world.u_admin_bkpsdm, instance=world.a, values={"deadline_day": 10},
                                     seen=opened)
    with pytest.raises(ConflictError):  # the page was opened before the row existed
        skp_settings.update_settings(actor=world.u_admin_bkpsdm, instance=world.a, values={"deadline_day": 10},
                                     seen="")
    assert SkpSettings.objects.get(instance=world.a).deadline_day == 25
    assert len(_events("skp.settings.update")) == 2
