"""Settings, all read from the environment.

With no environment at all the project runs for development: DEBUG on, a SQLite file beside
the code, mail printed to the console, Celery tasks run in-process with no broker. With
``DEBUG=false`` it is production: ``SECRET_KEY`` and ``ALLOWED_HOSTS`` must be given, and the
security settings that ``manage.py check --deploy`` asks for are on.
"""

import datetime as dt
import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"Set {name} in the environment: production needs it.")
    return value


DEBUG = env_bool("DEBUG", True)

if DEBUG:
    SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-used-with-debug-off"
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
else:
    SECRET_KEY = env_required("SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [env_required("ALLOWED_HOSTS")]

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The site's own address, the only one links in mail are built from (digests, notifications,
# password resets): never the request's Host, which the client chooses.
SITE_URL = (os.environ.get("SITE_URL") or ("http://localhost:8000" if DEBUG else "")).rstrip("/")
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "Set SITE_URL in the environment to the site's public address (https://tracker.example.org): "
        f"links in mail are built from it, and production needs it (got {SITE_URL!r})."
    )

INSTALLED_APPS = [
    "tracker.admin_site.RecordAdminConfig",  # django.contrib.admin, writes checked
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "import_export",
    "simple_history",
    # Login throttling: failed sign-ins per username and address, kept in the database.
    "axes",
    "accounts",
    "states",
    "conventions",
    "questionnaires",
    "reports",
    "api",
    "dashboards",
    "outbox",
    "reminders",
    "notifications",
    "imports",
    "wayfinding",
    "opendata",
    # The synthetic record for benchmarks and scale tests (generate_scale_data): above every app.
    "devdata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tracker.debug_pages.ContentSecurityPolicyMiddleware",
    # Before anything reads a request's body (the CSRF check reads a form, and writes its files
    # to disk): a body over its address's allowance is refused by its declared length alone.
    # After the two above only so that the refusal carries their headers; they read no body.
    "tracker.request_bodies.request_body_cap",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view looks a path segment up: PostgreSQL refuses NUL in text.
    "tracker.paths.refuse_nul_in_path",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the history of the record.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"

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

WSGI_APPLICATION = "tracker.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Signing in leads to the dashboard, which sends staff to the overview and a liaison to her state.
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "/"

# The four official languages of the OAS.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("pt", _("Portuguese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["tracker.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Fixed from the environment's DEBUG, not read again later: pytest-django turns DEBUG off in
# tests, and WhiteNoise would then warn that STATIC_ROOT (made only by collectstatic) is missing.
WHITENOISE_AUTOREFRESH = DEBUG

# Mail: printed to the console unless a server is configured.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "treaty-tracker@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Mail anyone may ask for (subscription confirmations, password resets): at most this many of a
# kind per address a day (outbox.MailRequest), and per client (its address) this django-ratelimit
# rate, counted in the cache. Beyond either, the same answer and no mail.
MAIL_REQUESTS_PER_ADDRESS_PER_DAY = int(os.environ.get("MAIL_REQUESTS_PER_ADDRESS_PER_DAY", "3"))
MAIL_REQUESTS_PER_CLIENT_RATE = os.environ.get("MAIL_REQUESTS_PER_CLIENT_RATE", "10/h")
# How long the link in a liaison's invitation lets her set her first password (accounts.invitations).
LIAISON_INVITATION_MAX_AGE = dt.timedelta(days=int(os.environ.get("LIAISON_INVITATION_DAYS", "14")))

# The cache, where the limits are counted (API throttle, mail requests per client): shared by
# all the site's processes with Redis; with none configured, each process counts on its own.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL:
    raise ImproperlyConfigured(f"CACHE_URL must be a redis:// or rediss:// address, not {CACHE_URL!r}.")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: with no broker configured, tasks run in-process so a first run needs nothing else.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# A host named, or kombu warns "No hostname was supplied" on every task run in-process.
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TIMEZONE = TIME_ZONE

# Admin import and export: every import runs in one transaction, so a bad row writes nothing;
# exported cells that a spreadsheet would run as formulas are escaped.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Exports read their rows through a server-side cursor this many at a time (the library's 100
# would mean a round trip to the database every 100 lines).
IMPORT_EXPORT_CHUNK_SIZE = 2000
# An uploaded file waits for its confirmation as its uploader's own imports.PendingImport, named
# by the server (the library's temp folder would take any name the confirmation posts).
IMPORT_EXPORT_TMP_STORAGE_CLASS = "imports.storage.PendingImportStorage"
# One import takes at most this many bytes and data rows; a larger file is refused on the form,
# its rows read no further than the limit.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "20000"))
# A longer file is imported by a worker while the admin shows its progress, not within a request.
IMPORT_IN_REQUEST_MAX_ROWS = int(os.environ.get("IMPORT_IN_REQUEST_MAX_ROWS", "2000"))

# A request declaring a larger body than this is refused (413) before anything reads it. A view
# that takes an uploaded file (tracker.request_bodies.accepts_upload) allows its file's limit
# more: an admin import's IMPORT_MAX_BYTES, a questionnaire document's 10 MB. The proxy in front
# (deploy/nginx) lets through the largest of these and no more.
REQUEST_MAX_BYTES = int(os.environ.get("REQUEST_MAX_BYTES", str(2_621_440)))  # 2.5 MB

# ---------------------------------------------------------------------------------------------
# Security: login throttling, Content-Security-Policy, and HTTPS-only cookies and headers.
# ---------------------------------------------------------------------------------------------
# django-axes first: it refuses a locked-out username+address before any password is checked.
# It needs the request, which Django's login views pass; tests sign in with force_login.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
# Per username *and* address: someone guessing a liaison's password from one place cannot lock
# her out everywhere, and one address cannot try every username either without each locking.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The sign-in page again, saying why and for how long, instead of axes' bare text.
AXES_LOCKOUT_CALLABLE = "tracker.security.lockout_response"
# No "AXES: BEGIN ..." line at the start of every command and every test run.
AXES_VERBOSE = False

# Behind a reverse proxy that terminates TLS (the Docker stack): trust its X-Forwarded-Proto,
# and take the client's address from the one X-Forwarded-For entry the proxy itself appended;
# with TRUSTED_PROXIES (addresses or networks), only on connections from the proxy.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
try:
    TRUSTED_PROXIES = [ipaddress.ip_network(item, strict=False) for item in env_list("TRUSTED_PROXIES")]
except ValueError as error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES must be addresses or networks: {error}.") from None
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# One client address for every limit: the sign-in lockout, the mail requests (django-ratelimit)
# and the API throttle (api.throttling).
AXES_CLIENT_IP_CALLABLE = "tracker.security.client_address"
RATELIMIT_IP_META_KEY = "tracker.security.client_address"

# Scripts and styles only from our own static files (Swagger UI too: drf-spectacular-sidecar).
# Inline style *attributes* are allowed: the admin, django-import-export and Swagger UI set a
# few; they cannot run code. No inline script, no inline <style> element, no framing.
# One inline event handler is allowed by its hash alone: the "select all" box of
# django-import-export's export page (onchange="onSelectToggleChange(event)"), no other code.
IMPORT_EXPORT_SELECT_ALL_HANDLER = "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='"
# Marks the request its debug page (DEBUG only) was made for, so the policy leaves that page be.
DEFAULT_EXCEPTION_REPORTER = "tracker.debug_pages.DebugPageExceptionReporter"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-hashes'", IMPORT_EXPORT_SELECT_ALL_HANDLER],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        # Swagger UI and the admin draw some icons from data: URIs.
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    # Preloading is a promise to browsers for the whole domain and hard to take back, so the
    # one who runs the domain turns it on; check --deploy's reminder about it is silenced.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_error_without_traceback": {"()": "tracker.logs.ClientErrorWithoutTraceback"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["client_error_without_traceback"],
            # On the handler, so that no logger below lets through what LOG_LEVEL leaves out.
            "level": LOG_LEVEL,
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Without Django's own handlers (a console with DEBUG on, mail to ADMINS, of whom there
        # are none), which wrote each request's error a second time: the root's console alone.
        "django": {"handlers": []},
        # Failed sign-ins and lockouts (warnings), not every sign-in, sign-out and clean-up.
        "axes": {"level": "WARNING"},
    },
}

# ---------------------------------------------------------------------------------------------
# Public API (api/): Django REST Framework and its OpenAPI schema (drf-spectacular).
# ---------------------------------------------------------------------------------------------
# Swagger UI and Redoc served from our own static files (drf-spectacular-sidecar), never a CDN.
INSTALLED_APPS += ["drf_spectacular_sidecar"]

REST_FRAMEWORK = {
    # JSON for clients; the browsable API only for a developer running with DEBUG on.
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        *(["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    ],
    # The site's own sign-in: a liaison signed in to the pages is signed in to the API.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    # The treaty record is public and the API only reads it; private endpoints ask for more.
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousClientThrottle"],
    # Two requests a second on average for each anonymous address, counted in the cache; the
    # tests clear the cache before each test, so the suite never meets the limit by accident.
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_ANON_RATE", "120/minute")},
    # drf-spectacular's AutoSchema, which also marks the public endpoints as needing no sign-in.
    "DEFAULT_SCHEMA_CLASS": "api.openapi.AutoSchema",
    # Every bad parameter answers 400 with {"<parameter>": ["message"]}.
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Treaty tracker API",
    "DESCRIPTION": (
        "The public, read-only record of which OAS member states signed and ratified the "
        "inter-American conventions, and their status under each on any date."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # validatorUrl off: Swagger UI would otherwise send the schema to an outside validator.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # One name for the statuses, whichever field lists them.
    "ENUM_NAME_OVERRIDES": {
        "TreatyStatusEnum": "api.serializers.STATUS_CHOICES",
        "MembershipEventKindEnum": "states.models.MembershipEventKind",
        "SubmissionStatusEnum": "questionnaires.workflow.SubmissionStatus",
        "QuestionKindEnum": "questionnaires.models.QuestionKind",
        "DocumentKindEnum": "questionnaires.uploads.DocumentKind",
        "ReservationKindEnum": "conventions.models.Reservation.Kind",
    },
}
