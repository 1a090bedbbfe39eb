"""The evaluation tests' data on the test world: the period of this year, approved SKPs for staff1 and staff2
(evaluated by kasi_surv), kasi_surv (a unit head, evaluated by kabid_p2p) and staff_yankes (Perawat Ahli
Pertama, a functional official evaluated by kabid_yankes); staff1's achievement 95% (suggests "sesuai")."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.utils import timezone

from kinerja.core.testing import SYSTEM
from kinerja.progress.models import EmployeeAchievement
from kinerja.skp import services as skp
from kinerja.skp.models import Period


def approved_skp(period, employee, owner, evaluator):
    from kinerja.skp.models import Rhk

    s = skp.create_skp(actor=owner, employee=employee, period=period)
    parent = Rhk.objects.filter(skp__period=period, skp__position_id=employee.position.superior_id).first()
    rhk = skp.add_rhk(actor=owner, skp=s, lock_version=s.lock_version, text="Tersusunnya laporan",
                      perspective="proses_bisnis" if s.is_jpt else "", **({"parent": parent} if parent else {}))
    s.refresh_from_db()
    skp.add_iki(actor=owner, rhk=rhk, lock_version=s.lock_version, text="Jumlah laporan",
                aspect="" if s.is_jpt else "kuantitas", target_value="12", measure_unit="laporan")
    s.refresh_from_db()
    s = skp.submit(actor=owner, skp=s, lock_version=s.lock_version)
    return skp.approve(actor=evaluator, skp=s, lock_version=s.lock_version)


def add_staff_to_the_team(w, e, count: int = 6) -> None:
    """``count`` more staff under the surveillance section head (pos_data), each with an approved SKP: the team a
    query-count test grows to show the count does not follow its size."""
    from kinerja.core.testing import make_nip
    from kinerja.people import services as people

    for i in range(count):
        person = people.create_employee(actor=e.system, instance=w.a, name=f"Staf {i}", nip=make_nip(seq=50 + i),
                                        position=w.pos_data)
        approved_skp(e.period, person, w.u_admin_bkpsdm, w.u_kasi_surv)


def achieve(s, value, month: int = 12):
    return EmployeeAchievement.objects.create(instance_id=s.instance_id, skp=s, employee_id=s.employee_id,
                                              unit_id=s.unit_id, period_start=date(s.period.year, month, 1),
                                              achievement=value, indicators=1, reported=1)


def build(w) -> SimpleNamespace:
    e = SimpleNamespace()
    year = timezone.localdate().year
    e.period = Period.objects.create(instance=w.a, name=str(year), year=year, start_date=date(year, 1, 1),
                                     end_date=date(year, 12, 31), deadline=date(year, 1, 31))
    e.skp1 = approved_skp(e.period, w.staff1, w.u_staff1, w.u_kasi_surv)
    e.skp2 = approved_skp(e.period, w.staff2, w.u_staff2, w.u_kasi_surv)
    e.skp_kasi = approved_skp(e.period, w.kasi_surv, w.u_kasi_surv, w.u_kabid_p2p)
    e.skp_yankes = approved_skp(e.period, w.staff_yankes, w.u_staff_yankes, w.u_kabid_yankes)
    achieve(e.skp1, "80.00", month=6)
    achieve(e.skp1, "95.00", month=12)  # the newest up to the window's end wins
    achieve(e.skp2, "120.00")
    e.system = SYSTEM
    return e
