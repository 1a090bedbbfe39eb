"""The organisation's plan above the SKP browser journey, so that the employee's chain reaches the mission.

Written with the models directly (the planning services are exercised by their own tests).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from kinerja.planning.models import (
    AgreementStatus,
    Goal,
    Iku,
    IkuTarget,
    Mission,
    PerformanceAgreement,
    PkIndicator,
    Renstra,
    Rpjmd,
    StrategicTarget,
)
from kinerja.skp.models import Iki, Rhk, Skp, SkpKind, SkpStatus

MISSION = "Mewujudkan masyarakat Kota Alpha yang sehat dan produktif"
IKU_NAME = "Persentase kejadian luar biasa yang ditanggulangi kurang dari 24 jam"
HEAD_RHK = "Meningkatnya kewaspadaan dini terhadap penyakit menular"


def cascade_plan(world, period, kabid_skp) -> SimpleNamespace:
    """RPJMD → Renstra Dinkes → IKU → the head's PK; the head's approved SKP carries it; the head of Bidang
    P2P's RHK now intervenes the head's RHK."""
    w, a, year = world, world.a, period.year
    rpjmd = Rpjmd.objects.create(instance=a, title="RPJMD Kota Alpha 2025–2029", start_year=2025, end_year=2029,
                                 vision="Kota Alpha yang sehat, cerdas dan sejahtera")
    mission = Mission.objects.create(instance=a, rpjmd=rpjmd, number=1, text=MISSION)
    renstra = Renstra.objects.create(instance=a, unit=w.dinkes, rpjmd=rpjmd, title="Renstra Dinas Kesehatan",
                                     start_year=2025, end_year=2029)
    goal = Goal.objects.create(instance=a, renstra=renstra, mission=mission, code="T1",
                               text="Meningkatkan derajat kesehatan masyarakat")
    target = StrategicTarget.objects.create(instance=a, goal=goal, code="S1.1",
                                            text="Menurunnya angka kesakitan penyakit menular")
    iku = Iku.objects.create(instance=a, strategic_target=target, unit=w.dinkes, code="IKU-01", name=IKU_NAME,
                             measure_unit="%")
    IkuTarget.objects.create(instance=a, iku=iku, year=year, target=Decimal(90))
    agreement = PerformanceAgreement.objects.create(instance=a, unit=w.dinkes, year=year, position=w.pos_kadinkes,
                                                    signatory=w.kadinkes, status=AgreementStatus.SIGNED,
                                                    signed_on=date(year, 1, 10))
    indicator = PkIndicator.objects.create(instance=a, agreement=agreement, strategic_target=target, iku=iku,
                                           name=IKU_NAME, measure_unit="%", target=Decimal(90), order=1)
    head = Skp.objects.create(instance=a, period=period, employee=w.kadinkes, kind=SkpKind.JPT,
                              position=w.pos_kadinkes, unit=w.dinkes, status=SkpStatus.APPROVED, version=1)
    head_rhk = Rhk.objects.create(instance=a, skp=head, text=HEAD_RHK, pk_indicator=indicator,
                                  perspective="penerima_layanan")
    Iki.objects.create(instance=a, rhk=head_rhk, text=IKU_NAME, target_value=Decimal(90), measure_unit="%")
    Rhk.objects.filter(skp=kabid_skp).update(parent=head_rhk)
    return SimpleNamespace(mission=mission, iku=iku, indicator=indicator, head_skp=head, head_rhk=head_rhk)
