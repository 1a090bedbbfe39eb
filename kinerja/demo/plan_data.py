"""What the demo and synthetic plans say: RPJMD, Renstra, IKU, RKT and SKP content, in Indonesian.

Pure data and small pure helpers, no database. skp_demo.py writes it for the demo cities,
skp_seed.py for a synthetic government of any size.

* ``REGIONS``: each demo city's RPJMD (vision and missions, after the themes of the cities' own
  2025–2029 RPJMD) with the theme of each mission, so an OPD plan names a theme, not a number.
* ``OPD_PLANS``: a Renstra per kind of OPD (Setda, kecamatan, Dinas Kesehatan, Pendidikan,
  Perhubungan, Lingkungan Hidup): goals, strategic targets, IKU with baseline and five yearly
  targets, and the RKT programmes and activities with budget. ``generic_opd_plan`` makes one for
  any other OPD of the synthetic catalogue from its bidang.
* SKP content: RHK and IKI of unit heads by unit kind (``head_rhks``), of staff by position name
  (``staff_rhks``), extra (tambahan) RHK, lampiran lines, the superior's expectations per
  BerAKHLAK value, and reasons for a return or a revision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

GOV, HUMAN, ECON, INFRA, ENV, SOC = "gov", "human", "econ", "infra", "env", "soc"
PL, PB, PI, AG = "penerima_layanan", "proses_bisnis", "penguatan_internal", "anggaran"
KUANTITAS, KUALITAS, WAKTU, BIAYA = "kuantitas", "kualitas", "waktu", "biaya"

# --- targets -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    kind: str  # number / range / text
    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    text: str = ""
    unit: str = ""


def N(value, unit: str) -> Target:  # noqa: N802 - reads like the table it is
    return Target("number", value=Decimal(str(value)), unit=unit)


def R(low, high, unit: str) -> Target:  # noqa: N802
    return Target("range", low=Decimal(str(low)), high=Decimal(str(high)), unit=unit)


def T(text: str) -> Target:  # noqa: N802
    return Target("text", text=text)


@dataclass(frozen=True)
class IkiSpec:
    aspect: str
    text: str
    target: Target
    lower_is_better: bool = False


@dataclass(frozen=True)
class RhkSpec:
    text: str
    ikis: tuple[IkiSpec, ...]
    perspective: str = ""


# --- the plan ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IkuSpec:
    code: str
    name: str
    unit: str
    baseline: Decimal
    targets: tuple[Decimal, ...]  # one per RPJMD year
    rhk: str  # the head's RHK that carries it (a result statement)
    higher_is_better: bool = True
    formula: str = ""
    source: str = ""
    perspective: str = PL  # on a JPT's SKP
    aspect: str = KUALITAS  # on an Administrator's (Camat's) SKP


@dataclass(frozen=True)
class TargetSpec:
    text: str
    ikus: tuple[IkuSpec, ...]


@dataclass(frozen=True)
class GoalSpec:
    theme: str
    text: str
    targets: tuple[TargetSpec, ...]


@dataclass(frozen=True)
class ProgrammeSpec:
    code: str
    name: str
    theme: str
    target: int  # index of the strategic target (in the Renstra's order) it serves
    activities: tuple[tuple[str, str, int], ...]  # (code, name, budget in Rp)


@dataclass(frozen=True)
class OpdPlan:
    goals: tuple[GoalSpec, ...]
    programmes: tuple[ProgrammeSpec, ...]

    def targets(self) -> list[TargetSpec]:
        return [t for g in self.goals for t in g.targets]

    def ikus(self) -> list[IkuSpec]:
        return [i for t in self.targets() for i in t.ikus]


@dataclass(frozen=True)
class RegionPlan:
    title: str
    vision: str
    missions: tuple[tuple[str, tuple[str, ...]], ...]  # (text, themes)

    def mission_for(self, theme: str) -> int:
        """The number (1-based) of the first mission carrying ``theme`` (else mission 1)."""
        for number, (_text, themes) in enumerate(self.missions, start=1):
            if theme in themes:
                return number
        return 1


def rpjmd_years(year: int) -> tuple[int, int]:
    """The five-year RPJMD that covers ``year`` (2025–2029 for the current term)."""
    start = year - (year - 2025) % 5
    return start, start + 4


def _d(*values) -> tuple[Decimal, ...]:
    return tuple(Decimal(str(v)) for v in values)


def iku(code, name, unit, baseline, targets, rhk, *, lower=False, formula="", source="", perspective=PL,
        aspect=KUALITAS) -> IkuSpec:
    return IkuSpec(code, name, unit, Decimal(str(baseline)), _d(*targets), rhk, not lower, formula, source,
                   perspective, aspect)


REGIONS: dict[str, RegionPlan] = {
    "palembang": RegionPlan(
        "RPJMD Kota Palembang", "Terwujudnya Palembang yang Bersatu, Lebih Maju, dan Sejahtera untuk Semua", (
            ("Mewujudkan tata kelola pemerintahan yang bersih, efektif, dan melayani berbasis digital", (GOV,)),
            ("Meningkatkan kualitas sumber daya manusia yang sehat, cerdas, dan berakhlak mulia", (HUMAN,)),
            ("Mewujudkan pertumbuhan ekonomi yang inklusif berbasis potensi lokal dan kawasan tepian Sungai Musi",
             (ECON,)),
            ("Membangun infrastruktur kota dan lingkungan hidup yang berkelanjutan serta bebas banjir",
             (INFRA, ENV)),
            ("Mewujudkan kehidupan masyarakat yang aman, rukun, religius, dan berbudaya", (SOC,)),
        )),
    "padang": RegionPlan(
        "RPJMD Kota Padang", "Padang Kota Pendidikan, Perdagangan dan Pariwisata yang Maju, Sejahtera, Religius "
        "dan Berbudaya", (
            ("Mewujudkan tata kelola pemerintahan yang baik, bersih, dan berbasis teknologi informasi", (GOV,)),
            ("Meningkatkan kualitas dan pemerataan layanan pendidikan dan kesehatan", (HUMAN,)),
            ("Mengembangkan perdagangan, pariwisata, dan ekonomi kreatif yang berdaya saing", (ECON,)),
            ("Mewujudkan infrastruktur kota yang tangguh bencana serta lingkungan yang bersih dan hijau",
             (INFRA, ENV)),
            ("Mewujudkan masyarakat yang religius dan berbudaya berlandaskan Adat Basandi Syarak, Syarak Basandi "
             "Kitabullah", (SOC,)),
        )),
    "semarang": RegionPlan(
        "RPJMD Kota Semarang", "Terwujudnya Kota Semarang yang Semakin Hebat, Sejahtera, dan Berkelanjutan", (
            ("Meningkatkan kualitas sumber daya manusia yang sehat, cerdas, dan berdaya saing", (HUMAN,)),
            ("Mewujudkan tata kelola pemerintahan yang transparan, akuntabel, dan berbasis digital", (GOV,)),
            ("Meningkatkan perekonomian daerah yang inklusif dan berkelanjutan", (ECON,)),
            ("Mewujudkan infrastruktur dan sistem transportasi kota yang terpadu dan berwawasan lingkungan",
             (INFRA,)),
            ("Mewujudkan lingkungan hidup yang bersih, hijau, dan tangguh terhadap banjir dan rob", (ENV,)),
            ("Mewujudkan kehidupan masyarakat yang aman, toleran, dan berbudaya", (SOC,)),
        )),
}


def generic_region(name: str) -> RegionPlan:
    return RegionPlan(f"RPJMD {name.removeprefix('Pemerintah ')}",
                      f"Terwujudnya {name.removeprefix('Pemerintah ')} yang Maju, Sejahtera, dan Berkelanjutan", (
                          ("Mewujudkan tata kelola pemerintahan yang bersih, akuntabel, dan berbasis digital", (GOV,)),
                          ("Meningkatkan kualitas sumber daya manusia yang sehat, cerdas, dan berdaya saing",
                           (HUMAN,)),
                          ("Meningkatkan perekonomian daerah yang inklusif dan berdaya saing", (ECON,)),
                          ("Membangun infrastruktur dan lingkungan hidup yang berkelanjutan", (INFRA, ENV)),
                          ("Mewujudkan masyarakat yang aman, tertib, dan berbudaya", (SOC,)),
                      ))


IKM = "Rata-rata tertimbang nilai 9 unsur pelayanan × 25 (PermenPANRB 14/2017)"
PENUNJANG = ("Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", (
    ("01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", 185_000_000),
    ("02", "Administrasi Keuangan Perangkat Daerah", 4_250_000_000),
    ("05", "Administrasi Kepegawaian Perangkat Daerah", 96_500_000),
    ("06", "Administrasi Umum Perangkat Daerah", 412_000_000),
))


def _penunjang(prefix: str, scale: float = 1.0) -> ProgrammeSpec:
    return ProgrammeSpec(f"{prefix}.01", PENUNJANG[0], GOV, -1, tuple(
        (f"{prefix}.01.2.{code}", name, int(budget * scale)) for code, name, budget in PENUNJANG[1]))


SETDA = OpdPlan(
    goals=(
        GoalSpec(GOV, "Meningkatkan kualitas tata kelola pemerintahan daerah yang akuntabel dan berorientasi hasil", (
            TargetSpec("Meningkatnya akuntabilitas kinerja dan reformasi birokrasi pemerintah daerah", (
                iku("IKU-SETDA-01", "Nilai SAKIP Pemerintah Kota", "nilai", 68.5, (70, 72, 74, 76, 78),
                    "Meningkatnya akuntabilitas kinerja instansi pemerintah kota",
                    formula="Nilai hasil evaluasi SAKIP oleh Kementerian PANRB",
                    source="Laporan Hasil Evaluasi SAKIP Kementerian PANRB", perspective=PI),
                iku("IKU-SETDA-02", "Indeks Reformasi Birokrasi", "indeks", 65.2, (67, 69, 71, 73, 75),
                    "Terwujudnya birokrasi yang bersih, efektif, dan melayani",
                    formula="Nilai evaluasi Reformasi Birokrasi (PermenPANRB 9/2023)",
                    source="Laporan Hasil Evaluasi RB Kementerian PANRB", perspective=PB),
            )),
            TargetSpec("Meningkatnya kualitas pelayanan publik dan tertib hukum daerah", (
                iku("IKU-SETDA-03", "Indeks Kepuasan Masyarakat", "nilai", 82.1, (83, 84, 85, 86, 87),
                    "Meningkatnya kepuasan masyarakat atas pelayanan publik perangkat daerah", formula=IKM,
                    source="Survei Kepuasan Masyarakat seluruh unit layanan"),
                iku("IKU-SETDA-04", "Persentase produk hukum daerah yang ditetapkan tepat waktu", "%", 85,
                    (88, 90, 92, 94, 95), "Tersedianya produk hukum daerah yang tepat waktu dan berkualitas",
                    formula="Produk hukum ditetapkan sesuai jadwal ÷ produk hukum yang direncanakan × 100%",
                    source="Program Pembentukan Perda dan Perwal", perspective=PB),
            )),
        )),
        GoalSpec(ECON, "Meningkatkan efektivitas koordinasi kebijakan perekonomian dan pembangunan", (
            TargetSpec("Meningkatnya kualitas pengendalian pelaksanaan pembangunan daerah", (
                iku("IKU-SETDA-05", "Persentase realisasi fisik kegiatan pembangunan daerah", "%", 91.4,
                    (92, 93, 94, 95, 96), "Terkendalinya pelaksanaan pembangunan daerah sesuai rencana",
                    formula="Realisasi fisik ÷ target fisik kegiatan × 100%",
                    source="Laporan TEPRA / e-Monev", perspective=AG),
            )),
        )),
    ),
    programmes=(
        ProgrammeSpec("4.01.02", "Program Pemerintahan dan Kesejahteraan Rakyat", GOV, 0, (
            ("4.01.02.2.01", "Pelaksanaan Kebijakan Pemerintahan", 640_000_000),
            ("4.01.02.2.03", "Fasilitasi Penyusunan Produk Hukum Daerah", 515_000_000),
        )),
        ProgrammeSpec("4.01.03", "Program Perekonomian dan Pembangunan", ECON, 2, (
            ("4.01.03.2.03", "Pelaksanaan Administrasi Pembangunan", 380_000_000),
            ("4.01.03.2.04", "Pengendalian Pelaksanaan Pembangunan Daerah", 292_500_000),
        )),
        ProgrammeSpec("4.01.04", "Program Organisasi dan Tata Laksana", GOV, 1, (
            ("4.01.04.2.02", "Pelaksanaan Reformasi Birokrasi", 455_000_000),
            ("4.01.04.2.03", "Evaluasi Kinerja dan Pelayanan Publik", 268_000_000),
        )),
        _penunjang("4.01"),
    ),
)

KECAMATAN = OpdPlan(
    goals=(
        GoalSpec(GOV, "Meningkatkan kualitas pelayanan publik di tingkat kecamatan dan kelurahan", (
            TargetSpec("Meningkatnya kualitas pelayanan administrasi terpadu kecamatan (PATEN)", (
                iku("IKU-KEC-01", "Indeks Kepuasan Masyarakat terhadap pelayanan kecamatan", "nilai", 80.4,
                    (81.5, 82.5, 83.5, 84.5, 85.5), "Meningkatnya kepuasan masyarakat atas pelayanan kecamatan",
                    formula=IKM, source="Survei Kepuasan Masyarakat PATEN"),
                iku("IKU-KEC-02", "Persentase layanan administrasi kependudukan selesai tepat waktu", "%", 88,
                    (90, 92, 94, 96, 98), "Meningkatnya ketepatan waktu pelayanan administrasi kependudukan",
                    formula="Layanan selesai sesuai standar waktu ÷ seluruh layanan × 100%",
                    source="Register layanan PATEN dan SIAK", perspective=PB),
            )),
        )),
        GoalSpec(SOC, "Meningkatkan ketenteraman, ketertiban, dan keberdayaan masyarakat", (
            TargetSpec("Meningkatnya ketenteraman dan ketertiban umum di wilayah kecamatan", (
                iku("IKU-KEC-03", "Persentase gangguan ketenteraman dan ketertiban umum yang tertangani", "%",
                    86, (88, 90, 92, 94, 95), "Tertanganinya gangguan ketenteraman dan ketertiban umum",
                    formula="Gangguan trantibum tertangani ÷ gangguan yang dilaporkan × 100%",
                    source="Laporan Seksi Trantibum", perspective=PB),
            )),
            TargetSpec("Meningkatnya partisipasi masyarakat dalam pembangunan kelurahan", (
                iku("IKU-KEC-04", "Persentase usulan musrenbang kelurahan yang terakomodasi dalam RKPD", "%", 34,
                    (36, 38, 40, 42, 45), "Meningkatnya usulan pembangunan masyarakat yang terakomodasi",
                    formula="Usulan terakomodasi ÷ usulan musrenbang kecamatan × 100%",
                    source="Aplikasi e-Musrenbang", perspective=PL, aspect=KUANTITAS),
            )),
        )),
    ),
    programmes=(
        ProgrammeSpec("7.01.02", "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik", GOV, 0, (
            ("7.01.02.2.01", "Koordinasi Penyelenggaraan Kegiatan Pemerintahan di Tingkat Kecamatan", 96_000_000),
            ("7.01.02.2.02", "Penyelenggaraan Urusan Pemerintahan yang Tidak Dilaksanakan oleh Unit Kerja "
                             "Perangkat Daerah (PATEN)", 148_500_000),
        )),
        ProgrammeSpec("7.01.03", "Program Pemberdayaan Masyarakat Desa dan Kelurahan", SOC, 2, (
            ("7.01.03.2.01", "Pemberdayaan Lembaga Kemasyarakatan Kelurahan", 1_250_000_000),
            ("7.01.03.2.02", "Fasilitasi Musyawarah Perencanaan Pembangunan Kelurahan", 64_000_000),
        )),
        ProgrammeSpec("7.01.04", "Program Koordinasi Ketentraman dan Ketertiban Umum", SOC, 1, (
            ("7.01.04.2.01", "Koordinasi Upaya Penyelenggaraan Ketenteraman dan Ketertiban Umum", 118_000_000),
        )),
        _penunjang("7.01", 0.35),
    ),
)

DINKES = OpdPlan(
    goals=(
        GoalSpec(HUMAN, "Meningkatkan derajat kesehatan masyarakat", (
            TargetSpec("Meningkatnya kesehatan ibu, anak, dan status gizi masyarakat", (
                iku("IKU-DINKES-01", "Angka kematian ibu", "per 100.000 kelahiran hidup", 98,
                    (95, 92, 89, 86, 83), "Menurunnya angka kematian ibu", lower=True,
                    formula="Jumlah kematian ibu ÷ jumlah kelahiran hidup × 100.000",
                    source="Laporan Kesehatan Ibu dan Anak (Profil Kesehatan)"),
                iku("IKU-DINKES-02", "Angka kematian bayi", "per 1.000 kelahiran hidup", 6.8,
                    (6.5, 6.2, 5.9, 5.6, 5.3), "Menurunnya angka kematian bayi", lower=True,
                    formula="Jumlah kematian bayi usia < 1 tahun ÷ jumlah kelahiran hidup × 1.000",
                    source="Laporan Kesehatan Ibu dan Anak (Profil Kesehatan)"),
                iku("IKU-DINKES-03", "Prevalensi stunting pada balita", "%", 16.8, (15, 13.5, 12, 11, 10),
                    "Menurunnya prevalensi stunting pada balita", lower=True,
                    formula="Balita pendek dan sangat pendek ÷ balita yang diukur × 100%",
                    source="e-PPGBM / Survei Kesehatan Indonesia", perspective=PB),
            )),
            TargetSpec("Meningkatnya pencegahan dan pengendalian penyakit", (
                iku("IKU-DINKES-04", "Persentase bayi yang mendapat imunisasi dasar lengkap", "%", 92,
                    (93, 94, 95, 96, 97), "Meningkatnya cakupan imunisasi dasar lengkap",
                    formula="Bayi diimunisasi dasar lengkap ÷ sasaran bayi × 100%",
                    source="Aplikasi ASIK Kementerian Kesehatan", perspective=PB, aspect=KUANTITAS),
                iku("IKU-DINKES-05", "Angka keberhasilan pengobatan tuberkulosis (success rate)", "%", 86,
                    (88, 89, 90, 91, 92), "Meningkatnya keberhasilan pengobatan tuberkulosis",
                    formula="Pasien TBC sembuh dan pengobatan lengkap ÷ pasien TBC diobati × 100%",
                    source="Sistem Informasi Tuberkulosis (SITB)", perspective=PB),
            )),
        )),
        GoalSpec(HUMAN, "Meningkatkan mutu dan akses pelayanan kesehatan", (
            TargetSpec("Meningkatnya mutu pelayanan kesehatan dasar", (
                iku("IKU-DINKES-06", "Persentase puskesmas terakreditasi paripurna", "%", 40, (50, 60, 70, 80, 90),
                    "Meningkatnya mutu pelayanan puskesmas",
                    formula="Puskesmas terakreditasi paripurna ÷ seluruh puskesmas × 100%",
                    source="SK Akreditasi Kementerian Kesehatan", perspective=PI),
                iku("IKU-DINKES-07", "Indeks Kepuasan Masyarakat terhadap pelayanan puskesmas", "nilai", 81.3,
                    (82, 83, 84, 85, 86), "Meningkatnya kepuasan masyarakat atas pelayanan kesehatan",
                    formula=IKM, source="Survei Kepuasan Masyarakat puskesmas"),
            )),
        )),
    ),
    programmes=(
        ProgrammeSpec("1.02.02", "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
                      HUMAN, 0, (
                          ("1.02.02.2.02", "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah",
                           3_450_000_000),
                          ("1.02.02.2.02.0001", "Pengelolaan Pelayanan Kesehatan Ibu Hamil", 215_000_000),
                          ("1.02.02.2.02.0003", "Pengelolaan Pelayanan Kesehatan Balita", 187_500_000),
                          ("1.02.02.2.02.0036", "Pengelolaan Surveilans Kesehatan", 164_000_000),
                          ("1.02.02.2.02.0033", "Pengelolaan Pelayanan Imunisasi", 238_000_000),
                      )),
        ProgrammeSpec("1.02.03", "Program Peningkatan Kapasitas Sumber Daya Manusia Kesehatan", HUMAN, 2, (
            ("1.02.03.2.02", "Pengembangan Mutu dan Peningkatan Kompetensi Teknis SDM Kesehatan", 312_000_000),
        )),
        ProgrammeSpec("1.02.04", "Program Sediaan Farmasi, Alat Kesehatan dan Makanan Minuman", HUMAN, 2, (
            ("1.02.04.2.03", "Penerbitan Sertifikat Produksi Pangan Industri Rumah Tangga", 74_000_000),
        )),
        ProgrammeSpec("1.02.05", "Program Pemberdayaan Masyarakat Bidang Kesehatan", HUMAN, 1, (
            ("1.02.05.2.02", "Pelaksanaan Sehat dalam rangka Promotif Preventif Tingkat Daerah", 129_000_000),
        )),
        _penunjang("1.02"),
    ),
)

DISDIK = OpdPlan(
    goals=(
        GoalSpec(HUMAN, "Meningkatkan akses dan mutu pendidikan dasar", (
            TargetSpec("Meningkatnya akses pendidikan dasar yang merata", (
                iku("IKU-DISDIK-01", "Angka Partisipasi Murni SD/MI", "%", 97.2, (97.4, 97.6, 97.8, 98, 98.2),
                    "Meningkatnya partisipasi anak usia sekolah dasar",
                    formula="Siswa SD/MI usia 7–12 tahun ÷ penduduk usia 7–12 tahun × 100%",
                    source="Dapodik dan data kependudukan", aspect=KUANTITAS),
                iku("IKU-DISDIK-02", "Angka Partisipasi Murni SMP/MTs", "%", 81.5, (82.5, 83.5, 84.5, 85.5, 86.5),
                    "Meningkatnya partisipasi anak usia sekolah menengah pertama",
                    formula="Siswa SMP/MTs usia 13–15 tahun ÷ penduduk usia 13–15 tahun × 100%",
                    source="Dapodik dan data kependudukan", aspect=KUANTITAS),
            )),
            TargetSpec("Meningkatnya mutu pembelajaran dan pendidik", (
                iku("IKU-DISDIK-03", "Rasio guru-murid jenjang SD", "murid per guru", 22.4, (22, 21.5, 21, 20.5, 20),
                    "Terpenuhinya kebutuhan guru sesuai rasio ideal", lower=True,
                    formula="Jumlah murid SD ÷ jumlah guru SD", source="Dapodik", perspective=PI),
                iku("IKU-DISDIK-04", "Persentase guru berkualifikasi S1/D-IV", "%", 94.1, (95, 96, 97, 98, 99),
                    "Meningkatnya kualifikasi akademik pendidik",
                    formula="Guru berkualifikasi S1/D-IV ÷ seluruh guru × 100%", source="Dapodik", perspective=PI),
                iku("IKU-DISDIK-05", "Persentase satuan pendidikan dengan capaian literasi minimal baik", "%", 61,
                    (64, 67, 70, 73, 76), "Meningkatnya kemampuan literasi peserta didik",
                    formula="Sekolah dengan capaian literasi ≥ baik ÷ seluruh sekolah × 100%",
                    source="Rapor Pendidikan Kemendikdasmen", perspective=PB),
            )),
        )),
    ),
    programmes=(
        ProgrammeSpec("1.01.02", "Program Pengelolaan Pendidikan", HUMAN, 0, (
            ("1.01.02.2.01", "Pengelolaan Pendidikan Sekolah Dasar", 9_850_000_000),
            ("1.01.02.2.02", "Pengelolaan Pendidikan Sekolah Menengah Pertama", 7_420_000_000),
            ("1.01.02.2.03", "Pengelolaan Pendidikan Anak Usia Dini (PAUD)", 1_180_000_000),
        )),
        ProgrammeSpec("1.01.03", "Program Pengembangan Kurikulum", HUMAN, 1, (
            ("1.01.03.2.01", "Penetapan Kurikulum Muatan Lokal Pendidikan Dasar", 142_000_000),
        )),
        ProgrammeSpec("1.01.04", "Program Pendidik dan Tenaga Kependidikan", HUMAN, 1, (
            ("1.01.04.2.01", "Pemerataan Kuantitas dan Kualitas Pendidik dan Tenaga Kependidikan", 536_000_000),
        )),
        _penunjang("1.01", 1.6),
    ),
)

DISHUB = OpdPlan(
    goals=(
        GoalSpec(INFRA, "Mewujudkan sistem transportasi kota yang aman, lancar, dan terpadu", (
            TargetSpec("Meningkatnya kinerja lalu lintas jalan", (
                iku("IKU-DISHUB-01", "Rata-rata kecepatan perjalanan pada ruas jalan utama", "km/jam", 24.5,
                    (25, 25.5, 26, 26.5, 27), "Meningkatnya kelancaran lalu lintas pada ruas jalan utama",
                    formula="Rata-rata kecepatan tempuh kendaraan pada jam sibuk di ruas jalan utama",
                    source="Survei kinerja lalu lintas dan Area Traffic Control System", perspective=PB),
                iku("IKU-DISHUB-02", "Persentase perlengkapan jalan dalam kondisi baik", "%", 78,
                    (80, 82, 84, 86, 88), "Terpenuhinya perlengkapan jalan yang berfungsi baik",
                    formula="Perlengkapan jalan kondisi baik ÷ seluruh perlengkapan jalan × 100%",
                    source="Inventarisasi perlengkapan jalan", perspective=PI),
            )),
            TargetSpec("Meningkatnya keselamatan dan pelayanan angkutan umum", (
                iku("IKU-DISHUB-03", "Angka kecelakaan lalu lintas per 10.000 kendaraan", "kejadian", 3.9,
                    (3.7, 3.5, 3.3, 3.1, 2.9), "Menurunnya angka kecelakaan lalu lintas", lower=True,
                    formula="Jumlah kecelakaan ÷ jumlah kendaraan terdaftar × 10.000",
                    source="Data Satlantas Polrestabes"),
                iku("IKU-DISHUB-04", "Persentase kendaraan wajib uji yang lulus uji berkala", "%", 87,
                    (88, 89, 90, 91, 92), "Meningkatnya kelaikan jalan kendaraan angkutan",
                    formula="Kendaraan lulus uji ÷ kendaraan wajib uji × 100%", source="Aplikasi BLUe UPTD PKB",
                    perspective=PB),
            )),
        )),
    ),
    programmes=(
        ProgrammeSpec("2.15.02", "Program Penyelenggaraan Lalu Lintas dan Angkutan Jalan (LLAJ)", INFRA, 0, (
            ("2.15.02.2.01", "Penetapan Rencana Induk Jaringan LLAJ Kabupaten/Kota", 210_000_000),
            ("2.15.02.2.02", "Penyediaan Perlengkapan Jalan di Jalan Kabupaten/Kota", 3_860_000_000),
            ("2.15.02.2.05", "Pengendalian dan Pengawasan Ketersediaan Angkutan Umum", 425_000_000),
            ("2.15.02.2.07", "Pengujian Berkala Kendaraan Bermotor", 1_090_000_000),
        )),
        _penunjang("2.15"),
    ),
)

DLH = OpdPlan(
    goals=(
        GoalSpec(ENV, "Meningkatkan kualitas lingkungan hidup kota", (
            TargetSpec("Meningkatnya pengelolaan sampah kota", (
                iku("IKU-DLH-01", "Persentase sampah tertangani", "%", 72, (75, 77, 79, 82, 85),
                    "Meningkatnya penanganan sampah kota",
                    formula="Volume sampah tertangani ÷ timbulan sampah × 100%",
                    source="Sistem Informasi Pengelolaan Sampah Nasional (SIPSN)", perspective=PB,
                    aspect=KUANTITAS),
                iku("IKU-DLH-02", "Persentase pengurangan sampah", "%", 18, (20, 22, 24, 27, 30),
                    "Meningkatnya pengurangan sampah dari sumbernya",
                    formula="Sampah yang dikurangi (bank sampah, TPS3R, daur ulang) ÷ timbulan sampah × 100%",
                    source="SIPSN", perspective=PL, aspect=KUANTITAS),
            )),
            TargetSpec("Meningkatnya kualitas air, udara, dan tutupan lahan", (
                iku("IKU-DLH-03", "Indeks Kualitas Lingkungan Hidup", "indeks", 58.3, (59, 60, 61, 62, 63),
                    "Meningkatnya kualitas lingkungan hidup kota",
                    formula="Gabungan indeks kualitas air, udara, lahan dan air laut (KLHK)",
                    source="Dokumen IKLH Kementerian Lingkungan Hidup", perspective=PL),
                iku("IKU-DLH-04", "Persentase usaha/kegiatan yang taat terhadap persetujuan lingkungan", "%", 71,
                    (74, 77, 80, 83, 86), "Meningkatnya ketaatan usaha terhadap persetujuan lingkungan",
                    formula="Usaha yang taat ÷ usaha yang diawasi × 100%",
                    source="Laporan pengawasan lingkungan hidup", perspective=PB),
            )),
        )),
    ),
    programmes=(
        ProgrammeSpec("2.11.11", "Program Pengelolaan Persampahan", ENV, 0, (
            ("2.11.11.2.01", "Pengelolaan Sampah", 12_400_000_000),
            ("2.11.11.2.02", "Penerbitan Izin Pendaurulangan Sampah/Pengolahan Sampah", 85_000_000),
        )),
        ProgrammeSpec("2.11.03", "Program Pengendalian Pencemaran dan/atau Kerusakan Lingkungan Hidup", ENV, 1, (
            ("2.11.03.2.01", "Pencegahan Pencemaran dan/atau Kerusakan Lingkungan Hidup", 346_000_000),
            ("2.11.03.2.02", "Penanggulangan Pencemaran dan/atau Kerusakan Lingkungan Hidup", 198_000_000),
        )),
        ProgrammeSpec("2.11.08", "Program Pembinaan dan Pengawasan terhadap Izin Lingkungan dan PPLH", ENV, 1, (
            ("2.11.08.2.01", "Pembinaan dan Pengawasan terhadap Usaha dan/atau Kegiatan", 172_000_000),
        )),
        _penunjang("2.11"),
    ),
)

OPD_PLANS: dict[str, OpdPlan] = {
    "Sekretariat Daerah": SETDA, "Dinas Kesehatan": DINKES, "Dinas Pendidikan": DISDIK,
    "Dinas Perhubungan": DISHUB, "Dinas Lingkungan Hidup": DLH,
}
THEMES = {
    "DPUPR": INFRA, "Dinsos": SOC, "Disdukcapil": GOV, "Diskominfo": GOV, "DPMPTSP": ECON, "Disdag": ECON,
    "DKPP": ECON, "DP3A": SOC, "Satpol PP": SOC, "Bappeda": GOV, "BPKAD": GOV, "Bapenda": ECON, "BKPSDM": GOV,
    "BPBD": SOC,
}


def _slug(text: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "", "".join(w[0] for w in text.split() if w[:1].isalpha()).upper())[:6] or "OPD"


def generic_opd_plan(name: str, bidang: list[str], theme: str) -> OpdPlan:
    """A Renstra for any OPD: one strategic target per bidang (at most three) and a service-quality target."""
    code = _slug(name)
    subject = lowercase_topic(name.split(" ", 1)[1] if " " in name else name)
    topics = [lowercase_topic(b) for b in bidang[:3]] or [subject]
    targets = [
        TargetSpec(f"Meningkatnya kinerja urusan {topic}", (
            iku(f"IKU-{code}-{i + 1:02d}", f"Persentase capaian sasaran program {topic}", "%", 78 + i,
                tuple(80 + i + 2 * k for k in range(5)), f"Meningkatnya capaian program {topic}",
                formula=f"Indikator program {topic} yang tercapai ÷ seluruh indikator program × 100%",
                source="Laporan Kinerja Instansi Pemerintah (LKjIP)", perspective=PB if i else PL,
                aspect=KUANTITAS),
        )) for i, topic in enumerate(topics)
    ]
    targets.append(TargetSpec(f"Meningkatnya kualitas pelayanan {subject}", (
        iku(f"IKU-{code}-{len(topics) + 1:02d}", f"Indeks Kepuasan Masyarakat terhadap pelayanan {subject}", "nilai",
            80, (81, 82, 83, 84, 85), f"Meningkatnya kepuasan masyarakat atas pelayanan {subject}", formula=IKM,
            source="Survei Kepuasan Masyarakat"),
    )))
    programmes = tuple(
        ProgrammeSpec(f"9.{i + 2:02d}", f"Program Peningkatan Kinerja Urusan {title_topic(b)}", theme, i, (
            (f"9.{i + 2:02d}.2.01", f"Pelaksanaan Kegiatan Teknis {title_topic(b)}", 350_000_000 + 75_000_000 * i),
            (f"9.{i + 2:02d}.2.02", f"Monitoring dan Evaluasi {title_topic(b)}", 90_000_000 + 10_000_000 * i),
        )) for i, b in enumerate(bidang[:3]))
    return OpdPlan((GoalSpec(theme, f"Meningkatkan kinerja penyelenggaraan urusan {subject}", tuple(targets)),),
                   (*programmes, _penunjang("9.01", 0.5)))


def plan_for(unit_name: str, unit_kind: str) -> OpdPlan | None:
    """The demo Renstra for an OPD (None: use ``generic_opd_plan``)."""
    if unit_kind == "kecamatan":
        return KECAMATAN
    return OPD_PLANS.get(unit_name)


# --- words ---------------------------------------------------------------------------------------

PREFIXES = ("Sekretariat ", "Bidang ", "Seksi ", "Subbagian ", "Subbidang ", "Bagian ", "UPTD ", "Kelurahan ",
            "Dinas ", "Badan ")


def lowercase_topic(name: str) -> str:
    """``"Bidang Kurikulum dan Penilaian SD"`` → ``"kurikulum dan penilaian SD"`` (acronyms stay)."""
    for prefix in PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix):]
            break
    return " ".join(w if (w.isupper() and len(w) > 1) or any(c.isdigit() for c in w) else w.lower()
                    for w in name.split())


def title_topic(name: str) -> str:
    for prefix in PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


# --- SKP: unit heads -----------------------------------------------------------------------------


def _i(aspect, text, target, lower=False) -> IkiSpec:
    return IkiSpec(aspect, text, target, lower)


def head_rhks(unit_kind: str, unit_name: str, opd_name: str) -> list[RhkSpec]:
    """RHK of the head of a unit below the OPD head (sekretariat, bidang, seksi, kelurahan, puskesmas …)."""
    topic = lowercase_topic(unit_name)
    if unit_kind == "sekretariat":
        return [
            RhkSpec(f"Terselenggaranya perencanaan, penganggaran, dan pelaporan kinerja {opd_name}", (
                _i(KUANTITAS, "Jumlah dokumen perencanaan dan laporan kinerja yang tersusun", N(6, "dokumen")),
                _i(KUALITAS, "Nilai evaluasi akuntabilitas kinerja internal", R(75, 80, "nilai")),
                _i(WAKTU, "Dokumen disampaikan sesuai jadwal yang ditetapkan", N(12, "bulan")),
            )),
            RhkSpec(f"Terselenggaranya administrasi umum, kepegawaian, dan keuangan {opd_name}", (
                _i(KUANTITAS, "Persentase layanan administrasi umum dan kepegawaian yang diselesaikan", N(100, "%")),
                _i(KUALITAS, "Hasil pemeriksaan keuangan", T("Tanpa temuan material dari BPK dan Inspektorat")),
                _i(BIAYA, "Persentase realisasi anggaran belanja", R(90, 100, "%")),
            )),
        ]
    if unit_kind == "kelurahan":
        return [
            RhkSpec(f"Meningkatnya kualitas pelayanan administrasi masyarakat di {unit_name}", (
                _i(KUANTITAS, "Jumlah layanan surat keterangan dan pengantar yang diselesaikan", N(1800, "layanan")),
                _i(KUALITAS, "Nilai Indeks Kepuasan Masyarakat kelurahan", R(82, 88, "nilai")),
                _i(WAKTU, "Persentase layanan yang selesai dalam satu hari kerja", N(95, "%")),
            )),
            RhkSpec(f"Meningkatnya partisipasi dan keberdayaan masyarakat {unit_name}", (
                _i(KUANTITAS, "Jumlah kegiatan pemberdayaan lembaga kemasyarakatan yang difasilitasi",
                   N(8, "kegiatan")),
                _i(KUALITAS, "Persentase RT/RW yang menyampaikan usulan musrenbang", N(90, "%")),
                _i(WAKTU, "Musrenbang kelurahan terlaksana sesuai jadwal", T("Paling lambat minggu ketiga Januari")),
            )),
        ]
    if unit_kind == "puskesmas":
        return [
            RhkSpec(f"Meningkatnya cakupan pelayanan kesehatan ibu dan anak di wilayah kerja {unit_name}", (
                _i(KUANTITAS, "Persentase ibu hamil yang mendapat pelayanan antenatal minimal enam kali (K6)",
                   N(95, "%")),
                _i(KUALITAS, "Jumlah kematian ibu di wilayah kerja", N(0, "kasus"), lower=True),
                _i(KUANTITAS, "Persentase bayi yang mendapat imunisasi dasar lengkap", N(96, "%")),
            )),
            RhkSpec(f"Meningkatnya mutu pelayanan {unit_name}", (
                _i(KUALITAS, "Nilai Indeks Kepuasan Masyarakat puskesmas", R(84, 90, "nilai")),
                _i(KUALITAS, "Status akreditasi puskesmas", T("Terakreditasi Paripurna")),
                _i(WAKTU, "Rata-rata waktu tunggu pendaftaran rawat jalan", N(15, "menit"), lower=True),
            )),
        ]
    if unit_kind == "sekolah":
        return [
            RhkSpec(f"Meningkatnya mutu pembelajaran di {unit_name}", (
                _i(KUALITAS, "Capaian literasi peserta didik pada Rapor Pendidikan", T("Kategori baik")),
                _i(KUANTITAS, "Persentase peserta didik yang naik kelas atau lulus", N(100, "%")),
                _i(KUANTITAS, "Jumlah supervisi akademik guru yang dilaksanakan", N(24, "kali")),
            )),
            RhkSpec(f"Terkelolanya sumber daya {unit_name} secara akuntabel", (
                _i(KUANTITAS, "Jumlah laporan penggunaan Dana BOSP yang disampaikan", N(2, "laporan")),
                _i(WAKTU, "Ketepatan waktu penyampaian laporan Dana BOSP", T("Sesuai batas waktu ARKAS")),
                _i(BIAYA, "Persentase realisasi Dana BOSP", R(95, 100, "%")),
            )),
        ]
    if unit_kind == "uptd":
        return [
            RhkSpec(f"Terlaksananya pelayanan teknis {topic} sesuai standar", (
                _i(KUANTITAS, "Jumlah kendaraan bermotor yang diuji berkala", N(18500, "kendaraan")),
                _i(KUALITAS, "Persentase pengujian yang memenuhi standar prosedur", N(100, "%")),
                _i(WAKTU, "Rata-rata waktu pelayanan uji berkala", N(45, "menit"), lower=True),
            )),
            RhkSpec(f"Meningkatnya kepuasan pengguna layanan {topic}", (
                _i(KUALITAS, "Nilai Indeks Kepuasan Masyarakat", R(83, 88, "nilai")),
                _i(KUANTITAS, "Jumlah pengaduan yang ditindaklanjuti", N(100, "%")),
            )),
        ]
    if unit_kind in ("seksi", "subbagian"):
        return [
            RhkSpec(f"Terlaksananya kegiatan {topic} sesuai rencana kerja", (
                _i(KUANTITAS, f"Jumlah kegiatan {topic} yang terlaksana", N(12, "kegiatan")),
                _i(KUALITAS, "Persentase kegiatan yang terdokumentasi lengkap", N(100, "%")),
                _i(WAKTU, "Kegiatan terlaksana sesuai jadwal", N(12, "bulan")),
            )),
            RhkSpec(f"Tersusunnya bahan kebijakan teknis dan laporan {topic}", (
                _i(KUANTITAS, "Jumlah laporan bulanan dan triwulanan yang disampaikan", N(16, "laporan")),
                _i(KUALITAS, "Laporan diterima atasan", T("Tanpa revisi substansial")),
                _i(WAKTU, "Ketepatan waktu laporan", T("Paling lambat tanggal 5 bulan berikutnya")),
            )),
        ]
    # bidang, bagian and any other unit led by an Administrator
    return [
        RhkSpec(f"Meningkatnya capaian program {topic}", (
            _i(KUANTITAS, f"Persentase indikator program {topic} yang tercapai", R(90, 100, "%")),
            _i(KUANTITAS, f"Jumlah kegiatan {topic} yang terlaksana sesuai DPA", N(8, "kegiatan")),
            _i(BIAYA, "Persentase realisasi anggaran bidang", R(90, 100, "%")),
        )),
        RhkSpec(f"Tersusunnya kebijakan teknis dan evaluasi {topic}", (
            _i(KUANTITAS, f"Jumlah rekomendasi kebijakan teknis {topic}", N(4, "dokumen")),
            _i(KUALITAS, "Rekomendasi ditindaklanjuti pimpinan", T("Seluruh rekomendasi ditindaklanjuti")),
            _i(WAKTU, "Laporan evaluasi triwulanan disampaikan tepat waktu", N(4, "laporan")),
        )),
    ]


# --- SKP: staff by position name -----------------------------------------------------------------

_STAFF: tuple[tuple[tuple[str, ...], tuple[RhkSpec, ...]], ...] = (
    (("Dokter Gigi",), (
        RhkSpec("Terlaksananya pelayanan kesehatan gigi dan mulut di {unit}", (
            _i(KUANTITAS, "Jumlah pasien yang mendapat pelayanan kesehatan gigi dan mulut", N(1400, "pasien")),
            _i(KUALITAS, "Persentase rekam medis gigi yang lengkap", N(100, "%")),
            _i(WAKTU, "Laporan pelayanan disampaikan setiap bulan", N(12, "laporan")),
        )),
        RhkSpec("Terlaksananya upaya kesehatan gigi sekolah di wilayah kerja", (
            _i(KUANTITAS, "Jumlah sekolah yang mendapat pemeriksaan gigi", N(10, "sekolah")),
            _i(KUALITAS, "Persentase murid kelas 1 yang diperiksa", R(90, 100, "%")),
        )),
    )),
    (("Dokter",), (
        RhkSpec("Terlaksananya pelayanan medis umum kepada pasien di {unit}", (
            _i(KUANTITAS, "Jumlah pasien yang mendapat pelayanan medis", N(3600, "pasien")),
            _i(KUALITAS, "Persentase diagnosis dan terapi sesuai panduan praktik klinis", N(100, "%")),
            _i(KUALITAS, "Angka rujukan kasus non-spesialistik", N(2, "%"), lower=True),
        )),
        RhkSpec("Terlaksananya pengendalian penyakit dan penanganan kasus di wilayah kerja", (
            _i(KUANTITAS, "Jumlah kasus tuberkulosis yang ditemukan dan diobati", N(40, "kasus")),
            _i(KUALITAS, "Angka keberhasilan pengobatan TBC", R(90, 95, "%")),
            _i(WAKTU, "Laporan kasus disampaikan tepat waktu", N(12, "laporan")),
        )),
    )),
    (("Perawat",), (
        RhkSpec("Terlaksananya asuhan keperawatan kepada pasien di {unit}", (
            _i(KUANTITAS, "Jumlah pasien yang mendapat asuhan keperawatan", N(1500, "pasien")),
            _i(KUALITAS, "Persentase dokumentasi asuhan keperawatan yang lengkap dan benar", R(95, 100, "%")),
            _i(WAKTU, "Rekapitulasi asuhan keperawatan disampaikan setiap bulan", N(12, "laporan")),
        )),
        RhkSpec("Terlaksananya perawatan kesehatan masyarakat (perkesmas) di wilayah kerja", (
            _i(KUANTITAS, "Jumlah keluarga rawan yang dibina", N(60, "keluarga")),
            _i(KUALITAS, "Persentase keluarga binaan yang mandiri", N(50, "%")),
            _i(WAKTU, "Kunjungan rumah sesuai jadwal", N(48, "kunjungan")),
        )),
    )),
    (("Bidan",), (
        RhkSpec("Terlaksananya pelayanan kebidanan ibu hamil, bersalin, dan nifas di {unit}", (
            _i(KUANTITAS, "Jumlah ibu hamil yang mendapat pelayanan antenatal terpadu", N(320, "orang")),
            _i(KUALITAS, "Persentase persalinan ditolong tenaga kesehatan di fasilitas kesehatan", N(100, "%")),
            _i(KUALITAS, "Jumlah komplikasi kebidanan yang tidak tertangani", N(0, "kasus"), lower=True),
        )),
        RhkSpec("Terlaksananya pelayanan kesehatan bayi, balita, dan keluarga berencana", (
            _i(KUANTITAS, "Jumlah kunjungan neonatal lengkap", N(280, "bayi")),
            _i(KUANTITAS, "Jumlah akseptor KB baru yang dilayani", N(150, "akseptor")),
            _i(WAKTU, "Laporan KIA disampaikan setiap bulan", N(12, "laporan")),
        )),
    )),
    (("Apoteker",), (
        RhkSpec("Terlaksananya pelayanan kefarmasian di {unit}", (
            _i(KUANTITAS, "Jumlah resep yang dilayani dengan konseling obat", N(9000, "resep")),
            _i(KUALITAS, "Persentase kesesuaian peresepan dengan Formularium Nasional", R(90, 100, "%")),
            _i(WAKTU, "Waktu tunggu pelayanan resep non-racikan", N(15, "menit"), lower=True),
        )),
        RhkSpec("Terkelolanya sediaan farmasi dan bahan medis habis pakai", (
            _i(KUANTITAS, "Persentase ketersediaan obat esensial", N(95, "%")),
            _i(KUALITAS, "Nilai obat kedaluwarsa", N(0, "rupiah"), lower=True),
            _i(WAKTU, "Laporan LPLPO disampaikan tepat waktu", N(12, "laporan")),
        )),
    )),
    (("Nutrisionis",), (
        RhkSpec("Terlaksananya pelayanan gizi masyarakat di {unit}", (
            _i(KUANTITAS, "Jumlah balita gizi kurang dan stunting yang mendapat pendampingan", N(80, "balita")),
            _i(KUALITAS, "Persentase balita yang ditimbang di posyandu", R(85, 95, "%")),
            _i(WAKTU, "Data e-PPGBM diperbarui setiap bulan", N(12, "bulan")),
        )),
        RhkSpec("Terlaksananya konseling gizi dan pemberian makanan tambahan", (
            _i(KUANTITAS, "Jumlah sesi konseling gizi", N(120, "sesi")),
            _i(KUALITAS, "Persentase ibu hamil KEK yang mendapat makanan tambahan", N(100, "%")),
        )),
    )),
    (("Sanitarian",), (
        RhkSpec("Terlaksananya inspeksi kesehatan lingkungan di wilayah kerja", (
            _i(KUANTITAS, "Jumlah tempat dan fasilitas umum yang diinspeksi", N(120, "lokasi")),
            _i(KUALITAS, "Persentase tempat pengelolaan pangan yang memenuhi syarat", R(75, 85, "%")),
            _i(WAKTU, "Laporan inspeksi disampaikan setiap triwulan", N(4, "laporan")),
        )),
        RhkSpec("Meningkatnya kelurahan yang melaksanakan Sanitasi Total Berbasis Masyarakat", (
            _i(KUANTITAS, "Jumlah pemicuan STBM yang dilaksanakan", N(12, "kegiatan")),
            _i(KUALITAS, "Persentase rumah tangga dengan akses sanitasi layak", N(92, "%")),
        )),
    )),
    (("Penyuluh Kesehatan", "Administrator Kesehatan"), (
        RhkSpec("Terlaksananya promosi kesehatan dan pemberdayaan masyarakat", (
            _i(KUANTITAS, "Jumlah penyuluhan kesehatan yang dilaksanakan", N(48, "kegiatan")),
            _i(KUALITAS, "Persentase rumah tangga ber-PHBS di wilayah binaan", R(70, 80, "%")),
            _i(WAKTU, "Laporan promosi kesehatan disampaikan setiap bulan", N(12, "laporan")),
        )),
        RhkSpec("Terbinanya Upaya Kesehatan Bersumber Daya Masyarakat (posyandu)", (
            _i(KUANTITAS, "Jumlah posyandu yang dibina", N(25, "posyandu")),
            _i(KUALITAS, "Persentase posyandu aktif (purnama/mandiri)", N(80, "%")),
        )),
    )),
    (("Pranata Laboratorium",), (
        RhkSpec("Terlaksananya pemeriksaan laboratorium klinik di {unit}", (
            _i(KUANTITAS, "Jumlah pemeriksaan laboratorium yang dilakukan", N(6000, "pemeriksaan")),
            _i(KUALITAS, "Hasil pemantapan mutu eksternal", T("Seluruh parameter lulus uji")),
            _i(WAKTU, "Waktu penyerahan hasil pemeriksaan rutin", N(60, "menit"), lower=True),
        )),
        RhkSpec("Terpeliharanya alat laboratorium dan pengelolaan limbah", (
            _i(KUANTITAS, "Jumlah kalibrasi dan pemeliharaan alat", N(12, "kali")),
            _i(KUALITAS, "Persentase limbah laboratorium yang dikelola sesuai standar", N(100, "%")),
        )),
    )),
    (("Epidemiolog",), (
        RhkSpec("Terlaksananya surveilans epidemiologi penyakit potensial KLB", (
            _i(KUANTITAS, "Jumlah laporan mingguan SKDR yang dianalisis", N(52, "laporan")),
            _i(KUALITAS, "Persentase sinyal kewaspadaan dini yang direspons kurang dari 24 jam", N(100, "%")),
            _i(WAKTU, "Kelengkapan dan ketepatan laporan SKDR", R(90, 100, "%")),
        )),
        RhkSpec("Tersusunnya kajian epidemiologi untuk pengambilan keputusan", (
            _i(KUANTITAS, "Jumlah kajian epidemiologi yang disusun", N(4, "kajian")),
            _i(KUALITAS, "Kajian dimanfaatkan dalam perencanaan program", T("Dirujuk dalam rencana kerja bidang")),
        )),
    )),
    (("Pengelola Kepegawaian", "Pengelola Data Kepegawaian"), (
        RhkSpec("Terkelolanya administrasi kepegawaian {unit}", (
            _i(KUANTITAS, "Jumlah usulan layanan kepegawaian yang diproses", N(120, "usulan")),
            _i(KUALITAS, "Persentase data pegawai di SIASN yang mutakhir", N(100, "%")),
            _i(WAKTU, "Usulan diproses paling lambat 5 hari kerja", N(5, "hari"), lower=True),
        )),
    )),
    (("Pengelola Data Surveilans", "Pengelola Data"), (
        RhkSpec("Terkelolanya data program kesehatan secara lengkap dan mutakhir", (
            _i(KUANTITAS, "Jumlah laporan data yang direkapitulasi", N(48, "laporan")),
            _i(KUALITAS, "Persentase kelengkapan laporan puskesmas", R(95, 100, "%")),
            _i(WAKTU, "Data direkap paling lambat tanggal 10 bulan berikutnya", N(12, "bulan")),
        )),
        RhkSpec("Tersajinya informasi program dalam dasbor dan buletin", (
            _i(KUANTITAS, "Jumlah buletin atau dasbor yang diterbitkan", N(12, "terbitan")),
            _i(KUALITAS, "Data valid tanpa koreksi dari bidang", T("Tanpa koreksi")),
        )),
    )),
    (("Guru",), (
        RhkSpec("Terlaksananya pembelajaran yang berkualitas di {unit}", (
            _i(KUANTITAS, "Jumlah modul ajar yang disusun", N(12, "modul")),
            _i(KUALITAS, "Persentase peserta didik yang mencapai kriteria ketercapaian tujuan pembelajaran",
               R(80, 90, "%")),
            _i(WAKTU, "Pembelajaran terlaksana sesuai kalender pendidikan", N(2, "semester")),
        )),
        RhkSpec("Terlaksananya penilaian dan bimbingan peserta didik", (
            _i(KUANTITAS, "Jumlah laporan hasil belajar yang diterbitkan", N(2, "laporan")),
            _i(KUALITAS, "Persentase peserta didik yang mendapat umpan balik hasil asesmen", N(100, "%")),
            _i(WAKTU, "Rapor diserahkan sesuai jadwal", T("Akhir setiap semester")),
        )),
    )),
    (("Pengawas Sekolah",), (
        RhkSpec("Terlaksananya pendampingan satuan pendidikan binaan", (
            _i(KUANTITAS, "Jumlah satuan pendidikan binaan yang didampingi", N(10, "sekolah")),
            _i(KUALITAS, "Persentase sekolah binaan dengan rapor pendidikan membaik", N(70, "%")),
            _i(WAKTU, "Laporan pendampingan disampaikan setiap semester", N(2, "laporan")),
        )),
    )),
    (("Polisi Pamong Praja", "Pengatur Lalu Lintas", "Pengawas Kebersihan"), (
        RhkSpec("Terlaksananya patroli dan pengawasan ketertiban di wilayah tugas", (
            _i(KUANTITAS, "Jumlah patroli yang dilaksanakan", N(96, "kali")),
            _i(KUALITAS, "Persentase pelanggaran yang ditindaklanjuti sesuai SOP", N(100, "%")),
            _i(WAKTU, "Laporan patroli disampaikan setiap hari kerja", T("Di hari yang sama")),
        )),
        RhkSpec("Terlaksananya pengamanan kegiatan pemerintahan dan masyarakat", (
            _i(KUANTITAS, "Jumlah kegiatan yang diamankan", N(24, "kegiatan")),
            _i(KUALITAS, "Kegiatan berlangsung tanpa gangguan", T("Tanpa insiden")),
        )),
    )),
    (("Penyuluh Sosial",), (
        RhkSpec("Terlaksananya penyuluhan dan pendampingan sosial masyarakat", (
            _i(KUANTITAS, "Jumlah penyuluhan sosial yang dilaksanakan", N(24, "kegiatan")),
            _i(KUALITAS, "Persentase keluarga penerima manfaat yang terverifikasi", R(90, 100, "%")),
            _i(WAKTU, "Laporan pendampingan disampaikan setiap bulan", N(12, "laporan")),
        )),
    )),
    (("Analis Kebijakan", "Perencana", "Penelaah", "Analis Sumber Daya", "Asesor"), (
        RhkSpec("Tersusunnya kajian dan rekomendasi kebijakan {topic}", (
            _i(KUANTITAS, "Jumlah kajian kebijakan yang disusun", N(4, "kajian")),
            _i(KUALITAS, "Persentase rekomendasi yang diterima pimpinan", R(75, 100, "%")),
            _i(WAKTU, "Kajian selesai sesuai jadwal", N(4, "triwulan")),
        )),
        RhkSpec("Tersusunnya bahan evaluasi dan laporan {topic}", (
            _i(KUANTITAS, "Jumlah laporan evaluasi yang disusun", N(6, "laporan")),
            _i(KUALITAS, "Laporan diterima tanpa revisi substansial", T("Tanpa revisi substansial")),
        )),
    )),
    (("Perancang Peraturan",), (
        RhkSpec("Tersusunnya rancangan produk hukum daerah", (
            _i(KUANTITAS, "Jumlah rancangan Perda dan Perwal yang disusun", N(12, "rancangan")),
            _i(KUALITAS, "Persentase rancangan yang lolos harmonisasi", R(90, 100, "%")),
            _i(WAKTU, "Rancangan selesai sesuai Propemperda", T("Sesuai jadwal Propemperda")),
        )),
    )),
    (("Pengendali Dampak Lingkungan", "Pengawas Lingkungan"), (
        RhkSpec("Terlaksananya pengawasan ketaatan usaha terhadap persetujuan lingkungan", (
            _i(KUANTITAS, "Jumlah usaha/kegiatan yang diawasi", N(40, "usaha")),
            _i(KUALITAS, "Persentase hasil pengawasan yang ditindaklanjuti", N(100, "%")),
            _i(WAKTU, "Berita acara pengawasan selesai paling lambat 7 hari", N(7, "hari"), lower=True),
        )),
        RhkSpec("Terlaksananya pemantauan kualitas air dan udara", (
            _i(KUANTITAS, "Jumlah titik pantau yang diuji", N(24, "titik")),
            _i(KUALITAS, "Data hasil uji masuk ke sistem IKLH", T("Lengkap dan tervalidasi")),
        )),
    )),
    (("Pengelola Bank Sampah",), (
        RhkSpec("Meningkatnya pengurangan sampah melalui bank sampah", (
            _i(KUANTITAS, "Jumlah bank sampah aktif yang dibina", N(30, "unit")),
            _i(KUANTITAS, "Volume sampah terpilah di bank sampah", N(240, "ton")),
            _i(WAKTU, "Rekap volume sampah dilaporkan setiap bulan", N(12, "laporan")),
        )),
    )),
    (("Penguji Kendaraan",), (
        RhkSpec("Terlaksananya uji berkala kendaraan bermotor sesuai standar", (
            _i(KUANTITAS, "Jumlah kendaraan yang diuji", N(5200, "kendaraan")),
            _i(KUALITAS, "Persentase hasil uji sesuai prosedur dan tercatat di BLUe", N(100, "%")),
            _i(WAKTU, "Rata-rata waktu uji per kendaraan", N(30, "menit"), lower=True),
        )),
    )),
    (("Pengelola Lalu Lintas", "Teknisi Perlengkapan Jalan", "Pengawas Angkutan"), (
        RhkSpec("Terlaksananya pengelolaan dan pemeliharaan {topic}", (
            _i(KUANTITAS, "Jumlah lokasi yang disurvei dan ditangani", N(36, "lokasi")),
            _i(KUALITAS, "Persentase perlengkapan jalan berfungsi baik di wilayah tugas", R(85, 95, "%")),
            _i(WAKTU, "Laporan penanganan disampaikan setiap bulan", N(12, "laporan")),
        )),
    )),
    (("Bendahara", "Pengelola Keuangan", "Penyusun Program Anggaran"), (
        RhkSpec("Terkelolanya administrasi keuangan {unit}", (
            _i(KUANTITAS, "Jumlah SPJ dan laporan keuangan yang disusun", N(24, "dokumen")),
            _i(KUALITAS, "Dokumen keuangan diterima tanpa koreksi", T("Tanpa koreksi dari BPKAD")),
            _i(WAKTU, "SPJ fungsional disampaikan paling lambat tanggal 10", N(12, "bulan")),
        )),
        RhkSpec("Tersusunnya laporan realisasi anggaran {unit}", (
            _i(KUANTITAS, "Jumlah laporan realisasi anggaran", N(12, "laporan")),
            _i(BIAYA, "Selisih kas pada pemeriksaan kas", N(0, "rupiah"), lower=True),
        )),
    )),
    (("Pengadministrasi Layanan", "Pengelola Layanan Kependudukan"), (
        RhkSpec("Terlaksananya pelayanan administrasi kependudukan dan non-perizinan di {unit}", (
            _i(KUANTITAS, "Jumlah berkas layanan yang diverifikasi", N(2400, "berkas")),
            _i(KUALITAS, "Persentase berkas yang lengkap pada verifikasi pertama", R(90, 100, "%")),
            _i(WAKTU, "Berkas diselesaikan sesuai standar pelayanan", N(1, "hari"), lower=True),
        )),
        RhkSpec("Terdokumentasinya register layanan PATEN", (
            _i(KUANTITAS, "Jumlah rekap register layanan", N(12, "laporan")),
            _i(KUALITAS, "Register sesuai dengan arsip berkas", T("Tanpa selisih")),
        )),
    )),
    (("Pengadministrasi Pemerintahan",), (
        RhkSpec("Terlaksananya administrasi pemerintahan dan pertanahan kecamatan", (
            _i(KUANTITAS, "Jumlah dokumen pemerintahan dan pertanahan yang diadministrasikan", N(300, "dokumen")),
            _i(KUALITAS, "Persentase dokumen tersimpan dalam arsip digital", N(100, "%")),
        )),
    )),
    (("Pengelola Layanan Operasional", "Operator Layanan Operasional"), (
        RhkSpec("Terkelolanya data pokok pendidikan dan layanan operasional {unit}", (
            _i(KUANTITAS, "Jumlah pemutakhiran Dapodik yang dilakukan", N(2, "kali")),
            _i(KUALITAS, "Data Dapodik valid tanpa residu", T("Tanpa residu")),
            _i(WAKTU, "Sinkronisasi sebelum batas waktu cut-off", T("Sebelum batas cut-off")),
        )),
    )),
)

STAFF_FALLBACK = (
    RhkSpec("Terlaksananya pengadministrasian surat dan dokumen {unit}", (
        _i(KUANTITAS, "Jumlah surat masuk dan keluar yang diadministrasikan", N(900, "surat")),
        _i(KUALITAS, "Persentase surat yang tercatat di aplikasi persuratan", N(100, "%")),
        _i(WAKTU, "Surat didistribusikan paling lambat satu hari kerja", N(1, "hari"), lower=True),
    )),
    RhkSpec("Tertatanya arsip dan data kegiatan {unit}", (
        _i(KUANTITAS, "Jumlah berkas arsip yang ditata", N(400, "berkas")),
        _i(KUALITAS, "Arsip mudah ditemukan kembali", T("Ditemukan dalam 5 menit")),
        _i(WAKTU, "Rekap arsip disampaikan setiap triwulan", N(4, "laporan")),
    )),
)

EXTRA_RHKS: tuple[RhkSpec, ...] = (
    RhkSpec("Terlaksananya tugas sebagai anggota tim kerja Reformasi Birokrasi {opd}", (
        _i(KUANTITAS, "Jumlah rapat dan kegiatan tim yang diikuti", N(6, "kegiatan")),
        _i(KUALITAS, "Bahan kerja tim diterima ketua tim", T("Tanpa revisi")),
    )),
    RhkSpec("Terlaksananya peran sebagai agen perubahan di {unit}", (
        _i(KUANTITAS, "Jumlah gagasan perbaikan layanan yang diusulkan", N(2, "gagasan")),
        _i(KUALITAS, "Gagasan diterapkan di unit kerja", T("Minimal satu gagasan diterapkan")),
    )),
    RhkSpec("Terlaksananya tugas tambahan dari pimpinan", (
        _i(KUANTITAS, "Jumlah tugas tambahan yang diselesaikan", N(4, "tugas")),
        _i(WAKTU, "Tugas diselesaikan sesuai tenggat dari pimpinan", N(100, "%")),
    )),
)


def staff_rhks(position_name: str) -> tuple[RhkSpec, ...]:
    """RHK of a staff position (functional or pelaksana), by the words of its name."""
    for words, rhks in _STAFF:
        if any(word in position_name for word in words):
            return rhks
    return STAFF_FALLBACK


def fill(text: str, unit: str, opd: str, topic: str) -> str:
    return text.replace("{unit}", unit).replace("{opd}", opd).replace("{topic}", topic)


ACTIONS = (
    "Menetapkan penanggung jawab, rencana kerja, dan target bulanan indikator “{name}”",
    "Melaksanakan kegiatan prioritas dan memantau capaian semester pertama indikator “{name}”",
    "Mengevaluasi capaian triwulan III dan menindaklanjuti hambatan pencapaian indikator “{name}”",
    "Menyusun laporan capaian akhir tahun dan rekomendasi perbaikan indikator “{name}”",
)

# --- lampiran, expectations, reasons --------------------------------------------------------------

RESOURCES = (
    "Anggaran kegiatan sesuai DPA {opd} tahun berjalan",
    "Sarana kerja: komputer, printer, dan jaringan internet",
    "Akses ke aplikasi e-Kinerja, SIPD, dan sistem informasi sektoral",
    "Data dan laporan dari unit kerja terkait",
    "Dukungan tenaga pelaksana dan tim kerja",
)
ACCOUNTABILITY = (
    "Laporan capaian kinerja bulanan kepada atasan langsung melalui aplikasi e-Kinerja",
    "Laporan triwulanan disertai bukti dukung (dokumen, foto kegiatan, tangkapan layar aplikasi)",
    "Dialog kinerja dengan atasan setiap triwulan",
)
CONSEQUENCES = (
    "Capaian sesuai atau di atas ekspektasi menjadi dasar pemberian penghargaan dan pengembangan karier",
    "Capaian di bawah ekspektasi menjadi dasar pembinaan kinerja dan memengaruhi besaran TPP",
    "Ketidaksesuaian bukti dukung berakibat pada koreksi nilai realisasi",
)

EXPECTATIONS: dict[str, tuple[str, ...]] = {
    "berorientasi_pelayanan": (
        "Menanggapi setiap permintaan layanan masyarakat paling lambat satu hari kerja",
        "Menyelesaikan keluhan pengguna layanan dengan solusi yang jelas",
        "Menjaga sikap ramah dan informatif dalam setiap pelayanan",
    ),
    "akuntabel": (
        "Menyampaikan laporan kegiatan dan bukti dukung tepat waktu",
        "Menggunakan sarana kantor hanya untuk kepentingan dinas",
        "Hadir dan pulang tepat waktu sesuai ketentuan jam kerja",
    ),
    "kompeten": (
        "Mengikuti pengembangan kompetensi minimal 20 jam pelajaran dalam setahun",
        "Berbagi pengetahuan hasil pelatihan kepada rekan kerja",
        "Menguasai aplikasi kerja yang digunakan unit",
    ),
    "harmonis": (
        "Menjaga komunikasi yang santun dengan rekan kerja dan masyarakat",
        "Membantu rekan kerja yang mengalami kesulitan menyelesaikan tugas",
    ),
    "loyal": (
        "Menjaga kerahasiaan data pribadi masyarakat dan data kedinasan",
        "Menjaga nama baik instansi di media sosial",
    ),
    "adaptif": (
        "Mengusulkan minimal satu perbaikan cara kerja dalam setahun",
        "Cepat menyesuaikan diri dengan perubahan aplikasi dan prosedur kerja",
    ),
    "kolaboratif": (
        "Aktif berkoordinasi dengan unit lain untuk menyelesaikan pekerjaan bersama",
        "Terbuka menerima masukan dalam tim kerja",
    ),
}

RETURN_REASONS = (
    "Target kuantitas IKI pertama terlalu rendah dibanding capaian tahun lalu; mohon disesuaikan.",
    "RHK kedua belum mengintervensi RHK atasan yang tepat; silakan pilih RHK bidang yang sesuai.",
    "Indikator kualitas perlu dibuat terukur (sebutkan standar atau persentasenya).",
    "Lampiran dukungan sumber daya belum diisi.",
)
REVISION_REASONS = (
    "Perubahan target karena pergeseran anggaran pada APBD Perubahan.",
    "Penyesuaian RHK setelah penugasan tambahan sebagai tim percepatan penurunan stunting.",
)
