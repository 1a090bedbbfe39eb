"""A small plan on top of the test world (kinerja.core.testing), built through the services.

Instance A: RPJMD 2025–2029 with three missions; Renstra of Dinas Kesehatan (two goals, three
strategic targets, four IKU with yearly targets) and of Dinas Pendidikan (one goal, one IKU); a
draft PK 2026 of Dinas Kesehatan with two indicators and quarterly action plans; its RKT 2026 with two
programmes and three activities. Instance B: its own RPJMD, Renstra, IKU, PK and RKT (out of scope).
"""

from __future__ import annotations

from types import SimpleNamespace

from kinerja.core.testing import SYSTEM

from . import services as s

YEARS = range(2025, 2030)


def build_plan(w) -> SimpleNamespace:
    p = SimpleNamespace()
    p.rpjmd = s.create_rpjmd(actor=SYSTEM, instance=w.a, title="RPJMD Kota Alpha 2025–2029", start_year=2025,
                             end_year=2029, vision="Kota Alpha yang sehat, cerdas dan sejahtera")
    p.m1 = s.create_mission(actor=SYSTEM, rpjmd=p.rpjmd, text="Meningkatkan kualitas sumber daya manusia")
    p.m2 = s.create_mission(actor=SYSTEM, rpjmd=p.rpjmd, text="Mewujudkan tata kelola pemerintahan yang baik")
    p.m3 = s.create_mission(actor=SYSTEM, rpjmd=p.rpjmd, text="Membangun infrastruktur yang merata")

    p.renstra = s.create_renstra(actor=SYSTEM, unit=w.dinkes, rpjmd=p.rpjmd, title="Renstra Dinas Kesehatan 2025–2029")
    p.goal1 = s.create_goal(actor=SYSTEM, renstra=p.renstra, mission=p.m1, code="T1",
                            text="Meningkatnya derajat kesehatan masyarakat")
    p.goal2 = s.create_goal(actor=SYSTEM, renstra=p.renstra, mission=p.m2, code="T2",
                            text="Meningkatnya akuntabilitas kinerja perangkat daerah")
    p.st1 = s.create_strategic_target(actor=SYSTEM, goal=p.goal1, code="S1.1",
                                      text="Menurunnya angka kesakitan penyakit menular")
    p.st2 = s.create_strategic_target(actor=SYSTEM, goal=p.goal1, code="S1.2",
                                      text="Meningkatnya mutu pelayanan kesehatan")
    p.st3 = s.create_strategic_target(actor=SYSTEM, goal=p.goal2, code="S2.1", text="Meningkatnya kualitas tata kelola")
    p.iku1 = s.create_iku(actor=SYSTEM, strategic_target=p.st1, code="IKU 1", name="Angka keberhasilan pengobatan TBC",
                          measure_unit="%", baseline="85", formula="Pasien sembuh / pasien diobati × 100%",
                          data_source="SITB", targets={y: 86 + i for i, y in enumerate(YEARS)})
    p.iku2 = s.create_iku(actor=SYSTEM, strategic_target=p.st1, code="IKU 2", name="Insiden DBD per 100.000 penduduk",
                          measure_unit="kasus", baseline="52,5", higher_is_better=False,
                          targets={y: 50 - 5 * i for i, y in enumerate(YEARS)})
    p.iku3 = s.create_iku(actor=SYSTEM, strategic_target=p.st2, code="IKU 3", name="Indeks kepuasan masyarakat",
                          measure_unit="indeks", baseline="78", targets={2025: 80, 2026: 82})
    p.iku4 = s.create_iku(actor=SYSTEM, strategic_target=p.st3, code="IKU 4", name="Nilai SAKIP perangkat daerah",
                          measure_unit="nilai", targets={2026: "70,5"})

    p.renstra_disdik = s.create_renstra(actor=SYSTEM, unit=w.disdik, rpjmd=p.rpjmd,
                                        title="Renstra Dinas Pendidikan 2025–2029")
    p.goal_disdik = s.create_goal(actor=SYSTEM, renstra=p.renstra_disdik, mission=p.m1,
                                  text="Meningkatnya mutu pendidikan")
    p.st_disdik = s.create_strategic_target(actor=SYSTEM, goal=p.goal_disdik, text="Meningkatnya angka partisipasi")
    p.iku_disdik = s.create_iku(actor=SYSTEM, strategic_target=p.st_disdik, name="Angka partisipasi murni SMP",
                                measure_unit="%", targets={2026: 92})

    p.pk = s.create_agreement(actor=SYSTEM, unit=w.dinkes, year=2026)
    p.ind1 = s.create_pk_indicator(actor=SYSTEM, agreement=p.pk, iku=p.iku1, target="87")
    p.ind2 = s.create_pk_indicator(actor=SYSTEM, agreement=p.pk, iku=p.iku2, target="45")
    p.act1 = s.create_action_plan(actor=SYSTEM, indicator=p.ind1, quarter=1, action="Pelacakan kasus mangkir",
                                  target="20")
    p.act2 = s.create_action_plan(actor=SYSTEM, indicator=p.ind1, quarter=2, action="Supervisi fasyankes")
    p.act3 = s.create_action_plan(actor=SYSTEM, indicator=p.ind2, quarter=1, action="Gerakan 3M Plus serentak")

    p.rkt = s.create_work_plan(actor=SYSTEM, unit=w.dinkes, year=2026)
    p.prog1 = s.create_programme(actor=SYSTEM, work_plan=p.rkt, strategic_target=p.st1, code="1.02.02",
                                 name="Program Pemenuhan Upaya Kesehatan", budget="1.500.000.000")
    p.prog2 = s.create_programme(actor=SYSTEM, work_plan=p.rkt, strategic_target=p.st3, code="1.02.01",
                                 name="Program Penunjang Urusan Pemerintahan", budget="250.000.000")
    p.activity1 = s.create_activity(actor=SYSTEM, programme=p.prog1, code="1.02.02.2.02",
                                    name="Penyediaan layanan kesehatan UKM", budget="900.000.000")
    p.activity2 = s.create_activity(actor=SYSTEM, programme=p.prog1, code="1.02.02.2.03",
                                    name="Pengendalian penyakit menular", budget="450.000.000")
    p.activity3 = s.create_activity(actor=SYSTEM, programme=p.prog2, code="1.02.01.2.01",
                                    name="Perencanaan dan evaluasi kinerja", budget="100.000.000")

    p.rpjmd_b = s.create_rpjmd(actor=SYSTEM, instance=w.b, title="RPJMD Kota Beta", start_year=2025, end_year=2029,
                               vision="Kota Beta maju")
    p.m_b = s.create_mission(actor=SYSTEM, rpjmd=p.rpjmd_b, text="Misi Beta")
    p.renstra_b = s.create_renstra(actor=SYSTEM, unit=w.dinkes_b, rpjmd=p.rpjmd_b, title="Renstra Dinkes B")
    p.goal_b = s.create_goal(actor=SYSTEM, renstra=p.renstra_b, mission=p.m_b, text="Tujuan Beta")
    p.st_b = s.create_strategic_target(actor=SYSTEM, goal=p.goal_b, text="Sasaran Beta")
    p.iku_b = s.create_iku(actor=SYSTEM, strategic_target=p.st_b, name="IKU Beta", measure_unit="%",
                           targets={2026: 50})
    p.pk_b = s.create_agreement(actor=SYSTEM, unit=w.dinkes_b, year=2026)
    p.ind_b = s.create_pk_indicator(actor=SYSTEM, agreement=p.pk_b, iku=p.iku_b, target=50)
    p.act_b = s.create_action_plan(actor=SYSTEM, indicator=p.ind_b, quarter=1, action="Aksi Beta")
    p.rkt_b = s.create_work_plan(actor=SYSTEM, unit=w.dinkes_b, year=2026)
    p.prog_b = s.create_programme(actor=SYSTEM, work_plan=p.rkt_b, strategic_target=p.st_b, name="Program Beta",
                                  budget=100)
    p.activity_b = s.create_activity(actor=SYSTEM, programme=p.prog_b, name="Kegiatan Beta", budget=50)
    return p


def plan_state() -> dict:
    """Every planning row and the audit log, to prove a refused write left nothing behind."""
    from django.apps import apps

    from kinerja.audit.models import AuditEvent

    state = {model.__name__: list(model.objects.order_by("pk").values_list())
             for model in apps.get_app_config("planning").get_models()}
    state["audit"] = AuditEvent.objects.count()
    return state
