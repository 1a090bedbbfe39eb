"""Indonesian is the default language and its catalogue is complete; English is the source and a choice.

The catalogue is kinerja/locale/id/LC_MESSAGES/django.po; the compiled .mo is not in git, so it is
compiled here when it is missing or older than the .po.
"""

from __future__ import annotations

import ast
import contextlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.signals import setting_changed
from django.urls import reverse
from django.utils import translation

from kinerja.accounts.models import Role
from kinerja.core.errors import error_dict
from kinerja.core.testing import SYSTEM, make_nip
from kinerja.organization.models import PositionKind
from kinerja.people import services as people

PACKAGE_DIR = Path(django_settings.BASE_DIR)
PO = PACKAGE_DIR / "locale" / "id" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

PAGES = ["home:home", "organization:tree", "people:directory"]
BAD_MONTH_NIP = make_nip("19851312", "201001", 1, 1)  # birth month 13


# --- a small PO reader (no extra dependency) ---------------------------------------------------

@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # plural index (0 when singular) → text
    flags: set[str] = field(default_factory=set)
    line: int = 0


def read_po(path: Path) -> list[Entry]:
    """The active (non-obsolete) entries of a PO file, header first."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None
    pending_flags: set[str] = set()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            target = None
            continue
        if line.startswith("#~"):  # obsolete entries are not used
            continue
        if line.startswith("#,"):
            pending_flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith("#"):
            continue
        keyword, _, value = line.partition(" ")
        if line.startswith('"'):
            text = ast.literal_eval(line)
            assert target is not None and current is not None, f"{path.name}:{number}: stray string"
            if target[0] == "msgstr":
                current.msgstr[target[1]] += text
            else:
                setattr(current, target[0], getattr(current, target[0]) + text)
            continue
        text = ast.literal_eval(value)
        if keyword == "msgid":
            current = Entry(msgid=text, flags=pending_flags, line=number)
            pending_flags = set()
            entries.append(current)
            target = ("msgid", 0)
        elif keyword == "msgid_plural":
            current.msgid_plural = text
            target = ("msgid_plural", 0)
        elif keyword == "msgstr" or keyword.startswith("msgstr["):
            index = int(keyword[7:-1]) if keyword != "msgstr" else 0
            current.msgstr[index] = text
            target = ("msgstr", index)
        elif keyword != "msgctxt":
            raise AssertionError(f"{path.name}:{number}: cannot read {raw!r}")
    return entries


PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([diouxXeEfFgGcrsa%])|\{(\w*)\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def placeholders(text: str) -> Counter:
    found = Counter()
    for named, conversion, braced in PLACEHOLDER.findall(text):
        found["{" + braced + "}" if not conversion else f"%({named}){conversion}"] += 1
    return found


# --- fixtures ------------------------------------------------------------------------------------

@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogue():
    """Compile the catalogue when the .mo is missing or stale, and make Django reload it."""
    if not MO.exists() or MO.stat().st_mtime < PO.stat().st_mtime:
        with contextlib.chdir(PACKAGE_DIR):  # only this package's locale directory, not .venv
            call_command("compilemessages", locale=["id"], verbosity=0)
        # Catalogues already loaded by this process are cached; the settings signal clears the caches.
        setting_changed.send(sender=type(django_settings), setting="LOCALE_PATHS",
                             value=django_settings.LOCALE_PATHS, enter=True)
    assert MO.exists()


@pytest.fixture(autouse=True)
def _indonesian_default(settings):
    """The project default, restated: other test modules may switch to English for their assertions."""
    settings.LANGUAGE_CODE = "id"


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    return read_po(PO)


# --- (a) complete, (b) consistent ----------------------------------------------------------------

def test_header_is_indonesian_with_one_plural_form(catalogue):
    header = catalogue[0]
    assert header.msgid == "" and "fuzzy" not in header.flags
    assert "Language: id\n" in header.msgstr[0]
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header.msgstr[0]


def test_every_entry_is_translated_and_none_is_fuzzy(catalogue):
    entries = catalogue[1:]
    assert len(entries) > 500  # the whole application, not a stub
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    untranslated = [e.msgid for e in entries if not e.msgstr or not all(s.strip() for s in e.msgstr.values())]
    assert fuzzy == [] and untranslated == []


def test_plural_entries_have_exactly_one_form(catalogue):
    plurals = [e for e in catalogue[1:] if e.msgid_plural is not None]
    assert plurals, "the catalogue has plural entries ({% blocktranslate count %})"
    assert [e.msgid for e in plurals if sorted(e.msgstr) != [0]] == []


def test_placeholders_and_markup_are_kept(catalogue):
    wrong = []
    for e in catalogue[1:]:
        # With one plural form, msgstr[0] serves every count, so it follows the plural msgid.
        source = e.msgid_plural if e.msgid_plural is not None else e.msgid
        for text in e.msgstr.values():
            if placeholders(text) != placeholders(source):
                wrong.append((e.msgid, "placeholders", text))
            if Counter(TAG.findall(text)) != Counter(TAG.findall(source)):
                wrong.append((e.msgid, "markup", text))
        if e.msgid_plural is not None and set(placeholders(e.msgid)) - set(placeholders(e.msgid_plural)):
            wrong.append((e.msgid, "plural placeholders", e.msgid_plural))
    assert wrong == []


def test_placeholder_check_would_catch_a_mistake():
    assert placeholders("%(name)s dan %(n)d") == placeholders("%(n)d and %(name)s")
    assert placeholders("%(name)s") != placeholders("%(nama)s")
    assert placeholders("%(n)d") != placeholders("%(n)s")
    assert placeholders("{count} items") != placeholders("items")


def test_key_terms_follow_bkn_usage():
    with translation.override("id"):
        assert [str(label) for label in PositionKind.labels] == [
            "Pimpinan Tinggi (JPT)", "Administrator", "Pengawas", "Pelaksana", "Fungsional"]
        assert str(Role.ADMIN_BKPSDM.label) == "Admin BKPSDM"
        assert str(Role.ADMIN_OPD.label) == "Admin OPD"
        assert [str(Role.MONEV.label), str(Role.PIMPINAN.label)] == ["Tim Monev", "Pimpinan Daerah"]
        assert translation.gettext("Evaluating superior (pejabat penilai)") == "Pejabat penilai kinerja"
        assert translation.gettext("Acting (Plt)") == "Pelaksana Tugas (Plt)"
        assert translation.gettext("Daily acting (Plh)") == "Pelaksana Harian (Plh)"
        assert translation.ngettext("%(counter)s employee", "%(counter)s employees", 2) == "%(counter)s pegawai"


# Words a native reader flagged: one term per thing across the whole catalogue.
INCONSISTENT = {
    "tenggat": "batas waktu",
    "sub-unit": "unit kerja bawahan",
    "galat": "kesalahan",
    "Anda tidak boleh": "Anda tidak berwenang",
    "administrator BKPSDM": "Admin BKPSDM",
    "admin BKPSDM": "Admin BKPSDM",
    "karyawan": "pegawai",
    "Menunggu penilai": "Menunggu pejabat penilai",
}


def test_terms_are_consistent(catalogue):
    for entry in catalogue[1:]:
        for text in entry.msgstr.values():
            for wrong, right in INCONSISTENT.items():
                assert wrong not in text, f"line {entry.line}: {text!r} says {wrong!r}, not {right!r}"
        if entry.msgid.startswith("You may not "):
            assert entry.msgstr[0].startswith("Anda tidak berwenang "), entry.msgstr[0]


def test_a_word_with_two_meanings_gets_two_translations():
    """"Number" is a mission's Nomor but an IKI target kind's Angka; "No" a column's No but an answer's Tidak."""
    from kinerja.skp.models import TargetKind

    with translation.override("id"):
        assert str(TargetKind.NUMBER.label) == "Angka"
        assert [str(label) for label in TargetKind.labels] == ["Angka", "Rentang", "Kualitatif"]
        assert translation.gettext("Number") == "Nomor"
        assert translation.pgettext("answer", "No") == "Tidak" and translation.gettext("No") == "No"
        assert translation.gettext("Appendix") == "Lampiran"
    with translation.override("en"):
        assert str(TargetKind.NUMBER.label) == "Number"


def test_greetings_follow_the_indonesian_day():
    with translation.override("id"):
        assert [translation.gettext(g) for g in ("Good morning", "Good day", "Good afternoon", "Good evening")] == [
            "Selamat pagi", "Selamat siang", "Selamat sore", "Selamat malam"]


# --- (c) pages in Indonesian by default, (d) English on request ---------------------------------

def menu_labels(response) -> list[str]:
    return [str(item.label) for item in response.context["menu"]]


@pytest.mark.parametrize("url_name", PAGES)
def test_pages_are_indonesian_by_default(world, client_for, url_name):
    response = client_for(world.u_admin_bkpsdm).get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert menu_labels(response)[:2] == ["Beranda", "Organisasi"]
    for word in ("Beranda", "Direktori pegawai", "Pengguna dan peran", "Log audit", "Keluar", "Manajemen kinerja ASN"):
        assert word in html
    for english in ("Employee directory", "Users and roles", "Log out", "Performance management"):
        assert english not in html
    assert not re.search(r"\bHome\b", html)


def test_directory_speaks_indonesian(world, client_for):
    html = client_for(world.u_admin_bkpsdm).get(reverse("people:directory")).content.decode()
    assert "Pegawai" in html and "Pangkat/golongan" in html
    assert "Employee kind" not in html and "Rank/grade" not in html


@pytest.mark.parametrize("url_name", PAGES)
def test_choosing_english_switches_the_pages(world, client_for, url_name):
    client = client_for(world.u_admin_bkpsdm)
    url = reverse(url_name)
    response = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    response = client.get(url)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert menu_labels(response)[:2] == ["Home", "Organisation"]
    for english in ("Employee directory", "Users and roles", "Audit log", "Log out"):
        assert english in html
    for word in ("Beranda", "Direktori pegawai", "Keluar"):
        assert word not in html

    client.post(reverse("set_language"), {"language": "id", "next": url})
    assert "Beranda" in client.get(url).content.decode()


@pytest.mark.parametrize("accept", ["en-US,en;q=0.9", "en", "en-GB", "fr, en;q=0.8", "*"])
def test_an_english_browser_still_gets_indonesian_pages(world, client_for, accept):
    """Office PCs often run an English browser: the interface stays Indonesian until the user chooses."""
    response = client_for(world.u_staff1).get(reverse("home:home"), headers={"Accept-Language": accept})
    assert menu_labels(response)[0] == "Beranda"
    assert '<html lang="id">' in response.content.decode()
    assert "Accept-Language" not in response.get("Vary", "")


def test_login_page_ignores_an_english_browser(client, db):
    html = client.get(reverse("accounts:login"), headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert "NIP atau nama pengguna" in html and '<html lang="id">' in html


def test_an_unknown_language_cookie_falls_back_to_indonesian(world, client_for):
    client = client_for(world.u_staff1)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert menu_labels(client.get(reverse("home:home"), headers={"Accept-Language": "en"}))[0] == "Beranda"


def test_english_chosen_before_login_stays_after_login_and_logout(world, client):
    """The choice is a long-lived cookie, not session data: logging in (a new session) and out keeps it."""
    world.u_staff1.set_password("Rahasia-Sekali-123")
    world.u_staff1.save()
    client.post(reverse("set_language"), {"language": "en", "next": reverse("accounts:login")})
    cookie = client.cookies[django_settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en" and int(cookie["max-age"]) >= 180 * 24 * 3600  # outlives the browser session
    assert "Log in" in client.get(reverse("accounts:login")).content.decode()
    response = client.post(reverse("accounts:login"),
                           {"username": world.u_staff1.username, "password": "Rahasia-Sekali-123"})
    assert response.status_code == 302
    assert menu_labels(client.get(reverse("home:home")))[0] == "Home"
    assert menu_labels(client.get(reverse("people:directory")))[0] == "Home"  # every later request
    client.post(reverse("accounts:logout"))
    assert "Log in" in client.get(reverse("accounts:login")).content.decode()


def test_the_api_still_follows_accept_language(world, client_for):
    """A program states its language (docs/api.md); only web pages ignore the browser's header."""
    client = client_for(world.u_admin_bkpsdm)
    english = client.delete("/api/v1/employees", headers={"Accept-Language": "en"}).json()["detail"]
    indonesian = client.delete("/api/v1/employees").json()["detail"]
    assert english.startswith("The method DELETE") and indonesian.startswith("Metode DELETE")


def test_login_page_is_indonesian_for_anonymous_users(client, db):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "Masuk" in html and "NIP atau nama pengguna" in html and "Log in" not in html


# --- (e) service messages ------------------------------------------------------------------------

def bad_nip_message(world) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        people.create_employee(actor=SYSTEM, instance=world.a, nip=BAD_MONTH_NIP, name="Bulan Salah")
    return error_dict(exc.value)["nip"]


def test_service_validation_error_is_indonesian_by_default(world):
    with translation.override("id"):
        assert bad_nip_message(world) == ["Digit ke-5–6 NIP (bulan lahir) harus 01–12."]
    with translation.override(django_settings.LANGUAGE_CODE):
        assert bad_nip_message(world) == ["Digit ke-5–6 NIP (bulan lahir) harus 01–12."]


def test_service_validation_error_in_english_on_request(world):
    with translation.override("en"):
        assert bad_nip_message(world) == ["NIP digits 5–6 (birth month) must be 01–12."]


def test_service_permission_error_is_indonesian(world):
    from django.core.exceptions import PermissionDenied

    with translation.override("id"), pytest.raises(PermissionDenied) as exc:
        people.create_employee(actor=world.u_kabid_yankes, instance=world.a, nip=make_nip(seq=901),
                               name="Di Luar Cakupan", position=world.pos_data)
    assert str(exc.value) == "Anda tidak berwenang menambah pegawai di luar cakupan Anda."
