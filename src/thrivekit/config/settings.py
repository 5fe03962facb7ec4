"""Settings for thrivekit, read from the environment.

THRIVEKIT_ENV chooses the mode: "production" (the default for `thrivekit serve`), "demo"
(`thrivekit demo`) or "development" (anything else, including tests). Production differs from
the others only through these variables and refuses to start without a SECRET_KEY.
"""

from pathlib import Path

import dj_database_url
import jinja2
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from thrivekit.config.env import env_bool, env_int, env_list, env_str
from thrivekit.paths import data_dir

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = data_dir()

THRIVEKIT_ENV = env_str("THRIVEKIT_ENV", "development")
PRODUCTION = THRIVEKIT_ENV == "production"
DEMO = THRIVEKIT_ENV == "demo"

DEBUG = env_bool("DEBUG", default=DEMO) and not PRODUCTION


def _secret_key() -> str:
    configured = env_str("SECRET_KEY")
    if configured:
        return configured
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production refuses to start without one: "
            "set SECRET_KEY to a long random value kept outside the code."
        )
    # Demo and development keep a generated key in the data directory.
    from thrivekit.core.secrets import local_secret_key

    return local_secret_key(DATA_DIR)


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "auditlog",
    "django_htmx",
    "csp",
    "thrivekit.core",
    "thrivekit.nhsuk_forms",
    "thrivekit.accounts",
    "thrivekit.sites",
    "thrivekit.instrument_library",
    "thrivekit.phase1",
    "thrivekit.workshops",
    "thrivekit.priorities",
    "thrivekit.tasks",
    "thrivekit.extracts",
    "thrivekit.scenarios",
    "thrivekit.engagement",
    "thrivekit.maps",
    "thrivekit.qualitative",
    "thrivekit.planning",
    "thrivekit.reports",
    "thrivekit.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "thrivekit.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "thrivekit.core.middleware.NoStoreMiddleware",
    # Axes must be last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thrivekit.config.urls"
WSGI_APPLICATION = "thrivekit.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "thrivekit.config.jinja2.environment",
            "undefined": jinja2.ChainableUndefined,
            "trim_blocks": True,
            "lstrip_blocks": True,
            "extensions": ["jinja2.ext.do"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csrf",
                "django.contrib.messages.context_processors.messages",
                "thrivekit.core.context_processors.layout",
            ],
        },
    },
    {
        # Django templates only for the admin.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
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
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"


def _database() -> dict:
    default_url = f"sqlite:///{DATA_DIR / 'thrivekit.sqlite3'}"
    config = dj_database_url.parse(env_str("DATABASE_URL", default_url), conn_max_age=60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if config["NAME"] and config["NAME"] != ":memory:":
            from thrivekit.core.secrets import private_sqlite_files

            private_sqlite_files(Path(config["NAME"]))
        # WAL lets readers run beside the one writer; IMMEDIATE makes writers queue on the
        # busy timeout instead of failing with "database is locked". Connections are kept
        # (CONN_MAX_AGE) as for PostgreSQL: opening one and setting it up costs more than a
        # participant's answer does.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 10,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
            ),
        }
    return config


DATABASES = {"default": _database()}


def cache_settings(url: str, *, production: bool) -> dict:
    """The default cache from CACHE_URL.

    Rate limits count in this cache, so production (several server processes) needs one they
    all share: the database by default, or Redis (``redis://host:port/db``). The demo and
    development run in one process and keep it in memory.
    """
    url = url.strip() or ("db://" if production else "locmem://")
    scheme, _, rest = url.partition("://")
    if scheme in {"redis", "rediss", "unix"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "db":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": rest.strip("/") or "thrivekit_cache",
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL {url!r} is not understood. Use db:// (the database), "
        "redis://host:port/db (Redis) or locmem:// (one process only)."
    )


CACHES = {"default": cache_settings(env_str("CACHE_URL"), production=PRODUCTION)}


def _trusted_proxies() -> list[str]:
    """Addresses (or networks, like 10.0.0.0/8) of the proxies in front of the server.

    Only a request that arrives from one of them has its X-Forwarded-For header believed.
    """
    import ipaddress

    proxies = env_list("TRUSTED_PROXIES")
    for proxy in proxies:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES has {proxy!r}, which is not an IP address or network."
            ) from None
    return proxies


THRIVEKIT_TRUSTED_PROXIES = _trusted_proxies()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    # Length and a common-password check; no composition rules (NCSC, ASVS 6.2.5).
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "sites:choose"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after 8 hours, or 2 hours without activity.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 2 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
THRIVEKIT_SESSION_MAX_SECONDS = env_int("SESSION_MAX_SECONDS", 8 * 60 * 60)

# Lockout after repeated failed logins, per account.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.5  # hours
# Per account, not per IP address: NHS and council staff often share one address behind a
# gateway, so locking an address would lock out a whole organisation. axes.W006 warns about
# exactly this choice.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked.jinja"
AXES_VERBOSE = False

# Background tasks: a `thrivekit worker` process in production; a thread of the web process
# in the demo and development, so one command runs everything.
THRIVEKIT_TASKS = env_str("THRIVEKIT_TASKS", "worker" if PRODUCTION else "thread")
# Uploaded extracts are read from here and deleted after import; pseudonymisation keys (one
# per site) live outside the database, in THRIVEKIT_KEYS_DIR.
THRIVEKIT_UPLOADS_DIR = Path(env_str("THRIVEKIT_UPLOADS_DIR", str(DATA_DIR / "uploads")))
THRIVEKIT_EXTRACTS_DIR = Path(env_str("THRIVEKIT_EXTRACTS_DIR", str(DATA_DIR / "extracts")))
THRIVEKIT_KEYS_DIR = Path(env_str("THRIVEKIT_KEYS_DIR", str(DATA_DIR / "keys")))
THRIVEKIT_MAX_UPLOAD_BYTES = env_int("THRIVEKIT_MAX_UPLOAD_BYTES", 1024 * 1024 * 1024)

# Two-factor authentication: site leads, analysts and platform administrators must set it up.
THRIVEKIT_REQUIRE_2FA = env_bool("THRIVEKIT_REQUIRE_2FA", default=not DEMO)
OTP_TOTP_ISSUER = "thrivekit"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "thrivekit <no-reply@thrivekit.invalid>")

# Security headers. Production is served behind TLS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline scripts but the nhsuk template's one-line js-enabled snippet, which carries a nonce.
# NHS.UK fonts load from assets.nhs.uk.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "https://assets.nhs.uk"],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
