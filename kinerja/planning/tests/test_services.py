"""Plan services: each bad input is a field error and writes nothing; permissions; signing; budgets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kinerja.audit.models import AuditEvent
from kinerja.core.errors import PermissionDenied, ValidationError
from kinerja.core.testing import SYSTEM
from kinerja.organization import services as org
from kinerja.organization.models import PositionKind, UnitKind
from kinerja.people import services as people
from kinerja.people.models import AssignmentKind
from kinerja.planning import services as s
from kinerja.planning.models import AgreementStatus, IkuTarget, Mission, Renstra, Rpjmd

pytestmark = pytest.mark.django_db


def refused(call, field: str, code: str | None = None) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        call()
    errors = info.value.error_dict
    assert field in errors, f"expected an error on {field}, got {errors}"
    if code is not None:
        assert code in [e.code for e in errors[field]], [e.code for e in errors[field]]
    return info.value


# --- bad input: a clear field error, nothing written ------------------------------------------

def test_rpjmd_bad_input(world, plan, unchanged):
    a = world.u_admin_bkpsdm
    ok = {"title": "RPJMD 2030–2034", "start_year": 2030, "end_year": 2034, "vision": "Visi"}
    with unchanged():
        refused(lambda: s.create_rpjmd(actor=a, instance=world.a, **(ok | {"title": "  "})), "title", "required")
        refused(lambda: s.create_rpjmd(actor=a, instance=world.a, **(ok | {"vision": ""})), "vision", "required")
        refused(lambda: s.create_rpjmd(actor=a, instance=world.a, **(ok | {"start_year": "abc"})), "start_year")
        refused(lambda: s.create_rpjmd(actor=a, instance=world.a, **(ok | {"end_year": 2200})), "end_year", "range")
        refused(lambda: s.create_rpjmd(actor=a, instance=world.a, **(ok | {"end_year": 2029})), "end_year",
                "date_order")
        refused(lambda: s.create_rpjmd(actor=a, instance=world.a, **(ok | {"start_year": 2027})), "start_year",
                "overlap")
        refused(lambda: s.create_rpjmd(actor=a, instance=world.a, **(ok | {"start_year": 2025, "end_year": 2025})),
                "start_year", "overlap")
        # shrinking the RPJMD would leave the Renstra outside
        refused(lambda: s.update_rpjmd(actor=a, rpjmd=plan.rpjmd, end_year=2027), "end_year", "renstra_outside")
        refused(lambda: s.create_mission(actor=a, rpjmd=plan.rpjmd, text="x", number=2), "number", "duplicate")
        refused(lambda: s.create_mission(actor=a, rpjmd=plan.rpjmd, text="x", number=0), "number", "range")
        refused(lambda: s.create_mission(actor=a, rpjmd=plan.rpjmd, text=""), "text", "required")
        refused(lambda: s.update_mission(actor=a, mission=plan.m3, number=1), "number", "duplicate")


def test_renstra_bad_input(world, plan, unchanged):
    a = world.u_admin_bkpsdm
    with unchanged():
        refused(lambda: s.create_renstra(actor=a, unit=world.p2p, rpjmd=plan.rpjmd, title="R"), "unit", "not_opd")
        refused(lambda: s.create_renstra(actor=SYSTEM, unit=world.dinkes_b, rpjmd=plan.rpjmd, title="R"), "rpjmd",
                "other_instance")
        refused(lambda: s.create_renstra(actor=a, unit=world.dinkes, rpjmd=plan.rpjmd, title="R"), "start_year",
                "overlap")
        refused(lambda: s.update_renstra(actor=a, renstra=plan.renstra, end_year=2031), "end_year", "outside_rpjmd")
        refused(lambda: s.update_renstra(actor=a, renstra=plan.renstra, start_year=2024), "start_year",
                "outside_rpjmd")
        refused(lambda: s.update_renstra(actor=a, renstra=plan.renstra, title=""), "title", "required")
        # IKU targets for 2028–2029 exist: the Renstra cannot drop those years
        refused(lambda: s.update_renstra(actor=a, renstra=plan.renstra, end_year=2027), "end_year", "targets_outside")
        refused(lambda: s.create_goal(actor=a, renstra=plan.renstra, mission=None, text="T"), "mission", "required")
        refused(lambda: s.create_goal(actor=SYSTEM, renstra=plan.renstra, mission=plan.m_b, text="T"), "mission",
                "other_rpjmd")
        refused(lambda: s.create_goal(actor=a, renstra=plan.renstra, mission=plan.m1, text=" "), "text", "required")
        refused(lambda: s.create_strategic_target(actor=a, goal=plan.goal1, text="S", code="x" * 31), "code",
                "max_length")


def test_iku_bad_input(world, plan, unchanged):
    a = world.u_admin_opd
    with unchanged():
        refused(lambda: s.create_iku(actor=a, strategic_target=plan.st1, name="I", measure_unit="%",
                                     targets={2026: "banyak"}), "target_2026", "not_a_number")
        refused(lambda: s.create_iku(actor=a, strategic_target=plan.st1, name="I", measure_unit="%",
                                     targets={2026: "-5"}), "target_2026", "negative")
        refused(lambda: s.create_iku(actor=a, strategic_target=plan.st1, name="I", measure_unit="orang",
                                     targets={2031: "5"}), "target_2031", "outside_renstra")
        refused(lambda: s.create_iku(actor=a, strategic_target=plan.st1, name="I", measure_unit="%",
                                     baseline="-1"), "baseline", "negative")
        refused(lambda: s.create_iku(actor=a, strategic_target=plan.st1, name="I", measure_unit=""), "measure_unit",
                "required")
        refused(lambda: s.create_iku(actor=a, strategic_target=plan.st1, name="", measure_unit="%"), "name",
                "required")
        refused(lambda: s.create_iku_target(actor=a, iku=plan.iku1, year=2026, target=5), "year", "duplicate")
        refused(lambda: s.create_iku_target(actor=a, iku=plan.iku3, year=2030, target=5), "year", "outside_renstra")
        refused(lambda: s.create_iku_target(actor=a, iku=plan.iku3, year=2027, target="x"), "target", "not_a_number")
        refused(lambda: s.update_iku_target(actor=a, target=plan.iku1.targets.get(year=2026), value="-3"), "target",
                "negative")
        refused(lambda: s.set_iku_targets(actor=a, iku=plan.iku3, targets={2027: "85", 2028: "-1"}), "target_2028",
                "negative")
        refused(lambda: s.update_iku(actor=a, iku=plan.iku1, strategic_target=plan.st_disdik), "strategic_target")


def test_negative_targets_where_the_unit_allows_them(world, plan):
    iku = s.create_iku(actor=world.u_admin_opd, strategic_target=plan.st3, name="Laju pertumbuhan belanja",
                       measure_unit="% pertumbuhan", baseline="-1,5", targets={2026: "-0,5", 2027: "1"})
    assert iku.baseline == Decimal("-1.5")
    assert dict(iku.targets.values_list("year", "target")) == {2026: Decimal("-0.5"), 2027: Decimal("1")}
    # the unit cannot then become one that forbids negatives
    refused(lambda: s.update_iku(actor=world.u_admin_opd, iku=iku, measure_unit="%"), "measure_unit", "negative")


def test_pk_bad_input(world, plan, unchanged):
    a = world.u_admin_opd
    with unchanged():
        refused(lambda: s.create_agreement(actor=a, unit=world.dinkes, year=2026), "year", "duplicate")
        refused(lambda: s.create_agreement(actor=a, unit=world.dinkes, year=2031), "year", "no_renstra")
        refused(lambda: s.create_agreement(actor=a, unit=world.dinkes, year="dua ribu"), "year")
        refused(lambda: s.create_pk_indicator(actor=a, agreement=plan.pk, iku=plan.iku_disdik, target=1), "iku",
                "other_renstra")
        refused(lambda: s.create_pk_indicator(actor=SYSTEM, agreement=plan.pk, iku=plan.iku_b, target=1), "iku",
                "other_renstra")
        refused(lambda: s.create_pk_indicator(actor=a, agreement=plan.pk, iku=plan.iku1, target=1), "iku",
                "duplicate")
        refused(lambda: s.create_pk_indicator(actor=a, agreement=plan.pk, iku=plan.iku3, strategic_target=plan.st1,
                                              target=1), "strategic_target", "mismatch")
        refused(lambda: s.create_pk_indicator(actor=a, agreement=plan.pk, iku=plan.iku3, target="-2"), "target",
                "negative")
        refused(lambda: s.create_pk_indicator(actor=a, agreement=plan.pk, iku=plan.iku3, target=""), "target",
                "required")
        refused(lambda: s.create_pk_indicator(actor=a, agreement=plan.pk, name="Tanpa IKU", measure_unit="%",
                                              strategic_target=plan.st_disdik, target=1), "strategic_target",
                "other_renstra")
        refused(lambda: s.create_pk_indicator(actor=a, agreement=plan.pk, name="", measure_unit="%", target=1),
                "name", "required")
        for quarter in (0, 5, "q1", None, True):
            refused(lambda q=quarter: s.create_action_plan(actor=a, indicator=plan.ind1, quarter=q, action="A"),
                    "quarter")
        refused(lambda: s.create_action_plan(actor=a, indicator=plan.ind1, quarter=3, action=""), "action",
                "required")
        refused(lambda: s.create_action_plan(actor=a, indicator=plan.ind1, quarter=3, action="A", target="-1"),
                "target", "negative")
        refused(lambda: s.update_action_plan(actor=a, plan=plan.act1, quarter=7), "quarter", "range")


def test_rkt_bad_input(world, plan, unchanged):
    a = world.u_admin_opd
    with unchanged():
        refused(lambda: s.create_work_plan(actor=a, unit=world.dinkes, year=2026), "year", "duplicate")
        refused(lambda: s.create_work_plan(actor=a, unit=world.dinkes, year=2024), "year", "no_renstra")
        refused(lambda: s.create_programme(actor=a, work_plan=plan.rkt, strategic_target=None, name="P"),
                "strategic_target", "required")
        refused(lambda: s.create_programme(actor=a, work_plan=plan.rkt, strategic_target=plan.st_disdik, name="P"),
                "strategic_target", "other_renstra")
        refused(lambda: s.create_programme(actor=SYSTEM, work_plan=plan.rkt, strategic_target=plan.st1, name="P",
                                           mission=plan.m_b), "mission", "other_rpjmd")
        refused(lambda: s.create_programme(actor=a, work_plan=plan.rkt, strategic_target=plan.st1, name="P",
                                           budget="-1"), "budget", "negative")
        refused(lambda: s.create_programme(actor=a, work_plan=plan.rkt, strategic_target=plan.st1, name="P",
                                           budget="satu juta"), "budget", "not_a_number")
        refused(lambda: s.create_programme(actor=a, work_plan=plan.rkt, strategic_target=plan.st1, name=""),
                "name", "required")
        refused(lambda: s.create_activity(actor=a, programme=plan.prog1, name="K", budget="-500"), "budget",
                "negative")
        refused(lambda: s.create_activity(actor=a, programme=plan.prog1, name="K", budget="1,005"), "budget",
                "precision")
        refused(lambda: s.update_activity(actor=a, activity=plan.activity1, name=" "), "name", "required")


def test_unique_constraint_race_becomes_a_field_error(world, plan, unchanged):
    """Past the checks, the database's unique constraint still answers with a field error."""
    with unchanged():
        duplicate = IkuTarget(instance=world.a, iku=plan.iku1, year=2026, target=1)
        refused(lambda: s._create(duplicate, None, "planning.ikutarget.create", ("year", "taken")), "year",
                "duplicate")
        refused(lambda: s._create(Rpjmd(instance=world.a, title="x", start_year=2025, end_year=2025, vision="v"),
                                  None, "planning.rpjmd.create", ("start_year", "taken")), "start_year", "duplicate")


def test_delete_refused_while_used_and_allowed_when_free(world, plan, unchanged):
    a = world.u_admin_bkpsdm
    with unchanged():
        refused(lambda: s.delete_rpjmd(actor=a, rpjmd=plan.rpjmd), "__all__", "protected")
        refused(lambda: s.delete_mission(actor=a, mission=plan.m1), "__all__", "protected")
        refused(lambda: s.delete_renstra(actor=a, renstra=plan.renstra), "__all__", "protected")
        refused(lambda: s.delete_iku(actor=a, iku=plan.iku1), "__all__", "protected")
    s.delete_mission(actor=a, mission=plan.m3)
    assert not Mission.objects.filter(pk=plan.m3.pk).exists()
    s.delete_iku(actor=a, iku=plan.iku4)
    assert not IkuTarget.objects.filter(iku_id=plan.iku4.pk).exists()
    event = AuditEvent.objects.filter(action="planning.iku.delete").get()
    assert event.before["name"] == "Nilai SAKIP perangkat daerah" and event.after is None
    # a Renstra nobody uses goes, with its goals, targets and IKU
    s.delete_renstra(actor=a, renstra=plan.renstra_disdik)
    assert not Renstra.objects.filter(pk=plan.renstra_disdik.pk).exists()


# --- permissions ----------------------------------------------------------------------------------

def test_only_the_bkpsdm_admin_sets_the_rpjmd(world, plan, unchanged):
    data = {"title": "R", "start_year": 2030, "end_year": 2034, "vision": "V"}
    with unchanged():
        for user in (world.u_admin_opd, world.u_kadinkes, world.u_staff1, world.u_monev, world.u_admin_b):
            with pytest.raises(PermissionDenied):
                s.create_rpjmd(actor=user, instance=world.a, **data)
            with pytest.raises(PermissionDenied):
                s.update_mission(actor=user, mission=plan.m1, text="x")
    assert s.create_rpjmd(actor=world.u_admin_bkpsdm, instance=world.a, **data).pk


def test_opd_admin_edits_only_its_opd(world, plan, unchanged):
    opd = world.u_admin_opd  # Dinas Kesehatan
    s.update_goal(actor=opd, goal=plan.goal1, text="Meningkatnya derajat kesehatan")
    s.update_programme(actor=opd, programme=plan.prog1, budget="1.600.000.000")
    with unchanged():
        with pytest.raises(PermissionDenied):
            s.create_goal(actor=opd, renstra=plan.renstra_disdik, mission=plan.m1, text="x")
        with pytest.raises(PermissionDenied):
            s.create_renstra(actor=opd, unit=world.disdik, rpjmd=plan.rpjmd, title="x")
        with pytest.raises(PermissionDenied):
            s.create_work_plan(actor=opd, unit=world.disdik, year=2026)
        for user in (world.u_staff1, world.u_kabid_p2p, world.u_auditor, world.u_pimpinan, world.u_nobody):
            with pytest.raises(PermissionDenied):
                s.update_iku(actor=user, iku=plan.iku1, name="x")
            with pytest.raises(PermissionDenied):
                s.create_activity(actor=user, programme=plan.prog1, name="x")
        with pytest.raises(PermissionDenied):
            s.update_iku(actor=world.u_admin_b, iku=plan.iku1, name="x")


def test_unit_head_edits_own_pk_draft_only(world, plan, unchanged):
    head = world.u_kadinkes
    s.update_pk_indicator(actor=head, indicator=plan.ind1, target="88")
    s.create_action_plan(actor=head, indicator=plan.ind1, quarter=3, action="Evaluasi triwulan III")
    with unchanged():
        with pytest.raises(PermissionDenied):  # another unit's head
            s.update_pk_indicator(actor=world.u_kadisdik, indicator=plan.ind1, target="1")
        with pytest.raises(PermissionDenied):  # a subordinate head
            s.update_pk_indicator(actor=world.u_kabid_p2p, indicator=plan.ind1, target="1")
        with pytest.raises(PermissionDenied):  # the head may not delete, only the admins
            s.delete_agreement(actor=head, agreement=plan.pk)
        with pytest.raises(PermissionDenied):  # nor touch the Renstra
            s.update_iku(actor=head, iku=plan.iku1, name="x")
    s.sign_agreement(actor=head, agreement=plan.pk, signed_on=date(2026, 1, 15))
    plan.pk.refresh_from_db()
    with unchanged():
        with pytest.raises(PermissionDenied):  # signed: no longer the head's draft
            s.update_pk_indicator(actor=head, indicator=plan.ind1, target="90")
        refused(lambda: s.update_pk_indicator(actor=world.u_admin_opd, indicator=plan.ind1, target="90"), "status",
                "signed")
        refused(lambda: s.create_action_plan(actor=world.u_admin_opd, indicator=plan.ind1, quarter=4, action="x"),
                "status", "signed")
        refused(lambda: s.delete_agreement(actor=world.u_admin_opd, agreement=plan.pk), "status", "signed")


def test_a_sub_unit_head_drafts_their_own_pk(world, plan):
    pk = s.create_agreement(actor=world.u_kabid_p2p, unit=world.p2p, year=2026)
    assert pk.position == world.pos_kabid_p2p
    indicator = s.create_pk_indicator(actor=world.u_kabid_p2p, agreement=pk, iku=plan.iku1, target="87")
    assert indicator.strategic_target == plan.st1 and indicator.measure_unit == "%"
    with pytest.raises(PermissionDenied):
        s.create_agreement(actor=world.u_kabid_p2p, unit=world.yankes, year=2026)
    refused(lambda: s.create_agreement(actor=world.u_admin_opd, unit=org.create_unit(
        actor=SYSTEM, instance=world.a, parent=world.p2p, name="Seksi Tanpa Kepala", kind=UnitKind.SEKSI), year=2026),
        "unit", "no_head")


# --- signing --------------------------------------------------------------------------------------

def test_sign_sets_status_date_signatory_and_superior(world, plan):
    pk = s.create_agreement(actor=world.u_admin_opd, unit=world.p2p, year=2026)
    s.create_pk_indicator(actor=world.u_admin_opd, agreement=pk, iku=plan.iku2, target="40")
    signed = s.sign_agreement(actor=world.u_kabid_p2p, agreement=pk, signed_on=date(2026, 1, 20))
    assert signed.status == AgreementStatus.SIGNED and signed.signed_on == date(2026, 1, 20)
    assert signed.signatory == world.kabid_p2p and signed.superior == world.kadinkes
    event = AuditEvent.objects.filter(action="planning.agreement.sign").get()
    assert event.before["status"] == "draft" and event.after["status"] == "signed"
    assert event.after["signatory_id"] == world.kabid_p2p.pk
    refused(lambda: s.sign_agreement(actor=world.u_kabid_p2p, agreement=pk), "status", "signed")
    reopened = s.reopen_agreement(actor=world.u_admin_opd, agreement=pk)
    assert reopened.status == AgreementStatus.DRAFT and reopened.signatory is None and reopened.signed_on is None
    with pytest.raises(PermissionDenied):
        s.reopen_agreement(actor=world.u_kabid_p2p, agreement=s.sign_agreement(actor=SYSTEM, agreement=pk,
                                                                              signed_on=date(2026, 2, 1)))


def test_acting_official_signs_a_vacant_post(world, plan):
    people.set_active(actor=SYSTEM, employee=world.kabid_p2p, active=False, end_date=date(2025, 12, 31))
    people.assign_acting(actor=SYSTEM, employee=world.kabid_yankes, position=world.pos_kabid_p2p,
                         kind=AssignmentKind.PLT, start_date=date(2026, 1, 1))
    pk = s.create_agreement(actor=SYSTEM, unit=world.p2p, year=2026)
    s.create_pk_indicator(actor=SYSTEM, agreement=pk, iku=plan.iku1, target=90)
    signed = s.sign_agreement(actor=world.u_kabid_yankes, agreement=pk, signed_on=date(2026, 1, 10))
    assert signed.signatory == world.kabid_yankes and signed.superior == world.kadinkes


def test_sign_refusals(world, plan, unchanged):
    empty = s.create_agreement(actor=SYSTEM, unit=world.disdik, year=2026)
    vacant_unit = org.create_unit(actor=SYSTEM, instance=world.a, parent=world.disdik, name="Bidang SMP",
                                  kind=UnitKind.BIDANG)
    org.create_position(actor=SYSTEM, unit=vacant_unit, name="Kepala Bidang SMP", kind=PositionKind.ADMINISTRATOR,
                        is_head=True)
    vacant = s.create_agreement(actor=SYSTEM, unit=vacant_unit, year=2026)
    s.create_pk_indicator(actor=SYSTEM, agreement=vacant, iku=plan.iku_disdik, target=90)
    with unchanged():
        refused(lambda: s.sign_agreement(actor=world.u_kadisdik, agreement=empty), "indicators", "empty")
        refused(lambda: s.sign_agreement(actor=world.u_admin_bkpsdm, agreement=vacant, signed_on=date(2026, 1, 2)),
                "position", "vacant")
        refused(lambda: s.sign_agreement(actor=world.u_kadinkes, agreement=plan.pk, signed_on=date(2024, 12, 1)),
                "signed_on", "year")
        with pytest.raises(PermissionDenied):
            s.sign_agreement(actor=world.u_staff1, agreement=plan.pk)
        with pytest.raises(PermissionDenied):
            s.sign_agreement(actor=world.u_kadinkes_b, agreement=plan.pk)


# --- budgets --------------------------------------------------------------------------------------

def test_budget_warning_when_activities_exceed_the_programme(world, plan):
    activity = s.create_activity(actor=world.u_admin_opd, programme=plan.prog1, name="Tambahan", budget="150.000.001")
    assert activity.budget == Decimal("150000001.00")
    [warning] = activity.warnings
    assert "Rp 1.500.000.001" in warning and "Rp 1.500.000.000" in warning
    assert s.activities_total(plan.prog1) == Decimal("1500000001")
    programme = s.update_programme(actor=world.u_admin_opd, programme=plan.prog1, budget="1.500.000.001")
    assert programme.warnings == []
    fine = s.create_activity(actor=world.u_admin_opd, programme=plan.prog2, name="Kecil", budget="Rp 1.000")
    assert fine.warnings == [] and fine.budget == Decimal("1000")


def test_programme_mission_follows_its_strategic_target(world, plan):
    assert plan.prog1.mission == plan.m1 and plan.prog2.mission == plan.m2
    moved = s.update_programme(actor=world.u_admin_opd, programme=plan.prog2, strategic_target=plan.st2)
    assert moved.mission == plan.m1


def test_updates_without_change_write_no_event(world, plan):
    before = AuditEvent.objects.count()
    s.update_goal(actor=world.u_admin_opd, goal=plan.goal1, text=plan.goal1.text)
    assert AuditEvent.objects.count() == before


def test_set_iku_targets_creates_updates_and_removes(world, plan):
    s.set_iku_targets(actor=world.u_admin_opd, iku=plan.iku3, targets={2025: "", 2026: "83,5", 2027: "85"})
    assert dict(plan.iku3.targets.values_list("year", "target")) == {2026: Decimal("83.5"), 2027: Decimal("85")}
    actions = list(AuditEvent.objects.filter(action__startswith="planning.ikutarget.", object_type="planning.ikutarget")
                   .order_by("-id").values_list("action", flat=True)[:3])
    assert sorted(actions) == ["planning.ikutarget.create", "planning.ikutarget.delete", "planning.ikutarget.update"]


def test_opd_of_and_renstra_for(world, plan):
    assert s.opd_of(world.surv) == world.dinkes
    assert s.renstra_for(world.surv, 2027) == plan.renstra
    assert s.renstra_for(world.surv, 2031) is None
    assert s.rpjmd_for(world.a.pk, 2025) == plan.rpjmd
