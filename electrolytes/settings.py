"""Settings for the electrolyte knowledge base, read from the environment.

Development (DEBUG on, the default) works with no variables at all: manage.py
starts the embedded PostgreSQL and a development key is used. Production
(DEBUG=0) refuses to start without SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

from __future__ import annotations

import base64
import hashlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_HASHES
from django.core.exceptions import ImproperlyConfigured

from electrolytes.caching import cache_settings
from electrolytes.db_router import replica_databases
from electrolytes.env import debug_enabled, env_bool, env_int, env_list, env_rate

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = debug_enabled()

_DEV_SECRET_KEY = "dev-only-insecure-key-never-used-with-debug-off"  # noqa: S105 (refused when DEBUG is off)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY is the development key; set a real one when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off (comma-separated host names).")
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "api.exceptions.csrf_failure"  # JSON error shape under /api/

INSTALLED_APPS = [
    "electrolytes.admin_site.KnowledgeBaseAdminConfig",  # django.contrib.admin with labelled pickers
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "electrolytes",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Anonymous reads may go to a replica (DATABASE_REPLICA_URLS); the rest stays on the primary.
    "electrolytes.db_router.ReadReplicaMiddleware",
    # ETag/304 and the shared response cache; just outside CSP so cached pages keep a valid nonce.
    "electrolytes.caching.AnonymousResponseCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during authentication into its page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out user name or address before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "electrolytes.urls"
WSGI_APPLICATION = "electrolytes.wsgi.application"

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
            ],
        },
    },
]

if not os.environ.get("DATABASE_URL") and not DEBUG:
    raise ImproperlyConfigured(
        "DATABASE_URL must be set when DEBUG is off (postgres://user@host:port/name); "
        "the embedded PostgreSQL is for development only and is not started."
    )
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. Use manage.py or the Makefile (which start the embedded "
        "PostgreSQL), or set DATABASE_URL=postgres://user@host:port/name."
    )
DATABASES = {"default": dj_database_url.config(conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
# Background jobs (imports, Crossref, refits): django-tasks with its queue in this same database (README "Jobs").
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if DATABASES["default"].get("ENGINE") != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...).")
# JIT compilation costs hundreds of milliseconds on the search queries (their cost estimates
# cross its threshold) and never pays back on page-sized results.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DATABASES.update(replica_databases(DATABASES["default"], env_list("DATABASE_REPLICA_URLS")))
DATABASE_ROUTERS = ["electrolytes.db_router.ReadReplicaRouter"]
if os.environ.get("TEST_DATABASE_NAME"):
    # Lets several test runs share one server without clobbering each other.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# collectstatic (production) gathers files here; in development they are served from their apps.
STATIC_ROOT = None if DEBUG else BASE_DIR / "staticfiles"
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
# Long-lived browser caching of hashed static files (plotly is ~4 MB).
WHITENOISE_MAX_AGE = env_int("WHITENOISE_MAX_AGE", 3600 if DEBUG else 31536000)

LOGIN_URL = "admin:login"

# Proxies in front that append the client's address to X-Forwarded-For. 0: nothing in front
# is trusted and the address is the connection's (REMOTE_ADDR); the header is never read.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0, minimum=0)

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # The header a TLS-terminating proxy sets to "https" (empty: gunicorn itself speaks TLS).
    _tls_header = os.environ.get("TLS_PROXY_HEADER", "X-Forwarded-Proto").strip()
    if _tls_header:
        SECURE_PROXY_SSL_HEADER = ("HTTP_" + _tls_header.upper().replace("-", "_"), "https")
    # Django redirects plain HTTP to HTTPS unless the proxy in front already does it.
    TLS_PROXY_REDIRECTS = env_bool("TLS_PROXY_REDIRECTS", False)
    if TLS_PROXY_REDIRECTS and not _tls_header:
        raise ImproperlyConfigured("TLS_PROXY_REDIRECTS=1 needs TLS_PROXY_HEADER (the proxy's X-Forwarded-Proto).")
    SECURE_SSL_REDIRECT = not TLS_PROXY_REDIRECTS
    if TLS_PROXY_REDIRECTS:
        # security.W008 asks for SECURE_SSL_REDIRECT; the redirect is the proxy's job here.
        SILENCED_SYSTEM_CHECKS = ["security.W008"]

# The only style attributes plotly.js writes: its rich-text tags <sub>, <b>... become SVG tspans
# with these styles (TAG_STYLES of its svg_text_utils). Allowed by hash, nothing else inline.
PLOTLY_TEXT_STYLES = (
    "font-size:70%",
    "text-decoration:line-through",
    "text-decoration:underline",
    "font-weight:bold",
    "font-style:italic",
    "cursor:pointer",
    "font-style:italic;font-weight:bold",
)


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


# Content-Security-Policy (django-csp): everything from this site, scripts and <style> blocks
# only as files or with the per-response nonce; no outside host, no inline event handlers.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_HASHES, *(_csp_hash(style) for style in PLOTLY_TEXT_STYLES)],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Admin log-in attempts (django-axes): after LOGIN_FAILURE_LIMIT failures for one user name,
# or from one address, log-in is refused for LOGIN_LOCKOUT_MINUTES.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_CLIENT_IP_CALLABLE = "electrolytes.proxy.client_ip"
AXES_RESET_ON_SUCCESS = False

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = cache_settings(debug=DEBUG, redis_url=REDIS_URL)
# Anonymous responses served from the shared cache, keyed by the data-version stamp (on with DEBUG off).
RESPONSE_CACHE = env_bool("RESPONSE_CACHE", not DEBUG)
RESPONSE_CACHE_SECONDS = env_int("RESPONSE_CACHE_SECONDS", 86400, minimum=1)
# Counts (and a text search's matched ids) of lists and OPTIMADE filters kept in the shared cache under the
# same stamp, for anonymous and signed-in readers alike (electrolytes.caching.shared_result).
SHARED_COUNTS = env_bool("SHARED_COUNTS", RESPONSE_CACHE)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.CuratorWriteOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonymousThrottle",
        "api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_rate("API_ANON_RATE", "120/min"),
        "user": env_rate("API_USER_RATE", "600/min"),
    },
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    # The throttles' client address follows the same rule as electrolytes.proxy.client_ip.
    "NUM_PROXIES": TRUSTED_PROXIES,
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Electrolyte knowledge base API",
    "DESCRIPTION": "Electrolyte materials, their compositions, measured properties and references.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Request bodies get their own components: required text not blank (minLength), no read-only fields.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.selected_fields_are_optional",
        "api.schema.empty_is_not_given",
    ],
    # Two models have a field called "kind"; give each enum its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "MaterialKindEnum": "electrolytes.models.Material.Kind",
        "ReferenceKindEnum": "electrolytes.models.Reference.Kind",
        # A screening check's outcome; materials also have a "status" (publication), with other choices.
        "CheckStatusEnum": ["pass", "fail", "unknown"],
        "PublicationStatusEnum": "electrolytes.models.PublicationStatus",
        # A measurement's qualifier ("=", "<", ">", "~"), and a screening check's ("=", ">", "<" or "" for none).
        "MeasurementQualifierEnum": "electrolytes.models.Measurement.Qualifier",
        "CheckQualifierEnum": ["=", ">", "<", ""],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Where the open datasets live (see README); the importers also take explicit paths.
ELECTROLYTES_DATA_DIR = os.environ.get("ELECTROLYTES_DATA_DIR", "")
# Per-run import reports of the import_* commands (git-ignored); the admin keeps them on the ImportRun.
IMPORT_REPORT_DIR = Path(os.environ.get("IMPORT_REPORT_DIR", "") or BASE_DIR / "reports")

# Crossref, for filling DOI-only references (manage.py fill_references, the admin action). Tests point the base
# URL at a local server of recorded answers; the interval keeps to Crossref's etiquette for the public pool.
CROSSREF_BASE_URL = os.environ.get("CROSSREF_BASE_URL", "https://api.crossref.org").rstrip("/")
CROSSREF_MAILTO = os.environ.get("CROSSREF_MAILTO", "")
try:
    CROSSREF_MIN_INTERVAL_S = float(os.environ.get("CROSSREF_MIN_INTERVAL_S", "1.0"))
    CROSSREF_TIMEOUT_S = float(os.environ.get("CROSSREF_TIMEOUT_S", "10"))
except ValueError as exc:
    raise ImproperlyConfigured(f"CROSSREF_MIN_INTERVAL_S and CROSSREF_TIMEOUT_S must be numbers: {exc}") from None
