"""Settings for the thi đua – khen thưởng site.

Every value comes from the environment (see ``.env.example``); the defaults need
no external service: SQLite, kombu's ``filesystem://`` broker and mail written to
the console. They fail closed: DEBUG is off unless the process is a development
one, and with DEBUG off the committed development SECRET_KEY is refused.
"""

import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

# A development process: DJANGO_DEVELOPMENT=1 (the Makefile's demo, run, worker, beat and bench targets and
# bin/demo set it), a manage.py command that only ever runs on a developer's machine or in CI, or pytest.
DEVELOPMENT_COMMANDS = frozenset(
    {"runserver", "makemigrations", "makemessages", "compilemessages", "load_demo", "test"}
)
_COMMAND = sys.argv[1] if len(sys.argv) > 1 and Path(sys.argv[0]).name == "manage.py" else ""
DEVELOPMENT = (
    env.bool("DJANGO_DEVELOPMENT", default=False) or _COMMAND in DEVELOPMENT_COMMANDS or "pytest" in sys.modules
)
DEBUG = env.bool("DEBUG", default=DEVELOPMENT)
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is the development key of the repository, and DEBUG is off: set SECRET_KEY to a random "
        "value of 50+ characters (see .env.example), or DJANGO_DEVELOPMENT=1 on a developer's machine."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles: runserver leaves static files to WhiteNoise, as in production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "simple_history",
    "django_celery_beat",
    # The project's apps, in their import order: each imports only those above it.
    "emulation",
    "initiatives",
    "awards",
    "schedules",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "emulation.middleware.InterfaceLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "emulation.middleware.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "config.navigation.navigation",
                "emulation.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "emulation:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Failed-login throttling (django-axes): five failures lock the username from
# that address for 30 minutes. The pair (username, address) is locked, not the
# username alone, so that nobody can lock someone else out from elsewhere.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout are refused without counting: they do not make it last longer.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The client address: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT reverse proxies of our own in front
# (each appending to X-Forwarded-For), the rightmost forwarded address that is not one of them.
# 0 ignores the header, which any client can send.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "emulation.network.client_ip_address"
AXES_VERBOSE = env.bool("AXES_VERBOSE", default=False)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# locale/: the project's catalogue; config/translations/: Vietnamese for what Django's and axes' own catalogues lack.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "config" / "translations"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
# Static files are served by WhiteNoise. In production collectstatic writes each file under a name
# with its content's hash (cached for a year by browsers) plus gzip and Brotli copies; with DEBUG on
# (development, tests) files are served from static/ and the apps as they are, without collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Files served at the site's root: /favicon.ico.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Files are served only through permission-checked views: no URL pattern serves MEDIA_URL.
MEDIA_URL = "/private-media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
# Uploads (emulation/uploads.py): the largest file accepted per kind.
UPLOAD_MAX_BYTES_DOCUMENTS = env.int("UPLOAD_MAX_BYTES_DOCUMENTS", default=10 * 1024 * 1024)
UPLOAD_MAX_BYTES_IMAGES = env.int("UPLOAD_MAX_BYTES_IMAGES", default=5 * 1024 * 1024)
UPLOAD_MAX_BYTES_WORKBOOKS = env.int("UPLOAD_MAX_BYTES_WORKBOOKS", default=5 * 1024 * 1024)
# The guarded workbook reader (emulation/workbooks/): what a workbook may hold before it is refused.
WORKBOOK_MAX_UNPACKED_BYTES = env.int("WORKBOOK_MAX_UNPACKED_BYTES", default=64 * 1024 * 1024)
WORKBOOK_MAX_COMPRESSION_RATIO = env.int("WORKBOOK_MAX_COMPRESSION_RATIO", default=100)
WORKBOOK_MAX_MEMBERS = env.int("WORKBOOK_MAX_MEMBERS", default=500)
WORKBOOK_MAX_SHARED_STRINGS = env.int("WORKBOOK_MAX_SHARED_STRINGS", default=200_000)
WORKBOOK_MAX_ROWS = env.int("WORKBOOK_MAX_ROWS", default=20_000)  # rows holding a value, titles and header included
WORKBOOK_MAX_COLUMNS = env.int("WORKBOOK_MAX_COLUMNS", default=100)
WORKBOOK_TIME_BUDGET_SECONDS = env.float("WORKBOOK_TIME_BUDGET_SECONDS", default=10.0)
PENDING_UPLOAD_LIFETIME_SECONDS = env.int("PENDING_UPLOAD_LIFETIME_SECONDS", default=86400)
# CSTĐCS as a percentage of LĐTT a school may register; None = no cap. The legacy figure was 15% (NĐ 91/2017);
# no current text sets one (Luật TĐKT 2022 and NĐ 98/2023 are silent), so it is set per deployment. Over the cap is a warning.
CSTDCS_CAP_PERCENT = env.float("CSTDCS_CAP_PERCENT", default=None)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Mail: console by default; SMTP via EMAIL_URL (e.g. smtp+tls://user:pass@host:587).
if env.str("EMAIL_URL", default=""):
    vars().update(env.email("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="thidua@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis when CELERY_BROKER_URL is set, otherwise kombu's server-less
# filesystem transport (one folder in and out, shared by worker and beat).
CELERY_BROKER_DIR = VAR_DIR / "celery"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
# Sites that share one Redis each need a queue of their own.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_RESULT_BACKEND = env.str(
    "CELERY_RESULT_BACKEND",
    default=(
        f"file://{CELERY_BROKER_DIR / 'results'}" if CELERY_BROKER_URL.startswith("filesystem") else CELERY_BROKER_URL
    ),
)
# Sending a task fails within about two seconds when the broker is down, instead of retrying for
# a long while: the request that sent it answers, and the work it stands for is tracked in the
# database and sent again later (document jobs: emulation.documents.jobs.requeue_stale_jobs).
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "socket_connect_timeout": 2}
if CELERY_BROKER_URL.startswith("filesystem"):
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
    }
    for _folder in ("queue", "control", "results"):
        (CELERY_BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The one static, reviewed beat schedule; django-celery-beat copies it into the
# database where an administrator can pause an entry.
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "emulation.heartbeat",
        "schedule": env.float("HEARTBEAT_SECONDS", default=60.0),
    },
    # Deadline reminders: every 15 minutes from 06:00 to 21:59 (CELERY_TIMEZONE), never at night.
    # A tick sends each reminder at most once; a day whose ticks all failed is caught up by the next.
    "reminders": {
        "task": "schedules.send_reminders",
        "schedule": crontab(minute="*/15", hour="6-21"),
    },
    # Plans issued with a later date are announced to the units on that day, at the first tick from 06:00.
    "announce-plans": {
        "task": "schedules.announce_plans",
        "schedule": crontab(minute="*/15", hour="6-21"),
    },
    # The office users' overdue digest: tried every hour from 07:00 to 11:00, sent once a day per user.
    "overdue-digests": {
        "task": "schedules.send_overdue_digests",
        "schedule": crontab(minute="0", hour="7-11"),
    },
    # Document jobs whose task was lost (worker killed mid-render) or never sent (broker down): every 5 minutes.
    "requeue-document-jobs": {
        "task": "emulation.requeue_stale_jobs",
        "schedule": 300.0,
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint.progress": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Production hardening: all on as soon as DEBUG is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# Deadlines and reminders. "Trước ngày D" means the last day is D − 1 unless inclusive.
TIMELINE_BEFORE_IS_INCLUSIVE = env.bool("TIMELINE_BEFORE_IS_INCLUSIVE", default=False)
REMINDER_OFFSETS_DAYS = env.list("REMINDER_OFFSETS_DAYS", cast=int, default=[7, 3, 1])
# Refuse a submission when no deadline has been set for it (off: allowed until one is).
DEADLINES_REQUIRED = env.bool("DEADLINES_REQUIRED", default=False)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Initiatives (sáng kiến): what a new initiative council's scoring form starts from. No national figure exists
# (domain.md §3), so these are defaults each council edits before its members score. TT 18/2013 Đ.8 asks for at
# least 2/3 of the council's members; absent members count against it unless the base is "participants".
INITIATIVE_SCORE_AGGREGATE = env.str("INITIATIVE_SCORE_AGGREGATE", default="mean")
INITIATIVE_RECOGNITION_THRESHOLD = env.float("INITIATIVE_RECOGNITION_THRESHOLD", default=50.0)
INITIATIVE_VOTE_FRACTION = env.str("INITIATIVE_VOTE_FRACTION", default="2/3")
INITIATIVE_VOTE_BASE = env.str("INITIATIVE_VOTE_BASE", default="all_members")
# Evaluators see an initiative without its authors' names.
INITIATIVE_HIDE_AUTHORS_FROM_EVALUATORS = env.bool("INITIATIVE_HIDE_AUTHORS_FROM_EVALUATORS", default=False)
