"""Bad input is refused by the services with a message naming the field; nothing is half-written."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.audit.models import AuditEvent
from kinerja.core.testing import SYSTEM, make_nip
from kinerja.organization import services as org
from kinerja.organization.models import Position, PositionKind, Unit
from kinerja.people import services as people
from kinerja.people.models import Assignment, Employee


def field_of(exc: ValidationError) -> set[str]:
    return set(exc.value.message_dict)


def unchanged(func):
    """Run ``func`` expecting a ValidationError; prove no row and no audit event was written."""
    counts = (Employee.objects.count(), Unit.objects.count(), Position.objects.count(), Assignment.objects.count(),
              AuditEvent.objects.count())
    with pytest.raises(ValidationError) as exc:
        func()
    assert counts == (Employee.objects.count(), Unit.objects.count(), Position.objects.count(),
                      Assignment.objects.count(), AuditEvent.objects.count())
    return exc


@pytest.mark.parametrize(
    ("raw", "code"),
    [("19851312201001 1 001", "birth_month"), ("19850230201001 1 001", "birth_date"), ("1985031220100110", "length"),
     ("19850312X010011001", "not_digits"), ("198503122010131001", "tmt_month")],
)
def test_invalid_nip(world, raw, code):
    exc = unchanged(lambda: people.create_employee(actor=world.u_admin_bkpsdm, instance=world.a, nip=raw,
                                                   name="Uji", position=world.pos_data))
    assert field_of(exc) == {"nip"}
    assert exc.value.error_dict["nip"][0].code == code


def test_duplicate_nip(world):
    exc = unchanged(lambda: people.create_employee(actor=world.u_admin_bkpsdm, instance=world.a,
                                                   nip=world.staff1.nip, name="Kembar", position=world.pos_data))
    assert field_of(exc) == {"nip"} and world.staff1.nip in str(exc.value)


def test_same_nip_in_another_instance_is_its_own_record(world):
    people.create_employee(actor=world.u_admin_b, instance=world.b, nip=world.staff1.nip, name="Andi Pratama")
    assert Employee.objects.filter(nip=world.staff1.nip).count() == 2


def test_position_of_another_instance(world):
    exc = unchanged(lambda: people.create_employee(actor=SYSTEM, instance=world.a, nip=make_nip(seq=777),
                                                   name="Salah Instansi", position=world.pos_staff_b))
    assert field_of(exc) == {"position"}


def test_two_active_holders_of_single_holder_position(world):
    exc = unchanged(lambda: people.create_employee(actor=world.u_admin_bkpsdm, instance=world.a,
                                                   nip=make_nip(seq=601), name="Kasi Kedua",
                                                   position=world.pos_kasi_surv))
    assert field_of(exc) == {"position"} and "Rina Wulandari" in str(exc.value)
    exc = unchanged(lambda: people.transfer_employee(actor=world.u_admin_bkpsdm, employee=world.staff1,
                                                     position=world.pos_kasi_surv, start_date=date(2026, 2, 1)))
    assert field_of(exc) == {"position"}


def test_multi_holder_position_takes_many(world):
    people.create_employee(actor=world.u_admin_bkpsdm, instance=world.a, nip=make_nip(seq=602),
                           name="Staf Ketiga", position=world.pos_data)
    assert Employee.objects.filter(position=world.pos_data).count() == 3


def test_unit_made_its_own_ancestor(world):
    exc = unchanged(lambda: org.move_unit(actor=world.u_admin_bkpsdm, unit=world.dinkes, new_parent=world.surv))
    assert field_of(exc) == {"parent"}
    exc = unchanged(lambda: org.move_unit(actor=world.u_admin_bkpsdm, unit=world.p2p, new_parent=world.p2p))
    assert field_of(exc) == {"parent"}
    world.surv.refresh_from_db()
    assert world.surv.path.startswith(world.dinkes.path)


def test_superior_outside_the_instance(world):
    exc = unchanged(lambda: org.create_position(actor=world.u_admin_bkpsdm, unit=world.surv, name="Analis",
                                                kind=PositionKind.FUNGSIONAL, superior=world.pos_kadinkes_b))
    assert field_of(exc) == {"superior"}
    exc = unchanged(lambda: org.update_position(actor=world.u_admin_bkpsdm, position=world.pos_data,
                                                superior=world.pos_kadinkes_b))
    assert field_of(exc) == {"superior"}


def test_superior_cycle(world):
    exc = unchanged(lambda: org.update_position(actor=world.u_admin_bkpsdm, position=world.pos_kadinkes,
                                                superior=world.pos_data))
    assert field_of(exc) == {"superior"}


def test_second_head_position(world):
    exc = unchanged(lambda: org.create_position(actor=world.u_admin_bkpsdm, unit=world.surv, name="Kepala Lain",
                                                kind=PositionKind.PENGAWAS, is_head=True))
    assert field_of(exc) == {"is_head"}


def test_parent_unit_of_another_instance(world):
    exc = unchanged(lambda: org.create_unit(actor=SYSTEM, instance=world.a, parent=world.dinkes_b, name="X"))
    assert field_of(exc) == {"parent"}


def test_overlapping_acting_assignments(world):
    people.assign_acting(actor=world.u_admin_bkpsdm, employee=world.kasi_surv, position=world.pos_kabid_yankes,
                         kind="plt", start_date=date(2026, 1, 1), end_date=date(2026, 3, 31))
    exc = unchanged(lambda: people.assign_acting(actor=world.u_admin_bkpsdm, employee=world.kabid_p2p,
                                                 position=world.pos_kabid_yankes, kind="plh",
                                                 start_date=date(2026, 3, 1), end_date=date(2026, 3, 5)))
    assert field_of(exc) == {"start_date"}


def test_scope_is_enforced_in_services(world):
    with pytest.raises(PermissionDenied):  # OPD admin of Dinas Kesehatan in Dinas Pendidikan
        org.create_unit(actor=world.u_admin_opd, instance=world.a, parent=world.disdik, name="Bidang SD")
    with pytest.raises(PermissionDenied):
        people.update_employee(actor=world.u_admin_opd, employee=world.staff_disdik, name="X")
    with pytest.raises(PermissionDenied):
        people.update_employee(actor=world.u_admin_b, employee=world.staff1, name="X")
    with pytest.raises(PermissionDenied):  # a superior reads, never writes
        people.update_employee(actor=world.u_kasi_surv, employee=world.staff1, name="X")


def test_transfer_keeps_history_and_the_chain_follows(world):
    from kinerja.people.chain import superior_chain

    people.transfer_employee(actor=world.u_admin_bkpsdm, employee=world.staff1, position=world.pos_perawat,
                             start_date=date(2026, 2, 1), decree_number="SK-1/2026")
    history = list(world.staff1.assignments.order_by("start_date").values_list("position__name", "end_date"))
    assert history == [("Pengelola Data", date(2026, 1, 31)), ("Perawat Ahli Pertama", None)]
    world.staff1.refresh_from_db()
    assert world.staff1.unit == world.yankes
    assert [link.holder for link in superior_chain(world.staff1)] == [world.kabid_yankes, world.kadinkes]


def test_acting_official_evaluates_in_place_of_holder(world):
    from kinerja.people.chain import superior_chain

    people.set_active(actor=world.u_admin_bkpsdm, employee=world.kasi_surv, active=False)
    people.assign_acting(actor=world.u_admin_bkpsdm, employee=world.kabid_p2p, position=world.pos_kasi_surv,
                         kind="plt", start_date=date(2020, 1, 1))
    link = superior_chain(world.staff1)[0]
    assert link.holder == world.kabid_p2p and link.acting_label == "Plt."


def test_bad_email(world):
    exc = unchanged(lambda: people.update_employee(actor=world.u_admin_bkpsdm, employee=world.staff1,
                                                   email="bukan-email"))
    assert field_of(exc) == {"email"}
