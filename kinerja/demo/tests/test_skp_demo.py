"""The demo cities' plan and SKPs: complete, cascading, mixed statuses, deterministic, written in bulk."""

import hashlib
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.db.models import F
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.audit.models import AuditEvent
from kinerja.demo import plan_data
from kinerja.demo.data import load_demo
from kinerja.demo.skp_demo import build_demo_plan
from kinerja.demo.tests.building import demo_built
from kinerja.demo.world import INSTANCES
from kinerja.organization.models import Instance, Unit
from kinerja.people.chain import superior_chain
from kinerja.people.models import Employee
from kinerja.planning.models import (
    ActionPlan,
    Activity,
    Iku,
    IkuTarget,
    Mission,
    PerformanceAgreement,
    PkIndicator,
    Programme,
    Renstra,
    Rpjmd,
    WorkPlan,
)
from kinerja.rules import skp as rules
from kinerja.skp.models import BehaviourExpectation, Iki, Period, Rhk, Skp, SkpVersion

pytestmark = pytest.mark.django_db
PADANG = next(spec for spec in INSTANCES if spec.slug == "padang")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """All three cities, loaded once for the module (rolled back at its end)."""
    with demo_built(django_db_blocker) as logins:
        yield logins


def _digest(instance) -> str:
    """The plan and SKP content of ``instance`` by natural keys (no ids)."""
    rows = []
    rows += [("mission", m.number, m.text) for m in Mission.objects.filter(instance=instance)]
    rows += [("iku", i.unit.name, i.code, i.name, str(i.baseline), tuple(str(t.target) for t in i.targets.all()))
             for i in Iku.objects.filter(instance=instance).select_related("unit").prefetch_related("targets")]
    rows += [("action", a.indicator.name, a.quarter, a.action, str(a.target))
             for a in ActionPlan.objects.filter(instance=instance).select_related("indicator")]
    rows += [("activity", a.programme.code, a.code, a.name, str(a.budget))
             for a in Activity.objects.filter(instance=instance).select_related("programme")]
    rows += [("skp", s.employee.nip, s.status, s.version, s.return_reason, s.revision_reason,
              str(s.submitted_at), s.evaluator.nip if s.evaluator else "")
             for s in Skp.objects.filter(instance=instance).select_related("employee", "evaluator")]
    rows += [("rhk", r.skp.employee.nip, r.group, r.order, r.perspective, r.text,
              r.parent.skp.employee.nip if r.parent else "", r.parent.text if r.parent else "",
              r.pk_indicator.name if r.pk_indicator else "")
             for r in Rhk.objects.filter(instance=instance).select_related("skp__employee", "parent__skp__employee",
                                                                           "pk_indicator")]
    rows += [("iki", i.rhk.skp.employee.nip, i.rhk.text, i.order, i.aspect, i.text, i.target_display,
              i.lower_is_better) for i in Iki.objects.filter(instance=instance).select_related("rhk__skp__employee")]
    rows += [("expect", e.skp.employee.nip, e.value, e.expectation)
             for e in BehaviourExpectation.objects.filter(instance=instance).select_related("skp__employee")]
    rows += [("version", v.skp.employee.nip, v.number, v.action, v.status, v.note, str(v.at))
             for v in SkpVersion.objects.filter(instance=instance).select_related("skp__employee")]
    h = hashlib.sha256()
    for row in sorted(map(repr, rows)):
        h.update(row.encode())
    return h.hexdigest()


def _current(**filters):
    """SKPs of this year's period (the demo also has last year's, closed and approved)."""
    return Skp.objects.filter(period__year=timezone.localdate().year, **filters)


def _drop_plan(instance) -> None:
    from kinerja.evaluation.models import Appeal, Calibration, Evaluation, UnitRating
    from kinerja.feedback360.models import Round as Round360
    from kinerja.monev.models import Recommendation, Session
    from kinerja.monev.models import Round as MonevRound

    # what the demo built on the plan (evaluations, 360 rounds, the tim monev's round) goes first
    for model in (Appeal, Evaluation, UnitRating, Calibration, Round360, Recommendation, Session, MonevRound):
        model.objects.filter(instance=instance).delete()
    Skp.objects.filter(instance=instance).delete()
    Period.objects.filter(instance=instance).delete()
    PerformanceAgreement.objects.filter(instance=instance).delete()
    WorkPlan.objects.filter(instance=instance).delete()
    Renstra.objects.filter(instance=instance).delete()
    Rpjmd.objects.filter(instance=instance).delete()


def test_the_plan_is_complete_for_every_opd(demo):
    year = timezone.localdate().year
    for instance in Instance.objects.all():
        rpjmd = Rpjmd.objects.get(instance=instance)
        assert rpjmd.covers(year) and rpjmd.end_year - rpjmd.start_year == 4
        assert 4 <= rpjmd.missions.count() <= 6
        opds = Unit.objects.filter(instance=instance, depth=1)
        renstras = Renstra.objects.filter(instance=instance)
        assert {r.unit_id for r in renstras} == {u.pk for u in opds}
        for renstra in renstras.prefetch_related("goals__targets"):
            assert renstra.goals.exists()
            for goal in renstra.goals.all():
                assert goal.mission.rpjmd_id == rpjmd.pk and goal.targets.exists()
        ikus = Iku.objects.filter(instance=instance)
        assert ikus.count() >= 3 * opds.count()
        assert IkuTarget.objects.filter(instance=instance).count() == 5 * ikus.count()
        assert ikus.filter(higher_is_better=False).exists() or instance.slug == "padang"
        assert not ikus.filter(baseline__isnull=True).exists()
        agreements = PerformanceAgreement.objects.filter(instance=instance, year=year)
        assert agreements.count() == opds.count()
        assert not agreements.exclude(status="signed").exists()
        assert not agreements.filter(signatory__isnull=True).exists()
        indicators = PkIndicator.objects.filter(instance=instance, agreement__year=year)
        assert indicators.count() == ikus.count()
        for indicator in indicators.select_related("iku", "agreement"):
            target = IkuTarget.objects.get(iku=indicator.iku, year=year).target
            assert indicator.target == target and indicator.agreement.unit_id == indicator.iku.unit_id
        assert ActionPlan.objects.filter(instance=instance, indicator__agreement__year=year).count() == \
            4 * indicators.count()
        plans = WorkPlan.objects.filter(instance=instance, year=year)
        assert plans.count() == opds.count()
        for programme in Programme.objects.filter(instance=instance).prefetch_related("activities"):
            activities = list(programme.activities.all())
            assert activities and programme.budget == sum(a.budget for a in activities) > 0
            assert programme.mission.rpjmd_id == rpjmd.pk
    names = set(Iku.objects.values_list("name", flat=True))
    for expected in ("Indeks Kepuasan Masyarakat", "Persentase layanan administrasi kependudukan selesai tepat waktu",
                     "Angka kematian ibu", "Rasio guru-murid jenjang SD", "Persentase sampah tertangani"):
        assert expected in names


def test_skps_cascade_from_the_pk_to_every_level(demo):
    skps = {s.employee_id: s for s in _current().select_related("period", "position", "employee")}
    assert len(skps) > 200
    for period in Period.objects.all():
        assert period.kind == "annual" and period.deadline == date(period.year, 1, 31)
    rhks = list(Rhk.objects.select_related("skp", "parent__skp", "pk_indicator__agreement"))
    for rhk in rhks:
        skp = rhk.skp
        if skp.kind == "jpt":
            assert rhk.perspective and rhk.parent_id is None
        if rhk.parent_id is not None:
            # the RHK it intervenes belongs to the SKP of the employee's (acting) superior, same period
            assert rhk.parent.skp.employee_id == skp.evaluator_id, rhk
            assert rhk.parent.skp.period_id == skp.period_id
        if rhk.pk_indicator_id is not None:
            assert rhk.pk_indicator.agreement.unit_id == skp.unit_id or skp.kind == "jpt"
    # every main RHK of a standard SKP that left draft names its superior's RHK
    for rhk in rhks:
        if rhk.skp.kind == "standard" and rhk.group == "utama" and rhk.skp.status != "draft":
            assert rhk.parent_id is not None, rhk
    # the evaluator is the one people.chain names (acting officials first)
    for skp in list(skps.values())[::15]:
        chain = superior_chain(skp.employee)
        assert skp.evaluator_id == (chain[0].holder.pk if chain else None)
    # JPT heads carry their PK's indicators; most IKU are carried by someone, one is left for the report
    year = timezone.localdate().year
    carried = set(Rhk.objects.filter(skp__period__year=year).exclude(pk_indicator=None)
                  .values_list("pk_indicator_id", flat=True))
    total = PkIndicator.objects.filter(agreement__year=year).count()
    assert total - 3 <= len(carried) < total
    assert not Rhk.objects.exclude(pk_indicator=None).exclude(pk_indicator__agreement__year=F("skp__period__year"))
    # last year: a closed period where everybody's SKP was approved (material for "copy from last period")
    last = Period.objects.filter(year=year - 1)
    assert last.count() == 3 and all(p.is_closed for p in last)
    assert set(Skp.objects.filter(period__in=last).values_list("status", flat=True)) == {"approved"}
    assert Skp.objects.filter(period__in=last).count() == Employee.objects.filter(is_active=True).count()
    ikis = list(Iki.objects.all())
    assert len(ikis) >= 2 * len(rhks)
    assert {i.target_kind for i in ikis} == {"number", "range", "text"}
    assert {i.aspect for i in ikis} >= {"kuantitas", "kualitas", "waktu", "biaya"}
    assert any(i.lower_is_better for i in ikis)
    for iki in ikis[::7]:
        rules.clean_target(iki.target_kind, value=iki.target_value, low=iki.target_min, high=iki.target_max,
                           text=iki.target_text, measure_unit=iki.measure_unit)
    assert Counter(BehaviourExpectation.objects.values_list("skp_id", flat=True)) == Counter(
        dict.fromkeys(Skp.objects.values_list("pk", flat=True), 7))
    approved = Skp.objects.filter(status="approved")
    assert not BehaviourExpectation.objects.filter(skp__in=approved, expectation="").exists()
    assert not approved.filter(appendix__isnull=True).exists()


def test_statuses_are_mixed_in_every_city(demo):
    for instance in Instance.objects.all():
        skps = _current(instance=instance)
        statuses = Counter(skps.values_list("status", flat=True))
        assert statuses["approved"] > sum(statuses.values()) / 2, (instance, statuses)
        assert statuses["submitted"] and statuses["returned"] and statuses["draft"], statuses
        assert not skps.filter(status="returned", return_reason="").exists()
        revisions = skps.filter(status="draft", version=1)  # the random one, and the pegawai login's in December
        assert revisions.exists()
        for revision in revisions:
            assert revision.revision_reason and revision.approved_at
            assert [v.action for v in revision.versions.order_by("number")][-1] == "revise"
        employees = Employee.objects.filter(instance=instance, is_active=True).count()
        assert 0 < employees - skps.count() < employees * 0.25  # some have none: the overdue list has names
    # every workflow step left a version and an audit event
    for skp in Skp.objects.filter(status__in=["approved", "returned"]).prefetch_related("versions"):
        actions = [v.action for v in sorted(skp.versions.all(), key=lambda v: v.number)]
        assert actions[0] == "submit" and actions[-1] == ("approve" if skp.status == "approved" else "return")
        if skp.status == "approved":
            assert "revise" not in actions
        if skp.status == "returned":
            assert sorted(skp.versions.all(), key=lambda v: v.number)[-1].note == skp.return_reason
    assert AuditEvent.objects.filter(action="skp.skp.approve").count() == SkpVersion.objects.filter(
        action="approve").count()
    version = SkpVersion.objects.filter(action="approve").first()
    assert version.content["status"] == "approved" and version.content["rhks"]
    assert version.content["employee"]["nip"] == version.skp.employee.nip


def test_each_pegawai_login_reports_on_an_approved_skp_and_a_colleague_revises_one(demo):
    for spec in INSTANCES:
        logins = {login.role: login.username for login in spec.logins}
        pegawai = User.objects.get(username=logins["pegawai"]).employee
        revisi = User.objects.get(username=logins["pegawai_revisi"]).employee
        penilai = User.objects.get(username=logins["penilai"]).employee
        mine = _current().get(employee=pegawai)
        boss = _current().get(employee=penilai)
        last_year = timezone.localdate().year - 1
        assert Skp.objects.filter(employee=pegawai, period__year=last_year, status="approved").exists()
        assert mine.status == "approved" and boss.status == "approved"
        assert mine.evaluator_id == penilai.pk
        # the SKP workflow's example: the colleague's approved SKP reopened for a revision this week
        revised = _current().get(employee=revisi)
        assert revised.status in ("draft", "returned") and revised.version == 1, spec.slug
        assert revised.evaluator_id == penilai.pk and revisi.position_id == pegawai.position_id
        parents = set(Rhk.objects.filter(skp=mine).exclude(parent=None).values_list("parent__skp_id", flat=True))
        assert parents == {boss.pk}
        # and everybody above them has an approved SKP, up to the Sekda
        chain = superior_chain(penilai, levels=10)
        assert chain
        for link in chain:
            assert _current().get(employee=link.holder).status == "approved"
        # someone else waits for the penilai's decision
        assert _current(evaluator=penilai, status="submitted").exists(), spec.slug


def test_the_plan_is_deterministic_and_written_in_bulk(django_assert_max_num_queries):
    load_demo([PADANG])
    instance = Instance.objects.get(slug="padang")
    first = _digest(instance)
    _drop_plan(instance)
    with django_assert_max_num_queries(60):  # bulk writes: does not grow with the number of employees
        summary = build_demo_plan(instance, PADANG)
    assert summary["skp"] + summary["previous_year"]["skp"] == Skp.objects.filter(instance=instance).count()
    assert _digest(instance) == first
    # an older demo database without a plan gets one on the next load
    _drop_plan(instance)
    load_demo([PADANG])
    assert _digest(instance) == first


def test_plan_content_is_well_formed():
    for region in plan_data.REGIONS.values():
        assert 4 <= len(region.missions) <= 6 and region.vision
    plans = [*plan_data.OPD_PLANS.values(), plan_data.KECAMATAN,
             plan_data.generic_opd_plan("Dinas Sosial", ["Bidang Rehabilitasi Sosial"], plan_data.SOC)]
    for plan in plans:
        targets = plan.targets()
        for iku in plan.ikus():
            assert len(iku.targets) == 5 and iku.rhk and iku.unit
            rising = iku.targets[-1] >= iku.targets[0] >= iku.baseline - Decimal("0.01")
            falling = iku.targets[-1] <= iku.targets[0] <= iku.baseline
            assert rising if iku.higher_is_better else falling, iku
        for programme in plan.programmes:
            assert programme.target < len(targets) and programme.activities
    for rhk in [*plan_data.EXTRA_RHKS, *plan_data.STAFF_FALLBACK,
                *plan_data.head_rhks("bidang", "Bidang Angkutan", "Dinas Perhubungan")]:
        for iki in rhk.ikis:
            t = iki.target
            rules.clean_target(t.kind, value=t.value, low=t.low, high=t.high, text=t.text, measure_unit=t.unit)
