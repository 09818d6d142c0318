"""Scapula settings: one module, every knob read from the environment.

Defaults are safe for development on a laptop (debug on, SQLite file in the project).
With debug off the server refuses to start until it is given a real secret key.
"""

import os
import shutil
import subprocess
from datetime import timedelta
from importlib import metadata
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _release() -> str:
    """What is deployed: SCAPULA_RELEASE, else the checkout's git commit, else the package's version."""
    release = os.environ.get("SCAPULA_RELEASE", "").strip()
    if release:
        return release
    git = shutil.which("git")
    try:
        found = subprocess.run(  # noqa: S603 - a fixed command, no input
            [git, "rev-parse", "--short=12", "HEAD"], cwd=BASE_DIR, capture_output=True, text=True, timeout=5
        )
        if found.returncode == 0 and found.stdout.strip():
            return found.stdout.strip()
    except (TypeError, OSError, subprocess.SubprocessError):  # no git (TypeError: which() found none)
        pass
    try:
        return metadata.version("scapula")
    except metadata.PackageNotFoundError:
        return "unknown"


DEBUG = env_bool("DJANGO_DEBUG", True)
# Part of every cache key (CACHES' KEY_PREFIX) and every ETag: a deploy retires whatever the old code stored.
RELEASE = _release()

_DEV_SECRET_KEY = "django-insecure-development-only-never-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", _DEV_SECRET_KEY)
if not DEBUG and (SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 32 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "Refusing to start: DJANGO_DEBUG is off but DJANGO_SECRET_KEY is missing or not a real secret "
        "(set it to 50 random characters)."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "axes",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "exercises",
    "workouts",
    "training_log",
]

MIDDLEWARE = [
    # First, so its line covers every request (HTTPS redirects and static files too) and all of its queries.
    "config.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The logged-in user's time zone: their "today" and every time shown.
    "accounts.middleware.UserTimeZoneMiddleware",
    # A logged-in person's answers: private, no-store (nothing kept by the browser after log-out).
    "accounts.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        # No "loaders" here: Django then uses the cached loader whenever debug is off.
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "training_log.context_processors.unread_comments",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database of `make run`: write-ahead logging lets the pages read while the task worker
    # holds a long write (an import runs in one transaction); a writer waits up to 20 s for its turn.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails a new connection after this many seconds (2 is libpq's least),
    # instead of holding a worker until gunicorn kills it; /healthz/ then answers 503 (config.views).
    DATABASES["default"]["OPTIONS"] = {"connect_timeout": int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "2"))}
    if env_bool("DJANGO_DB_PREPARED", True):
        # Parameters sent apart from the SQL, and a statement run five times on a connection prepared: PostgreSQL
        # plans it once, not on every request (planning took more than running most of these queries). Behind a
        # pooler in transaction mode, DJANGO_DB_PREPARED=0 (docs/deploy.md).
        DATABASES["default"]["OPTIONS"].update({"server_side_binding": True, "prepare_threshold": 5})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHE_URL: redis://host:port/db (any number of processes and hosts), file:///a/directory (the processes
# of one machine: `make run` uses it so its web workers and task worker share one), else each process its own.
_cache_url = os.environ.get("CACHE_URL", "")
if _cache_url.startswith(("redis://", "rediss://")):
    # A cache is optional (config.cache): Redis that does not answer within these is treated as missing for
    # DJANGO_CACHE_BREAKER_SECONDS, so a hung Redis costs a request half a second, not a worker's whole timeout.
    _cache = {
        "BACKEND": "config.cache.RedisCache",
        "LOCATION": _cache_url,
        "OPTIONS": {
            "socket_connect_timeout": float(os.environ.get("DJANGO_CACHE_CONNECT_TIMEOUT", "0.25")),
            "socket_timeout": float(os.environ.get("DJANGO_CACHE_TIMEOUT", "0.5")),
            "breaker_seconds": float(os.environ.get("DJANGO_CACHE_BREAKER_SECONDS", "2")),
        },
    }
elif _cache_url.startswith("file://"):
    _cache = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": _cache_url[7:]}
else:
    _cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "scapula"}
# The release in every key (settings.RELEASE): a deploy retires everything the old code stored, pages and pickled
# data alike. Logins in cached_db then come from the database once, so nobody is logged out.
_cache["KEY_PREFIX"] = RELEASE
CACHES = {"default": _cache}
# A logged-in person's pages kept in the cache until something on them changes (accounts.pagecache). Only a
# cache every process shares can hold them: with each process's own memory, one could not retire another's.
PRIVATE_PAGE_CACHE = env_bool("DJANGO_PRIVATE_PAGE_CACHE", bool(_cache_url))
# Each workout card's history (the last workout's sets) kept until an earlier workout changes
# (training_log.cardcache); a shared cache only, for the same reason.
CARD_HISTORY_CACHE = env_bool("DJANGO_CARD_HISTORY_CACHE", bool(_cache_url))
# Logins in the database, read through the shared cache when there is one: a logged-in request (a cached page,
# a set logged) asks the database one question fewer. Any process on any host reads either.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if _cache_url else "django.contrib.sessions.backends.db"

# Background work (imports) goes through django-tasks: the database backend and its `db_worker`. (The tests
# set TASKS themselves, to run each task at once in the process that enqueues it.)
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMPORT_MAX_BYTES = int(os.environ.get("SCAPULA_IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
# An import with no progress recorded for this long has stopped (its worker died): training_log.models. Well above
# the 10 s between two records of a running import on PostgreSQL.
IMPORT_STOPPED_AFTER_SECONDS = max(30, int(os.environ.get("SCAPULA_IMPORT_STOPPED_AFTER", "300")))

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Lets the log-in form tell an unconfirmed account apart from a wrong password.
    "accounts.backends.EmailConfirmationBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "training_log:today"
LOGOUT_REDIRECT_URL = "home"

# Behind a reverse proxy that sets X-Forwarded-For and X-Forwarded-Proto (and strips client copies).
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)

# Throttle guessing, for 15 minutes: after 5 failed log-ins for one username from one address, that
# pair is locked; after 20 from one address (any usernames), that address. Never a username alone,
# so nobody can lock a lifter out from everywhere. See accounts/throttling.py.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "accounts.throttling.LoginThrottle"
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Scapula <noreply@localhost>")

# Our pages carry no inline script or style, so the policy can be strict.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# HTTPS hardening: on whenever debug is off. Each has its own variable to turn it off on a plain-HTTP rig
# (`make serve` on loopback, the benchmark); a real deployment leaves them alone. See docs/deploy.md.
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer's health check speaks plain HTTP to the web process; a redirect would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", SECURE_HSTS_SECONDS > 0)
# Off on purpose: preloading is a promise to browser vendors that is slow to take back (check --deploy W021).
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
if BEHIND_PROXY:
    # Only behind our proxy, which sets X-Forwarded-Proto itself: anywhere else a client could send it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# One line of JSON per request on stdout from config.middleware.RequestLogMiddleware (DJANGO_REQUEST_LOG_LEVEL=WARNING
# silences it); everything else at DJANGO_LOG_LEVEL on stderr.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"message": {"format": "%(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "requests": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "message"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        "scapula.requests": {
            "handlers": ["requests"],
            "level": os.environ.get("DJANGO_REQUEST_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
    },
}
