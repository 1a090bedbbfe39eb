"""The demo world: three city governments with real place names and realistic structures.

* Palembang: Sekretariat Daerah, Kecamatan Plaju with its seven kelurahan, Dinas Kesehatan with
  UPTD Puskesmas Plaju.
* Padang: the same shape for Kecamatan Kuranji (nine kelurahan) and Puskesmas Kuranji.
* Semarang: Sekretariat Daerah and four dinas (Kesehatan, Pendidikan, Perhubungan, Lingkungan Hidup)
  with sekretariat, bidang, seksi, puskesmas and schools.

People are generated (deterministically) from the position profiles; see data.py.
"""

from __future__ import annotations

from datetime import date

from .spec import ADM, FUNG, JPT, PEL, PENG, InstanceSpec, Login, Move, Pos, Unit, head, seksi, staff, subbagian, vacant


def _key(text: str) -> str:
    return text.lower().replace(" ", "_")


def kelurahan(p: str, name: str, staff_count: int = 1, acting: str = "") -> Unit:
    lurah = head(f"Lurah {name}", PENG, "pamong", "IV.a", key=f"{p}.lurah.{_key(name)}")
    if acting:
        vacant(lurah, acting)
    return Unit(f"Kelurahan {name}", "kelurahan", [
        lurah,
        Pos("Sekretaris Kelurahan", PENG, "pamong", echelon="IV.b", key=f"{p}.seklur.{_key(name)}"),
        staff("Pengadministrasi Umum", PEL, "administrasi", staff_count),
    ], key=f"{p}.kel.{_key(name)}")


def kecamatan(p: str, name: str, villages: list[Unit]) -> Unit:
    return Unit(f"Kecamatan {name}", "kecamatan", [
        head(f"Camat {name}", ADM, "pimpinan", "III.a", key=f"{p}.camat", superior=f"{p}.sekda"),
    ], [
        Unit(f"Sekretariat Kecamatan {name}", "sekretariat", [
            head("Sekretaris Kecamatan", ADM, "pamong", "III.b", key=f"{p}.sekcam"),
            staff("Bendahara Pengeluaran", PEL, "keuangan"),
        ], [
            subbagian("Umum dan Kepegawaian", "pamong",
                      staff("Pengadministrasi Perkantoran", PEL, "administrasi", 2, pppk=1)),
            subbagian("Perencanaan dan Keuangan", "keuangan",
                      staff("Penyusun Program Anggaran dan Pelaporan", PEL, "perencana")),
        ]),
        seksi("Pemerintahan", "pamong", staff("Pengadministrasi Pemerintahan", PEL, "administrasi"),
              head_key=f"{p}.kasi_pem"),
        seksi("Ketenteraman dan Ketertiban Umum", "pamong", staff("Polisi Pamong Praja Terampil", FUNG, "satpol", 2)),
        seksi("Pemberdayaan Masyarakat dan Kesejahteraan Sosial", "pamong",
              staff("Penyuluh Sosial Ahli Pertama", FUNG, "sosial")),
        seksi("Pelayanan Umum", "pamong",
              # three: the pegawai login, the pegawai_revisi login and a colleague whose SKP waits for the penilai
              staff("Pengadministrasi Layanan", PEL, "administrasi", 3, key=f"{p}.staff_yanum"),
              head_key=f"{p}.kasi_yanum"),
        *villages,
    ], short_name=f"Kec. {name}", key=f"{p}.kecamatan")


def puskesmas(p: str, name: str, full: bool = True) -> Unit:
    k = f"{p}.pkm.{_key(name)}"
    chief = head(f"Kepala UPTD Puskesmas {name}", PENG, "kesehatan_pimpinan", "IV.a", key=f"{k}.kapus")
    if not full:
        return Unit(f"UPTD Puskesmas {name}", "puskesmas", [
            chief,
            staff("Dokter Ahli Pertama", FUNG, "dokter", 2, pppk=1),
            staff("Perawat Ahli Pertama", FUNG, "perawat_ahli", 2),
            staff("Perawat Terampil", FUNG, "perawat_terampil", 1, pppk=1),
            staff("Bidan Terampil", FUNG, "bidan_terampil", 2, pppk=1),
            staff("Pengadministrasi Perkantoran", PEL, "administrasi", key=f"{k}.admin"),
        ], short_name=f"Puskesmas {name}", key=k)
    return Unit(f"UPTD Puskesmas {name}", "puskesmas", [
        chief,
        Pos("Kepala Subbagian Tata Usaha", PENG, "administrasi", echelon="IV.b"),
        staff("Dokter Ahli Muda", FUNG, "dokter", key=f"{k}.dokter_muda"),
        staff("Dokter Ahli Pertama", FUNG, "dokter", 2, pppk=1),
        staff("Dokter Gigi Ahli Pertama", FUNG, "dokter_gigi"),
        staff("Perawat Ahli Pertama", FUNG, "perawat_ahli", 3, pppk=1, key=f"{k}.perawat"),
        staff("Perawat Terampil", FUNG, "perawat_terampil", 2, pppk=1, key=f"{k}.perawat_terampil"),
        staff("Bidan Terampil", FUNG, "bidan_terampil", 2, pppk=1),
        staff("Bidan Ahli Pertama", FUNG, "bidan_ahli"),
        staff("Penyuluh Kesehatan Masyarakat Ahli Pertama", FUNG, "penyuluh_kesehatan"),
        staff("Sanitarian Terampil", FUNG, "sanitarian"),
        staff("Nutrisionis Ahli Pertama", FUNG, "nutrisionis"),
        staff("Apoteker Ahli Pertama", FUNG, "apoteker"),
        staff("Pranata Laboratorium Kesehatan Terampil", FUNG, "pranata_lab"),
        staff("Pengadministrasi Perkantoran", PEL, "administrasi", key=f"{k}.admin"),
    ], short_name=f"Puskesmas {name}", key=k)


def setda(p: str, bagian: list[Unit], female: bool) -> Unit:
    return Unit("Sekretariat Daerah", "setda", [
        head("Sekretaris Daerah", JPT, "pimpinan", "II.a", key=f"{p}.sekda", grades=("IV/c", "IV/e"), female=female),
    ], bagian, short_name="Setda", key=f"{p}.setda")


def bagian(name: str, *members: Pos) -> Unit:
    return Unit(f"Bagian {name}", "bidang", [head(f"Kepala Bagian {name}", ADM, "pimpinan", "III.a"), *members])


def small_dinkes(p: str, pkm: Unit) -> Unit:
    return Unit("Dinas Kesehatan", "dinas", [
        head("Kepala Dinas Kesehatan", JPT, "kesehatan_pimpinan", "II.b", key=f"{p}.kadinkes", superior=f"{p}.sekda"),
    ], [
        Unit("Sekretariat Dinas Kesehatan", "sekretariat", [
            head("Sekretaris Dinas Kesehatan", ADM, "kesehatan_pimpinan", "III.a", key=f"{p}.sekdinkes"),
            staff("Pengadministrasi Perkantoran", PEL, "administrasi"),
        ]),
        pkm,
    ], short_name="Dinkes", key=f"{p}.dinkes")


def _roles(p: str, pegawai: str, penilai: str, opd_unit: str) -> list[Login]:
    """The demo logins of a city: ``<city>.<role>``. The monev login is the policy analyst of the regional
    secretariat (``<city>.analis``), the secretary of the city's tim monev (demo/monev.py), so it writes."""
    return [
        Login("pegawai", f"{p}.pegawai", position=pegawai),
        # a colleague in the same position, under the same penilai: the SKP workflow's example (an approved SKP
        # reopened for a revision this week: returned in Palembang, a draft elsewhere; skp_demo.py)
        Login("pegawai_revisi", f"{p}.pegawai_revisi", position=pegawai, holder=1),
        Login("penilai", f"{p}.penilai", position=penilai),
        Login("admin_opd", f"{p}.admin_opd", unit=opd_unit),
        Login("admin_bkpsdm", f"{p}.admin_bkpsdm"),
        Login("monev", f"{p}.monev", position=f"{p}.analis"),
        Login("pimpinan", f"{p}.pimpinan", position=f"{p}.sekda"),
        Login("auditor", f"{p}.auditor"),
    ]


PLAJU = ["Plaju Ulu", "Plaju Ilir", "Plaju Darat", "Bagus Kuning", "Talang Bubuk", "Komperta", "Talang Putri"]
KURANJI = ["Anduring", "Ampang", "Kalumbuk", "Korong Gadang", "Kuranji", "Pasar Ambacang", "Lambung Bukit",
           "Sungai Sapih", "Gunung Sarik"]

PALEMBANG = InstanceSpec(
    "Pemerintah Kota Palembang", "palembang", "Sumatera Selatan", "", "palembang",
    units=[
        setda("plg", [bagian("Tata Pemerintahan",
                             staff("Analis Kebijakan Ahli Muda", FUNG, "perencana", key="plg.analis"),
                             staff("Pengadministrasi Perkantoran", PEL, "administrasi"))], female=False),
        kecamatan("plg", "Plaju", [
            kelurahan("plg", name, 2 if name in ("Plaju Ulu", "Bagus Kuning") else 1,
                      acting="plg.kasi_pem" if name == "Komperta" else "")
            for name in PLAJU
        ]),
        small_dinkes("plg", puskesmas("plg", "Plaju")),
    ],
    moves=[
        Move("plg.sekcam", "plg.kasi_pem", date(2016, 3, 1), date(2021, 7, 1),
             "Promosi dari Kepala Seksi Pemerintahan menjadi Sekretaris Kecamatan"),
        Move("plg.pkm.plaju.kapus", "plg.pkm.plaju.dokter_muda", date(2015, 2, 2), date(2020, 1, 6),
             "Diangkat menjadi Kepala UPTD Puskesmas Plaju"),
        Move("plg.staff_yanum", "plg.pkm.plaju.admin", date(2017, 4, 3), date(2022, 9, 1),
             "Mutasi dari UPTD Puskesmas Plaju"),
        Move("plg.lurah.plaju_ulu", "plg.kasi_yanum", date(2016, 10, 3), date(2020, 11, 2),
             "Promosi dari Kepala Seksi Pelayanan Umum menjadi Lurah Plaju Ulu"),
    ],
    logins=_roles("plg", "plg.staff_yanum", "plg.kasi_yanum", "plg.kecamatan"),
    prefix_share=0.08,
)

PADANG = InstanceSpec(
    "Pemerintah Kota Padang", "padang", "Sumatera Barat", "", "padang",
    units=[
        setda("pdg", [bagian("Pemerintahan",
                             staff("Analis Kebijakan Ahli Pertama", FUNG, "perencana", key="pdg.analis"),
                             staff("Pengadministrasi Perkantoran", PEL, "administrasi"))], female=False),
        kecamatan("pdg", "Kuranji", [
            kelurahan("pdg", name, 2 if name in ("Kuranji", "Kalumbuk") else 1,
                      acting="pdg.sekcam" if name == "Gunung Sarik" else "")
            for name in KURANJI
        ]),
        small_dinkes("pdg", puskesmas("pdg", "Kuranji")),
    ],
    moves=[
        Move("pdg.camat", "pdg.lurah.kuranji", date(2015, 1, 5), date(2021, 3, 1),
             "Promosi dari Lurah Kuranji menjadi Camat Kuranji"),
        Move("pdg.pkm.kuranji.perawat", "pdg.pkm.kuranji.perawat_terampil", date(2014, 3, 3), date(2021, 10, 1),
             "Penyesuaian ijazah setelah lulus S1 Keperawatan"),
        Move("pdg.kasi_yanum", "pdg.seklur.anduring", date(2017, 1, 2), date(2022, 4, 4),
             "Promosi dari Sekretaris Kelurahan Anduring menjadi Kepala Seksi Pelayanan Umum"),
    ],
    logins=_roles("pdg", "pdg.pkm.kuranji.perawat", "pdg.pkm.kuranji.kapus", "pdg.kecamatan"),
)


def _dinkes_semarang() -> Unit:
    return Unit("Dinas Kesehatan", "dinas", [
        head("Kepala Dinas Kesehatan", JPT, "kesehatan_pimpinan", "II.b", key="smg.kadinkes", superior="smg.sekda"),
    ], [
        Unit("Sekretariat Dinas Kesehatan", "sekretariat", [
            head("Sekretaris Dinas Kesehatan", ADM, "kesehatan_pimpinan", "III.a", key="smg.sekdinkes"),
        ], [
            subbagian("Umum dan Kepegawaian", "administrasi",
                      staff("Pengelola Kepegawaian", PEL, "administrasi", 2),
                      staff("Analis Sumber Daya Manusia Aparatur Ahli Pertama", FUNG, "sosial")),
            subbagian("Keuangan dan Aset", "keuangan", staff("Pengelola Keuangan", PEL, "keuangan")),
        ]),
        Unit("Bidang Kesehatan Masyarakat", "bidang", [
            head("Kepala Bidang Kesehatan Masyarakat", ADM, "kesehatan_pimpinan", "III.b"),
        ], [
            seksi("Kesehatan Keluarga dan Gizi", "penyuluh_kesehatan",
                  staff("Nutrisionis Ahli Muda", FUNG, "nutrisionis")),
            seksi("Promosi dan Pemberdayaan Masyarakat", "penyuluh_kesehatan",
                  staff("Penyuluh Kesehatan Masyarakat Ahli Muda", FUNG, "penyuluh_kesehatan")),
            seksi("Kesehatan Lingkungan, Kesehatan Kerja dan Olahraga", "sanitarian",
                  staff("Sanitarian Ahli Muda", FUNG, "sanitarian")),
        ]),
        Unit("Bidang Pencegahan dan Pengendalian Penyakit", "bidang", [
            head("Kepala Bidang Pencegahan dan Pengendalian Penyakit", ADM, "kesehatan_pimpinan", "III.b",
                 key="smg.kabid_p2p"),
        ], [
            seksi("Surveilans dan Imunisasi", "epidemiolog",
                  staff("Pengelola Data Surveilans", PEL, "administrasi", 3, key="smg.staff_surv"),
                  staff("Epidemiolog Kesehatan Ahli Pertama", FUNG, "epidemiolog", key="smg.epid"),
                  head_key="smg.kasi_surv"),
            seksi("Pencegahan dan Pengendalian Penyakit Menular", "epidemiolog",
                  staff("Epidemiolog Kesehatan Ahli Muda", FUNG, "epidemiolog")),
            seksi("Pencegahan dan Pengendalian Penyakit Tidak Menular dan Kesehatan Jiwa", "kesehatan_pimpinan",
                  staff("Pengadministrasi Perkantoran", PEL, "administrasi"), acting="smg.kabid_p2p"),
        ]),
        Unit("Bidang Pelayanan Kesehatan", "bidang", [
            head("Kepala Bidang Pelayanan Kesehatan", ADM, "kesehatan_pimpinan", "III.b"),
        ], [
            seksi("Pelayanan Kesehatan Primer", "kesehatan_pimpinan",
                  staff("Administrator Kesehatan Ahli Pertama", FUNG, "penyuluh_kesehatan")),
            seksi("Pelayanan Kesehatan Rujukan", "kesehatan_pimpinan"),
        ]),
        Unit("Bidang Sumber Daya Kesehatan", "bidang", [
            head("Kepala Bidang Sumber Daya Kesehatan", ADM, "kesehatan_pimpinan", "III.b"),
        ], [
            seksi("Kefarmasian, Alat Kesehatan dan PKRT", "apoteker", staff("Apoteker Ahli Muda", FUNG, "apoteker")),
            seksi("Sumber Daya Manusia Kesehatan", "administrasi", staff("Pengelola Data", PEL, "administrasi")),
        ]),
        puskesmas("smg", "Halmahera", full=False),
        puskesmas("smg", "Pandanaran", full=False),
    ], short_name="Dinkes", key="smg.dinkes")


def _school(name: str, key: str, guru: list[Pos]) -> Unit:
    return Unit(name, "sekolah", [
        head("Kepala Sekolah", PENG, "pendidikan_pimpinan", "IV.a"),
        *guru,
        staff("Pengelola Layanan Operasional", PEL, "administrasi"),
    ], key=key)


def _disdik_semarang() -> Unit:
    return Unit("Dinas Pendidikan", "dinas", [
        head("Kepala Dinas Pendidikan", JPT, "pendidikan_pimpinan", "II.b", superior="smg.sekda"),
    ], [
        Unit("Sekretariat Dinas Pendidikan", "sekretariat", [
            head("Sekretaris Dinas Pendidikan", ADM, "pendidikan_pimpinan", "III.a"),
        ], [
            subbagian("Umum dan Kepegawaian", "administrasi", staff("Pengelola Kepegawaian", PEL, "administrasi")),
        ]),
        Unit("Bidang Pembinaan Sekolah Dasar", "bidang", [
            head("Kepala Bidang Pembinaan Sekolah Dasar", ADM, "pendidikan_pimpinan", "III.b"),
        ], [
            seksi("Kurikulum dan Penilaian SD", "pendidikan_pimpinan"),
            seksi("Peserta Didik dan Pembangunan Karakter SD", "pendidikan_pimpinan",
                  staff("Pengadministrasi Perkantoran", PEL, "administrasi")),
        ]),
        Unit("Bidang Pembinaan Sekolah Menengah Pertama", "bidang", [
            head("Kepala Bidang Pembinaan Sekolah Menengah Pertama", ADM, "pendidikan_pimpinan", "III.b"),
        ], [
            seksi("Kurikulum dan Penilaian SMP", "pendidikan_pimpinan"),
            seksi("Kelembagaan dan Sarana Prasarana SMP", "pendidikan_pimpinan"),
        ]),
        Unit("Bidang Guru dan Tenaga Kependidikan", "bidang", [
            head("Kepala Bidang Guru dan Tenaga Kependidikan", ADM, "pendidikan_pimpinan", "III.b"),
            staff("Pengawas Sekolah Ahli Madya", FUNG, "pendidikan_pimpinan"),
        ], [
            seksi("Guru dan Tenaga Kependidikan SD", "pendidikan_pimpinan"),
            seksi("Guru dan Tenaga Kependidikan SMP", "pendidikan_pimpinan",
                  staff("Pengelola Data Kepegawaian", PEL, "administrasi")),
        ]),
        _school("SD Negeri Pekunden", "smg.sd_pekunden", [
            staff("Guru Ahli Pertama", FUNG, "guru", 3, pppk=2),
            staff("Guru Ahli Muda", FUNG, "guru", 2, key="smg.guru_sd"),
            staff("Guru Ahli Madya", FUNG, "guru"),
        ]),
        _school("SMP Negeri 2 Semarang", "smg.smp2", [
            staff("Guru Ahli Pertama", FUNG, "guru", 3, pppk=2),
            staff("Guru Ahli Muda", FUNG, "guru", 2, key="smg.guru_smp"),
            staff("Guru Ahli Madya", FUNG, "guru", 2),
        ]),
    ], short_name="Disdik", key="smg.disdik")


def _dishub_semarang() -> Unit:
    return Unit("Dinas Perhubungan", "dinas", [
        head("Kepala Dinas Perhubungan", JPT, "pimpinan", "II.b", superior="smg.sekda"),
    ], [
        Unit("Sekretariat Dinas Perhubungan", "sekretariat", [
            head("Sekretaris Dinas Perhubungan", ADM, "pimpinan", "III.a", key="smg.sekdishub"),
        ], [
            subbagian("Umum dan Kepegawaian", "administrasi",
                      staff("Pengadministrasi Perkantoran", PEL, "administrasi", 2, pppk=1)),
            subbagian("Keuangan dan Aset", "keuangan", staff("Bendahara Pengeluaran", PEL, "keuangan")),
        ]),
        Unit("Bidang Lalu Lintas", "bidang", [
            vacant(head("Kepala Bidang Lalu Lintas", ADM, "pimpinan", "III.b"), "smg.sekdishub"),
        ], [
            seksi("Manajemen dan Rekayasa Lalu Lintas", "teknik", staff("Pengelola Lalu Lintas", PEL, "teknik")),
            seksi("Pengendalian dan Operasional", "pamong",
                  staff("Pengatur Lalu Lintas", PEL, "satpol", 2, pppk=1)),
        ]),
        Unit("Bidang Angkutan", "bidang", [head("Kepala Bidang Angkutan", ADM, "pimpinan", "III.b")], [
            seksi("Angkutan Orang", "pamong", staff("Pengawas Angkutan", PEL, "administrasi")),
            seksi("Angkutan Barang", "pamong"),
        ]),
        Unit("Bidang Sarana dan Prasarana", "bidang", [
            head("Kepala Bidang Sarana dan Prasarana", ADM, "teknik", "III.b"),
        ], [
            seksi("Perlengkapan Jalan", "teknik", staff("Teknisi Perlengkapan Jalan", PEL, "teknik")),
            seksi("Terminal dan Perparkiran", "pamong"),
        ]),
        Unit("UPTD Pengujian Kendaraan Bermotor", "uptd", [
            head("Kepala UPTD Pengujian Kendaraan Bermotor", PENG, "teknik", "IV.a"),
            staff("Penguji Kendaraan Bermotor Terampil", FUNG, "penguji", 2, pppk=1),
            staff("Penguji Kendaraan Bermotor Mahir", FUNG, "penguji"),
            staff("Penguji Kendaraan Bermotor Ahli Pertama", FUNG, "penguji"),
        ], short_name="UPTD PKB"),
    ], short_name="Dishub", key="smg.dishub")


def _dlh_semarang() -> Unit:
    return Unit("Dinas Lingkungan Hidup", "dinas", [
        head("Kepala Dinas Lingkungan Hidup", JPT, "teknik", "II.b", key="smg.kadlh", superior="smg.sekda"),
    ], [
        Unit("Sekretariat Dinas Lingkungan Hidup", "sekretariat", [
            head("Sekretaris Dinas Lingkungan Hidup", ADM, "pimpinan", "III.a"),
        ], [
            subbagian("Umum dan Kepegawaian", "administrasi",
                      staff("Pengadministrasi Perkantoran", PEL, "administrasi")),
        ]),
        Unit("Bidang Tata Lingkungan", "bidang", [
            head("Kepala Bidang Tata Lingkungan", ADM, "lingkungan", "III.b", key="smg.kabid_tata"),
        ], [
            seksi("Perencanaan dan Kajian Dampak Lingkungan", "lingkungan",
                  staff("Pengendali Dampak Lingkungan Ahli Pertama", FUNG, "lingkungan", 2, pppk=1)),
            seksi("Pemeliharaan Lingkungan Hidup", "lingkungan"),
        ]),
        Unit("Bidang Pengelolaan Sampah dan Limbah B3", "bidang", [
            head("Kepala Bidang Pengelolaan Sampah dan Limbah B3", ADM, "lingkungan", "III.b"),
        ], [
            seksi("Pengurangan Sampah", "lingkungan", staff("Pengelola Bank Sampah", PEL, "administrasi")),
            seksi("Penanganan Sampah", "lingkungan", staff("Pengawas Kebersihan", PEL, "satpol", 2)),
        ]),
        Unit("Bidang Penaatan dan Peningkatan Kapasitas Lingkungan Hidup", "bidang", [
            head("Kepala Bidang Penaatan dan Peningkatan Kapasitas Lingkungan Hidup", ADM, "lingkungan", "III.b"),
            staff("Pengendali Dampak Lingkungan Ahli Muda", FUNG, "lingkungan"),
        ], [
            seksi("Pengaduan dan Penegakan Hukum Lingkungan", "hukum",
                  staff("Pengawas Lingkungan Hidup Ahli Pertama", FUNG, "lingkungan")),
            seksi("Peningkatan Kapasitas Lingkungan Hidup", "lingkungan"),
        ]),
    ], short_name="DLH", key="smg.dlh")


SEMARANG = InstanceSpec(
    "Pemerintah Kota Semarang", "semarang", "Jawa Tengah", "", "semarang",
    units=[
        setda("smg", [
            bagian("Organisasi", staff("Analis Kebijakan Ahli Muda", FUNG, "perencana", key="smg.analis"),
                   staff("Penelaah Kebijakan", PEL, "administrasi")),
            bagian("Hukum", staff("Perancang Peraturan Perundang-undangan Ahli Pertama", FUNG, "hukum")),
        ], female=True),
        _dinkes_semarang(),
        _disdik_semarang(),
        _dishub_semarang(),
        _dlh_semarang(),
    ],
    moves=[
        Move("smg.kadinkes", "smg.sekdinkes", date(2018, 1, 2), date(2023, 6, 12),
             "Promosi dari Sekretaris Dinas menjadi Kepala Dinas Kesehatan"),
        Move("smg.kabid_p2p", "smg.kasi_surv", date(2016, 1, 4), date(2022, 1, 3),
             "Promosi dari Kepala Seksi Surveilans dan Imunisasi menjadi Kepala Bidang Pencegahan dan "
             "Pengendalian Penyakit"),
        Move("smg.kasi_surv", "smg.epid", date(2015, 3, 2), date(2022, 2, 1),
             "Promosi dari Epidemiolog Kesehatan menjadi Kepala Seksi Surveilans dan Imunisasi"),
        Move("smg.staff_surv", "smg.pkm.halmahera.admin", date(2018, 3, 1), date(2023, 1, 2),
             "Mutasi dari UPTD Puskesmas Halmahera"),
        Move("smg.guru_smp", "smg.guru_sd", date(2012, 7, 16), date(2019, 7, 15),
             "Mutasi antarsekolah dari SD Negeri Pekunden"),
        Move("smg.kadlh", "smg.kabid_tata", date(2017, 2, 1), date(2022, 10, 3),
             "Promosi dari Kepala Bidang Tata Lingkungan menjadi Kepala Dinas Lingkungan Hidup"),
    ],
    logins=_roles("smg", "smg.staff_surv", "smg.kasi_surv", "smg.dinkes"),
)

INSTANCES = [PALEMBANG, PADANG, SEMARANG]
