"""Django settings for Groundbreak.

Every option comes from the environment with a default that works on a laptop: SQLite in
``var/`` with WAL, DEBUG on, localhost only. ``DATABASE_URL`` switches to PostgreSQL.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    """Read a setting, or the contents of the file named by NAME_FILE (for secrets)."""
    if f"{name}_FILE" in os.environ:
        return Path(os.environ[f"{name}_FILE"]).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name, default):
    value = env(name, "1" if default else "0").strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {value!r}")


def env_list(name, default):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "groundbreak-insecure-dev-key" if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
VAR_DIR = Path(env("GROUNDBREAK_VAR_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "simple_history",
    "groundbreak.core",
    "groundbreak.regions",
    "groundbreak.accounts",
    "groundbreak.projects",
    "groundbreak.imports",
    "groundbreak.reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "groundbreak.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "groundbreak.urls"
WSGI_APPLICATION = "groundbreak.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "projects:project_list"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "groundbreak" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# SQLite by default, with WAL and immediate transactions so that concurrent writers wait
# for the lock instead of failing with "database is locked" halfway through a transaction.
DATABASE_URL = env("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(env("CONN_MAX_AGE", "60")))
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", str(VAR_DIR / "groundbreak.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(env("PASSWORD_MIN_LENGTH", "10"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "groundbreak" / "locale"]
TIME_ZONE = env("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every start otherwise
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_STORAGE",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "groundbreak.core.api.exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Groundbreak API",
    "DESCRIPTION": "Key-project investment dispatch (重点项目投资调度). Amounts in 万元.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind" or a "reason": name each choice set after its meaning.
    "ENUM_NAME_OVERRIDES": {
        "AttachmentKindEnum": "groundbreak.reporting.models.AttachmentKind",
        "DivergenceReasonEnum": "groundbreak.reporting.models.DivergenceReason",
        "WorkStatusKindEnum": "groundbreak.projects.choices.WorkStatusKind",
        "StoppageReasonEnum": "groundbreak.projects.choices.StoppageReason",
        "ImportKindEnum": "groundbreak.imports.models.ImportKind",
        "ImportStatusEnum": "groundbreak.imports.models.ImportStatus",
        "RegionKindEnum": "groundbreak.regions.models.RegionKind",
        "StageEnum": "groundbreak.projects.choices.Stage",
    },
}

# django-filter's empty choice reads "All" in the user's language instead of dashes.
FILTERS_EMPTY_CHOICE_LABEL = _("All")
DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Imports read in a background thread so the page can show progress; tests read inline.
IMPORTS_INLINE = env_bool("IMPORTS_INLINE", False)
IMPORT_MAX_BYTES = int(env("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES
# Uploaded workbooks are untrusted: at most this many rows per sheet, this much unpacked (the
# sheets' XML), read by a child process with this much memory (address space) and time.
IMPORT_MAX_ROWS = int(env("IMPORT_MAX_ROWS", "100000"))
IMPORT_MAX_UNCOMPRESSED_BYTES = int(env("IMPORT_MAX_UNCOMPRESSED_BYTES", str(200 * 1024 * 1024)))
IMPORT_READER_MAX_MEMORY = int(env("IMPORT_READER_MAX_MEMORY", str(3 * 1024**3)))
IMPORT_READ_TIMEOUT = int(env("IMPORT_READ_TIMEOUT", "300"))
# The Python that runs the child (default: the one running Django; set it where that is not a
# Python, e.g. under uWSGI).
IMPORT_READER_PYTHON = env("IMPORT_READER_PYTHON", "")
# Uploads (imports and evidence) stop streaming past the larger of their limits.
FILE_UPLOAD_HANDLERS = [
    "groundbreak.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# The statistics rule: only started projects of at least this planned total investment
# (万元) may enter the fixed-asset-investment statistics (入库).
STATISTICS_MIN_TOTAL_INVESTMENT = env("STATISTICS_MIN_TOTAL_INVESTMENT", "500")

# Monthly reporting. A period's completed investment above this amount (万元) needs a voucher or
# a site photo attached; photos further than REPORT_PHOTO_MAX_KM from the project's coordinates,
# or taken outside the period, are flagged for the reviewer.
REPORT_EVIDENCE_THRESHOLD = env("REPORT_EVIDENCE_THRESHOLD", "1000")
REPORT_PHOTO_MAX_KM = env("REPORT_PHOTO_MAX_KM", "5")
REPORT_UPLOAD_MAX_BYTES = int(env("REPORT_UPLOAD_MAX_BYTES", str(15 * 1024 * 1024)))
# A photo larger than this many pixels is refused (a 50 MP phone photo fits); what is kept is
# re-encoded, at most REPORT_PHOTO_KEPT_SIDE pixels on its longer side.
REPORT_PHOTO_MAX_PIXELS = int(env("REPORT_PHOTO_MAX_PIXELS", "60000000"))
REPORT_PHOTO_KEPT_SIDE = int(env("REPORT_PHOTO_KEPT_SIDE", "4096"))
# An owner's and the statistics bureau's year-to-date figures that differ by more than this share
# of the larger one (per cent) need a reason.
STATISTICS_DIVERGENCE_PERCENT = env("STATISTICS_DIVERGENCE_PERCENT", "10")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
