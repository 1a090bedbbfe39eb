"""Every SKP service with the audit event it must write (used by kinerja/tests/test_services_audit.py)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.utils import timezone

from kinerja.core.testing import SYSTEM
from kinerja.skp import services as s
from kinerja.skp.models import Period, Rhk, Skp, SkpTemplate
from kinerja.skp.services import settings as skp_settings

TEMPLATE = [{"group": "utama", "text": "Terlaksananya asuhan keperawatan", "ikis": [
    {"aspect": "kuantitas", "text": "Jumlah pasien", "target_kind": "number", "target_value": "120",
     "measure_unit": "pasien"}]}]


def _fresh(skp: Skp) -> Skp:
    return Skp.objects.select_related("period", "position", "employee").get(pk=skp.pk)


def _build(w) -> SimpleNamespace:
    """A period, the Kepala Seksi's SKP with an RHK, and Andi's SKP with an RHK linked to it."""
    k = SimpleNamespace()
    k.older = Period.objects.create(instance=w.a, name="2025", year=2025, start_date=date(2025, 1, 1),
                                    end_date=date(2025, 12, 31), deadline=date(2025, 1, 31))
    old = s.create_skp(actor=w.u_staff1, employee=w.staff1, period=k.older)
    s.add_rhk(actor=w.u_staff1, skp=old, lock_version=0, text="Laporan lama")
    k.period = Period.objects.create(instance=w.a, name="2026", year=2026, start_date=date(2026, 1, 1),
                                     end_date=date(2026, 12, 31), deadline=date(2026, 1, 31))
    k.top = s.create_skp(actor=w.u_kasi_surv, employee=w.kasi_surv, period=k.period)
    k.parent = s.add_rhk(actor=w.u_kasi_surv, skp=k.top, lock_version=0, text="Tersedianya data surveilans")
    k.skp = s.create_skp(actor=w.u_staff1, employee=w.staff1, period=k.period)
    k.rhk = s.add_rhk(actor=w.u_staff1, skp=k.skp, lock_version=0, text="Laporan mingguan", parent=k.parent)
    k.iki = s.add_iki(actor=w.u_staff1, rhk=k.rhk, lock_version=1, text="Jumlah laporan", aspect="kuantitas",
                      target_value="52", measure_unit="laporan")
    k.empty = s.create_skp(actor=w.u_staff2, employee=w.staff2, period=k.period)
    k.template = SkpTemplate.objects.create(instance=w.a, name="Perawat", content=TEMPLATE)
    return k


def _k(w) -> SimpleNamespace:
    if not hasattr(w, "_skp_cases"):
        w._skp_cases = _build(w)
    return w._skp_cases


def _submitted(w) -> Skp:
    k = _k(w)
    return s.submit(actor=w.u_staff1, skp=_fresh(k.skp), lock_version=_fresh(k.skp).lock_version)


def _approved(w) -> Skp:
    skp = _submitted(w)
    return s.approve(actor=w.u_kasi_surv, skp=_fresh(skp), lock_version=skp.lock_version)


def _flagged(w) -> Rhk:
    Rhk.objects.filter(pk=_k(w).rhk.pk).update(parent_changed_at=timezone.now())
    return Rhk.objects.select_related("skp__period", "skp__position", "skp__employee").get(pk=_k(w).rhk.pk)


def _closed(w) -> Period:
    return s.set_period_closed(actor=w.u_admin_bkpsdm, period=_k(w).older, closed=True)


class _Case:
    """A case whose data is written in ``prepare``, so that writing it does not count as the case's event."""

    def __init__(self, call, prepare=None):
        self.call = call
        self._prepare = prepare

    def __call__(self, w):
        return self.call(w, getattr(w, "_skp_prepared", None))

    def prepare(self, w):
        _k(w)
        w._skp_prepared = self._prepare(w) if self._prepare else None


def _lv(w, skp=None) -> int:
    return _fresh(skp or _k(w).skp).lock_version


_CASES = {
    "skp.period.create": _Case(lambda w, p: s.ensure_period(actor=w.u_admin_bkpsdm, instance=w.a, year=2030)),
    "skp.period.close": _Case(lambda w, p: _closed(w)),
    "skp.period.reopen": _Case(lambda w, p: s.set_period_closed(actor=w.u_admin_bkpsdm, period=p, closed=False),
                               prepare=_closed),
    "skp.period.scheme": _Case(lambda w, p: s.set_scoring_scheme(actor=w.u_admin_bkpsdm, period=_k(w).period,
                                                                 scheme="pp-30-2019")),
    "skp.skp.create": _Case(lambda w, p: s.create_skp(actor=w.u_admin_bkpsdm, employee=w.staff_yankes,
                                                      period=_k(w).period)),
    "skp.rhk.create": _Case(lambda w, p: s.add_rhk(actor=w.u_staff1, skp=_fresh(_k(w).skp), lock_version=_lv(w),
                                                   text="Laporan bulanan", group="tambahan")),
    "skp.rhk.update": _Case(lambda w, p: s.update_rhk(actor=w.u_staff1, rhk=_k(w).rhk, lock_version=_lv(w),
                                                      text="Laporan mingguan yang valid")),
    "skp.rhk.delete": _Case(lambda w, p: s.delete_rhk(actor=w.u_staff1, rhk=_k(w).rhk, lock_version=_lv(w))),
    "skp.rhk.acknowledge": _Case(lambda w, p: s.acknowledge_parent_change(actor=w.u_staff1, rhk=p),
                                 prepare=_flagged),
    "skp.iki.create": _Case(lambda w, p: s.add_iki(actor=w.u_staff1, rhk=_k(w).rhk, lock_version=_lv(w),
                                                   text="Ketepatan", aspect="waktu", target_kind="text",
                                                   target_text="Setiap Senin")),
    "skp.iki.update": _Case(lambda w, p: s.update_iki(actor=w.u_staff1, iki=_k(w).iki, lock_version=_lv(w),
                                                      target_value="48")),
    "skp.iki.delete": _Case(lambda w, p: s.delete_iki(actor=w.u_staff1, iki=_k(w).iki, lock_version=_lv(w))),
    "skp.appendix.update": _Case(lambda w, p: s.set_appendix(actor=w.u_staff1, skp=_fresh(_k(w).skp),
                                                             lock_version=_lv(w), kind="resources",
                                                             lines=["Laptop"])),
    "skp.expectations.update": _Case(lambda w, p: s.set_expectations(
        actor=w.u_kasi_surv, skp=_fresh(_k(w).skp), lock_version=_lv(w), expectations={"loyal": "Menjaga data"})),
    "skp.template.create": _Case(lambda w, p: s.create_template(actor=w.u_admin_bkpsdm, instance=w.a, name="Bidan",
                                                                content=TEMPLATE)),
    "skp.template.update": _Case(lambda w, p: s.update_template(actor=w.u_admin_bkpsdm, template=_k(w).template,
                                                                name="Perawat Ahli Pertama", is_active=False)),
    "skp.skp.apply_template": _Case(lambda w, p: s.apply_template(
        actor=w.u_staff2, skp=_fresh(_k(w).empty), template=_k(w).template, lock_version=_lv(w, _k(w).empty))),
    "skp.skp.copy": _Case(lambda w, p: s.copy_from_previous(actor=w.u_admin_bkpsdm, skp=p, lock_version=0),
                          prepare=lambda w: s.create_skp(actor=w.u_staff1, employee=w.staff1,
                                                         period=s.ensure_period(actor=SYSTEM, instance=w.a,
                                                                                year=2027))),
    "skp.skp.submit": _Case(lambda w, p: _submitted(w)),
    "skp.skp.withdraw": _Case(lambda w, p: s.withdraw(actor=w.u_staff1, skp=_fresh(p), lock_version=p.lock_version),
                              prepare=_submitted),
    "skp.skp.return": _Case(lambda w, p: s.return_skp(actor=w.u_kasi_surv, skp=_fresh(p), lock_version=p.lock_version,
                                                      reason="Target terlalu rendah"), prepare=_submitted),
    "skp.skp.approve": _Case(lambda w, p: s.approve(actor=w.u_kasi_surv, skp=_fresh(p), lock_version=p.lock_version),
                             prepare=_submitted),
    "skp.skp.revise": _Case(lambda w, p: s.start_revision(actor=w.u_staff1, skp=_fresh(p),
                                                          lock_version=p.lock_version, reason="Mutasi"),
                            prepare=_approved),
}

SKP_CASES = _CASES


# the instance settings page's section (skp/services/settings.py)
SETTINGS_CASES = {
    "skp.settings.update": lambda w: skp_settings.update_settings(
        actor=w.u_admin_bkpsdm, instance=w.a, values={"deadline_day": 15}),
}
