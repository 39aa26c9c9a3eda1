"""Derrick's one settings module.

All configuration comes from environment variables (and a ``.env`` file in
the project's root, which the real environment overrides). The defaults are
the embedded mode: SQLite, the in-memory channel layer, local media files and
the offline ``builtin`` agent. See the README's configuration table.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from project.csp import file_origins
from project.env import env_bool, env_int, env_list, env_str, load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(BASE_DIR / ".env")

# --- core -------------------------------------------------------------------

_DEV_SECRET_KEY = "derrick-development-key-do-not-use-in-production-0123456789"
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    SECRET_KEY = _DEV_SECRET_KEY
    warnings.warn(
        "SECRET_KEY is not set: using the development key. Set SECRET_KEY in production.",
        stacklevel=1,
    )

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "daphne",  # first, so that runserver serves WebSockets too
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "accounts",
    "agents",
    "chat",
    "files",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost but for security headers: every error on an API path is JSON.
    "project.middleware.JsonErrorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "project.urls"
# Every path answers with and without its trailing slash (CONTRACT.md): the
# URL patterns accept both, so CommonMiddleware must never redirect a POST.
APPEND_SLASH = False

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

WSGI_APPLICATION = "project.wsgi.application"
ASGI_APPLICATION = "project.asgi.application"

# --- database ---------------------------------------------------------------

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except Exception as exc:  # dj-database-url raises several kinds
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several async tasks write (messages, rows) while a request reads:
    # wait for the lock instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # Connections are kept (CONN_MAX_AGE, as for PostgreSQL), not made per trip
    # to the database thread: closing the last connection to a write-ahead
    # database checkpoints the log into the file and syncs it, so a connection
    # per trip cost about 27 ms of fsyncs a trip on the bench machine (0.2 ms
    # kept), and 300 answers' trips queued for seconds (bench/compare_stacks.py).
    # Write-ahead log, synced at checkpoints: a commit is an append (tens of µs),
    # not the journal's fsyncs (about 20 ms on a cloud disk), and readers never
    # wait for the writer. Every answer commits several times, one after another
    # through the database thread: with the journal, a thousand chats queued for
    # minutes. A crash keeps the database whole; a power cut may lose the last
    # commits.
    DATABASES["default"]["OPTIONS"]["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Threads that run HTTP requests' synchronous code (middleware, views), reused
# with their database connections (project/http.py).
HTTP_SYNC_THREADS = env_int("HTTP_SYNC_THREADS", 8, minimum=1)

# --- cache, channel layer ---------------------------------------------------

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "derrick",
            # Fail fast while Redis is away (a 503, not a hung request); the
            # pool reconnects by itself when it is back.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5},
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            # Pub/sub, not channels_redis.core: core made four Redis round trips
            # per chunk and shares one capacity-bounded queue per process, so
            # 100 streams fell 5 s behind and lost chunks (bench/stream_relay.py).
            # Pub/sub is one PUBLISH per chunk and never drops for capacity.
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": "derrick"},
        }
    }
else:
    # In-process; its async calls run in place, not in the sync thread (project/caches.py).
    CACHES = {"default": {"BACKEND": "project.caches.LocMemCache"}}
    CHANNEL_LAYERS = {
        "default": {
            # Channels' in-memory layer without its per-call sweep (chat/layers.py).
            "BACKEND": "chat.layers.InMemoryChannelLayer",
            "CONFIG": {"capacity": 10_000, "expiry": 60},
        }
    }

# --- accounts ---------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Imported from the old backend (pwdlib's bcrypt), upgraded on next login.
    "django.contrib.auth.hashers.BCryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/login"

JWT_SECRET = env_str("JWT_SECRET") or SECRET_KEY
JWT_LIFETIME_SECONDS = env_int("JWT_LIFETIME_SECONDS", 3600, minimum=1)
JWT_AUDIENCE = "fastapi-users:auth"
# How long a token's user stays cached (in the cache beside the denylist):
# REST requests then read no database row to authenticate. 0 turns it off.
AUTH_USER_CACHE_SECONDS = env_int("AUTH_USER_CACHE_SECONDS", 300, minimum=0)

# Login throttling: failures per account and per client address in a window.
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5, minimum=1)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 20, minimum=1)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 300, minimum=1)

# Reset and verify tokens expire after an hour.
PASSWORD_RESET_TIMEOUT = 3600

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "derrick@localhost")

# --- REST -------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's parsers, with a JSON parser that answers deep nesting with 422, not 500.
    "DEFAULT_PARSER_CLASSES": [
        "project.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "project.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Derrick API",
    "DESCRIPTION": "Chat with oil and gas modelling agents: accounts, history, files.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["project.schema.canonical_paths"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "project.schema.document_every_answer",
    ],
}

CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", "http://localhost:3000")
CORS_ALLOW_CREDENTIALS = True

# --- files ------------------------------------------------------------------

MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media"))).resolve()
MEDIA_URL = "/media/"  # never served publicly: downloads go through signed links
MAX_UPLOAD_SIZE = env_int("MAX_UPLOAD_SIZE", 25 * 1024 * 1024, minimum=1)
# Bodies bigger than this spill to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The largest decompressed table a tool or preview reads (zip, gzip, xlsx
# and Parquet bombs stop there), and the longest an Excel read may take.
MAX_TABLE_BYTES = env_int("MAX_TABLE_BYTES", 256 * 1024 * 1024, minimum=1024)
TABLE_READ_TIMEOUT_SECONDS = env_int("TABLE_READ_TIMEOUT_SECONDS", 30, minimum=1)
# Data questions (the query_table tool): how long one read-only SQL query may run, how
# much memory DuckDB may use for it (no spilling to disk), and how many rows it returns.
QUERY_TIMEOUT_SECONDS = env_int("QUERY_TIMEOUT_SECONDS", 10, minimum=1)
QUERY_MEMORY_LIMIT_MB = env_int("QUERY_MEMORY_LIMIT_MB", 256, minimum=16)
QUERY_MAX_ROWS = env_int("QUERY_MAX_ROWS", 10_000, minimum=1)
# Signed download links for private files expire after this many seconds.
FILE_URL_MAX_AGE_SECONDS = env_int("FILE_URL_MAX_AGE_SECONDS", 600, minimum=1)

AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL")
    AWS_ACCESS_KEY_ID = env_str("AWS_ACCESS_KEY_ID")
    AWS_SECRET_ACCESS_KEY = env_str("AWS_SECRET_ACCESS_KEY")
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME")
    # Links on a CDN or bucket domain of your own (django-storages makes them
    # unsigned there: the domain must serve the objects itself).
    AWS_S3_CUSTOM_DOMAIN = env_str("AWS_S3_CUSTOM_DOMAIN")
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True  # private objects, presigned links
    AWS_QUERYSTRING_EXPIRE = FILE_URL_MAX_AGE_SECONDS
    AWS_S3_FILE_OVERWRITE = False
    # Presigned links in Signature V4 (relative expiry; V2 is refused by
    # newer AWS regions and many S3-compatible stores).
    AWS_S3_SIGNATURE_VERSION = "s3v4"
    DEFAULT_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage"}
else:
    DEFAULT_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    }

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files (admin, Swagger UI, the chat pages) in every mode,
# without a collectstatic step for the embedded run.
WHITENOISE_USE_FINDERS = True
# STATIC_ROOT exists only after collectstatic (production); the finders serve
# the files before that, so WhiteNoise's warning about it is noise.
warnings.filterwarnings("ignore", message="No directory at")
WHITENOISE_AUTOREFRESH = DEBUG

# --- LLM --------------------------------------------------------------------

LLM_BACKEND = env_str("LLM_BACKEND") or ("openai" if env_str("OPENAI_API_KEY") else "builtin")
if LLM_BACKEND not in {"builtin", "openai"}:
    raise ImproperlyConfigured(f"LLM_BACKEND must be builtin or openai, not {LLM_BACKEND!r}")
LLM_MODEL = env_str("LLM_MODEL", "gpt-4o-mini")
# A whole model call (request to last token), not just each read.
LLM_TIMEOUT_SECONDS = env_int("LLM_TIMEOUT_SECONDS", 60, minimum=1)
# A whole answer: every model call and every tool job of it.
ANSWER_TIMEOUT_SECONDS = env_int("ANSWER_TIMEOUT_SECONDS", 900, minimum=1)
LLM_MAX_TOOL_ROUNDS = env_int("LLM_MAX_TOOL_ROUNDS", 8, minimum=1)
# Retries of a failed upstream call before any text was streamed (the SDK's).
LLM_MAX_RETRIES = env_int("LLM_MAX_RETRIES", 1, minimum=0)
# The builtin agent streams word by word with this pause, so it reads like a model.
LLM_BUILTIN_CHUNK_DELAY_SECONDS = env_int("LLM_BUILTIN_CHUNK_DELAY_MS", 15, minimum=0) / 1000
LLM_HISTORY_CHAR_BUDGET = env_int("LLM_HISTORY_CHAR_BUDGET", 24_000, minimum=1000)

# --- tool jobs --------------------------------------------------------------
# Tools never run in the web process (agents/jobs): a local process pool in the
# embedded mode, Celery workers when a broker is configured.

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or REDIS_URL
TOOL_JOBS = env_str("TOOL_JOBS", "auto")
if TOOL_JOBS == "auto":
    TOOL_JOBS = "celery" if CELERY_BROKER_URL else "pool"
if TOOL_JOBS not in {"pool", "celery", "inline"}:
    raise ImproperlyConfigured(f"TOOL_JOBS must be auto, pool, celery or inline, not {TOOL_JOBS!r}")
if TOOL_JOBS == "celery" and not CELERY_BROKER_URL:
    raise ImproperlyConfigured("TOOL_JOBS=celery needs CELERY_BROKER_URL (or REDIS_URL)")
if TOOL_JOBS == "celery" and not REDIS_URL:
    raise ImproperlyConfigured(
        "Celery jobs need REDIS_URL: workers report progress and rows through the channel "
        "layer and keep their heartbeats in the cache"
    )
JOBS_POOL_PROCESSES = env_int("JOBS_POOL_PROCESSES", os.cpu_count() or 1, minimum=1)
# A job that no worker has started, or whose workers have all gone silent,
# for this long ends its answer with an error instead of waiting forever.
TOOL_JOB_WORKER_TIMEOUT_SECONDS = env_int("TOOL_JOB_WORKER_TIMEOUT_SECONDS", 120, minimum=1)

CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or CELERY_BROKER_URL
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
# The queue tool jobs go to; workers started from these settings read it.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "derrick")
# A task is acknowledged when it ends, not when it starts: the chunk of a
# worker that dies goes back to the queue for another worker.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# One task at a time per worker process, so chunks spread over every worker.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# How long the task of a worker that died stays taken before Redis hands it to
# another worker. A task still running then is not run twice: its heartbeat
# keeps its claim (agents/jobs/tasks.py).
JOBS_VISIBILITY_TIMEOUT_SECONDS = env_int("CELERY_VISIBILITY_TIMEOUT_SECONDS", 60, minimum=10)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": JOBS_VISIBILITY_TIMEOUT_SECONDS,
    "unacked_restore_interval": min(5, JOBS_VISIBILITY_TIMEOUT_SECONDS // 2),
    "unacked_restore_throttle": 1,
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- chat -------------------------------------------------------------------

# Per-user budgets (0: no limit); a user's allowance in the admin overrides them.
TOKEN_BUDGET_DAILY = env_int("TOKEN_BUDGET_DAILY", 1_000_000, minimum=0)
TOKEN_BUDGET_MONTHLY = env_int("TOKEN_BUDGET_MONTHLY", 20_000_000, minimum=0)
CHAT_QUESTIONS_PER_MINUTE = env_int("CHAT_QUESTIONS_PER_MINUTE", 20, minimum=0)

CHAT_MAX_QUESTION_CHARS = 32_000
# Frames over this are refused by the WebSocket server itself (close 1009).
CHAT_MAX_FRAME_BYTES = 1024 * 1024

# --- misc -------------------------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

CSRF_FAILURE_VIEW = "project.api.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): no inline script or style anywhere,
# nothing from another origin but the bucket's links (charts in an <img>:
# presigned on the endpoint, or on the custom domain; project/csp.py). A
# response that sets its own policy (file downloads) keeps it.
_FILE_ORIGINS = file_origins(
    bucket=AWS_STORAGE_BUCKET_NAME,
    endpoint_url=AWS_S3_ENDPOINT_URL if AWS_STORAGE_BUCKET_NAME else None,
    region=AWS_S3_REGION_NAME if AWS_STORAGE_BUCKET_NAME else None,
    custom_domain=AWS_S3_CUSTOM_DOMAIN if AWS_STORAGE_BUCKET_NAME else None,
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *_FILE_ORIGINS],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
