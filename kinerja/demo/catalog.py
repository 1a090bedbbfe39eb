"""What a regional government is made of: the OPD catalogue and staffing of each unit kind.

Used by the synthetic generator (plan.py). Names follow common Perda/Perwal nomenclature.
A job is ``(name, kind, profile, weight, pppk_share)``; functional job names carry their level.
"""

from __future__ import annotations

from dataclasses import dataclass

ADM, PENG, PEL, FUNG, JPT = "ADMINISTRATOR", "PENGAWAS", "PELAKSANA", "FUNGSIONAL", "JPT"

Job = tuple[str, str, str, float, float]


@dataclass(frozen=True)
class Opd:
    name: str
    kind: str  # "dinas" / "badan"
    short: str
    profile: str  # profile of its officials
    jobs: tuple[tuple[str, str], ...]  # functional jobs of the domain: (name without level, profile)
    bidang: tuple[tuple[str, tuple[str, ...]], ...]
    sub_prefix: str = "Seksi"  # badan have "Subbidang"


OPDS: tuple[Opd, ...] = (
    Opd("Dinas Kesehatan", "dinas", "Dinkes", "kesehatan_pimpinan",
        (("Epidemiolog Kesehatan", "epidemiolog"), ("Administrator Kesehatan", "penyuluh_kesehatan")), (
            ("Kesehatan Masyarakat", ("Kesehatan Keluarga dan Gizi", "Promosi dan Pemberdayaan Masyarakat",
                                      "Kesehatan Lingkungan, Kesehatan Kerja dan Olahraga")),
            ("Pencegahan dan Pengendalian Penyakit", ("Surveilans dan Imunisasi", "Penyakit Menular",
                                                      "Penyakit Tidak Menular dan Kesehatan Jiwa")),
            ("Pelayanan Kesehatan", ("Pelayanan Kesehatan Primer", "Pelayanan Kesehatan Rujukan")),
            ("Sumber Daya Kesehatan", ("Kefarmasian dan Alat Kesehatan", "Sumber Daya Manusia Kesehatan")),
        )),
    Opd("Dinas Pendidikan", "dinas", "Disdik", "pendidikan_pimpinan",
        (("Pengawas Sekolah", "pendidikan_pimpinan"), ("Pamong Belajar", "guru")), (
            ("Pembinaan Sekolah Dasar", ("Kurikulum SD", "Peserta Didik SD", "Sarana dan Prasarana SD")),
            ("Pembinaan Sekolah Menengah Pertama", ("Kurikulum SMP", "Peserta Didik SMP", "Sarana dan Prasarana SMP")),
            ("Pendidikan Anak Usia Dini dan Pendidikan Nonformal", ("Kelembagaan PAUD", "Pendidikan Masyarakat")),
            ("Guru dan Tenaga Kependidikan", ("Guru dan Tenaga Kependidikan SD", "Guru dan Tenaga Kependidikan SMP")),
        )),
    Opd("Dinas Perhubungan", "dinas", "Dishub", "pimpinan",
        (("Penguji Kendaraan Bermotor", "penguji"),), (
            ("Lalu Lintas", ("Manajemen dan Rekayasa Lalu Lintas", "Pengendalian dan Operasional")),
            ("Angkutan", ("Angkutan Orang", "Angkutan Barang")),
            ("Sarana dan Prasarana", ("Perlengkapan Jalan", "Terminal dan Perparkiran")),
        )),
    Opd("Dinas Lingkungan Hidup", "dinas", "DLH", "lingkungan",
        (("Pengendali Dampak Lingkungan", "lingkungan"), ("Pengawas Lingkungan Hidup", "lingkungan")), (
            ("Tata Lingkungan", ("Perencanaan dan Kajian Dampak Lingkungan", "Pemeliharaan Lingkungan Hidup")),
            ("Pengelolaan Sampah dan Limbah B3", ("Pengurangan Sampah", "Penanganan Sampah", "Limbah B3")),
            ("Penaatan dan Peningkatan Kapasitas", ("Pengaduan dan Penegakan Hukum", "Peningkatan Kapasitas")),
        )),
    Opd("Dinas Pekerjaan Umum dan Penataan Ruang", "dinas", "DPUPR", "teknik",
        (("Teknik Jalan dan Jembatan", "teknik"), ("Teknik Pengairan", "teknik"), ("Penata Ruang", "teknik")), (
            ("Bina Marga", ("Pembangunan Jalan dan Jembatan", "Pemeliharaan Jalan dan Jembatan")),
            ("Sumber Daya Air", ("Irigasi", "Drainase")),
            ("Penataan Ruang", ("Perencanaan Tata Ruang", "Pengendalian Pemanfaatan Ruang")),
            ("Cipta Karya", ("Bangunan Gedung", "Air Minum dan Sanitasi")),
        )),
    Opd("Dinas Sosial", "dinas", "Dinsos", "sosial",
        (("Pekerja Sosial", "sosial"), ("Penyuluh Sosial", "sosial")), (
            ("Rehabilitasi Sosial", ("Anak dan Lanjut Usia", "Penyandang Disabilitas")),
            ("Perlindungan dan Jaminan Sosial", ("Perlindungan Sosial Korban Bencana", "Jaminan Sosial Keluarga")),
            ("Pemberdayaan Sosial", ("Penanganan Fakir Miskin", "Kelembagaan dan Potensi Sumber Kesejahteraan Sosial")),
        )),
    Opd("Dinas Kependudukan dan Pencatatan Sipil", "dinas", "Disdukcapil", "pamong",
        (("Administrator Database Kependudukan", "it"),), (
            ("Pelayanan Pendaftaran Penduduk", ("Identitas Penduduk", "Pindah Datang Penduduk")),
            ("Pelayanan Pencatatan Sipil", ("Kelahiran dan Kematian", "Perkawinan dan Perceraian")),
            ("Pengelolaan Informasi Administrasi Kependudukan", ("Sistem Informasi", "Pengolahan Data")),
        )),
    Opd("Dinas Komunikasi, Informatika, Statistik dan Persandian", "dinas", "Diskominfo", "it",
        (("Pranata Komputer", "it"), ("Pranata Hubungan Masyarakat", "administrasi"), ("Statistisi", "perencana")), (
            ("Aplikasi Informatika", ("Layanan E-Government", "Infrastruktur Teknologi Informasi")),
            ("Informasi dan Komunikasi Publik", ("Pengelolaan Informasi Publik", "Kemitraan Media")),
            ("Statistik dan Persandian", ("Statistik Sektoral", "Persandian dan Keamanan Informasi")),
        )),
    Opd("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "dinas", "DPMPTSP", "pamong",
        (("Penata Perizinan", "administrasi"),), (
            ("Pelayanan Perizinan", ("Perizinan Usaha", "Perizinan Non Usaha")),
            ("Penanaman Modal", ("Promosi Penanaman Modal", "Pengendalian Penanaman Modal")),
        )),
    Opd("Dinas Perdagangan", "dinas", "Disdag", "pimpinan",
        (("Pengawas Perdagangan", "administrasi"), ("Penera", "teknik")), (
            ("Perdagangan Dalam Negeri", ("Distribusi dan Stabilisasi Harga", "Perlindungan Konsumen")),
            ("Pengelolaan Pasar", ("Pembinaan Pedagang", "Sarana Pasar")),
            ("Metrologi Legal", ("Tera dan Tera Ulang", "Pengawasan Metrologi")),
        )),
    Opd("Dinas Ketahanan Pangan dan Pertanian", "dinas", "DKPP", "pertanian",
        (("Penyuluh Pertanian", "pertanian"), ("Medik Veteriner", "pertanian")), (
            ("Ketahanan Pangan", ("Ketersediaan dan Distribusi Pangan", "Konsumsi dan Keamanan Pangan")),
            ("Tanaman Pangan dan Hortikultura", ("Produksi Tanaman", "Perlindungan Tanaman")),
            ("Peternakan dan Kesehatan Hewan", ("Produksi Peternakan", "Kesehatan Hewan dan Kesmavet")),
        )),
    Opd("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "dinas", "DP3A", "sosial",
        (("Analis Kebijakan", "perencana"),), (
            ("Pemberdayaan Perempuan", ("Kualitas Hidup Perempuan", "Pengarusutamaan Gender")),
            ("Perlindungan Anak", ("Pemenuhan Hak Anak", "Perlindungan Khusus Anak")),
        )),
    Opd("Satuan Polisi Pamong Praja", "dinas", "Satpol PP", "pamong",
        (("Polisi Pamong Praja", "satpol"),), (
            ("Penegakan Peraturan Daerah", ("Pembinaan dan Pengawasan", "Penyelidikan dan Penyidikan")),
            ("Ketertiban Umum dan Ketenteraman Masyarakat", ("Operasi dan Pengendalian", "Kerja Sama")),
            ("Perlindungan Masyarakat", ("Satuan Perlindungan Masyarakat", "Bina Potensi Masyarakat")),
        )),
    Opd("Badan Perencanaan Pembangunan Daerah", "badan", "Bappeda", "perencana",
        (("Perencana", "perencana"),), (
            ("Pemerintahan dan Pembangunan Manusia", ("Pemerintahan", "Pembangunan Manusia")),
            ("Perekonomian dan Sumber Daya Alam", ("Perekonomian", "Sumber Daya Alam")),
            ("Infrastruktur dan Kewilayahan", ("Infrastruktur", "Kewilayahan")),
            ("Penelitian dan Pengembangan", ("Inovasi Daerah", "Kajian Kebijakan")),
        ), "Subbidang"),
    Opd("Badan Pengelolaan Keuangan dan Aset Daerah", "badan", "BPKAD", "keuangan",
        (("Analis Keuangan Pusat dan Daerah", "keuangan"),), (
            ("Anggaran", ("Anggaran Belanja", "Anggaran Pendapatan dan Pembiayaan")),
            ("Perbendaharaan", ("Belanja Langsung", "Belanja Tidak Langsung")),
            ("Akuntansi", ("Akuntansi Pemerintahan", "Pelaporan Keuangan")),
            ("Aset", ("Penatausahaan Aset", "Pemanfaatan Aset")),
        ), "Subbidang"),
    Opd("Badan Pendapatan Daerah", "badan", "Bapenda", "keuangan",
        (("Pemeriksa Pajak Daerah", "keuangan"),), (
            ("Pendataan dan Penetapan", ("Pendataan", "Penetapan")),
            ("Penagihan dan Keberatan", ("Penagihan", "Keberatan")),
            ("Pengendalian dan Evaluasi", ("Pengendalian", "Evaluasi Pendapatan")),
        ), "Subbidang"),
    Opd("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "badan", "BKPSDM", "pimpinan",
        (("Analis Sumber Daya Manusia Aparatur", "sosial"), ("Asesor Sumber Daya Manusia Aparatur", "sosial")), (
            ("Pengadaan, Pemberhentian dan Informasi", ("Pengadaan dan Pemberhentian", "Data dan Informasi")),
            ("Mutasi dan Promosi", ("Mutasi", "Promosi dan Kepangkatan")),
            ("Pengembangan Kompetensi", ("Pendidikan dan Pelatihan", "Pengembangan Karier")),
            ("Penilaian Kinerja dan Penghargaan", ("Penilaian Kinerja", "Disiplin dan Penghargaan")),
        ), "Subbidang"),
    Opd("Badan Penanggulangan Bencana Daerah", "badan", "BPBD", "pamong",
        (("Penata Penanggulangan Bencana", "pamong"),), (
            ("Pencegahan dan Kesiapsiagaan", ("Pencegahan", "Kesiapsiagaan")),
            ("Kedaruratan dan Logistik", ("Kedaruratan", "Logistik")),
            ("Rehabilitasi dan Rekonstruksi", ("Rehabilitasi", "Rekonstruksi")),
        )),
)

SETDA_BAGIAN = (
    "Tata Pemerintahan", "Hukum", "Organisasi", "Kesejahteraan Rakyat", "Perekonomian dan Sumber Daya Alam",
    "Administrasi Pembangunan", "Pengadaan Barang dan Jasa", "Umum", "Protokol dan Komunikasi Pimpinan",
)
SETDA_ASISTEN = (
    "Asisten Pemerintahan dan Kesejahteraan Rakyat", "Asisten Perekonomian dan Pembangunan",
    "Asisten Administrasi Umum",
)
KECAMATAN_SEKSI = (
    "Pemerintahan", "Ketenteraman dan Ketertiban Umum", "Pemberdayaan Masyarakat dan Kesejahteraan Sosial",
    "Pelayanan Umum", "Ekonomi dan Pembangunan",
)
SUBBAGIAN = ("Umum dan Kepegawaian", "Keuangan dan Aset", "Perencanaan dan Pelaporan")

# Staff of each unit kind (besides the head). Functional jobs "{domain}" take the OPD's own jobs.
SETDA_JOBS: tuple[Job, ...] = (
    ("Pengadministrasi Perkantoran", PEL, "administrasi", 2, 0.1),
)
BAGIAN_JOBS: tuple[Job, ...] = (
    ("Analis Kebijakan Ahli Pertama", FUNG, "perencana", 2, 0.05),
    ("Analis Kebijakan Ahli Muda", FUNG, "perencana", 1, 0),
    ("Penelaah Teknis Kebijakan", PEL, "administrasi", 2, 0.05),
    ("Pengadministrasi Perkantoran", PEL, "administrasi", 1, 0.1),
)
SEKRETARIAT_JOBS: tuple[Job, ...] = (
    ("Perencana Ahli Pertama", FUNG, "perencana", 1, 0.05),
    ("Analis Sumber Daya Manusia Aparatur Ahli Pertama", FUNG, "sosial", 1, 0.05),
    ("Pengadministrasi Perkantoran", PEL, "administrasi", 2, 0.1),
)
SUBBAGIAN_JOBS: tuple[Job, ...] = (
    ("Pengelola Keuangan", PEL, "keuangan", 1, 0.05),
    ("Pengadministrasi Perkantoran", PEL, "administrasi", 2, 0.1),
)
BIDANG_JOBS: tuple[Job, ...] = (
    ("{domain} Ahli Muda", FUNG, "{profile}", 1.5, 0),
    ("{domain} Ahli Madya", FUNG, "{profile}", 0.5, 0),
)
SEKSI_JOBS: tuple[Job, ...] = (
    ("{domain} Ahli Pertama", FUNG, "{profile}", 1.5, 0.1),
    ("Penelaah Teknis Kebijakan", PEL, "administrasi", 1, 0.05),
    ("Pengolah Data dan Informasi", PEL, "administrasi", 1, 0.1),
)
KECAMATAN_SEKSI_JOBS: tuple[Job, ...] = (
    ("Pengadministrasi Perkantoran", PEL, "administrasi", 2, 0.1),
    ("Penyuluh Sosial Ahli Pertama", FUNG, "sosial", 0.5, 0.1),
)
KELURAHAN_JOBS: tuple[Job, ...] = (
    ("Pengadministrasi Umum", PEL, "administrasi", 2, 0.1),
    ("Pengelola Layanan Kependudukan", PEL, "administrasi", 1, 0.1),
)
PUSKESMAS_JOBS: tuple[Job, ...] = (
    ("Dokter Ahli Pertama", FUNG, "dokter", 2, 0.15),
    ("Dokter Ahli Muda", FUNG, "dokter", 1, 0),
    ("Dokter Gigi Ahli Pertama", FUNG, "dokter_gigi", 1, 0.1),
    ("Perawat Ahli Pertama", FUNG, "perawat_ahli", 4, 0.1),
    ("Perawat Terampil", FUNG, "perawat_terampil", 3, 0.12),
    ("Perawat Mahir", FUNG, "perawat_terampil", 1, 0),
    ("Bidan Terampil", FUNG, "bidan_terampil", 4, 0.12),
    ("Bidan Ahli Pertama", FUNG, "bidan_ahli", 1.5, 0.1),
    ("Apoteker Ahli Pertama", FUNG, "apoteker", 1, 0.1),
    ("Nutrisionis Ahli Pertama", FUNG, "nutrisionis", 1, 0.1),
    ("Sanitarian Terampil", FUNG, "sanitarian", 1, 0.1),
    ("Penyuluh Kesehatan Masyarakat Ahli Pertama", FUNG, "penyuluh_kesehatan", 1, 0.1),
    ("Pranata Laboratorium Kesehatan Terampil", FUNG, "pranata_lab", 1, 0.1),
    ("Pengadministrasi Perkantoran", PEL, "administrasi", 1.5, 0.1),
)
SEKOLAH_JOBS: tuple[Job, ...] = (
    ("Guru Ahli Pertama", FUNG, "guru", 6, 0.22),
    ("Guru Ahli Muda", FUNG, "guru", 4, 0),
    ("Guru Ahli Madya", FUNG, "guru", 3, 0),
    ("Pengelola Layanan Operasional", PEL, "administrasi", 1, 0.1),
    ("Operator Layanan Operasional", PEL, "administrasi", 0.5, 0.1),
)
# How many people a unit of each kind draws, relative to each other (schools and puskesmas are big).
UNIT_WEIGHT = {
    "setda": 3, "bidang": 3, "sekretariat": 2.5, "subbagian": 2.7, "seksi": 3.4, "kecamatan": 1,
    "kelurahan": 4, "puskesmas": 2.5, "sekolah": 2.8, "dinas": 1, "badan": 1, "uptd": 2.5,
}

# Which OPDs a small government has first (the catalogue above is grouped by kind).
PRIORITY = ("Dinkes", "Disdik", "BKPSDM", "Bappeda", "Dishub", "BPKAD", "DLH", "DPUPR", "Dinsos", "Disdukcapil",
            "Diskominfo", "Bapenda", "Satpol PP", "DPMPTSP", "Disdag", "DKPP", "DP3A", "BPBD")
OPDS_BY_PRIORITY = tuple(sorted(OPDS, key=lambda o: PRIORITY.index(o.short)))
