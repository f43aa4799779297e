"""Settings for the newsroom site, driven by environment variables.

Development defaults need nothing set. Production sets at least
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL, and leaves
DJANGO_DEBUG unset.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from newsroom.startup import DEV_SECRET_KEY

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

# A fixed development key keeps `make run` zero-configuration; production must
# set its own: a server started with DEBUG off and this key refuses to start
# (newsroom/startup.py), and manage.py check --deploy rejects it.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEV_SECRET_KEY)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# The public address of the site, used in feeds, canonical URLs and ClaimReview
# markup when there is no request to build absolute URLs from.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = os.environ.get(
    "SITE_NAME", "Partly: how outlets reported Musk's distillation testimony"
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    "axes",
    "django_tasks_db",
    "sources",
    "timeline",
]

MIDDLEWARE = [
    # First: a cached page is answered before anything below runs; a page it stores
    # carries the headers every middleware below added (see newsroom/pagecache.py).
    "newsroom.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default must take several writers at once (an ingest, editors
    # uploading, the site serving). WAL lets readers carry on while one writer
    # writes; synchronous=NORMAL is durable across a process crash in WAL mode (a
    # power cut may lose the last commits, never corrupt the file). Every
    # transaction starts IMMEDIATE, taking the write lock up front, so two writers
    # queue on the busy timeout instead of one failing with "database is locked"
    # when it tries to upgrade a read lock that the other blocks. A writer waits
    # up to SQLITE_BUSY_TIMEOUT seconds for its turn.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "60")),
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache: reader pages, the data version that keys them, computed findings and
# figures. By default a folder of files, which every gunicorn worker on the machine
# shares (an in-memory cache would be one per worker, and a write seen by one
# worker would leave the others serving old pages). CACHE_URL or REDIS_URL
# (redis://host:6379/0) switches to Redis, which several app servers can share;
# CACHE_URL=file:///var/cache/newsroom moves the folder, locmem:// keeps it in memory.
_CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ""
if _CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
        }
    }
elif _CACHE_URL == "locmem://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": _CACHE_URL.removeprefix("file://") or str(BASE_DIR / ".cache"),
            # Pages of old data versions are never read again; culling a third
            # of the files when full makes room (the version key is re-made if culled).
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "20000"))},
        }
    }

# The page cache (newsroom/pagecache.py). DJANGO_PAGE_CACHE=0 turns it off, to
# measure what a page costs uncached. Browsers keep a page PAGE_CACHE_MAX_AGE
# seconds and then revalidate (a 304 when nothing changed); a CDN keeps it
# S_MAXAGE seconds, and may serve it STALE_WHILE_REVALIDATE seconds longer while
# it fetches the new one.
PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", default=True)
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", str(24 * 3600)))
PAGE_CACHE_MAX_AGE = int(os.environ.get("DJANGO_PAGE_CACHE_MAX_AGE", "60"))
PAGE_CACHE_S_MAXAGE = int(os.environ.get("DJANGO_PAGE_CACHE_S_MAXAGE", "300"))
PAGE_CACHE_STALE_WHILE_REVALIDATE = int(os.environ.get("DJANGO_PAGE_CACHE_SWR", "60"))
# Each process also keeps the pages it served last in memory (0 turns that off),
# so a hit need not read and unpickle the page from files or Redis.
PAGE_CACHE_LOCAL_ENTRIES = int(os.environ.get("DJANGO_PAGE_CACHE_LOCAL_ENTRIES", "200"))

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

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# PlotlyFinder serves nothing: it checks that static/vendor/plotly matches the plotly package.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "newsroom.staticfinders.PlotlyFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, pre-compressed files that whitenoise serves with a far-future
    # cache header. Needs `collectstatic`; DEBUG serves the plain files.
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Content-Security-Policy: only our own scripts, plus inline ones carrying the
# per-request nonce. Plotly injects <style> elements at runtime, hence the
# inline-style allowance; no inline script is ever allowed.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Security headers. The HTTPS-only ones switch on when DEBUG is off, so
# `manage.py check --deploy` is clean under production settings.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Cookies only over HTTPS; DJANGO_SECURE_COOKIES=0 only for a local load test over
    # plain HTTP (bench/load-under-writes.py), never in production.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=True)

# Uploads through the admin: articles over this size are refused by ingestion.
INGEST_MAX_BYTES = int(os.environ.get("INGEST_MAX_BYTES", str(5 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = INGEST_MAX_BYTES * 2
FILE_UPLOAD_MAX_MEMORY_SIZE = INGEST_MAX_BYTES * 2

# Automatic links the linker is less sure of than this (Mention.confidence, 0-1) are not
# counted in readers' findings, tallies, coverage or comparisons until an editor reviews
# them; they wait in the admin's "Needs review (low confidence)" filter. Chosen on the
# development set (../shared/realdev): of its 239 automatic links, the two under 0.6 are
# bare transcript answers ("Musk: Partly.") lent every name by earlier sentences.
LINK_PUBLISH_CONFIDENCE = float(os.environ.get("LINK_PUBLISH_CONFIDENCE", "0.6"))

# One admin upload: all its files together (zip archives counted as uploaded)
# may weigh at most this much; Django's DATA_/FILE_UPLOAD_MAX_MEMORY_SIZE bound
# neither the sum of the files nor what a zip holds, so the upload form checks both.
ADMIN_UPLOAD_MAX_BYTES = int(os.environ.get("ADMIN_UPLOAD_MAX_BYTES", str(25 * 1024 * 1024)))
# A zip's members: at most this many, and this much once uncompressed (a zip bomb
# is refused from its directory before anything is inflated, and again while reading).
ADMIN_UPLOAD_MAX_MEMBERS = int(os.environ.get("ADMIN_UPLOAD_MAX_MEMBERS", "1000"))
ADMIN_UPLOAD_MAX_UNCOMPRESSED = int(
    os.environ.get("ADMIN_UPLOAD_MAX_UNCOMPRESSED", str(100 * 1024 * 1024))
)
# Up to this many plain files (no zip) are ingested while the editor waits; more,
# or any zip, become a background task whose progress page the editor watches.
ADMIN_UPLOAD_INLINE_FILES = int(os.environ.get("ADMIN_UPLOAD_INLINE_FILES", "5"))

# Background tasks (Django's tasks framework). The database backend needs no
# server beyond the database: `manage.py db_worker` runs what the site enqueues
# (`make run` starts one beside the development server; production runs it as a
# service of its own). Re-linking after a claim's rules change and bulk uploads
# run there. DJANGO_TASKS_IMMEDIATE=1 runs every task inside the request instead.
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if env_bool("DJANGO_TASKS_IMMEDIATE")
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

LOGIN_URL = "admin:login"

# Throttle password guessing (django-axes). After AXES_FAILURE_LIMIT failed
# logins for one username from one address, that pair is refused (429) for
# AXES_COOLOFF_TIME, even with the right password; a success resets the count.
# Keyed on the pair, not the address alone, so one guesser cannot lock the
# whole newsroom out, and not the username alone, so nobody can lock an editor
# out from elsewhere. Axes checks only authenticate() calls that carry a request
# (the admin login form); the test client's force_login bypasses it, so tests
# and scripts need nothing. Unlock early with `manage.py axes_reset_username NAME`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The attempt log is kept in the database; the admin for it stays off (unlock
# with the axes_reset commands), so the editors' admin is unchanged.
AXES_ENABLE_ADMIN = False
# Behind a reverse proxy every request comes from the proxy's address. Name
# the header the proxy *overwrites* with the client's address (e.g.
# HTTP_X_REAL_IP); never a header a client can set itself.
_CLIENT_IP_HEADER = os.environ.get("DJANGO_CLIENT_IP_HEADER", "")
if _CLIENT_IP_HEADER:

    def AXES_CLIENT_IP_CALLABLE(request):  # noqa: N802 (a setting)
        return request.META.get(_CLIENT_IP_HEADER) or request.META.get("REMOTE_ADDR")


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
