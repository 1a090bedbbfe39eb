"""Each service writes exactly its audit event, with who, what, before and after."""

import importlib
import importlib.util
from datetime import date

import pytest
from django.apps import apps
from django.db import connection

from kinerja.accounts import services as accounts
from kinerja.accounts.models import Role
from kinerja.audit.models import AppendOnlyError, AuditEvent
from kinerja.core.testing import make_nip
from kinerja.organization import services as org
from kinerja.organization.models import PositionKind, UnitKind
from kinerja.people import services as people
from kinerja.people.models import AssignmentKind
from kinerja.socialisation import services as socialisation


def _acting(w):
    return people.assign_acting(actor=w.u_admin_bkpsdm, employee=w.kabid_yankes, position=w.pos_kabid_p2p,
                                kind=AssignmentKind.PLH, start_date=date(2026, 1, 5), end_date=date(2026, 1, 9))


def _policy(w, publish: bool = False):
    item = socialisation.create_item(actor=w.u_admin_bkpsdm, instance=w.a, title="Panduan penyusunan SKP 2026",
                                     body="Langkah penyusunan SKP.", category="guide", units=[w.surv])
    return socialisation.publish_item(actor=w.u_admin_bkpsdm, item=item) if publish else item


CASES = {
    "organization.instance.create": lambda w: org.create_instance(actor=w.u_root, name="Kota Gamma", slug="gamma"),
    "organization.instance.update": lambda w: org.update_instance(actor=w.u_root, instance=w.a, region="Alpha Raya"),
    "organization.instance.signing_place": lambda w: org.set_signing_place(actor=w.u_admin_bkpsdm, instance=w.a,
                                                                            city="Kota Alpha Baru"),
    "organization.unit.create": lambda w: org.create_unit(actor=w.u_admin_opd, instance=w.a, parent=w.p2p,
                                                          name="Seksi Imunisasi", kind=UnitKind.SEKSI),
    "organization.unit.update": lambda w: org.update_unit(actor=w.u_admin_bkpsdm, unit=w.p2p,
                                                          name="Bidang Pencegahan dan Pengendalian Penyakit"),
    "organization.unit.move": lambda w: org.move_unit(actor=w.u_admin_bkpsdm, unit=w.surv, new_parent=w.yankes),
    "organization.position.create": lambda w: org.create_position(actor=w.u_admin_opd, unit=w.surv,
                                                                   name="Epidemiolog Ahli Muda",
                                                                   kind=PositionKind.FUNGSIONAL),
    "organization.position.update": lambda w: org.update_position(actor=w.u_admin_bkpsdm, position=w.pos_data,
                                                                   name="Pengolah Data"),
    "people.employee.create": lambda w: people.create_employee(
        actor=w.u_admin_opd, instance=w.a, nip=make_nip(seq=501), name="Putri Ayu", position=w.pos_data),
    "people.employee.update": lambda w: people.update_employee(actor=w.u_admin_opd, employee=w.staff1,
                                                               back_title="S.Kom.", grade="III/b"),
    "people.employee.transfer": lambda w: people.transfer_employee(
        actor=w.u_admin_bkpsdm, employee=w.staff_disdik, position=w.pos_data, start_date=date(2026, 3, 1)),
    "people.assignment.acting": _acting,
    "people.assignment.end": lambda w: people.end_acting(actor=w.u_admin_bkpsdm, assignment=_acting(w),
                                                         end_date=date(2026, 1, 7)),
    "people.employee.deactivate": lambda w: people.set_active(actor=w.u_admin_bkpsdm, employee=w.staff2,
                                                              active=False),
    "people.employee.activate": lambda w: people.set_active(
        actor=w.u_admin_bkpsdm, employee=people.set_active(actor=w.u_admin_bkpsdm, employee=w.staff2, active=False),
        active=True),
    "accounts.user.create": lambda w: accounts.create_user(actor=w.u_admin_bkpsdm, instance=w.a,
                                                           username="baru", password="Sangat-Rahasia-99"),
    "accounts.role.grant": lambda w: accounts.grant_role(actor=w.u_admin_bkpsdm, user=w.u_staff1,
                                                         role=Role.MONEV),
    "accounts.role.revoke": lambda w: accounts.revoke_role(actor=w.u_admin_bkpsdm,
                                                           grant=w.u_monev.role_grants.get()),
    "accounts.token.create": lambda w: accounts.create_token(actor=w.u_staff1, user=w.u_staff1, name="cli"),
    "accounts.token.revoke": lambda w: accounts.revoke_token(
        actor=w.u_staff1, token=accounts.create_token(actor=w.u_staff1, user=w.u_staff1, name="x")[0]),
    "socialisation.item.create": lambda w: socialisation.create_item(
        actor=w.u_admin_opd, instance=w.a, title="Perubahan jadwal penetapan SKP", body="Batas akhir 31 Januari.",
        category="change", units=[w.p2p]),
    "socialisation.item.update": lambda w: socialisation.update_item(actor=w.u_admin_bkpsdm, item=_policy(w),
                                                                     title="Panduan SKP 2026", units=[w.dinkes]),
    "socialisation.item.publish": lambda w: _policy(w, publish=True),
    "socialisation.acknowledgement.create": lambda w: socialisation.acknowledge(actor=w.u_staff1,
                                                                                item=_policy(w, publish=True)),
    "socialisation.reminder.create": lambda w: socialisation.send_reminders(actor=w.u_admin_bkpsdm,
                                                                            item=_policy(w, publish=True)),
}



def app_cases() -> dict:
    """The cases each app keeps in ``kinerja/<app>/tests/audit_cases.py`` (every public dict named ``*CASES``): the
    plan (RPJMD → Renstra → IKU → PK → RKT), the SKP, export jobs, passwords and logins in bulk, …"""
    found = {}
    for config in apps.get_app_configs():
        if config.name.startswith("kinerja.") and importlib.util.find_spec(f"{config.name}.tests.audit_cases"):
            module = importlib.import_module(f"{config.name}.tests.audit_cases")
            for name, cases in vars(module).items():
                if name.endswith("CASES") and not name.startswith("_") and isinstance(cases, dict):
                    assert not set(found) & set(cases), f"cases declared twice: {set(found) & set(cases)}"
                    found |= cases
    return found


CASES |= app_cases()


@pytest.mark.parametrize("action", sorted(CASES))
def test_service_records_its_audit_event(world, action):
    getattr(CASES[action], "prepare", lambda w: None)(world)  # data the case needs, written before we look
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    CASES[action](world)
    events = list(AuditEvent.objects.filter(id__gt=last, action=action))
    assert len(events) == 1, f"{action}: {len(events)} events"
    event = events[0]
    assert event.actor is not None and event.actor_label
    assert event.object_type and event.object_id
    assert event.instance_id is not None
    if action.endswith((".create", ".acting", ".grant")):
        assert event.before is None and event.after
    elif action.endswith(".delete") or (action.endswith(".revoke") and action.startswith("accounts.role")):
        assert event.before and event.after is None
    else:
        assert event.before and event.after and event.before != event.after


def test_update_event_holds_before_and_after_values(world):
    people.update_employee(actor=world.u_admin_opd, employee=world.staff1, back_title="S.Kom.")
    event = AuditEvent.objects.filter(action="people.employee.update").get()
    assert event.before["back_title"] == "" and event.after["back_title"] == "S.Kom."
    assert ("back_title", "", "S.Kom.") in event.changed_fields()
    assert event.actor == world.u_admin_opd


def test_audit_log_is_append_only(world):
    event = AuditEvent.objects.first()
    event.action = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_database_refuses_raw_update(world):
    """A trigger on PostgreSQL and on SQLite (kinerja/audit/tests/test_append_only.py has the details)."""
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'x'")
