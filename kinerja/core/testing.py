"""A small, complete world for tests: two instances, a unit tree, every role.

Built through the services as the system actor ``SYSTEM`` (``system_actor("test")``), so tests exercise the
real write path.

Instance A (Kota Alpha)                        Instance B (Kota Beta)
└─ Dinas Kesehatan (kadinkes, JPT)              └─ Dinas Kesehatan B (kadinkes_b)
   ├─ Bidang P2P (kabid_p2p)                       └─ staff_b
   │  └─ Seksi Surveilans (kasi_surv)
   │     └─ staff1, staff2 (Pengelola Data, multi-holder)
   └─ Bidang Pelayanan (kabid_yankes)
      └─ staff_yankes
└─ Dinas Pendidikan (kadisdik, JPT)
   └─ staff_disdik
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from types import SimpleNamespace

from kinerja.accounts import services as account_services
from kinerja.accounts.models import Role
from kinerja.core.actors import system_actor
from kinerja.organization import services as org_services
from kinerja.organization.models import PositionKind, UnitKind
from kinerja.people import services as people_services

SYSTEM = system_actor("test")

PASSWORD = "Rahasia-Uji-2026"


def make_nip(birth: str = "19850312", tmt: str = "201001", sex: int = 1, seq: int = 1) -> str:
    return f"{birth}{tmt}{sex}{seq:03d}"


class _Seq:
    def __init__(self):
        self.n = 0

    def __call__(self) -> int:
        self.n += 1
        return self.n


def build_world() -> SimpleNamespace:
    w = SimpleNamespace()
    seq = _Seq()
    w.a = org_services.create_instance(actor=SYSTEM, name="Pemerintah Kota Alpha", slug="alpha", region="Alpha")
    w.b = org_services.create_instance(actor=SYSTEM, name="Pemerintah Kota Beta", slug="beta", region="Beta")

    def unit(instance, name, kind, parent=None):
        return org_services.create_unit(actor=SYSTEM, instance=instance, parent=parent, name=name, kind=kind)

    def position(u, name, kind, head=False, single=None):
        data = {"name": name, "kind": kind, "is_head": head}
        if single is not None:
            data["single_holder"] = single
        return org_services.create_position(actor=SYSTEM, unit=u, **data)

    def person(instance, name, pos, sex=1, kind="PNS", grade="III/a"):
        n = seq()
        return people_services.create_employee(
            actor=SYSTEM, instance=instance, nip=make_nip("19800101", "200501", sex, n), kind=kind, name=name,
            position=pos, grade=grade, tmt_grade=date(2015, 4, 1), tmt_position=date(2020, 1, 2),
        )

    w.dinkes = unit(w.a, "Dinas Kesehatan", UnitKind.DINAS)
    w.p2p = unit(w.a, "Bidang P2P", UnitKind.BIDANG, w.dinkes)
    w.surv = unit(w.a, "Seksi Surveilans", UnitKind.SEKSI, w.p2p)
    w.yankes = unit(w.a, "Bidang Pelayanan Kesehatan", UnitKind.BIDANG, w.dinkes)
    w.disdik = unit(w.a, "Dinas Pendidikan", UnitKind.DINAS)
    w.dinkes_b = unit(w.b, "Dinas Kesehatan B", UnitKind.DINAS)

    w.pos_kadinkes = position(w.dinkes, "Kepala Dinas Kesehatan", PositionKind.JPT, head=True)
    w.pos_kabid_p2p = position(w.p2p, "Kepala Bidang P2P", PositionKind.ADMINISTRATOR, head=True)
    w.pos_kasi_surv = position(w.surv, "Kepala Seksi Surveilans", PositionKind.PENGAWAS, head=True)
    w.pos_data = position(w.surv, "Pengelola Data", PositionKind.PELAKSANA)
    w.pos_kabid_yankes = position(w.yankes, "Kepala Bidang Pelayanan", PositionKind.ADMINISTRATOR, head=True)
    w.pos_perawat = position(w.yankes, "Perawat Ahli Pertama", PositionKind.FUNGSIONAL)
    w.pos_kadisdik = position(w.disdik, "Kepala Dinas Pendidikan", PositionKind.JPT, head=True)
    w.pos_staff_disdik = position(w.disdik, "Pengadministrasi Umum", PositionKind.PELAKSANA)
    w.pos_kadinkes_b = position(w.dinkes_b, "Kepala Dinas Kesehatan B", PositionKind.JPT, head=True)
    w.pos_staff_b = position(w.dinkes_b, "Pengadministrasi Umum", PositionKind.PELAKSANA)

    w.kadinkes = person(w.a, "Siti Aminah", w.pos_kadinkes, sex=2, grade="IV/c")
    w.kabid_p2p = person(w.a, "Budi Santoso", w.pos_kabid_p2p, grade="IV/a")
    w.kasi_surv = person(w.a, "Rina Wulandari", w.pos_kasi_surv, sex=2, grade="III/d")
    w.staff1 = person(w.a, "Andi Pratama", w.pos_data)
    w.staff2 = person(w.a, "Dewi Lestari", w.pos_data, sex=2)
    w.kabid_yankes = person(w.a, "Hendra Gunawan", w.pos_kabid_yankes, grade="IV/a")
    w.staff_yankes = person(w.a, "Maya Sari", w.pos_perawat, sex=2)
    w.kadisdik = person(w.a, "Joko Widodo", w.pos_kadisdik, grade="IV/c")
    w.staff_disdik = person(w.a, "Agus Salim", w.pos_staff_disdik, grade="II/c")
    w.kadinkes_b = person(w.b, "Bambang Sutrisno", w.pos_kadinkes_b, grade="IV/c")
    w.staff_b = person(w.b, "Nur Hidayah", w.pos_staff_b, sex=2)

    def login(username, instance, employee=None):
        return account_services.create_user(actor=SYSTEM, instance=instance, username=username,
                                            password=PASSWORD, employee=employee, validate=False)

    for name in ("kadinkes", "kabid_p2p", "kasi_surv", "staff1", "staff2", "kabid_yankes", "staff_yankes",
                 "kadisdik", "staff_disdik"):
        setattr(w, f"u_{name}", login(name, w.a, getattr(w, name)))
    w.u_kadinkes_b = login("kadinkes_b", w.b, w.kadinkes_b)
    w.u_staff_b = login("staff_b", w.b, w.staff_b)

    w.u_admin_bkpsdm = login("admin_bkpsdm", w.a)
    w.u_admin_opd = login("admin_opd", w.a)  # Dinas Kesehatan only
    w.u_monev = login("monev", w.a)
    w.u_pimpinan = login("pimpinan", w.a)
    w.u_auditor = login("auditor", w.a)
    w.u_admin_b = login("admin_b", w.b)
    w.u_nobody = login("nobody", w.a)  # a login with no employee and no role
    for user, role, unit in (
        (w.u_admin_bkpsdm, Role.ADMIN_BKPSDM, None),
        (w.u_admin_opd, Role.ADMIN_OPD, w.dinkes),
        (w.u_monev, Role.MONEV, None),
        (w.u_pimpinan, Role.PIMPINAN, None),
        (w.u_auditor, Role.AUDITOR, None),
        (w.u_admin_b, Role.ADMIN_BKPSDM, None),
    ):
        account_services.grant_role(actor=SYSTEM, user=user, role=role, unit=unit)
    from kinerja.accounts.models import User

    w.u_root = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    w.password = PASSWORD
    return w


@contextmanager
def rolled_back(django_db_blocker):
    """A transaction around a module's shared data, rolled back when the module is done; each test
    then runs in its own savepoint inside it (pytest-django's ``db``)."""
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
