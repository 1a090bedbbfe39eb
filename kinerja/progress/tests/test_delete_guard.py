"""An IKI with progress reports is not deleted from its SKP during a revision (the cascade would delete the
employee's reports): the skp editor asks progress's delete guard (progress/apps.py, progress/reportable.py)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from kinerja.progress.models import Report
from kinerja.skp import services as skp_services
from kinerja.skp.models import Iki, Rhk

pytestmark = pytest.mark.django_db


def _revising(w, k):
    Report.objects.create(instance=w.a, skp=k.skp, iki=k.iki, employee=w.staff1, unit_id=k.skp.unit_id,
                          period_start=date(2026, 3, 1), period_end=date(2026, 3, 31), value=3, status="submitted")
    return skp_services.start_revision(actor=w.u_staff1, skp=k.skp, lock_version=k.skp.lock_version,
                                       reason="Target triwulan berubah")


def test_an_indicator_with_reports_is_not_deleted_and_keeps_its_reports(world, k):
    skp = _revising(world, k)
    with pytest.raises(ValidationError) as err:
        skp_services.delete_iki(actor=world.u_staff1, iki=k.iki, lock_version=skp.lock_version)
    assert err.value.error_dict["iki"][0].code == "has_work"
    assert "1" in err.value.messages[0]
    with pytest.raises(ValidationError):
        skp_services.delete_rhk(actor=world.u_staff1, rhk=k.rhk, lock_version=skp.lock_version)
    assert Iki.objects.filter(pk=k.iki.pk).exists() and Rhk.objects.filter(pk=k.rhk.pk).exists()
    assert Report.objects.filter(iki=k.iki).count() == 1


def test_an_indicator_without_reports_is_still_deleted(world, k):
    skp = _revising(world, k)
    skp_services.delete_iki(actor=world.u_staff1, iki=k.iki_text, lock_version=skp.lock_version)
    assert not Iki.objects.filter(pk=k.iki_text.pk).exists()
