"""Settings come from the environment; production settings pass ``check --deploy``."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def base_env() -> dict:
    """This process's environment without Kinerja settings or test-only switches."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("KINERJA_", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"))}


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    clean = base_env()
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True,
                          text=True, timeout=120)


def test_sqlite_is_the_default_with_wal_and_immediate_transactions():
    code = ("import os; os.environ['DJANGO_SETTINGS_MODULE']='kinerja.settings'; import django; django.setup();"
            "from django.conf import settings as s; d=s.DATABASES['default'];"
            "print(d['ENGINE'], d['OPTIONS']['transaction_mode'], 'journal_mode=WAL' in d['OPTIONS']['init_command'],"
            "'busy_timeout' in d['OPTIONS']['init_command'], s.PASSWORD_HASHERS[0].rsplit('.',1)[1])")
    out = run_python(code, KINERJA_DEBUG="1").stdout.split()
    assert out == ["django.db.backends.sqlite3", "IMMEDIATE", "True", "True", "Argon2PasswordHasher"]


def test_database_url_selects_postgresql():
    code = ("import os; os.environ['DJANGO_SETTINGS_MODULE']='kinerja.settings'; import django; django.setup();"
            "from django.conf import settings as s; d=s.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'])")
    out = run_python(code, DATABASE_URL="postgres://kinerja@db.example:5432/kinerja_prod",
                     KINERJA_SECRET_KEY="k" * 50).stdout.split()
    assert out == ["kinerja.core.postgresql", "kinerja_prod", "db.example"]  # Django's, core/postgresql/base.py


def test_production_settings_pass_check_deploy(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
        env={**base_env(),
             "KINERJA_SECRET_KEY": "x" * 20 + "production-secret-key-0123456789-abcdefghijkl",
             "KINERJA_ALLOWED_HOSTS": "kinerja.example.go.id", "KINERJA_DATA_DIR": str(tmp_path)},
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_default_key_fails_check_deploy(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
        env={**base_env(), "KINERJA_DATA_DIR": str(tmp_path)},
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stdout + result.stderr


SETUP = ("import os; os.environ['DJANGO_SETTINGS_MODULE']='kinerja.settings'; import django; django.setup();"
         "from django.conf import settings as s; print('KEY', s.SECRET_KEY)")


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_python(SETUP, KINERJA_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "KINERJA_SECRET_KEY is not set" in result.stderr
    assert not (tmp_path / "demo-secret-key").exists()
    # nor with an empty value
    assert run_python(SETUP, KINERJA_DATA_DIR=str(tmp_path), KINERJA_SECRET_KEY="  ").returncode != 0


def test_the_key_given_is_used(tmp_path):
    result = run_python(SETUP, KINERJA_DATA_DIR=str(tmp_path), KINERJA_SECRET_KEY="s" * 60)
    assert result.stdout.split() == ["KEY", "s" * 60]


def test_development_mode_starts_with_the_development_key(tmp_path):
    result = run_python(SETUP, KINERJA_DATA_DIR=str(tmp_path), KINERJA_DEBUG="1")
    assert result.returncode == 0 and result.stdout.split()[1].startswith("django-insecure-")


def test_demo_mode_makes_a_random_key_once_and_keeps_it(tmp_path):
    first = run_python(SETUP, KINERJA_DATA_DIR=str(tmp_path), KINERJA_DEMO="1")
    assert first.returncode == 0, first.stderr
    key = first.stdout.split()[1]
    stored = tmp_path / "demo-secret-key"
    assert stored.read_text().strip() == key and len(key) >= 50 and not key.startswith("django-insecure")
    assert stored.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert run_python(SETUP, KINERJA_DATA_DIR=str(tmp_path), KINERJA_DEMO="1").stdout.split()[1] == key
    other = tmp_path / "other"
    assert run_python(SETUP, KINERJA_DATA_DIR=str(other), KINERJA_DEMO="1").stdout.split()[1] != key


def test_kinerja_demo_starts_with_no_environment(tmp_path):
    """`kinerja demo` (here with --no-server) runs with nothing set: it asks for the demo mode itself."""
    result = subprocess.run([sys.executable, "-m", "kinerja.cli", "demo", "--no-server"], cwd=ROOT,
                            env={**base_env(), "KINERJA_DATA_DIR": str(tmp_path)}, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "demo-secret-key").exists() and (tmp_path / "kinerja.sqlite3").exists()


def test_the_cli_says_plainly_that_the_key_is_missing(tmp_path):
    result = subprocess.run([sys.executable, "-m", "kinerja.cli", "manage", "check"], cwd=ROOT,
                            env={**base_env(), "KINERJA_DATA_DIR": str(tmp_path)}, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1
    assert "Error: KINERJA_SECRET_KEY is not set" in result.stderr and "Traceback" not in result.stderr
