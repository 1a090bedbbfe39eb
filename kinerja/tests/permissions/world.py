"""The harness world: the test world (core/testing.py) and its plan (planning/testing.py), plus one object
of every kind the pages and the API address, each in instance A (in scope) and, where it matters, in
instance B (out of scope). Built once per test module through the services.

Added to the world ``w`` (the plan is ``w.p``):

* ``u_admin_opd_disdik``: an OPD admin of Dinas Pendidikan (the "other unit" of the Dinkes OPD admin);
* SKP period 2026 ``period`` (A) and ``period_b`` (B); the template ``template`` (A), ``template_b`` (B);
* ``skp1``: staff1's draft SKP (``rhk1`` with ``iki1``; evaluator kasi_surv), ``skp2``: staff2's SKP,
  submitted; ``skp_kasi``: kasi_surv's SKP, approved (evaluator kabid_p2p); ``skp_b``: staff_b's SKP (B);
* ``item``: a socialisation item of the Dinkes OPD admin for Seksi Surveilans, published, with
  ``attachment``; ``draft``, its draft sibling; ``item_b`` in B;
* ``job``: a finished export of Bidang P2P asked for by the Dinkes OPD admin;
* ``event``: an audit event of instance A (about staff1), ``event_b`` of instance B;
* ``token``: an API token of staff1;
* ``acting``: staff_yankes as Plh of the Seksi Surveilans head from 2099 (no effect on today's scopes);
* monev (``_monev``): the member ``u_monev_chair``, a round, a session about staff_yankes, findings, a link,
  recommendations (``mv_rec`` owned by staff_yankes, ``mv_rec_late`` by Bidang Yankes) and a training need;
* feedback: ``report1`` (staff1's March report on ``iki1``), ``comment`` (kasi_surv's on ``rhk1``), ``dialogue``
  (kasi_surv with staff1, planned on 15 June 2026) and ``held`` (held, with the agreed ``action``).
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kinerja.accounts import services as accounts
from kinerja.accounts.models import Role
from kinerja.audit.models import AuditEvent
from kinerja.core.testing import SYSTEM, build_world
from kinerja.exports import services as exports
from kinerja.exports.models import ExportJob
from kinerja.exports.tasks import run_export
from kinerja.feedback import services as feedback
from kinerja.people import services as people
from kinerja.planning.testing import build_plan
from kinerja.progress.models import Report
from kinerja.skp import services as skp
from kinerja.socialisation import services as socialisation

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name: str = "Panduan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _fill(s, actor, text="Tersedianya data surveilans"):
    rhk = skp.add_rhk(actor=actor, skp=s, lock_version=s.lock_version, text=text,
                      perspective="proses_bisnis" if s.is_jpt else "")
    s.refresh_from_db()
    iki = skp.add_iki(actor=actor, rhk=rhk, lock_version=s.lock_version, text="Jumlah laporan",
                      aspect="" if s.is_jpt else "kuantitas", target_value="12", measure_unit="laporan")
    s.refresh_from_db()
    return rhk, iki


def build_harness_world():
    w = build_world()
    w.p = build_plan(w)
    w.u_admin_opd_disdik = accounts.create_user(actor=SYSTEM, instance=w.a, username="admin_opd_disdik",
                                                password=w.password, validate=False)
    accounts.grant_role(actor=SYSTEM, user=w.u_admin_opd_disdik, role=Role.ADMIN_OPD, unit=w.disdik)

    # A future Plh (no effect on today's scopes) for the "end acting" page.
    w.acting = people.assign_acting(actor=SYSTEM, employee=w.staff_yankes, position=w.pos_kasi_surv, kind="plh",
                                    start_date=date(2099, 1, 5))
    w.period = skp.ensure_period(actor=SYSTEM, instance=w.a, year=2026)
    w.period_b = skp.ensure_period(actor=SYSTEM, instance=w.b, year=2026)
    content = [{"group": "utama", "text": "Tersusunnya laporan", "ikis": [
        {"text": "Jumlah laporan", "aspect": "kuantitas", "target_kind": "number", "target_value": "12",
         "measure_unit": "laporan"}]}]
    w.template = skp.create_template(actor=SYSTEM, instance=w.a, name="Pengelola Data", content=content)
    w.template_b = skp.create_template(actor=SYSTEM, instance=w.b, name="Template B", content=content)

    w.skp1 = skp.create_skp(actor=w.u_staff1, employee=w.staff1, period=w.period)
    w.rhk1, w.iki1 = _fill(w.skp1, w.u_staff1)
    w.skp2 = skp.create_skp(actor=w.u_staff2, employee=w.staff2, period=w.period)
    _fill(w.skp2, w.u_staff2)
    w.skp2 = skp.submit(actor=w.u_staff2, skp=w.skp2, lock_version=w.skp2.lock_version)
    w.skp_kasi = skp.create_skp(actor=w.u_kasi_surv, employee=w.kasi_surv, period=w.period)
    w.rhk_kasi, _iki = _fill(w.skp_kasi, w.u_kasi_surv)
    w.skp_kasi = skp.submit(actor=w.u_kasi_surv, skp=w.skp_kasi, lock_version=w.skp_kasi.lock_version)
    w.skp_kasi = skp.approve(actor=w.u_kabid_p2p, skp=w.skp_kasi, lock_version=w.skp_kasi.lock_version)
    w.skp1.refresh_from_db()
    skp.update_rhk(actor=w.u_staff1, rhk=w.rhk1, lock_version=w.skp1.lock_version, parent=w.rhk_kasi)
    w.skp1.refresh_from_db()
    w.skp_b = skp.create_skp(actor=w.u_staff_b, employee=w.staff_b, period=w.period_b)
    w.rhk_b, w.iki_b = _fill(w.skp_b, w.u_staff_b, text="Tersusunnya laporan Beta")

    w.item = socialisation.create_item(actor=w.u_admin_opd, instance=w.a, title="Panduan penyusunan SKP 2026",
                                       body="Langkah penyusunan SKP.", category="guide", units=[w.surv],
                                       files=[pdf()])
    w.item = socialisation.publish_item(actor=w.u_admin_opd, item=w.item)
    w.attachment = w.item.attachments.get()
    w.draft = socialisation.create_item(actor=w.u_admin_opd, instance=w.a, title="Jadwal penilaian",
                                        body="Draf.", category="change", units=[w.surv])
    w.item_b = socialisation.create_item(actor=w.u_admin_b, instance=w.b, title="Panduan Beta", body="Isi.",
                                         category="guide", whole_instance=True, files=[pdf("Beta.pdf")])
    w.item_b = socialisation.publish_item(actor=w.u_admin_b, item=w.item_b)
    w.attachment_b = w.item_b.attachments.get()

    w.job = exports.request_skp_export(actor=w.u_admin_opd, period=w.period, unit=w.p2p)
    run_export.call(w.job.pk)
    w.job = ExportJob.objects.get(pk=w.job.pk)

    w.event = AuditEvent.objects.filter(instance_id=w.a.pk, object_type="people.employee",
                                        object_id=str(w.staff1.pk)).first()
    w.event_b = AuditEvent.objects.filter(instance_id=w.b.pk).first()
    w.token, w.token_raw = accounts.create_token(actor=w.u_staff1, user=w.u_staff1, name="cli")
    _progress(w)
    _evaluation(w)

    w.report1 = Report.objects.create(instance=w.a, skp=w.skp1, iki=w.iki1, employee=w.staff1, unit=w.skp1.unit,
                                      period_start=date(2026, 3, 1), period_end=date(2026, 3, 31), value=3)
    w.comment = feedback.post_comment(actor=w.u_kasi_surv, rhk=w.rhk1, body="Mohon lengkapi data minggu ketiga.")
    w.dialogue = feedback.schedule_dialogue(actor=w.u_kasi_surv, skp=w.skp1,
                                            scheduled_at=timezone.make_aware(datetime(2026, 6, 15, 9)),
                                            agenda="Capaian semester pertama Surveilans")
    w.held = feedback.schedule_dialogue(actor=w.u_kasi_surv, skp=w.skp1,
                                        scheduled_at=timezone.make_aware(datetime(2026, 3, 16, 9)))
    w.held = feedback.record_dialogue(actor=w.u_kasi_surv, dialogue=w.held, notes="Data lengkap.")
    w.action = feedback.add_action(actor=w.u_kasi_surv, dialogue=w.held, text="Kirim rekap bulanan")
    _monev(w)
    return w


def _monev(w) -> None:
    """The tim monev's records (kinerja/monev/tests/world.py: ``u_monev_chair`` a member, ``mv_*``), and a finding
    no recommendation rests on (``mv_finding_free``)."""
    from kinerja.monev import services as monev
    from kinerja.monev.tests.world import build_monev

    build_monev(w)
    w.mv_finding_free = monev.add_finding(actor=w.u_monev_chair, session=w.mv_session, text="Rekap belum rapi",
                                          category="evidence", severity="low")


def _progress(w) -> None:
    """kasi_surv's January report on the approved ``skp_kasi`` (evaluator kabid_p2p) with a file ``evidence`` and a
    link ``link``, an action plan ``plan`` and a daily log entry ``log_entry``; ``iki_kasi`` is its IKI."""
    from kinerja.progress import services as progress

    w.iki_kasi = w.rhk_kasi.ikis.get()
    w.report = progress.save_report(actor=w.u_kasi_surv, iki=w.iki_kasi, period_start=date(2026, 1, 1), value="3")
    w.evidence = progress.add_evidence(actor=w.u_kasi_surv, report=w.report, upload=pdf("Bukti.pdf"))
    w.link = progress.add_evidence(actor=w.u_kasi_surv, report=w.report, url="https://drive.example.org/bukti")
    w.plan = progress.save_action_plan(actor=w.u_kasi_surv, iki=w.iki_kasi, quarter=1, text="Menyusun laporan")
    w.log_entry = progress.log_day(actor=w.u_kasi_surv, rhk=w.rhk_kasi, date=date(2026, 1, 6), text="Rekap data",
                                   quantity="1", iki=w.iki_kasi)
    # supervision: kasi_surv's November report, submitted to kabid_p2p, with the link ``evidence_kasi``
    w.report_kasi = progress.save_report(actor=w.u_kasi_surv, iki=w.iki_kasi, period_start=date(2026, 11, 1),
                                         value="4")
    w.evidence_kasi = progress.add_evidence(actor=w.u_kasi_surv, report=w.report_kasi, caption="Rekap surveilans",
                                            url="https://example.org/rekap-surveilans")
    w.report_kasi = progress.submit_report(actor=w.u_kasi_surv, report=w.report_kasi,
                                           lock_version=w.report_kasi.lock_version)


def _evaluation(w) -> None:
    """kasi_surv's evaluations by kabid_p2p on the approved ``skp_kasi``: ``evaluation`` (annual, rated, draft) and
    ``evaluation_final`` (the first quarter, final: kasi_surv reads and acknowledges it)."""
    from kinerja.evaluation import services as evaluation
    from kinerja.rules.skp import BERAKHLAK_CODES

    evaluation.start_evaluations(actor=w.u_kabid_p2p, period=w.period, evaluator=w.kabid_p2p)
    evaluation.start_evaluations(actor=w.u_kabid_p2p, period=w.period, evaluator=w.kabid_p2p, kind="periodic",
                                 window_start=date(2026, 1, 1))
    from kinerja.evaluation.models import Evaluation

    w.evaluation = Evaluation.objects.get(employee=w.kasi_surv, kind="annual")
    w.evaluation = evaluation.rate(actor=w.u_kabid_p2p, evaluation=w.evaluation,
                                   lock_version=w.evaluation.lock_version, result_rating="sesuai",
                                   values={c: {"rating": "sesuai"} for c in BERAKHLAK_CODES})
    final = Evaluation.objects.get(employee=w.kasi_surv, kind="periodic")
    final = evaluation.rate(actor=w.u_kabid_p2p, evaluation=final, lock_version=final.lock_version,
                            result_rating="sesuai", values={c: {"rating": "sesuai"} for c in BERAKHLAK_CODES})
    w.evaluation_final = evaluation.finalise(actor=w.u_kabid_p2p, evaluation=final, lock_version=final.lock_version)
