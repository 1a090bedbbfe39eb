"""SKP services: the happy paths, every bad input of issue 3, the workflow and concurrency."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from kinerja.audit.models import AuditEvent
from kinerja.core.errors import ConflictError as CoreConflictError
from kinerja.core.errors import PermissionDenied, ValidationError
from kinerja.core.testing import SYSTEM
from kinerja.people import services as people
from kinerja.people.models import AssignmentKind
from kinerja.planning.models import PerformanceAgreement, PkIndicator
from kinerja.skp import services
from kinerja.skp.models import (
    Appendix,
    BehaviourExpectation,
    Iki,
    Period,
    Rhk,
    Skp,
    SkpKind,
    SkpSettings,
    SkpStatus,
    SkpTemplate,
    SkpVersion,
)

from .conftest import approved_skp, fill


def codes(exc: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in exc.error_dict.items()}


def fresh(skp: Skp) -> Skp:
    return Skp.objects.select_related("period", "position", "employee").get(pk=skp.pk)


@pytest.fixture
def kasi_skp(world, period):
    return services.create_skp(actor=world.u_kasi_surv, employee=world.kasi_surv, period=period)


@pytest.fixture
def staff_skp(world, period):
    return services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)


# --- periods ------------------------------------------------------------------------------------


def test_ensure_period_creates_the_year_with_the_january_deadline(world):
    period = services.ensure_period(actor=world.u_admin_bkpsdm, instance=world.a, year=2027)
    assert (period.start_date, period.end_date, period.deadline) == (date(2027, 1, 1), date(2027, 12, 31),
                                                                     date(2027, 1, 31))
    assert period.kind == "annual" and period.name == "2027" and period.instance == world.a
    again = services.ensure_period(actor=world.u_admin_bkpsdm, instance=world.a, year=2027)
    assert again.pk == period.pk and Period.objects.filter(instance=world.a).count() == 1


def test_ensure_period_follows_the_instance_setting(world):
    SkpSettings.objects.create(instance=world.a, period_kind="semester", deadline_months_after_start=1,
                               deadline_day=15)
    second = services.ensure_period(actor=world.u_admin_bkpsdm, instance=world.a, year=2027, index=1)
    assert (second.start_date, second.end_date, second.deadline) == (date(2027, 7, 1), date(2027, 12, 31),
                                                                     date(2027, 8, 15))
    assert Period.objects.filter(instance=world.a, year=2027, kind="semester").count() == 2
    with pytest.raises(ValidationError) as exc:
        services.ensure_period(actor=world.u_admin_bkpsdm, instance=world.a, year=2027, index=2)
    assert codes(exc.value) == {"index": ["range"]}


@pytest.mark.parametrize("year", ["dua ribu", 1999, None])
def test_ensure_period_refuses_a_bad_year(world, year):
    with pytest.raises(ValidationError) as exc:
        services.ensure_period(actor=world.u_admin_bkpsdm, instance=world.a, year=year)
    assert "year" in exc.value.error_dict
    assert not Period.objects.exists()


@pytest.mark.parametrize("user", ["u_staff1", "u_admin_opd", "u_admin_b", "u_kadinkes"])
def test_only_the_instance_admin_manages_periods(world, user, period):
    with pytest.raises(PermissionDenied):
        services.ensure_period(actor=getattr(world, user), instance=world.a, year=2027)
    with pytest.raises(PermissionDenied):
        services.set_period_closed(actor=getattr(world, user), period=period)


def test_close_and_reopen_a_period(world, period):
    services.set_period_closed(actor=world.u_admin_bkpsdm, period=period, closed=True)
    assert Period.objects.get(pk=period.pk).is_closed
    services.set_period_closed(actor=world.u_admin_bkpsdm, period=period, closed=False)
    assert not Period.objects.get(pk=period.pk).is_closed


# --- creating an SKP ----------------------------------------------------------------------------


def test_employee_starts_their_skp_with_the_header_from_the_tree(world, period):
    skp = services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)
    assert skp.kind == SkpKind.STANDARD and skp.status == SkpStatus.DRAFT and skp.version == 0
    assert (skp.position, skp.unit) == (world.pos_data, world.surv)
    assert (skp.evaluator, skp.evaluator_position, skp.evaluator_acting) == (world.kasi_surv, world.pos_kasi_surv, "")
    assert (skp.evaluator_superior, skp.evaluator_superior_position) == (world.kabid_p2p, world.pos_kabid_p2p)
    assert not skp.set_by_admin
    assert sorted(BehaviourExpectation.objects.filter(skp=skp).values_list("value", flat=True)) == sorted(
        ["berorientasi_pelayanan", "akuntabel", "kompeten", "harmonis", "loyal", "adaptif", "kolaboratif"])
    event = AuditEvent.objects.get(action="skp.skp.create")
    assert event.actor == world.u_staff1 and event.object_id == str(skp.pk)


def test_a_jpt_gets_the_perspective_kind(world, period):
    skp = services.create_skp(actor=world.u_kadinkes, employee=world.kadinkes, period=period)
    assert skp.kind == SkpKind.JPT and skp.evaluator is None


def test_evaluator_starts_a_subordinates_skp(world, period):
    skp = services.create_skp(actor=world.u_kasi_surv, employee=world.staff2, period=period)
    assert skp.employee == world.staff2 and not skp.set_by_admin


def test_hr_admin_sets_an_skp_for_someone_who_has_none(world, period):
    skp = services.create_skp(actor=world.u_admin_bkpsdm, employee=world.staff_disdik, period=period)
    assert skp.set_by_admin
    fill(skp, world.u_admin_bkpsdm)
    services.submit(actor=world.u_admin_bkpsdm, skp=skp, lock_version=skp.lock_version)
    assert fresh(skp).status == SkpStatus.SUBMITTED
    # the evaluator (Kepala Dinas Pendidikan) approves it as usual
    services.approve(actor=world.u_kadisdik, skp=skp, lock_version=skp.lock_version)
    assert fresh(skp).status == SkpStatus.APPROVED


@pytest.mark.parametrize("user", ["u_staff2", "u_staff_yankes", "u_monev", "u_admin_b", "u_kadinkes_b"])
def test_others_cannot_start_someones_skp(world, period, user):
    with pytest.raises(PermissionDenied):
        services.create_skp(actor=getattr(world, user), employee=world.staff1, period=period)
    assert not Skp.objects.exists()


def test_create_refuses_duplicate_closed_period_and_no_position(world, period, staff_skp):
    with pytest.raises(ValidationError) as exc:
        services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)
    assert codes(exc.value) == {"period": ["duplicate"]}
    closed = Period.objects.create(instance=world.a, name="2025", year=2025, start_date=date(2025, 1, 1),
                                   end_date=date(2025, 12, 31), deadline=date(2025, 1, 31), is_closed=True)
    with pytest.raises(ValidationError) as exc:
        services.create_skp(actor=world.u_staff2, employee=world.staff2, period=closed)
    assert codes(exc.value) == {"period": ["closed"]}
    world.staff2.position = None
    with pytest.raises(ValidationError) as exc:
        services.create_skp(actor=world.u_admin_bkpsdm, employee=world.staff2, period=period)
    assert codes(exc.value) == {"employee": ["no_position"]}
    other = Period.objects.create(instance=world.b, name="2026", year=2026, start_date=date(2026, 1, 1),
                                  end_date=date(2026, 12, 31), deadline=date(2026, 1, 31))
    with pytest.raises(ValidationError) as exc:
        services.create_skp(actor=world.u_staff1, employee=world.staff1, period=other)
    assert codes(exc.value) == {"period": ["other_instance"]}
    assert Skp.objects.count() == 1


# --- RHK and the cascade ------------------------------------------------------------------------


def test_rhk_intervenes_the_superiors_draft_rhk(world, kasi_skp, staff_skp):
    parent = fill(kasi_skp, world.u_kasi_surv)
    assert fresh(kasi_skp).status == SkpStatus.DRAFT  # the superior's SKP is only a draft
    rhk = services.add_rhk(actor=world.u_staff1, skp=staff_skp, lock_version=staff_skp.lock_version,
                           text="Tersusunnya laporan mingguan", parent=parent.pk)
    assert rhk.parent == parent and rhk.group == "utama" and rhk.order == 0
    assert fresh(staff_skp).lock_version == 1


def test_rhk_of_someone_who_is_not_the_superior_is_refused(world, period, staff_skp):
    yankes = services.create_skp(actor=world.u_kabid_yankes, employee=world.kabid_yankes, period=period)
    foreign = fill(yankes, world.u_kabid_yankes, text="Meningkatnya mutu layanan")
    peer = services.create_skp(actor=world.u_staff2, employee=world.staff2, period=period)
    peer_rhk = fill(peer, world.u_staff2)
    for parent in (foreign, peer_rhk, foreign.pk, 999999, "abc"):
        with pytest.raises(ValidationError) as exc:
            services.add_rhk(actor=world.u_staff1, skp=staff_skp, lock_version=staff_skp.lock_version, text="x",
                             parent=parent)
        assert list(exc.value.error_dict) == ["parent"]
    with pytest.raises(ValidationError) as exc:
        services.add_rhk(actor=world.u_staff1, skp=staff_skp, lock_version=0, text="x", parent=foreign)
    assert codes(exc.value) == {"parent": ["not_superior"]}
    assert "is not your (acting) superior's RHK" in exc.value.error_dict["parent"][0].message
    assert not Rhk.objects.filter(skp=staff_skp).exists() and fresh(staff_skp).lock_version == 0


def test_superiors_rhk_of_another_period_is_refused(world, period, staff_skp):
    older = Period.objects.create(instance=world.a, name="2025", year=2025, start_date=date(2025, 1, 1),
                                  end_date=date(2025, 12, 31), deadline=date(2025, 1, 31))
    old = services.create_skp(actor=world.u_kasi_surv, employee=world.kasi_surv, period=older)
    old_rhk = fill(old, world.u_kasi_surv)
    with pytest.raises(ValidationError) as exc:
        services.add_rhk(actor=world.u_staff1, skp=staff_skp, lock_version=0, text="x", parent=old_rhk)
    assert codes(exc.value) == {"parent": ["not_superior"]}


def test_acting_superior_rhk_is_allowed_and_plt_approves_in_place_of_the_holder(world, period, staff_skp):
    people.assign_acting(actor=world.u_admin_bkpsdm, employee=world.kabid_yankes, position=world.pos_kasi_surv,
                         kind=AssignmentKind.PLT, start_date=timezone.localdate() - timedelta(days=3))
    plt_skp = services.create_skp(actor=world.u_kabid_yankes, employee=world.kabid_yankes, period=period)
    plt_rhk = fill(plt_skp, world.u_kabid_yankes, text="Meningkatnya mutu layanan")
    fill(staff_skp, world.u_staff1, parent=plt_rhk)
    services.submit(actor=world.u_staff1, skp=staff_skp, lock_version=staff_skp.lock_version)
    assert fresh(staff_skp).evaluator == world.kabid_yankes and fresh(staff_skp).evaluator_acting == "plt"
    services.approve(actor=world.u_kabid_yankes, skp=staff_skp, lock_version=staff_skp.lock_version)
    skp = fresh(staff_skp)
    assert skp.status == SkpStatus.APPROVED and skp.approved_by == world.kabid_yankes and skp.version == 1


def test_jpt_rhk_needs_a_perspective_and_takes_a_pk_indicator(world, period):
    skp = services.create_skp(actor=world.u_kadinkes, employee=world.kadinkes, period=period)
    with pytest.raises(ValidationError) as exc:
        services.add_rhk(actor=world.u_kadinkes, skp=skp, lock_version=0, text="Meningkatnya derajat kesehatan")
    assert codes(exc.value) == {"perspective": ["required"]}
    with pytest.raises(ValidationError) as exc:
        services.add_rhk(actor=world.u_kadinkes, skp=skp, lock_version=0, text="x", perspective="visi")
    assert codes(exc.value) == {"perspective": ["invalid_choice"]}
    pk = PerformanceAgreement.objects.create(instance=world.a, unit=world.dinkes, year=2026,
                                             position=world.pos_kadinkes, signatory=world.kadinkes)
    indicator = PkIndicator.objects.create(instance=world.a, agreement=pk, name="Angka harapan hidup",
                                           measure_unit="tahun", target=Decimal("72.5"))
    rhk = services.add_rhk(actor=world.u_kadinkes, skp=skp, lock_version=0, text="Meningkatnya derajat kesehatan",
                           perspective="penerima_layanan", pk_indicator=indicator.pk)
    assert rhk.pk_indicator == indicator and rhk.perspective == "penerima_layanan"
    old_pk = PerformanceAgreement.objects.create(instance=world.a, unit=world.dinkes, year=2025,
                                                 position=world.pos_kadinkes)
    old_indicator = PkIndicator.objects.create(instance=world.a, agreement=old_pk, name="x", measure_unit="%",
                                               target=1)
    with pytest.raises(ValidationError) as exc:
        services.update_rhk(actor=world.u_kadinkes, rhk=rhk, lock_version=1, pk_indicator=old_indicator)
    assert codes(exc.value) == {"pk_indicator": ["other_year"]}


def test_standard_rhk_takes_no_pk_indicator_and_ignores_perspective(world, staff_skp):
    rhk = services.add_rhk(actor=world.u_staff1, skp=staff_skp, lock_version=0, text="x", perspective="anggaran",
                           group="tambahan")
    assert rhk.perspective == "" and rhk.group == "tambahan"
    with pytest.raises(ValidationError) as exc:
        services.add_rhk(actor=world.u_staff1, skp=staff_skp, lock_version=1, text="x", pk_indicator=1)
    assert codes(exc.value) == {"pk_indicator": ["not_jpt"]}


@pytest.mark.parametrize(("fields", "expected"), [
    ({"text": "  "}, {"text": ["required"]}),
    ({"text": "x" * 2001}, {"text": ["too_long"]}),
    ({"text": 12}, {"text": ["invalid"]}),
    ({"text": "x", "group": "lainnya"}, {"group": ["invalid_choice"]}),
])
def test_rhk_bad_input(world, staff_skp, fields, expected):
    with pytest.raises(ValidationError) as exc:
        services.add_rhk(actor=world.u_staff1, skp=staff_skp, lock_version=0, **fields)
    assert codes(exc.value) == expected


def test_update_rhk_flags_the_rhk_that_intervene_it(world, kasi_skp, staff_skp):
    parent = fill(kasi_skp, world.u_kasi_surv)
    child = fill(staff_skp, world.u_staff1, parent=parent)
    services.update_rhk(actor=world.u_kasi_surv, rhk=parent, lock_version=kasi_skp.lock_version, group="utama")
    assert Rhk.objects.get(pk=child.pk).parent_changed_at is None  # not the text: nothing to tell
    services.update_rhk(actor=world.u_kasi_surv, rhk=parent, lock_version=kasi_skp.lock_version,
                        text="Tersedianya data surveilans yang valid")
    child = Rhk.objects.get(pk=child.pk)
    assert child.parent_changed_at is not None
    assert Skp.objects.get(pk=staff_skp.pk).lock_version == staff_skp.lock_version  # a notice, not an edit
    services.acknowledge_parent_change(actor=world.u_staff1, rhk=child)
    assert Rhk.objects.get(pk=child.pk).parent_changed_at is None
    assert AuditEvent.objects.filter(action="skp.rhk.acknowledge", object_id=str(child.pk)).count() == 1
    with pytest.raises(PermissionDenied):
        services.acknowledge_parent_change(actor=world.u_staff2, rhk=child)


def test_relinking_clears_the_flag(world, kasi_skp, staff_skp):
    parent = fill(kasi_skp, world.u_kasi_surv)
    other = fill(kasi_skp, world.u_kasi_surv, text="Terlaksananya penyelidikan epidemiologi")
    child = fill(staff_skp, world.u_staff1, parent=parent)
    Rhk.objects.filter(pk=child.pk).update(parent_changed_at=timezone.now())
    child.refresh_from_db()
    services.update_rhk(actor=world.u_staff1, rhk=child, lock_version=staff_skp.lock_version, parent=other)
    child.refresh_from_db()
    assert child.parent == other and child.parent_changed_at is None


def test_deleting_a_parent_unlinks_and_flags_children(world, kasi_skp, staff_skp):
    parent = fill(kasi_skp, world.u_kasi_surv)
    child = fill(staff_skp, world.u_staff1, parent=parent)
    services.delete_rhk(actor=world.u_kasi_surv, rhk=parent, lock_version=kasi_skp.lock_version)
    child.refresh_from_db()
    assert child.parent is None and child.parent_changed_at is not None
    assert not Rhk.objects.filter(pk=parent.pk).exists() and not Iki.objects.filter(rhk_id=parent.pk).exists()


def test_update_rhk_refuses_unknown_fields(world, staff_skp):
    rhk = fill(staff_skp, world.u_staff1)
    with pytest.raises(ValidationError) as exc:
        services.update_rhk(actor=world.u_staff1, rhk=rhk, lock_version=staff_skp.lock_version, skp=1)
    assert codes(exc.value) == {"skp": ["unknown"]}


# --- IKI and targets ----------------------------------------------------------------------------


@pytest.fixture
def rhk(world, staff_skp):
    return services.add_rhk(actor=world.u_staff1, skp=staff_skp, lock_version=0, text="Tersedianya data")


@pytest.mark.parametrize(("fields", "expected"), [
    ({"target_value": "dua belas", "measure_unit": "laporan"}, {"target_value": ["not_a_number"]}),
    ({"target_value": "-3", "measure_unit": "laporan"}, {"target_value": ["negative"]}),
    ({"target_value": -0.5, "measure_unit": "laporan"}, {"target_value": ["negative"]}),
    ({"target_value": "", "measure_unit": "laporan"}, {"target_value": ["required"]}),
    ({"target_value": "NaN", "measure_unit": "laporan"}, {"target_value": ["not_a_number"]}),
    ({"target_value": "1e20", "measure_unit": "laporan"}, {"target_value": ["too_large"]}),
    ({"target_value": "12"}, {"measure_unit": ["required"]}),
    ({"target_kind": "range", "target_min": "90", "target_max": "80", "measure_unit": "%"},
     {"target_min": ["range_order"]}),
    ({"target_kind": "range", "target_min": "80", "target_max": "x", "measure_unit": "%"},
     {"target_max": ["not_a_number"]}),
    ({"target_kind": "text", "target_text": "  "}, {"target_text": ["required"]}),
    ({"target_kind": "percent", "target_value": "1"}, {"target_kind": ["invalid_choice"]}),
    ({"target_value": "1", "measure_unit": "x", "aspect": "mutu"}, {"aspect": ["invalid_choice"]}),
    ({"target_value": "1", "measure_unit": "x", "aspect": ""}, {"aspect": ["required"]}),
    ({"target_value": "1", "measure_unit": "x", "lower_is_better": "ya"}, {"lower_is_better": ["invalid"]}),
])
def test_iki_bad_targets(world, rhk, fields, expected):
    data = {"text": "Jumlah laporan", "aspect": "kuantitas"} | fields
    with pytest.raises(ValidationError) as exc:
        services.add_iki(actor=world.u_staff1, rhk=rhk, lock_version=rhk.skp.lock_version, **data)
    assert codes(exc.value) == expected
    assert not Iki.objects.exists() and fresh(rhk.skp).lock_version == 1


def test_iki_target_messages_are_clear(world, rhk):
    with pytest.raises(ValidationError) as exc:
        services.add_iki(actor=world.u_staff1, rhk=rhk, lock_version=1, text="x", aspect="kuantitas",
                         target_kind="range", target_min="90", target_max="80", measure_unit="%")
    assert exc.value.error_dict["target_min"][0].message == "The minimum is above the maximum."
    with pytest.raises(ValidationError) as exc:
        services.add_iki(actor=world.u_staff1, rhk=rhk, lock_version=1, text="x", aspect="kuantitas",
                         target_value="-1", measure_unit="laporan")
    assert exc.value.error_dict["target_value"][0].message == "A target cannot be negative."


def test_iki_targets_of_every_kind(world, rhk):
    number = services.add_iki(actor=world.u_staff1, rhk=rhk, lock_version=1, text="Jumlah laporan",
                              aspect="kuantitas", target_value="12,5", measure_unit="laporan")
    assert number.target_value == Decimal("12.5") and number.target_display == "12,5 laporan"
    span = services.add_iki(actor=world.u_staff1, rhk=rhk, lock_version=2, text="Kepuasan", aspect="kualitas",
                            target_kind="range", target_min="80", target_max="90", measure_unit="%",
                            target_value="7")
    assert (span.target_min, span.target_max, span.target_value) == (80, 90, None)
    text = services.add_iki(actor=world.u_staff1, rhk=rhk, lock_version=3, text="Ketepatan", aspect="waktu",
                            target_kind="text", target_text="Tepat waktu setiap bulan", lower_is_better=True)
    assert text.target_display == "Tepat waktu setiap bulan" and text.lower_is_better
    assert [i.order for i in Iki.objects.filter(rhk=rhk)] == [0, 1, 2]
    services.update_iki(actor=world.u_staff1, iki=number, lock_version=4, target_kind="range", target_min="10",
                        target_max="12")
    number.refresh_from_db()
    assert (number.target_kind, number.target_value, number.target_min, number.measure_unit) == (
        "range", None, 10, "laporan")
    with pytest.raises(ValidationError) as exc:
        services.update_iki(actor=world.u_staff1, iki=number, lock_version=5, target_min="20")
    assert codes(exc.value) == {"target_min": ["range_order"]}
    services.delete_iki(actor=world.u_staff1, iki=text, lock_version=5)
    assert Iki.objects.filter(rhk=rhk).count() == 2


def test_jpt_iki_needs_no_aspect(world, period):
    skp = services.create_skp(actor=world.u_kadinkes, employee=world.kadinkes, period=period)
    rhk = fill(skp, world.u_kadinkes)
    assert rhk.ikis.get().aspect == ""


# --- editing outside the rules ------------------------------------------------------------------


def test_approved_skp_changes_only_through_a_revision(world, period):
    skp = approved_skp(world, period, world.staff1, world.u_staff1, world.u_kasi_surv)
    rhk = skp.rhks.get()
    iki = rhk.ikis.get()
    calls = [
        lambda: services.add_rhk(actor=world.u_staff1, skp=skp, lock_version=skp.lock_version, text="x"),
        lambda: services.update_rhk(actor=world.u_staff1, rhk=rhk, lock_version=skp.lock_version, text="y"),
        lambda: services.delete_rhk(actor=world.u_staff1, rhk=rhk, lock_version=skp.lock_version),
        lambda: services.add_iki(actor=world.u_staff1, rhk=rhk, lock_version=skp.lock_version, text="x",
                                 aspect="waktu", target_kind="text", target_text="x"),
        lambda: services.update_iki(actor=world.u_staff1, iki=iki, lock_version=skp.lock_version, text="y"),
        lambda: services.delete_iki(actor=world.u_staff1, iki=iki, lock_version=skp.lock_version),
        lambda: services.set_appendix(actor=world.u_staff1, skp=skp, lock_version=skp.lock_version,
                                      kind="resources", lines=["Laptop"]),
        lambda: services.set_expectations(actor=world.u_kasi_surv, skp=skp, lock_version=skp.lock_version,
                                          expectations={"loyal": "x"}),
        lambda: services.add_rhk(actor=world.u_admin_bkpsdm, skp=skp, lock_version=skp.lock_version, text="x"),
    ]
    for call in calls:
        with pytest.raises(ValidationError) as exc:
            call()
        assert codes(exc.value) == {"status": ["not_editable"]}
        assert exc.value.error_dict["status"][0].message == "An approved SKP changes only through a revision."
    assert fresh(skp).lock_version == skp.lock_version


def test_submitted_skp_cannot_change_until_withdrawn(world, staff_skp):
    fill(staff_skp, world.u_staff1)
    services.submit(actor=world.u_staff1, skp=staff_skp, lock_version=staff_skp.lock_version)
    with pytest.raises(ValidationError) as exc:
        services.add_rhk(actor=world.u_staff1, skp=staff_skp, lock_version=staff_skp.lock_version, text="x")
    assert codes(exc.value) == {"status": ["not_editable"]}
    services.withdraw(actor=world.u_staff1, skp=staff_skp, lock_version=staff_skp.lock_version)
    assert fresh(staff_skp).status == SkpStatus.DRAFT and fresh(staff_skp).submitted_at is None
    services.add_rhk(actor=world.u_staff1, skp=staff_skp, lock_version=staff_skp.lock_version, text="x",
                     group="tambahan")


def test_closed_period_skp_cannot_change(world, period, staff_skp):
    rhk = fill(staff_skp, world.u_staff1)
    services.set_period_closed(actor=world.u_admin_bkpsdm, period=period)
    skp = fresh(staff_skp)
    for call in (
        lambda: services.add_rhk(actor=world.u_staff1, skp=skp, lock_version=skp.lock_version, text="x"),
        lambda: services.update_rhk(actor=world.u_admin_bkpsdm, rhk=Rhk.objects.get(pk=rhk.pk),
                                    lock_version=skp.lock_version, text="y"),
        lambda: services.submit(actor=world.u_staff1, skp=skp, lock_version=skp.lock_version),
    ):
        with pytest.raises(ValidationError) as exc:
            call()
        assert codes(exc.value) == {"period": ["closed"]}


@pytest.mark.parametrize("user", ["u_staff2", "u_kasi_surv", "u_monev", "u_admin_b", "u_auditor"])
def test_others_cannot_change_the_content(world, staff_skp, user):
    with pytest.raises(PermissionDenied):
        services.add_rhk(actor=getattr(world, user), skp=staff_skp, lock_version=0, text="x")


def test_opd_admin_changes_content_in_their_subtree_only(world, period, staff_skp):
    services.add_rhk(actor=world.u_admin_opd, skp=staff_skp, lock_version=0, text="x")
    disdik = services.create_skp(actor=world.u_staff_disdik, employee=world.staff_disdik, period=period)
    with pytest.raises(PermissionDenied):
        services.add_rhk(actor=world.u_admin_opd, skp=disdik, lock_version=0, text="x")


# --- concurrency --------------------------------------------------------------------------------


def test_two_people_saving_the_same_skp_at_once(world, staff_skp):
    rhk = fill(staff_skp, world.u_staff1)
    seen = Skp.objects.get(pk=staff_skp.pk).lock_version
    # the employee and the HR admin both opened the SKP at version `seen`
    services.update_rhk(actor=world.u_admin_opd, rhk=Rhk.objects.get(pk=rhk.pk), lock_version=seen,
                        text="Versi admin")
    with pytest.raises(ValidationError) as exc:
        services.update_rhk(actor=world.u_staff1, rhk=Rhk.objects.get(pk=rhk.pk), lock_version=seen,
                            text="Versi pegawai")
    assert isinstance(exc.value, services.ConflictError) and isinstance(exc.value, CoreConflictError)
    assert codes(exc.value) == {"lock_version": ["conflict"]}
    message = str(exc.value)
    assert "admin_opd" in message and "yours were not saved" in message and "Reload" in message
    assert Rhk.objects.get(pk=rhk.pk).text == "Versi admin"  # the first save is kept
    assert Skp.objects.get(pk=staff_skp.pk).lock_version == seen + 1
    assert not AuditEvent.objects.filter(action="skp.rhk.update", actor=world.u_staff1).exists()


@pytest.mark.parametrize("action", ["submit", "approve_stale", "appendix", "expectations", "iki"])
def test_every_write_checks_the_lock(world, staff_skp, action):
    rhk = fill(staff_skp, world.u_staff1)
    stale = staff_skp.lock_version - 1
    calls = {
        "submit": lambda: services.submit(actor=world.u_staff1, skp=fresh(staff_skp), lock_version=stale),
        "approve_stale": lambda: services.add_rhk(actor=world.u_staff1, skp=fresh(staff_skp), lock_version=stale,
                                                  text="x"),
        "appendix": lambda: services.set_appendix(actor=world.u_staff1, skp=fresh(staff_skp), lock_version=stale,
                                                  kind="resources", lines=["x"]),
        "expectations": lambda: services.set_expectations(actor=world.u_kasi_surv, skp=fresh(staff_skp),
                                                          lock_version=stale, expectations={"loyal": "x"}),
        "iki": lambda: services.add_iki(actor=world.u_staff1, rhk=rhk, lock_version=stale, text="x",
                                        aspect="waktu", target_kind="text", target_text="x"),
    }
    before = AuditEvent.objects.count()
    with pytest.raises(services.ConflictError):
        calls[action]()
    assert AuditEvent.objects.count() == before and fresh(staff_skp).status == SkpStatus.DRAFT


def test_missing_lock_version_is_a_field_error(world, staff_skp):
    with pytest.raises(ValidationError) as exc:
        services.add_rhk(actor=world.u_staff1, skp=staff_skp, lock_version=None, text="x")
    assert codes(exc.value) == {"lock_version": ["required"]}


# --- workflow -----------------------------------------------------------------------------------


def test_submit_needs_a_main_rhk_with_indicators(world, staff_skp):
    with pytest.raises(ValidationError) as exc:
        services.submit(actor=world.u_staff1, skp=staff_skp, lock_version=0)
    assert codes(exc.value) == {"rhks": ["no_rhk"]}
    services.add_rhk(actor=world.u_staff1, skp=staff_skp, lock_version=0, text="Tanpa indikator")
    with pytest.raises(ValidationError) as exc:
        services.submit(actor=world.u_staff1, skp=staff_skp, lock_version=1)
    assert codes(exc.value) == {"rhks": ["no_iki"]}
    assert fresh(staff_skp).status == SkpStatus.DRAFT


def test_submit_without_a_link_warns_when_the_superior_has_no_skp(world, staff_skp):
    fill(staff_skp, world.u_staff1)
    skp = services.submit(actor=world.u_staff1, skp=staff_skp, lock_version=staff_skp.lock_version)
    assert skp.status == SkpStatus.SUBMITTED and len(skp.warnings) == 1


def test_submit_without_a_link_is_refused_when_the_superior_has_an_skp(world, kasi_skp, staff_skp):
    fill(staff_skp, world.u_staff1)
    with pytest.raises(ValidationError) as exc:
        services.submit(actor=world.u_staff1, skp=staff_skp, lock_version=staff_skp.lock_version)
    assert codes(exc.value) == {"rhks": ["no_parent"]}


def test_approving_ones_own_skp_is_refused(world, period, kasi_skp):
    fill(kasi_skp, world.u_kasi_surv)
    services.submit(actor=world.u_kasi_surv, skp=kasi_skp, lock_version=kasi_skp.lock_version)
    # the Kepala Seksi is made Plh of her own superior's post: she still cannot approve her own SKP
    people.assign_acting(actor=world.u_admin_bkpsdm, employee=world.kasi_surv, position=world.pos_kabid_p2p,
                         kind=AssignmentKind.PLH, start_date=timezone.localdate())
    from kinerja.accounts.scope import clear_scope

    clear_scope(world.u_kasi_surv)
    skp = fresh(kasi_skp)
    with pytest.raises(ValidationError) as exc:
        services.approve(actor=world.u_kasi_surv, skp=skp, lock_version=skp.lock_version)
    assert codes(exc.value) == {"__all__": ["own_skp"]}
    assert exc.value.error_dict["__all__"][0].message == "You cannot approve your own SKP."
    with pytest.raises(ValidationError):
        services.return_skp(actor=world.u_kasi_surv, skp=skp, lock_version=skp.lock_version, reason="x")
    assert fresh(kasi_skp).status == SkpStatus.SUBMITTED


@pytest.mark.parametrize("user", ["u_staff2", "u_kabid_p2p", "u_kabid_yankes", "u_admin_bkpsdm", "u_monev"])
def test_only_the_evaluator_approves(world, staff_skp, user):
    fill(staff_skp, world.u_staff1)
    services.submit(actor=world.u_staff1, skp=staff_skp, lock_version=staff_skp.lock_version)
    with pytest.raises(PermissionDenied):
        services.approve(actor=getattr(world, user), skp=fresh(staff_skp), lock_version=staff_skp.lock_version)


def test_hr_admin_approves_in_place_of_a_missing_evaluator(world, period):
    skp = services.create_skp(actor=world.u_kadinkes, employee=world.kadinkes, period=period)
    fill(skp, world.u_kadinkes)
    services.submit(actor=world.u_kadinkes, skp=skp, lock_version=skp.lock_version)
    with pytest.raises(PermissionDenied):
        services.approve(actor=world.u_admin_b, skp=fresh(skp), lock_version=skp.lock_version)
    services.approve(actor=world.u_admin_bkpsdm, skp=fresh(skp), lock_version=skp.lock_version)
    assert fresh(skp).status == SkpStatus.APPROVED and fresh(skp).approved_by is None


def test_return_needs_a_reason_and_reopens_the_skp(world, staff_skp):
    fill(staff_skp, world.u_staff1)
    services.submit(actor=world.u_staff1, skp=staff_skp, lock_version=staff_skp.lock_version)
    with pytest.raises(ValidationError) as exc:
        services.return_skp(actor=world.u_kasi_surv, skp=staff_skp, lock_version=staff_skp.lock_version, reason=" ")
    assert codes(exc.value) == {"reason": ["required"]}
    services.return_skp(actor=world.u_kasi_surv, skp=staff_skp, lock_version=staff_skp.lock_version,
                        reason="Target terlalu rendah")
    skp = fresh(staff_skp)
    assert skp.status == SkpStatus.RETURNED and skp.return_reason == "Target terlalu rendah"
    services.add_rhk(actor=world.u_staff1, skp=skp, lock_version=skp.lock_version, text="x", group="tambahan")
    with pytest.raises(ValidationError) as exc:
        services.approve(actor=world.u_kasi_surv, skp=fresh(skp), lock_version=fresh(skp).lock_version)
    assert codes(exc.value) == {"status": ["transition"]}


def test_revision_flow_keeps_every_version(world, period):
    skp = approved_skp(world, period, world.staff1, world.u_staff1, world.u_kasi_surv)
    assert fresh(skp).version == 1 and fresh(skp).approved_at is not None
    with pytest.raises(ValidationError) as exc:
        services.start_revision(actor=world.u_staff1, skp=skp, lock_version=skp.lock_version, reason="")
    assert codes(exc.value) == {"reason": ["required"]}
    services.start_revision(actor=world.u_staff1, skp=skp, lock_version=skp.lock_version,
                            reason="Mutasi pertengahan tahun")
    assert fresh(skp).status == SkpStatus.DRAFT and fresh(skp).revision_reason == "Mutasi pertengahan tahun"
    rhk = skp.rhks.get()
    services.update_rhk(actor=world.u_staff1, rhk=rhk, lock_version=skp.lock_version, text="RHK direvisi")
    services.submit(actor=world.u_staff1, skp=skp, lock_version=skp.lock_version)
    services.approve(actor=world.u_kasi_surv, skp=skp, lock_version=skp.lock_version)
    skp = fresh(skp)
    assert skp.status == SkpStatus.APPROVED and skp.version == 2
    versions = list(SkpVersion.objects.filter(skp=skp).order_by("number"))
    assert [(v.number, v.action, v.status) for v in versions] == [
        (1, "submit", "submitted"), (2, "approve", "approved"), (3, "revise", "draft"),
        (4, "submit", "submitted"), (5, "approve", "approved")]
    assert versions[1].content["rhks"][0]["text"] == "Tersedianya data surveilans"
    assert versions[4].content["rhks"][0]["text"] == "RHK direvisi" and versions[4].content["version"] == 2
    assert versions[2].note == "Mutasi pertengahan tahun" and versions[1].by == world.u_kasi_surv


def test_only_approved_skps_are_revised(world, staff_skp):
    with pytest.raises(ValidationError) as exc:
        services.start_revision(actor=world.u_staff1, skp=staff_skp, lock_version=0, reason="x")
    assert codes(exc.value) == {"status": ["transition"]}
    with pytest.raises(PermissionDenied):
        services.start_revision(actor=world.u_staff2, skp=staff_skp, lock_version=0, reason="x")


def test_evaluator_may_start_a_revision(world, period):
    skp = approved_skp(world, period, world.staff1, world.u_staff1, world.u_kasi_surv)
    services.start_revision(actor=world.u_kasi_surv, skp=skp, lock_version=skp.lock_version, reason="Target baru")
    assert fresh(skp).status == SkpStatus.DRAFT


def test_submit_refreshes_the_header(world, staff_skp):
    fill(staff_skp, world.u_staff1)
    people.assign_acting(actor=world.u_admin_bkpsdm, employee=world.kabid_yankes, position=world.pos_kasi_surv,
                         kind=AssignmentKind.PLH, start_date=timezone.localdate())
    services.submit(actor=world.u_staff1, skp=staff_skp, lock_version=staff_skp.lock_version)
    skp = fresh(staff_skp)
    assert (skp.evaluator, skp.evaluator_acting) == (world.kabid_yankes, "plh")


# --- lampiran, expectations ---------------------------------------------------------------------


def test_set_appendix_replaces_one_part(world, staff_skp):
    services.set_appendix(actor=world.u_staff1, skp=staff_skp, lock_version=0, kind="resources",
                          lines=["Laptop", "  ", "Akses internet"])
    services.set_appendix(actor=world.u_staff1, skp=staff_skp, lock_version=1, kind="consequences",
                          lines=["Teguran"])
    services.set_appendix(actor=world.u_staff1, skp=staff_skp, lock_version=2, kind="resources",
                          lines=["Komputer"])
    assert list(Appendix.objects.filter(skp=staff_skp).values_list("kind", "text")) == [
        ("consequences", "Teguran"), ("resources", "Komputer")]
    for kind, lines, field in (("lain", ["x"], "kind"), ("resources", "x", "lines"), ("resources", [1], "lines"),
                               ("resources", ["x"] * 51, "lines")):
        with pytest.raises(ValidationError) as exc:
            services.set_appendix(actor=world.u_staff1, skp=staff_skp, lock_version=3, kind=kind, lines=lines)
        assert list(exc.value.error_dict) == [field]


def test_expectations_only_by_the_evaluator(world, staff_skp):
    """Issue 7, item 12: the specific expectations are the evaluator's word, never the employee's."""
    fill(staff_skp, world.u_staff1)
    for actor in (world.u_staff1, world.u_admin_bkpsdm, world.u_admin_opd, world.u_kabid_p2p, world.u_staff2):
        with pytest.raises(PermissionDenied):
            services.set_expectations(actor=actor, skp=staff_skp, lock_version=staff_skp.lock_version,
                                      expectations={"loyal": "Menjaga rahasia data"})
    assert not BehaviourExpectation.objects.filter(skp=staff_skp).exclude(expectation="").exists()
    services.set_expectations(actor=world.u_kasi_surv, skp=staff_skp, lock_version=staff_skp.lock_version,
                              expectations={"loyal": "Menjaga rahasia data"})  # a draft
    services.submit(actor=world.u_staff1, skp=staff_skp, lock_version=staff_skp.lock_version)
    with pytest.raises(PermissionDenied):  # the employee never, submitted or not
        services.set_expectations(actor=world.u_staff1, skp=staff_skp, lock_version=staff_skp.lock_version,
                                  expectations={"loyal": "x"})
    services.set_expectations(actor=world.u_kasi_surv, skp=staff_skp, lock_version=staff_skp.lock_version,
                              expectations={"adaptif": "Menguasai aplikasi baru", "loyal": "Menjaga rahasia data"})
    given = dict(BehaviourExpectation.objects.filter(skp=staff_skp).values_list("value", "expectation"))
    assert given["adaptif"] == "Menguasai aplikasi baru" and given["loyal"] == "Menjaga rahasia data"
    assert given["kompeten"] == ""
    with pytest.raises(ValidationError) as exc:
        services.set_expectations(actor=world.u_kasi_surv, skp=staff_skp, lock_version=staff_skp.lock_version,
                                  expectations={"jujur": "x"})
    assert codes(exc.value) == {"expectations": ["invalid_choice"]}
    services.approve(actor=world.u_kasi_surv, skp=staff_skp, lock_version=staff_skp.lock_version)
    with pytest.raises(ValidationError) as exc:  # approved: only through a revision
        services.set_expectations(actor=world.u_kasi_surv, skp=staff_skp, lock_version=staff_skp.lock_version,
                                  expectations={"loyal": "x"})
    assert codes(exc.value) == {"status": ["not_editable"]}


def test_expectations_by_an_acting_evaluator_and_an_hr_admin_standing_in(world, staff_skp):
    fill(staff_skp, world.u_staff1)
    people.assign_acting(actor=SYSTEM, employee=world.kabid_yankes, position=world.pos_kasi_surv, kind="plh",
                         start_date=date(2020, 1, 1))
    services.set_expectations(actor=world.u_kabid_yankes, skp=staff_skp, lock_version=staff_skp.lock_version,
                              expectations={"harmonis": "Membantu rekan"})
    assert staff_skp.expectations.get(value="harmonis").expectation == "Membantu rekan"
    lonely = services.create_skp(actor=world.u_staff_disdik, employee=world.staff_disdik, period=staff_skp.period)
    people.set_active(actor=SYSTEM, employee=world.kadisdik, active=False)  # nobody evaluates Agus now
    services.set_expectations(actor=world.u_admin_bkpsdm, skp=lonely, lock_version=lonely.lock_version,
                              expectations={"loyal": "Menjaga nama baik"})
    with pytest.raises(PermissionDenied):
        services.set_expectations(actor=world.u_staff_disdik, skp=lonely, lock_version=lonely.lock_version,
                                  expectations={"loyal": "x"})


# --- copy and templates -------------------------------------------------------------------------


def test_copy_from_previous_repoints_the_links(world, period):
    older = Period.objects.create(instance=world.a, name="2025", year=2025, start_date=date(2025, 1, 1),
                                  end_date=date(2025, 12, 31), deadline=date(2025, 1, 31))
    old_top = services.create_skp(actor=world.u_kasi_surv, employee=world.kasi_surv, period=older)
    old_parent = fill(old_top, world.u_kasi_surv, text="Tersedianya data surveilans")
    old_other = fill(old_top, world.u_kasi_surv, text="RHK yang tidak diteruskan")
    old = services.create_skp(actor=world.u_staff1, employee=world.staff1, period=older)
    fill(old, world.u_staff1, parent=old_parent, text="Laporan mingguan")
    fill(old, world.u_staff1, parent=old_other, text="Laporan bulanan")
    services.set_appendix(actor=world.u_staff1, skp=old, lock_version=old.lock_version, kind="resources",
                          lines=["Laptop"])
    services.set_expectations(actor=world.u_kasi_surv, skp=old, lock_version=old.lock_version,
                              expectations={"loyal": "Menjaga rahasia"})
    top = services.create_skp(actor=world.u_kasi_surv, employee=world.kasi_surv, period=period)
    parent = fill(top, world.u_kasi_surv, text="Tersedianya data surveilans")
    skp = services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)
    services.copy_from_previous(actor=world.u_staff1, skp=skp, lock_version=0)
    rhks = list(Rhk.objects.filter(skp=skp).order_by("order"))
    assert [(r.text, r.parent_id) for r in rhks] == [("Laporan mingguan", parent.pk), ("Laporan bulanan", None)]
    assert Iki.objects.filter(rhk__skp=skp).count() == 2
    assert list(Appendix.objects.filter(skp=skp).values_list("text", flat=True)) == ["Laptop"]
    # not the expectations: only this year's evaluator sets them (issue 7, item 12)
    assert not BehaviourExpectation.objects.filter(skp=skp).exclude(expectation="").exists()
    with pytest.raises(ValidationError) as exc:
        services.copy_from_previous(actor=world.u_staff1, skp=skp, lock_version=1)
    assert codes(exc.value) == {"skp": ["not_empty"]}


def test_copy_without_an_earlier_skp(world, staff_skp):
    with pytest.raises(ValidationError) as exc:
        services.copy_from_previous(actor=world.u_staff1, skp=staff_skp, lock_version=0)
    assert codes(exc.value) == {"skp": ["no_previous"]}


TEMPLATE = [
    {"group": "utama", "text": "Terlaksananya asuhan keperawatan", "ikis": [
        {"aspect": "kuantitas", "text": "Jumlah pasien dirawat", "target_kind": "number", "target_value": "120",
         "measure_unit": "pasien"},
        {"aspect": "kualitas", "text": "Kepuasan pasien", "target_kind": "range", "target_min": "80",
         "target_max": "90", "measure_unit": "%"}]},
    {"group": "tambahan", "text": "Terlaksananya penyuluhan", "ikis": [
        {"aspect": "waktu", "text": "Ketepatan", "target_kind": "text", "target_text": "Setiap bulan"}]},
]


def test_templates_are_created_and_applied(world, period):
    template = services.create_template(actor=world.u_admin_bkpsdm, instance=world.a, name="Perawat Ahli Pertama",
                                        position_name="Perawat Ahli Pertama", position_kind="FUNGSIONAL",
                                        content=TEMPLATE)
    assert template.content[0]["ikis"][0]["target_value"] == "120"
    skp = services.create_skp(actor=world.u_staff_yankes, employee=world.staff_yankes, period=period)
    services.apply_template(actor=world.u_staff_yankes, skp=skp, template=template, lock_version=0)
    services.apply_template(actor=world.u_staff_yankes, skp=skp, template=template, lock_version=1)
    rhks = list(Rhk.objects.filter(skp=skp).order_by("group", "order"))
    assert [(r.group, r.order) for r in rhks] == [("tambahan", 0), ("tambahan", 1), ("utama", 0), ("utama", 1)]
    iki = Iki.objects.get(rhk=rhks[2], aspect="kualitas")
    assert (iki.target_min, iki.target_max) == (80, 90)


@pytest.mark.parametrize(("content", "fragment"), [
    ([], "at least one RHK"),
    ("x", "at least one RHK"),
    ([{"text": ""}], "RHK 1, text"),
    ([{"text": "x", "ikis": [{"text": "y", "target_value": "-1", "measure_unit": "m"}]}], "RHK 1: IKI 1, target_value"),
    ([{"text": "x", "group": "lain"}], "RHK 1, group"),
    ([{"text": "x", "ikis": "y"}], "RHK 1, ikis"),
])
def test_template_bad_content(world, content, fragment):
    with pytest.raises(ValidationError) as exc:
        services.create_template(actor=world.u_admin_bkpsdm, instance=world.a, name="T", content=content)
    assert list(exc.value.error_dict) == ["content"]
    assert fragment in exc.value.error_dict["content"][0].message
    assert not SkpTemplate.objects.exists()


def test_template_rules(world, period, staff_skp):
    with pytest.raises(PermissionDenied):
        services.create_template(actor=world.u_admin_opd, instance=world.a, name="T", content=TEMPLATE)
    no_aspect = SkpTemplate.objects.create(instance=world.a, name="T", content=[
        {"text": "x", "ikis": [{"text": "y", "target_kind": "text", "target_text": "z"}]}])
    with pytest.raises(ValidationError) as exc:
        services.apply_template(actor=world.u_staff1, skp=staff_skp, template=no_aspect, lock_version=0)
    assert exc.value.error_dict["content"][0].message == "RHK 1: IKI 1, aspect: Choose the aspect of this indicator."
    jpt = services.create_skp(actor=world.u_kadinkes, employee=world.kadinkes, period=period)
    good = services.create_template(actor=world.u_admin_bkpsdm, instance=world.a, name="P", content=TEMPLATE)
    with pytest.raises(ValidationError) as exc:
        services.apply_template(actor=world.u_kadinkes, skp=jpt, template=good, lock_version=0)
    assert "perspective" in exc.value.error_dict["content"][0].message
    foreign = SkpTemplate.objects.create(instance=world.b, name="B", content=TEMPLATE)
    with pytest.raises(ValidationError) as exc:
        services.apply_template(actor=world.u_staff1, skp=staff_skp, template=foreign, lock_version=0)
    assert codes(exc.value) == {"template": ["does_not_exist"]}
    assert not Rhk.objects.filter(skp__in=[staff_skp, jpt]).exists()


def test_update_template(world):
    template = services.create_template(actor=world.u_admin_bkpsdm, instance=world.a, name="Perawat",
                                        content=TEMPLATE, is_active=False)
    assert not template.is_active
    services.update_template(actor=world.u_admin_bkpsdm, template=template, name="Perawat Ahli Pertama",
                             position_kind="FUNGSIONAL", is_active=True, content=TEMPLATE[:1])
    template.refresh_from_db()
    assert (template.name, template.position_kind, template.is_active, len(template.content)) == (
        "Perawat Ahli Pertama", "FUNGSIONAL", True, 1)
    for fields, field in (({"content": []}, "content"), ({"name": " "}, "name"), ({"position_kind": "X"},
                                                                                      "position_kind"),
                          ({"owner": 1}, "owner"), ({"position_name": "x" * 201}, "position_name")):
        with pytest.raises(ValidationError) as exc:
            services.update_template(actor=world.u_admin_bkpsdm, template=template, **fields)
        assert list(exc.value.error_dict) == [field]
    for user in (world.u_admin_opd, world.u_admin_b, world.u_staff1):
        with pytest.raises(PermissionDenied):
            services.update_template(actor=user, template=template, name="x")
    template.refresh_from_db()
    assert template.name == "Perawat Ahli Pertama" and len(template.content) == 1


def test_templates_offered_to_a_position(world, period):
    from kinerja.skp import queries

    def make(name, position_name="", position_kind="", active=True):
        return services.create_template(actor=SYSTEM, instance=world.a, name=name, content=TEMPLATE,
                                        position_name=position_name, position_kind=position_kind, is_active=active)

    by_name = make("Perawat", position_name="perawat ahli pertama")
    by_kind = make("Fungsional", position_kind="FUNGSIONAL")
    everyone = make("Umum")
    make("Guru", position_name="Guru Ahli Pertama")
    make("Pelaksana", position_kind="PELAKSANA")
    make("Lama", active=False)
    SkpTemplate.objects.create(instance=world.b, name="B", content=TEMPLATE)
    skp = services.create_skp(actor=world.u_staff_yankes, employee=world.staff_yankes, period=period)
    assert list(queries.templates_for(skp)) == [by_name, by_kind, everyone]


def test_serialize_is_json_data(world, staff_skp):
    import json

    rhk = fill(staff_skp, world.u_staff1)
    data = services.serialize(staff_skp)
    assert json.loads(json.dumps(data)) == data
    assert data["rhks"][0]["id"] == rhk.pk and data["rhks"][0]["ikis"][0]["target_display"] == "12 laporan"
    assert data["lock_version"] == 2 and data["employee"]["nip"] == world.staff1.nip
    assert [e["value"] for e in data["expectations"]][:2] == ["berorientasi_pelayanan", "akuntabel"]
    assert set(data["appendix"]) == {"resources", "accountability", "consequences"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent transactions need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_one_wins_one_conflicts(world, period):
    """Two threads save the same SKP at the same time with the same lock_version: exactly one wins."""
    import threading

    from django.db import connections

    skp = services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)
    rhk = fill(skp, world.u_staff1)
    seen = fresh(skp).lock_version
    barrier = threading.Barrier(2)
    outcome = {}

    def save(name, user):
        try:
            barrier.wait(timeout=10)
            services.update_rhk(actor=user, rhk=Rhk.objects.select_related("skp__period", "skp__position",
                                                                           "skp__employee").get(pk=rhk.pk),
                                lock_version=seen, text=f"Versi {name}")
            outcome[name] = "saved"
        except services.ConflictError as exc:
            outcome[name] = str(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(name, user))
               for name, user in (("pegawai", world.u_staff1), ("admin", world.u_admin_opd))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(v == "saved" for v in outcome.values()) == [False, True], outcome
    winner = next(k for k, v in outcome.items() if v == "saved")
    assert Rhk.objects.get(pk=rhk.pk).text == f"Versi {winner}"
    assert Skp.objects.get(pk=skp.pk).lock_version == seen + 1
    loser_message = next(v for v in outcome.values() if v != "saved")
    assert "yours were not saved" in loser_message
