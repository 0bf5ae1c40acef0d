"""Settings shared by every environment.

Everything that differs between machines (secrets, hosts, database, cache,
search, e-mail) is read from the environment here; ``dev``, ``test`` and
``production`` only adjust.
"""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "data"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
# Reverse proxies (IPs or CIDRs) whose X-Forwarded-For names the reader (site_kb.clientip).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "site_kb",
    "home",
    "org",
    "directives",
    "news",
    "schools",
    "links",
    "contributors",
    "intake",
    "editorial",
    "previews",
    "feedback",
    "consultations",
    "schedule",
    "search",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.table_block",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",  # the sitemap.xml template wagtail.contrib.sitemaps renders
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "site_kb.middleware.RequestEncodingMiddleware",  # before anything reads GET or POST
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "site_kb.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "site_kb.wsgi.application"

# Database: SQLite in the ignored data folder unless DATABASE_URL names another
# (postgres://user@host:5432/name in production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        # A kept connection is tested at the start of each request, so a database restart
        # costs a reconnect instead of a 500 on the next request of every worker.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every app server), else local memory.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "site_kb"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first: the public site and the admin speak Vietnamese.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["site_kb.formats"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")

# Readers' attachments (Điều 14) may hold personal data: kept outside MEDIA_ROOT and served
# only through a permission-checked admin view.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", DATA_DIR / "private"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# E-mail: console in development; SMTP settings from the environment in production.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
# Seconds a mail server may stay silent before a send gives up (Django's default: forever).
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "10"))
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Cổng thông tin giáo dục")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
# Uploads (Điều 11.4): the usual photo and scan formats are accepted, and every rendition is
# served as a web format: TIFF as JPEG, BMP as PNG (editorial.uploads accepts ".tif" and makes
# 16-bit and CMYK scans encodable). Office documents only: no archives or programs.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "tif", "tiff", "bmp"]
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"tiff": "jpeg", "bmp": "png"}
WAGTAILIMAGES_IMAGE_FORM_BASE = "editorial.uploads.ImageForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024  # a phone's full-size photo is 3–12 MB
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 128_000_000  # a 108 Mpx phone camera still fits; more is refused
# Issue 12: a larger picture is downscaled on upload (and on Word import) to this many pixels on its
# long side, in its own format with its EXIF orientation, so no thumbnail is ever cut from a huge
# original. The decoding runs in the limited worker process (INTAKE_WORKER_* below).
IMAGE_MAX_STORED_SIDE = int(os.environ.get("IMAGE_MAX_STORED_SIDE", "4096"))
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 30 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "site_kb.documents.DocumentForm"  # NFC before length checks
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Word import (intake, Điều 11.4): .doc and .odt go through headless LibreOffice (Debian package
# libreoffice-writer-nogui); without it those uploads get a clear message and .docx still works.
LIBREOFFICE_BINARY = os.environ.get("LIBREOFFICE_BINARY", "")  # default: soffice on the PATH
LIBREOFFICE_TIMEOUT_SECONDS = int(os.environ.get("LIBREOFFICE_TIMEOUT_SECONDS", "120"))
INTAKE_MAX_UPLOAD_BYTES = int(os.environ.get("INTAKE_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# Issue 12: what one Word file may hold, counted before conversion (intake.limits). A 200-page
# report has about 5,000 paragraphs, 50,000 runs and 400,000 characters in 3 MB of XML.
INTAKE_MAX_XML_BYTES = int(os.environ.get("INTAKE_MAX_XML_BYTES", str(10 * 1024 * 1024)))  # each XML part
INTAKE_MAX_PARAGRAPHS = int(os.environ.get("INTAKE_MAX_PARAGRAPHS", "20000"))  # outside tables
INTAKE_MAX_RUNS = int(os.environ.get("INTAKE_MAX_RUNS", "100000"))
INTAKE_MAX_TABLE_CELLS = int(os.environ.get("INTAKE_MAX_TABLE_CELLS", "20000"))
INTAKE_MAX_TEXT_CHARS = int(os.environ.get("INTAKE_MAX_TEXT_CHARS", "1000000"))
# ... and what the draft may hold, so the page editor can open it.
INTAKE_MAX_BODY_BYTES = int(os.environ.get("INTAKE_MAX_BODY_BYTES", str(2 * 1024 * 1024)))
INTAKE_MAX_BODY_BLOCKS = int(os.environ.get("INTAKE_MAX_BODY_BLOCKS", "1000"))
# The conversion of a Word file and the decoding of a picture run in `python -m site_kb.worker`
# with this address-space cap and timeout; LibreOffice gets its own cap.
INTAKE_WORKER_MEMORY_BYTES = int(os.environ.get("INTAKE_WORKER_MEMORY_BYTES", str(1024 * 1024 * 1024)))
INTAKE_WORKER_TIMEOUT_SECONDS = int(os.environ.get("INTAKE_WORKER_TIMEOUT_SECONDS", "60"))
LIBREOFFICE_MEMORY_BYTES = int(os.environ.get("LIBREOFFICE_MEMORY_BYTES", str(1024 * 1024 * 1024)))

# Search: Wagtail's database backend (SQLite FTS5 / PostgreSQL full text) by default,
# with the diacritic-free configuration on PostgreSQL (search/migrations/0001);
# Elasticsearch 8 when ELASTICSEARCH_URL is set, with an ASCII-folding analyzer.
ELASTICSEARCH_INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "asciifolding"],
                },
                "default_search": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "asciifolding"],
                },
            }
        }
    }
}


def database_search_backend(databases):
    backend = {"BACKEND": "wagtail.search.backends.database"}
    if "postgresql" in databases["default"]["ENGINE"]:
        backend["SEARCH_CONFIG"] = "vietnamese_unaccent"
    return backend


if os.environ.get("ELASTICSEARCH_URL"):
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": env_list("ELASTICSEARCH_URL"),
            "INDEX": os.environ.get("ELASTICSEARCH_INDEX", "site_kb"),
            "TIMEOUT": 10,
            "OPTIONS": {},
            "INDEX_SETTINGS": ELASTICSEARCH_INDEX_SETTINGS,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": database_search_backend(DATABASES)}

# A search matching more pages than this lists the newest matches rather than ranking them all.
SEARCH_BROAD_RESULTS = int(os.environ.get("SEARCH_BROAD_RESULTS", "200"))

# Reverse-proxy cache purged on publish (Varnish / nginx purge endpoint), when configured.
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }

# Seconds an anonymous reader's page may be kept by browsers and the reverse proxy.
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "300"))

# The public forms (site_kb.public_forms): what readers see of these limits is rendered from them.
# Comments on a draft (consultations, Điều 6.3) stored per reader address per hour; more are refused.
CONSULTATION_RATE_LIMIT = int(os.environ.get("CONSULTATION_RATE_LIMIT", "10"))
CONSULTATION_COMMENT_MAX_CHARS = int(os.environ.get("CONSULTATION_COMMENT_MAX_CHARS", "5000"))
# Readers' questions (Điều 14.2): working days to answer, longer when the board marks one complex,
# and how close to its deadline an item is listed as "sắp đến hạn" in the admin.
FEEDBACK_ANSWER_DAYS = int(os.environ.get("FEEDBACK_ANSWER_DAYS", "5"))
FEEDBACK_COMPLEX_ANSWER_DAYS = int(os.environ.get("FEEDBACK_COMPLEX_ANSWER_DAYS", "10"))
FEEDBACK_DUE_SOON_DAYS = int(os.environ.get("FEEDBACK_DUE_SOON_DAYS", "2"))
FEEDBACK_ATTACHMENT_MAX_BYTES = int(os.environ.get("FEEDBACK_ATTACHMENT_MAX_BYTES", str(5 * 1024 * 1024)))
# Leadership preview links (Điều 13.2c): the longest a link may work, and what the form proposes.
PREVIEW_LINK_MAX_DAYS = int(os.environ.get("PREVIEW_LINK_MAX_DAYS", "30"))
PREVIEW_LINK_DEFAULT_DAYS = int(os.environ.get("PREVIEW_LINK_DEFAULT_DAYS", "3"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Workflow e-mails go to the approvers of each step (editorial.signals) and back to the
# submitter; superusers are not copied on every submission.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH = True
# An edit made during review sends the page back to the first step, so the approval that
# publishes covers exactly the revision every step saw (Điều 13.2; editorial.models).
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_FINISH_WORKFLOW_ACTION = "editorial.workflows.publish_approved"
