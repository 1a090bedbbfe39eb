"""The tim monev's part of a test world (used by the monev tests, the permission harness's world and the audit
cases): a member with a login, a round with a session about a health employee, a finding with a link, two
recommendations (one owned by the employee, one by the unit) and a training need.

Added to ``w``: ``pos_monev``, ``monev_chair`` (employee, Dinas Pendidikan) and its login ``u_monev_chair`` (an active
member, chair; gets the monev role), ``mv_member`` (the membership), ``mv_period``, ``mv_round`` (the whole
instance, today ± 120 days), ``mv_session`` (an interview with staff_yankes 40 days ago; participant kabid_yankes),
``mv_finding`` (with a link), ``mv_link`` (of the session), ``mv_rec`` (owner staff_yankes, due in 30 days),
``mv_rec_late`` (owner: the unit Bidang Pelayanan Kesehatan, i.e. kabid_yankes; due 10 days ago — overdue),
``mv_need`` (a training need of ``mv_rec``).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from kinerja.accounts import services as accounts
from kinerja.core.testing import SYSTEM, make_nip
from kinerja.monev import services as mv
from kinerja.organization import services as org
from kinerja.organization.models import PositionKind
from kinerja.people import services as people
from kinerja.skp.models import Period


def period_for(instance, year: int) -> Period:
    found = Period.objects.filter(instance=instance, year=year).order_by("start_date").first()
    if found is not None:
        return found
    return Period.objects.create(instance=instance, name=str(year), year=year, start_date=date(year, 1, 1),
                                 end_date=date(year, 12, 31), deadline=date(year, 1, 31))


def build_monev(w):
    today = timezone.localdate()
    w.pos_monev = org.create_position(actor=SYSTEM, unit=w.disdik, name="Analis Kinerja", kind=PositionKind.FUNGSIONAL)
    w.monev_chair = people.create_employee(actor=SYSTEM, instance=w.a, nip=make_nip("19790505", "200301", 1, 901),
                                           kind="PNS", name="Rahmat Hidayat", position=w.pos_monev, grade="III/c",
                                           tmt_grade=date(2015, 4, 1), tmt_position=date(2020, 1, 2))
    w.u_monev_chair = accounts.create_user(actor=SYSTEM, instance=w.a, username="monev_chair", password=w.password,
                                           employee=w.monev_chair, validate=False)
    w.mv_member = mv.add_member(actor=w.u_admin_bkpsdm, instance=w.a, employee=w.monev_chair, role="chair",
                                start_date=today - timedelta(days=365))
    w.mv_period = period_for(w.a, today.year)
    w.mv_round = mv.create_round(actor=w.u_monev_chair, instance=w.a, period=w.mv_period, name="Monev Semester II",
                                 start_date=today - timedelta(days=120), end_date=today + timedelta(days=120))
    w.mv_session = mv.create_session(actor=w.u_monev_chair, round_=w.mv_round, employee=w.staff_yankes,
                                     held_on=today - timedelta(days=40), participants=[w.kabid_yankes],
                                     notes="Target kunjungan rumah belum tercapai.")
    w.mv_finding = mv.add_finding(actor=w.u_monev_chair, session=w.mv_session, category="competency",
                                  severity="high", text="Pencatatan kunjungan belum dikuasai",
                                  links=["https://example.org/bukti-kunjungan"])
    w.mv_link = mv.add_link(actor=w.u_monev_chair, session=w.mv_session, url="https://example.org/notulen",
                            caption="Notulen")
    w.mv_rec = mv.create_recommendation(actor=w.u_monev_chair, session=w.mv_session, finding=w.mv_finding,
                                        text="Pelatihan pencatatan kunjungan rumah", category="training",
                                        owner_employee=w.staff_yankes, due_on=today + timedelta(days=30))
    w.mv_rec_late = mv.create_recommendation(actor=w.u_monev_chair, session=w.mv_session,
                                             text="Jadwal supervisi bulanan bidang", category="process",
                                             owner_unit=w.yankes, due_on=today - timedelta(days=10))
    w.mv_need = mv.add_training_need(actor=w.u_monev_chair, rec=w.mv_rec, competency="Pencatatan dan pelaporan",
                                     reason="Target kunjungan tidak tercapai", priority="high", target_unit=w.yankes,
                                     target_employees=[w.staff_yankes], estimated_participants=12,
                                     estimated_cost=6_000_000)
    return w
