"""
Settings for the probation inspection league, driven by environment variables.

Development defaults are safe: DEBUG is off unless asked for, the database is
SQLite in ./var/, and the cache is local memory. Production sets the variables
listed in README.md; no setting has a second code path for production.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

# Production is any deployment that asks for a secret key or switches on an HTTPS-only setting;
# there a missing or short key stops the site instead of falling back to a public one.
PRODUCTION_SWITCHES = (
    "DJANGO_REQUIRE_SECRET_KEY",
    "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_SECURE_COOKIES",
    "DJANGO_BEHIND_TLS_PROXY",
)
PRODUCTION = (
    any(env_bool(name) for name in PRODUCTION_SWITCHES) or os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0") != "0"
)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to 50 or more random characters in production "
        "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
if not SECRET_KEY:
    # Only for a local checkout: a fixed key lets sessions survive restarts.
    SECRET_KEY = "insecure-local-development-key-set-DJANGO_SECRET_KEY-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
# The one host every absolute address names and the page cache keys by, whatever Host a request came
# with (probation_league/canonical_host.py): e.g. league.example.org, or 127.0.0.1:8000 locally.
CANONICAL_HOST = os.environ.get("DJANGO_CANONICAL_HOST", "").strip().lower() or next(iter(ALLOWED_HOSTS), "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "axes",
    "reversion",
    "csp",
    "places",
    "providers",
    "inspections",
    "dashboard",
    "corrections",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Checks the Host, then gives reads the canonical host: one set of links and cache keys.
    "probation_league.canonical_host.CanonicalHostMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # The first to read a POST's body: an import page refused too many files or too much text says so itself.
    "inspections.uploads.RefusedBodyMiddleware",
    # Before anything reads the request: a NUL anywhere in it is a 400 (PostgreSQL cannot store one).
    "probation_league.nul_bytes.RefuseNulBytesMiddleware",
    # Compresses what is not stored compressed (Django's GZipMiddleware, padded against BREACH).
    "dashboard.response_cache.CompressionMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers cached public pages, and 304s, before the session or any view is reached.
    "dashboard.response_cache.PublicResponseCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "dashboard.forgiving_addresses.ForgivingAddressMiddleware",  # /providers/kss/ → /providers/kss-crc/
    # Before CSRF: a PUT or DELETE on a public page is a 405, not a CSRF failure.
    "dashboard.middleware.PublicMethodsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: refuses logins after too many failures.
    "axes.middleware.AxesMiddleware",
]

# django-axes first, so a locked-out username is refused before its password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "probation_league.urls"

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
                "dashboard.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "probation_league.wsgi.application"

# SQLite in ./var/ unless DATABASE_URL names another database (PostgreSQL via psycopg 3).
DATA_DIR = Path(os.environ.get("DJANGO_DATA_DIR", BASE_DIR / "var"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local memory by default; REDIS_URL shares the cache (and its generation key) between instances.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Behind a circuit breaker: after a failure or a 0.5 s timeout Redis is not asked again for
            # CACHE_BACKOFF_SECONDS, doubling while it fails up to CACHE_MAX_BACKOFF_SECONDS; pages are
            # rendered uncached meanwhile (dashboard/cache.py).
            "BACKEND": "probation_league.cache_backends.BreakerRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "probation-league",
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                "breaker_backoff_seconds": float(os.environ.get("CACHE_BACKOFF_SECONDS", "2")),
                "breaker_max_backoff_seconds": float(os.environ.get("CACHE_MAX_BACKOFF_SECONDS", "30")),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "probation-league",
        }
    }
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "600"))
# A streamed export up to this size is stored like a page; a larger one streams on each time.
PUBLIC_CACHE_MAX_BYTES = int(os.environ.get("PUBLIC_CACHE_MAX_BYTES", str(2 * 1024 * 1024)))
# Each process's own copies of the cached answers it served lately (dashboard/response_cache.py).
PUBLIC_CACHE_LOCAL_BYTES = int(os.environ.get("PUBLIC_CACHE_LOCAL_BYTES", str(16 * 1024 * 1024)))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploads (the editors' imports), bounded while the body is read: form fields (a pasted report's
# text) up to 2.5 MB, files larger than 2.5 MB spooled to disk, at most 20 files, and 25 MB of
# files in one request (inspections/uploads.py); the import forms check each file's size too.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 20
UPLOAD_MAX_REQUEST_BYTES = 25 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "inspections.uploads.BoundedRequestUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# "Report a mistake" (corrections/throttle.py): at most this many posts from one client address
# in any window of this many seconds; more get a 429 saying when to try again.
MISTAKE_REPORTS_PER_WINDOW = int(os.environ.get("MISTAKE_REPORTS_PER_WINDOW", "5"))
MISTAKE_REPORTS_WINDOW_SECONDS = int(os.environ.get("MISTAKE_REPORTS_WINDOW_SECONDS", "3600"))

# Login throttling (django-axes): ten failed logins for one username from one address lock that
# username from that address, and ten from one address (an IPv6 /64 counts as one) lock the
# address, each for AXES_COOLOFF_MINUTES; a successful login resets the count. A username is never
# locked everywhere, so no one can lock an editor out by failing logins in their name.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False

# Security: HTTPS-only behaviour is switched on by the environment of a real deployment.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT")
# A load balancer's health check may come over plain HTTP; it wants the 200 or 503, not a 301.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES")
CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD")
BEHIND_TLS_PROXY = env_bool("DJANGO_BEHIND_TLS_PROXY")
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind the proxy every request comes from its address: throttle logins by the client address it
# appends to X-Forwarded-For instead (the last entry only), or ten failures anywhere would lock out
# every editor. Without the proxy the header is the client's own claim and is ignored.
AXES_CLIENT_IP_CALLABLE = "probation_league.client_ip.client_ip_address"
# Staff sessions last a working day, not Django's two weeks.
SESSION_COOKIE_AGE = 8 * 60 * 60
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): no inline script anywhere, styles from our own files only.
# plotly.js's own rules come from its stylesheet (partials/chart_scripts.html), so it injects no
# <style>; the one hash is the rule Django's admin change list inlines when it has no actions.
# Embeddable responses (the league embed, badges) replace frame-ancestors with *.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'sha256-blvLUW3UscWqsXGByNOqdBboM+ShWAuugp2mC/wbafU='"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Permissions-Policy (django-permissions-policy): no page needs a device or a powerful feature;
# only the embed page's "copy" button writes to the clipboard. Only features Chromium recognises
# (document.featurePolicy.features()) are listed: any other is a console warning on every page.
PERMISSIONS_POLICY = {
    **{
        feature: []
        for feature in (
            "accelerometer",
            "autoplay",
            "browsing-topics",
            "camera",
            "display-capture",
            "encrypted-media",
            "fullscreen",
            "geolocation",
            "gyroscope",
            "hid",
            "idle-detection",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "picture-in-picture",
            "publickey-credentials-get",
            "screen-wake-lock",
            "serial",
            "usb",
            "xr-spatial-tracking",
        )
    },
    "clipboard-write": ["self"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One line per event with its time, level and source, e.g. `grep 'logger=dashboard.cache'`.
    "formatters": {
        "fields": {"format": "%(asctime)s level=%(levelname)s logger=%(name)s %(message)s"},
        # The development server's request lines, as Django writes them.
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "filters": {
        "refused_host_as_one_line": {"()": "probation_league.log_filters.RefusedHostAsOneLine"},
        # The search's `q=` (perhaps a reader's postcode) is never written: `GET /find/?q=[masked] HTTP/1.1`.
        "mask_search_query": {"()": "probation_league.log_filters.MaskSearchQuery"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "fields", "filters": ["mask_search_query"]},
        "refused_hosts": {"class": "logging.StreamHandler", "formatter": "fields", "filters": ["mask_search_query"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["mask_search_query"],
        },
    },
    "loggers": {
        # `runserver`'s line per request, with its query string masked.
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # A failed request's record (and its traceback) masked before any handler sees it, ADMINS' e-mail included.
        "django.request": {"filters": ["mask_search_query"]},
        # Each request for a foreign Host (a scanner, a misdirected DNS name): one short WARNING line.
        "django.security.DisallowedHost": {
            "handlers": ["refused_hosts"],
            "filters": ["refused_host_as_one_line"],
            "level": "WARNING",
            "propagate": False,
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
# Error reports (the technical 500 page, ADMINS' e-mail) with the search's `q=` and its text masked.
DEFAULT_EXCEPTION_REPORTER_FILTER = "probation_league.error_reports.SearchMaskingFilter"
DEFAULT_EXCEPTION_REPORTER = "probation_league.error_reports.SearchMaskingReporter"

# Where the published data lives; the CSV importer reads these by default.
SHARED_DATA_DIR = Path(os.environ.get("SHARED_DATA_DIR", BASE_DIR / "fixtures" / "source"))
