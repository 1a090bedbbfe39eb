"""Indonesian name material for demo and synthetic people (no randomness here: just the lists).

Names are grouped by region so each demo city sounds like itself (Palembang, Padang, Semarang),
plus a nation-wide pool the synthetic generator mixes in. A name is built as
``[first] [middle?] [last?]``; academic titles live in :mod:`kinerja.demo.profiles`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NamePool:
    male_first: tuple[str, ...]
    female_first: tuple[str, ...]
    male_last: tuple[str, ...]
    female_last: tuple[str, ...]
    male_prefix: tuple[str, ...] = ()  # regional honorifics that are part of the name (Kgs., Rd.)
    female_prefix: tuple[str, ...] = ()


COMMON = NamePool(
    male_first=(
        "Muhammad", "Ahmad", "Agus", "Budi", "Andi", "Rudi", "Dedi", "Hendra", "Eko", "Dwi", "Arif", "Rizki",
        "Fajar", "Yusuf", "Irfan", "Hadi", "Wahyu", "Bayu", "Dian", "Taufik", "Rahmat", "Hasan", "Ilham", "Aditya",
        "Fauzan", "Reza", "Yoga", "Imam", "Syaiful", "Heri", "Iwan", "Anton", "Denny", "Gilang", "Fikri", "Rian",
        "Teguh", "Doni", "Feri", "Galih", "Hendro", "Indra", "Joni", "Lukman", "Nanang", "Rahmad", "Sandi",
        "Yudi", "Zainal", "Arief", "Bagus", "Dimas", "Erwin", "Firman", "Guntur", "Hari", "Ivan", "Kurniawan",
    ),
    female_first=(
        "Siti", "Sri", "Dewi", "Nur", "Rina", "Dian", "Fitri", "Indah", "Maya", "Ratna", "Yuni", "Ayu", "Rini",
        "Wulan", "Lia", "Eka", "Dwi", "Nurul", "Putri", "Rahma", "Anisa", "Novita", "Lestari", "Mega", "Intan",
        "Yulia", "Fitria", "Handayani", "Kartika", "Lina", "Melati", "Nia", "Okta", "Puspita", "Ria", "Sari",
        "Tika", "Umi", "Vina", "Winda", "Yanti", "Zahra", "Aulia", "Bunga", "Citra", "Desi", "Erna", "Fara",
    ),
    male_last=(
        "Pratama", "Saputra", "Setiawan", "Hidayat", "Nugroho", "Santoso", "Wibowo", "Kurniawan", "Susanto",
        "Firmansyah", "Ramadhan", "Gunawan", "Hakim", "Permana", "Syahputra", "Wijaya", "Prasetyo", "Hermawan",
        "Kusuma", "Nasution", "Siregar", "Harahap", "Lubis", "Simanjuntak", "Hutapea", "Sinaga", "Rahman",
        "Maulana", "Ardiansyah", "Hidayatullah", "Suryadi", "Purnomo", "Irawan", "Effendi", "Fadillah",
    ),
    female_last=(
        "Lestari", "Wulandari", "Rahayu", "Handayani", "Puspitasari", "Anggraini", "Kurniasih", "Susanti",
        "Wahyuni", "Safitri", "Permatasari", "Maharani", "Novitasari", "Oktaviani", "Rahmawati", "Purnamasari",
        "Ningsih", "Fitriani", "Hasanah", "Amalia", "Agustina", "Septiani", "Yuliani", "Kartikasari", "Damayanti",
        "Sulistyowati", "Nasution", "Siregar", "Harahap", "Lubis", "Pertiwi", "Utami", "Ramadhani", "Aprilia",
    ),
)

# Palembang (Sumatera Selatan): Malay/Palembang names and the nobility prefixes Kgs./Mgs./Nyimas.
PALEMBANG = NamePool(
    male_first=(
        "Muhammad", "Ahmad", "Abdul", "Syahrial", "Helmi", "Zainal", "Ridwan", "Iskandar", "Firdaus", "Hasbi",
        "Yudha", "Darmawan", "Herman", "Syamsul", "Amri", "Arlan", "Fikri", "Hendri", "Mukhlis", "Rusdi",
        "Sofyan", "Tarmizi", "Yusri", "Zulkarnain", "Alamsyah", "Basri", "Chairul", "Edi", "Ferdinan", "Harun",
    ),
    female_first=(
        "Yuliana", "Rismawati", "Eka", "Dian", "Lili", "Fitriani", "Rina", "Sri", "Yeni", "Nurmala", "Ayu", "Eva",
        "Herlina", "Juwita", "Komala", "Marlina", "Nurhasanah", "Rosita", "Susi", "Umi", "Wardah", "Zuraida",
        "Dewi", "Halimah", "Indrawati", "Khairunnisa",
    ),
    male_last=(
        "Saputra", "Irawan", "Hartono", "Pratama", "Firmansyah", "Syahputra", "Abidin", "Hasan", "Rahman",
        "Fauzi", "Arifin", "Yusuf", "Ramadhan", "Kurniawan", "Effendi", "Hamid", "Rasyid", "Mahmud", "Anwar",
    ),
    female_last=(
        "Susanti", "Novita", "Marlina", "Oktaviani", "Handayani", "Anggraini", "Sari", "Wati", "Yulianti",
        "Fitriyani", "Mardiana", "Rahmawati", "Sulastri", "Hasanah", "Puspita", "Asmara",
    ),
    male_prefix=("Kgs.", "Mgs.", "Kms.", "Rd."),
    female_prefix=("Nyimas", "Nyayu", "Masayu"),
)

# Padang (Sumatera Barat): Minangkabau names, often with a clan (suku) as the last part.
PADANG = NamePool(
    male_first=(
        "Afrizal", "Yulizar", "Syafrizal", "Hendri", "Zulkifli", "Erizal", "Dasrul", "Yusnaldi", "Rahmat", "Fadhil",
        "Andika", "Irwan", "Nofrizal", "Jonaidi", "Zulfikar", "Alfian", "Harmen", "Yuherman", "Efendi", "Asril",
        "Darmawi", "Fauzi", "Gusri", "Hamdani", "Indra", "Jasman", "Khairul", "Masrizal", "Novrianto", "Rizal",
    ),
    female_first=(
        "Yusnidar", "Desmawati", "Yenni", "Rahmi", "Fitri", "Nurhayati", "Elvira", "Suryani", "Novita", "Weni",
        "Gusrianti", "Mardiah", "Rosnita", "Yulia", "Afrida", "Delvi", "Ermawati", "Hasnida", "Irma", "Lusi",
        "Meri", "Nelly", "Rosmaini", "Silvia", "Yasmi", "Zurni",
    ),
    male_last=(
        "Putra", "Chaniago", "Piliang", "Tanjung", "Koto", "Sikumbang", "Jambak", "Malik", "Datuak", "Syam",
        "Sutan", "Basri", "Nasrul", "Rahman", "Munaf", "Yunus",
    ),
    female_last=(
        "Sari", "Rahmadani", "Ningsih", "Wati", "Putri", "Yanti", "Fitriani", "Suryani", "Hayati", "Wahyuni",
        "Chaniago", "Piliang", "Tanjung", "Koto", "Zahara",
    ),
)

# Semarang (Jawa Tengah): Javanese names.
SEMARANG = NamePool(
    male_first=(
        "Bambang", "Agus", "Slamet", "Joko", "Hadi", "Teguh", "Budi", "Eko", "Wahyu", "Sugeng", "Heru", "Dwi",
        "Adi", "Yoga", "Arif", "Tri", "Bayu", "Sigit", "Hartono", "Purwanto", "Suharto", "Wisnu", "Yudhi", "Gatot",
        "Hendro", "Sutrisno", "Bagus", "Danang", "Prasetyo", "Setyo", "Rahmat", "Kukuh", "Aji", "Wawan",
    ),
    female_first=(
        "Sri", "Endang", "Siti", "Dwi", "Retno", "Ratna", "Tri", "Nur", "Puji", "Rini", "Yuni", "Dyah", "Wiwik",
        "Endah", "Kurniasih", "Sulastri", "Tutik", "Umi", "Wahyu", "Yayuk", "Anik", "Dewi", "Erna", "Lusiana",
        "Ninik", "Rahayu", "Setyowati", "Titik", "Listyaningrum",
    ),
    male_last=(
        "Sutrisno", "Widodo", "Riyadi", "Santoso", "Purnomo", "Prasetyo", "Setiawan", "Susanto", "Hidayat",
        "Nugroho", "Rahardjo", "Saputro", "Wibowo", "Handoko", "Sulistyo", "Kuncoro", "Wicaksono", "Hartanto",
        "Utomo", "Cahyono", "Pamungkas", "Priyambodo", "Suprapto", "Wiyono",
    ),
    female_last=(
        "Rahayu", "Lestari", "Nurjanah", "Astuti", "Wulandari", "Dewi", "Wahyuni", "Aini", "Kusumawati",
        "Setyaningsih", "Pitaloka", "Sulistyowati", "Purwaningsih", "Handayani", "Indriyani", "Maryati",
        "Suryaningsih", "Widyastuti", "Pratiwi", "Rahmawati",
    ),
)

POOLS = {"common": COMMON, "palembang": PALEMBANG, "padang": PADANG, "semarang": SEMARANG}


NEVER_ALONE = {"Muhammad", "Ahmad", "Abdul", "Siti", "Dewi", "Dwi", "Lestari", "Handayani", "Rahma", "Putri"}


def pick(rng, seq):
    """``rng.choice`` without its overhead (the synthetic generator calls this millions of times)."""
    return seq[int(rng.random() * len(seq))]


def build_name(rng, pool: NamePool, male: bool, prefix_share: float = 0.0) -> str:
    """A plausible full name (without academic titles) drawn with ``rng`` (a random.Random)."""
    first_pool = pool.male_first if male else pool.female_first
    last_pool = pool.male_last if male else pool.female_last
    first = pick(rng, first_pool)
    shape = rng.random()
    if shape < 0.15 and len(first) > 4 and first not in NEVER_ALONE:
        parts = [first]  # single names are still common among older Javanese civil servants
    elif shape < 0.80:
        parts = [first, pick(rng, last_pool)]
    else:
        middle = pick(rng, first_pool)
        parts = [first, middle, pick(rng, last_pool)] if middle != first else [first, pick(rng, last_pool)]
    prefixes = pool.male_prefix if male else pool.female_prefix
    if prefixes and rng.random() < prefix_share:
        parts.insert(0, pick(rng, prefixes))
    # "Muhammad" is abbreviated in many official records ("M. Yusuf").
    if parts[0] == "Muhammad" and len(parts) > 1 and rng.random() < 0.4:
        parts[0] = "M."
    return " ".join(parts)


# Place-name parts for synthetic kecamatan and kelurahan ("Sukamaju", "Tanjung Raya", "Talang Jaya").
PLACE_HEADS = (
    "Suka", "Tanjung", "Sungai", "Talang", "Bukit", "Karang", "Pasir", "Kebon", "Cempaka", "Mekar", "Padang",
    "Kampung", "Tegal", "Rawa", "Pulo", "Batu", "Air", "Lubuk", "Ujung", "Teluk", "Kedung", "Sido", "Ngaliyan",
    "Wono", "Pandan", "Gunung", "Lebak", "Pematang", "Simpang", "Koto",
)
PLACE_TAILS = (
    "jaya", "maju", "makmur", "indah", "baru", "raya", "sari", "asri", "mulya", "rejo", "harjo", "mukti", "damai",
    "permai", "sentosa", "agung", "kencana", "lestari", "tengah", "timur", "barat", "utara", "selatan", "lama",
)
# Tails written as a separate word; the others join the head ("Sukamaju").
SEPARATE_TAILS = {"tengah", "timur", "barat", "utara", "selatan", "lama", "baru", "raya", "indah", "permai"}


def place_name(rng) -> str:
    head = pick(rng, PLACE_HEADS)
    tail = pick(rng, PLACE_TAILS)
    if tail in SEPARATE_TAILS or head in {"Tanjung", "Sungai", "Talang", "Bukit", "Padang", "Kampung", "Koto",
                                          "Gunung", "Pematang", "Simpang", "Lubuk", "Ujung", "Teluk", "Batu"}:
        return f"{head} {tail.capitalize()}"
    return f"{head}{tail}"
