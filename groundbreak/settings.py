"""Django settings for Groundbreak.

Every option comes from the environment with a default that works on a laptop: SQLite in
``var/`` with WAL, localhost only. ``DATABASE_URL`` switches to PostgreSQL. DEBUG is off unless
asked for (``groundbreak demo`` asks for it): a real install shows no error page with settings.
"""

import os
from datetime import timedelta
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


def env_int(name, default):
    value = env(name, str(default)).strip()
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name, default):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The demo (`groundbreak demo` sets DEMO): DEBUG off like a real install, plain http on a laptop,
# static files served from the apps without collectstatic, a secret key made once under var/.
DEMO = env_bool("DEMO", False)
VAR_DIR = Path(env("GROUNDBREAK_VAR_DIR", str(BASE_DIR / "var")))


def _demo_secret_key():
    from django.utils.crypto import get_random_string

    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "demo-secret-key"
    if not path.exists():
        path.write_text(get_random_string(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env("SECRET_KEY", "groundbreak-insecure-dev-key" if DEBUG else "")
if not SECRET_KEY and DEMO:
    SECRET_KEY = _demo_secret_key()
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

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
    "django_tasks_db",
    "axes",
    "csp",
    "groundbreak.core",
    "groundbreak.regions",
    "groundbreak.accounts",
    "groundbreak.notifications",
    "groundbreak.projects",
    "groundbreak.imports",
    "groundbreak.reporting",
    "groundbreak.lists",
    "groundbreak.alerts",
    "groundbreak.dispatch",
    "groundbreak.planning",
    "groundbreak.finance",
    "groundbreak.appraisal",
    "groundbreak.scoreboard",
    "groundbreak.audit",
    "groundbreak.cockpit",
    "groundbreak.demo",
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
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out user before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "groundbreak.urls"
WSGI_APPLICATION = "groundbreak.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"  # the cockpit, or an owner's reports (groundbreak.views.home)
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
                "groundbreak.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# SQLite by default, with WAL and immediate transactions so that concurrent writers wait
# for the lock instead of failing with "database is locked" halfway through a transaction.
# Sorts and groupings in memory and a 32 MB page cache a connection (SQLite's default is 2 MB):
# the nightly warning run groups a year of reports, which spilled to temporary files.
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
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-32768;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): LOGIN_FAILURE_LIMIT wrong passwords for one user name lock it
# for LOGIN_LOCKOUT_MINUTES, or until an administrator unlocks it (admin → Access attempts).
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
# By user name alone: guesses spread over many addresses still lock the account. (axes.W006
# asks for the address too, against attackers rotating cookies; an address lock would also shut
# out a whole county office behind one NAT address after one person's typos.)
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0) or None
AXES_VERBOSE = False

# Sessions end after SESSION_HOURS (default a working day) and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 10) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"

# Behind HTTPS (every install but the demo): secure cookies, HSTS, no framing, no sniffing.
# HTTPS=false (the demo) serves plain http on a laptop.
HTTPS = env_bool("HTTPS", not (DEBUG or DEMO))
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # a monitor on the machine asks over plain http
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env_bool("HSTS_PRELOAD", True)
if env_bool("BEHIND_PROXY", False):  # the proxy in front says which requests came by https
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts, styles, images only from this site; no inline
# script anywhere (the pages' scripts are static files). With DEBUG on it is only reported (in
# the browser's console), so that a page still being moved off inline script keeps working.
_CSP = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if DEBUG:
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "groundbreak" / "locale"]
TIME_ZONE = env("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# Error pages and error mails never list settings or the environment, even with DEBUG on.
DEFAULT_EXCEPTION_REPORTER_FILTER = "groundbreak.core.errors.NoSettingsExceptionReporterFilter"

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
if DEBUG or DEMO:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every start otherwise
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_STORAGE",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or DEMO
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
# The demo serves static files straight from the apps (no collectstatic); a real install serves
# the collected ones and refuses to start without them (core.checks).
WHITENOISE_USE_FINDERS = DEMO

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "groundbreak.core.api_security.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Tokens expire after API_TOKEN_DAYS and are revoked by deleting them (admin → Tokens).
    "DEFAULT_THROTTLE_CLASSES": [
        "groundbreak.core.api_security.BadTokenThrottle",
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_RATE_ANON", "60/min"),
        "user": env("API_RATE_USER", "1200/min"),
        "bad_token": env("API_RATE_BAD_TOKEN", "10/min"),
    },
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
    # Outside DEBUG the schema and the docs are for logged-in users only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"]
    if DEBUG
    else ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "groundbreak.core.api_schema.document_error_responses",
    ],
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
        "WarningLevelEnum": "groundbreak.alerts.choices.Level",
        "WarningStatusEnum": "groundbreak.alerts.choices.WarningStatus",
        "ExemptionReasonEnum": "groundbreak.alerts.choices.ExemptionReason",
        "ExemptionStatusEnum": "groundbreak.alerts.choices.ExemptionStatus",
        "ProblemStatusEnum": "groundbreak.lists.choices.ProblemStatus",
        "SolvingLevelEnum": "groundbreak.lists.choices.SolvingLevel",
        "SupervisionStatusEnum": "groundbreak.dispatch.choices.ItemStatus",
        "BulletinStatusEnum": "groundbreak.dispatch.bulletins.models.BulletinStatus",
        "ObjectionTableEnum": "groundbreak.dispatch.bulletins.models.ObjectionTable",
        "NotificationLevelEnum": "groundbreak.notifications.models.Level",
        "DeliveryStatusEnum": "groundbreak.notifications.models.DeliveryStatus",
        "ChannelKindEnum": "groundbreak.finance.choices.ChannelKind",
        "DeclarationStatusEnum": "groundbreak.finance.choices.DeclarationStatus",
        "MovementKindEnum": "groundbreak.finance.choices.MovementKind",
        "AppraisalKindEnum": "groundbreak.appraisal.choices.AppraisalKind",
        "AppraisalConclusionEnum": "groundbreak.appraisal.choices.Conclusion",
        "ScoreboardSubjectEnum": "groundbreak.scoreboard.choices.Subject",
    },
}

# django-filter's empty choice reads "All" in the user's language instead of dashes.
FILTERS_EMPTY_CHOICE_LABEL = _("All")
DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)

# The monthly bulletin (通报): its number's prefix (玉发改通报〔2020〕3号) and how many days the
# counties see a draft before it may be issued; how many red warnings it lists (the largest
# projects' first; it says how many there are in all).
BULLETIN_DOCUMENT_PREFIX = env("BULLETIN_DOCUMENT_PREFIX", "玉发改通报")
BULLETIN_REVIEW_DAYS = env_int("BULLETIN_REVIEW_DAYS", 3)
BULLETIN_RED_LISTED = env_int("BULLETIN_RED_LISTED", 100)

# Background jobs (django.tasks) are rows in the database, run by `groundbreak worker`.
# A write of more projects than this (an import) has their warnings evaluated by a task after it
# commits, not inside its transaction.
ALERTS_INLINE_MAX_PROJECTS = env_int("ALERTS_INLINE_MAX_PROJECTS", 200)
# IMPORTS_INLINE (or TASKS_IMMEDIATE) runs every job at once in the caller instead: no worker,
# no retries (the tests and the benchmark).
IMPORTS_INLINE = env_bool("IMPORTS_INLINE", False)
TASKS_IMMEDIATE = env_bool("TASKS_IMMEDIATE", IMPORTS_INLINE)
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"
        if TASKS_IMMEDIATE
        else "django_tasks_db.DatabaseBackend",
    }
}
# A worker writes a heartbeat every TASKS_HEARTBEAT_SECONDS; a task whose worker has not beaten
# for TASKS_STALE_SECONDS (or whose process on this machine is gone) is taken back and retried.
TASKS_HEARTBEAT_SECONDS = env_int("TASKS_HEARTBEAT_SECONDS", 5)
TASKS_STALE_SECONDS = env_int("TASKS_STALE_SECONDS", 60)
# An import still "reading" this long after its upload, with no job left for it, is failed.
IMPORT_STALL_MINUTES = env_int("IMPORT_STALL_MINUTES", 30)
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
# The five lists: a resolved problem closes when its raiser confirms; if the raiser has not
# answered this many days after the resolution, city staff may close it with a reason.
LISTS_CITY_CLOSE_DAYS = env_int("LISTS_CITY_CLOSE_DAYS", 7)
# An owner's and the statistics bureau's year-to-date figures that differ by more than this share
# of the larger one (per cent) need a reason.
STATISTICS_DIVERGENCE_PERCENT = env("STATISTICS_DIVERGENCE_PERCENT", "10")
# A declaration's document (可研批复, 环评 …) is kept up to this size.
FINANCE_DOCUMENT_MAX_BYTES = env_int("FINANCE_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)

# Notifications. E-mail goes through Django's mailer: the console (printed, sent nowhere) in the
# demo and with DEBUG, SMTP otherwise (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD, EMAIL_USE_TLS). SITE_URL makes the links in e-mails and robot posts
# absolute. The daily digest goes out at NOTIFY_DIGEST_HOUR (city time); robots' webhooks get
# NOTIFY_ROBOT_TIMEOUT seconds to answer.
EMAIL_BACKEND_PATH = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or DEMO
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env("EMAIL_HOST_USER", ""),
        "password": env("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "timeout": env_int("EMAIL_TIMEOUT", 20),
    }
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "groundbreak@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
NOTIFY_DIGEST_HOUR = env_int("NOTIFY_DIGEST_HOUR", 8)
if not 0 <= NOTIFY_DIGEST_HOUR <= 23:
    raise ImproperlyConfigured(f"NOTIFY_DIGEST_HOUR must be 0-23, not {NOTIFY_DIGEST_HOUR}")
NOTIFY_ROBOT_TIMEOUT = env_int("NOTIFY_ROBOT_TIMEOUT", 5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
