"""Kinerja settings: one module, driven by environment variables (Paperless-ngx style).

Everything that differs between a laptop demo and a production server is read from the
environment. With nothing set you get a working SQLite set-up in ``./data``; see
docs/configuration in the README for every variable.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("KINERJA_DEBUG", False)
DATA_DIR = Path(os.environ.get("KINERJA_DATA_DIR", PROJECT_DIR / "data"))

# --- Secret key (issue 7, item 24): production refuses to start without KINERJA_SECRET_KEY. -------
# Without it only two modes start: KINERJA_DEBUG=1 (development: a fixed, public key) and
# KINERJA_DEMO=1 (set by `kinerja demo` and `kinerja bench`: a random key made once and kept in
# DATA_DIR/demo-secret-key, so sessions survive restarts). The test suite sets its own key
# (kinerja/settings_test.py).
_INSECURE_DEV_KEY = "django-insecure-kinerja-development-key-set-KINERJA_SECRET_KEY-in-production"


def _demo_secret_key(path: Path) -> str:
    if not path.exists():
        import secrets

        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # a race: the first writer wins
        with os.fdopen(fd, "w") as key_file:
            key_file.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = os.environ.get("KINERJA_SECRET_KEY", "").strip()
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = _INSECURE_DEV_KEY
    elif env_bool("KINERJA_DEMO"):
        try:
            SECRET_KEY = _demo_secret_key(DATA_DIR / "demo-secret-key")
        except FileExistsError:
            SECRET_KEY = (DATA_DIR / "demo-secret-key").read_text().strip()
    else:
        raise ImproperlyConfigured(
            "KINERJA_SECRET_KEY is not set. In production set it to a long random value, e.g. "
            "KINERJA_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))'). "
            "For development set KINERJA_DEBUG=1; `kinerja demo` needs nothing."
        )
ALLOWED_HOSTS = env_list("KINERJA_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("KINERJA_CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "kinerja.core.error_pages.csrf_failure"

# Production hardening: on unless KINERJA_DEBUG or KINERJA_INSECURE_HTTP is set, so that
# ``manage.py check --deploy`` passes with the production environment.
_SECURE = not DEBUG and not env_bool("KINERJA_INSECURE_HTTP", False)
SESSION_COOKIE_SECURE = _SECURE
CSRF_COOKIE_SECURE = _SECURE
SECURE_SSL_REDIRECT = _SECURE and env_bool("KINERJA_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("KINERJA_HSTS_SECONDS", 31536000 if _SECURE else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _SECURE
SECURE_HSTS_PRELOAD = _SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("KINERJA_BEHIND_PROXY") else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A strict Content-Security-Policy on every response (django-csp): scripts and styles only from our own
# static files, never inline (no <script> blocks, style="" or on*="" attributes in templates, no eval:
# kinerja/tests/test_csp.py scans the templates). docs/architecture.md "Front-end convention".
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("KINERJA_SESSION_AGE", 8 * 3600))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "treebeard",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "kinerja.core",
    "kinerja.audit",
    "kinerja.organization",
    "kinerja.people",
    "kinerja.accounts",
    "kinerja.notifications",
    "kinerja.planning",
    "kinerja.skp",
    "kinerja.progress",
    "kinerja.dashboard",
    "kinerja.feedback",
    "kinerja.feedback360",
    "kinerja.evaluation",
    "kinerja.monev",
    "kinerja.alignment",
    "kinerja.socialisation",
    "kinerja.exports",
    "kinerja.auditlog",
    "kinerja.instancesettings",
    "kinerja.demo",
    "kinerja.home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kinerja.core.locale.LocaleMiddleware",  # Indonesian unless the user chose English
    "django.middleware.common.CommonMiddleware",
    "kinerja.core.middleware.ControlCharacterMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kinerja.organization.operator.OperatorInstanceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kinerja.audit.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
    "kinerja.accounts.middleware.PasswordChangeRequiredMiddleware",
]

ROOT_URLCONF = "kinerja.urls"
WSGI_APPLICATION = "kinerja.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kinerja.core.context_processors.navigation",
                "kinerja.accounts.context_processors.scope",
                "kinerja.organization.context_processors.operator_instances",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
# SQLite (WAL, busy timeout, IMMEDIATE transactions) unless DATABASE_URL names another server.
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
# PostgreSQL plans the hot statements once per connection (kinerja/core/prepared.py); off behind a pooler in
# transaction mode, where prepared statements do not survive
KINERJA_PREPARED_STATEMENTS = env_bool("KINERJA_PREPARED_STATEMENTS", True)
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend, its per-request health check skipped for a connection used moments ago
        DATABASES["default"]["ENGINE"] = "kinerja.core.postgresql"
        DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get(
            "KINERJA_TEST_DB_NAME", "test_kinerja"
        )
else:
    SQLITE_PATH = Path(os.environ.get("KINERJA_SQLITE_PATH", DATA_DIR / "kinerja.sqlite3"))
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)  # a fresh clone has no ./data yet
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=20000;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA cache_size=-64000;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("KINERJA_REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["KINERJA_REDIS_URL"],
    }

# --- Background tasks (django.tasks API through the django-tasks backport) ------------------
# The default keeps tasks in the database (django-tasks-db); a worker runs them: ``kinerja worker``
# (``kinerja demo`` starts one). The test suite switches to the immediate backend (kinerja/conftest.py).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("KINERJA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    }
}

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "kinerja.accounts.backends.NipOrUsernameBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    # only for machine-made one-time passwords (new logins in bulk, resets): see accounts/passwords.py
    "kinerja.accounts.passwords.OneTimePasswordHasher",
]
# The password policy (every password a person chooses; Django's messages come translated).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Brute-force lockout (django-axes, see kinerja/accounts/lockout.py): an ACCOUNT is locked after N failures
# whatever identifier was typed (user name, NIP with or without spaces, any case) and from whatever
# address; an ADDRESS is locked after M failures on any accounts (password spraying).
AXES_ENABLED = env_bool("KINERJA_LOCKOUT_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("KINERJA_LOCKOUT_FAILURES", 5))
KINERJA_LOCKOUT_ADDRESS_FAILURES = int(os.environ.get("KINERJA_LOCKOUT_ADDRESS_FAILURES", 20))
# "Forgot your password?" requests one client address may send per hour.
KINERJA_PASSWORD_RESET_PER_HOUR = int(os.environ.get("KINERJA_PASSWORD_RESET_PER_HOUR", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("KINERJA_LOCKOUT_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "kinerja.accounts.lockout.lockout_key"
AXES_HANDLER = "kinerja.accounts.lockout.AccountLockoutHandler"
AXES_RESET_ON_SUCCESS = True
# Attempts refused by a lock are not counted: they neither extend the lock nor, from a locked
# address, push other people's accounts towards their limit.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Web pages are Indonesian unless the user picks English; the choice is a cookie kept for a year, so it
# survives logging out and in (the browser's Accept-Language is ignored: kinerja/core/locale.py).
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SECURE = _SECURE
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = os.environ.get("KINERJA_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

# --- Static files: our own CSS plus packages installed from the npm registry --------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("KINERJA_STATIC_ROOT", DATA_DIR / "static"))
NODE_MODULES = Path(os.environ.get("KINERJA_NODE_MODULES", PROJECT_DIR / "node_modules"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chart.js", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("KINERJA_MANIFEST_STATIC", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
    # Evidence files (bukti dukung): on disk under DATA_DIR/evidence, outside the static and media roots,
    # served only through the permission-checked view (progress:evidence-file); or, with
    # KINERJA_EVIDENCE_STORAGE=s3, in an S3-compatible bucket (django-storages; README "Evidence storage").
    "evidence": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                 "OPTIONS": {"location": str(Path(os.environ.get("KINERJA_EVIDENCE_ROOT", DATA_DIR / "evidence"))),
                             "base_url": None}},
}
_EVIDENCE_STORAGE = os.environ.get("KINERJA_EVIDENCE_STORAGE", "disk").lower()
if _EVIDENCE_STORAGE not in ("disk", "s3"):
    raise ImproperlyConfigured("KINERJA_EVIDENCE_STORAGE is 'disk' (the default) or 's3'.")
if _EVIDENCE_STORAGE == "s3":
    if not os.environ.get("KINERJA_S3_BUCKET"):
        raise ImproperlyConfigured("KINERJA_EVIDENCE_STORAGE=s3 needs KINERJA_S3_BUCKET (and usually "
                                   "KINERJA_S3_ENDPOINT_URL, KINERJA_S3_ACCESS_KEY, KINERJA_S3_SECRET_KEY).")
    STORAGES["evidence"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": os.environ["KINERJA_S3_BUCKET"],
        "endpoint_url": os.environ.get("KINERJA_S3_ENDPOINT_URL") or None,
        "access_key": os.environ.get("KINERJA_S3_ACCESS_KEY") or None,
        "secret_key": os.environ.get("KINERJA_S3_SECRET_KEY") or None,
        "region_name": os.environ.get("KINERJA_S3_REGION") or None,
        "default_acl": None,  # private: the bucket's policy; files are served only through the checked view
        "querystring_auth": True,
        "file_overwrite": False,  # random names anyway; never replace an existing object
        "location": os.environ.get("KINERJA_S3_PREFIX", ""),
    }}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(os.environ.get("KINERJA_MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "media/"

# --- Email ------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("KINERJA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("KINERJA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("KINERJA_EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("KINERJA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("KINERJA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("KINERJA_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("KINERJA_EMAIL_FROM", "kinerja@localhost")

# --- Logging ----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("KINERJA_LOG_LEVEL", "WARNING")},
}

# --- Kinerja ----------------------------------------------------------------------------------
KINERJA = {
    # Rows per page of the employee directory and API lists (keyset pagination).
    "PAGE_SIZE": int(os.environ.get("KINERJA_PAGE_SIZE", 50)),
    "API_MAX_PAGE_SIZE": 500,
    # Rows per database round trip in the SIASN importer.
    "IMPORT_CHUNK": int(os.environ.get("KINERJA_IMPORT_CHUNK", 2000)),
    # Address of this server as users reach it, for links in e-mails (socialisation reminders).
    "BASE_URL": os.environ.get("KINERJA_BASE_URL", "").rstrip("/"),
    # Largest socialisation attachment, in MB.
    "SOCIALISATION_MAX_UPLOAD": int(os.environ.get("KINERJA_MAX_UPLOAD_MB", 10)) * 1024 * 1024,
    # "Forgot your password?" by e-mail: on where real mail goes out (not the console, file, memory or
    # dummy backend); KINERJA_PASSWORD_RESET_EMAIL forces it on or off.
    "PASSWORD_RESET_EMAIL": env_bool("KINERJA_PASSWORD_RESET_EMAIL", not EMAIL_BACKEND.endswith(
        (".console.EmailBackend", ".filebased.EmailBackend", ".locmem.EmailBackend", ".dummy.EmailBackend"))),
    # Seconds a PDF may take to render before it is abandoned (503); it renders in a child process.
    "PDF_TIMEOUT": float(os.environ.get("KINERJA_PDF_TIMEOUT", 30)),
    # 360 feedback (kinerja/feedback360): results are shown only from this many answers (a round may ask more);
    # raters proposed per ratee; remove the rater links when a round closes; remind raters this many days ahead.
    "FEEDBACK360_MIN_RESPONSES": max(2, int(os.environ.get("KINERJA_360_MIN_RESPONSES", 3))),
    "FEEDBACK360_MAX_PEERS": int(os.environ.get("KINERJA_360_MAX_PEERS", 4)),
    "FEEDBACK360_MAX_SUBORDINATES": int(os.environ.get("KINERJA_360_MAX_SUBORDINATES", 4)),
    "FEEDBACK360_PURGE_ON_CLOSE": env_bool("KINERJA_360_PURGE_ON_CLOSE", True),
    "FEEDBACK360_REMIND_DAYS": int(os.environ.get("KINERJA_360_REMIND_DAYS", 3)),
}
