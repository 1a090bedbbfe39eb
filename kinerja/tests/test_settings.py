"""Settings come from the environment; production settings pass ``check --deploy``."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def base_env() -> dict:
    """This process's environment without Kinerja settings or test-only switches."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("KINERJA_", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"))}


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    clean = base_env()
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True,
                          text=True, timeout=120)


def test_sqlite_is_the_default_with_wal_and_immediate_transactions():
    code = ("import os; os.environ['DJANGO_SETTINGS_MODULE']='kinerja.settings'; import django; django.setup();"
            "from django.conf import settings as s; d=s.DATABASES['default'];"
            "print(d['ENGINE'], d['OPTIONS']['transaction_mode'], 'journal_mode=WAL' in d['OPTIONS']['init_command'],"
            "'busy_timeout' in d['OPTIONS']['init_command'], s.PASSWORD_HASHERS[0].rsplit('.',1)[1])")
    out = run_python(code).stdout.split()
    assert out == ["django.db.backends.sqlite3", "IMMEDIATE", "True", "True", "Argon2PasswordHasher"]


def test_database_url_selects_postgresql():
    code = ("import os; os.environ['DJANGO_SETTINGS_MODULE']='kinerja.settings'; import django; django.setup();"
            "from django.conf import settings as s; d=s.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'])")
    out = run_python(code, DATABASE_URL="postgres://kinerja@db.example:5432/kinerja_prod").stdout.split()
    assert out == ["django.db.backends.postgresql", "kinerja_prod", "db.example"]


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
