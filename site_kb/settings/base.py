"""Settings shared by every environment.

Everything that differs between machines (secrets, hosts, database, cache,
search, e-mail) is read from the environment here; ``dev``, ``test`` and
``production`` only adjust.
"""

import base64
import hashlib
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from site_kb.frontend_cache import parse_locations
from site_kb.storage import s3_enabled, s3_public_url, s3_storages

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
# Member sites (issue 16): serve only the hosts of Wagtail Sites, old hostnames (redirected) and the
# exact names in ALLOWED_HOSTS, whose ".suffix" patterns then only narrow what reaches the check.
# On in production; development and tests keep Wagtail's fallback to the default Site.
SITE_HOSTS_FROM_DATABASE = False
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
    "privacy",
    "schedule",
    "search",
    "accounts",
    "backups",
    "units",
    "guide",  # before wagtail.admin: its templates replace Wagtail's English help links
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.table_block",
    # Not "wagtail.contrib.frontend_cache": its signal handlers purge only a published page's own
    # address, a second purge beside ours (site_kb.cache_purges: the exact tags, issue 17). It has no
    # models; its backends and get_backends() stay importable and WAGTAILFRONTENDCACHE configures them.
    "django_tasks",  # background work (issue 17.6): purges, search index updates, mail
    # Its table is the production queue (settings.production, db_worker); migrated everywhere so one
    # schema serves every settings module.
    "django_tasks_db",
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
    "axes",  # login protection (accounts): failed logins per account and per address
    "django_otp",  # two-factor login (accounts)
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # Varnish's probe (/healthz/live/) answered before anything else runs (site_kb.health, issue 17).
    "site_kb.health.LivenessProbeMiddleware",
    # Issue 17: anonymous pages from the Django cache, stored with the final headers of everything
    # below, served before sessions and users are read; it lets through what the middleware below
    # would refuse or redirect (site_kb.page_cache). Production answers its hits before Django
    # (site_kb.wsgi).
    "site_kb.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Member sites (issue 16): an old hostname redirects to its site's new one; with
    # SITE_HOSTS_FROM_DATABASE a host no Site has gets a 400 (site_kb.middleware).
    "site_kb.middleware.SiteHostMiddleware",
    # Static files (CSS, JS of the site and the admin) straight from STATIC_ROOT, before anything
    # else runs: one gunicorn serves the whole site without a separate web server for them.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Headers of every page (Điều 4: intrusion): the CSP chosen by path (public or admin) after the
    # view set X-Frame-Options, and the browser features the site never uses turned off.
    "site_kb.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "site_kb.middleware.RequestEncodingMiddleware",  # before anything reads GET or POST
    # Issue 17: the cache tags of every public response (the xkey header).
    "site_kb.cache_tags.CacheTagsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second factor given
    "accounts.middleware.TwoFactorMiddleware",  # the admin waits for it (accounts.policy)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the login page with its message
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
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
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
            "BACKEND": "site_kb.redis_cache.RedisCache",  # Django's, keeping its client
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "site_kb"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Login protection (issue 14, Điều 4: intrusion). The axes backend comes first: it refuses a
# locked-out account or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LoginProtectionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.LoginForm"  # says why a locked-out login is refused
# Failed logins counted per account OR per address (either bucket full locks), kept for the cool-off.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "30"))
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = LOGIN_LOCKOUT_MINUTES / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"  # site_kb.clientip: TRUSTED_PROXIES
AXES_USERNAME_CALLABLE = "accounts.lockout.client_username"  # cut to the column's 255 characters
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True  # a right password clears that account's and address's failures
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the wait the page announces stays true
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failure, listed for the IT officer
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in Wagtail's audit log (accounts.audit)
AXES_ENABLE_ADMIN = False  # the IT officer's lists are in Wagtail's admin, not Django's
AXES_VERBOSE = False  # no banner on every manage.py command; lockouts are in the audit log
# Two-factor login (django-otp): members of these groups (and superusers unless turned off) must
# enrol an authenticator app before using the admin; anyone else may.
TWO_FACTOR_REQUIRED_GROUPS = env_list(
    "TWO_FACTOR_REQUIRED_GROUPS", "Ban biên tập,Quản trị CNTT,Lãnh đạo phòng"
)
TWO_FACTOR_REQUIRE_SUPERUSERS = env_bool("TWO_FACTOR_REQUIRE_SUPERUSERS", True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},  # issue 14: an admin password of at least 10 characters
    },
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

# Object storage (issue 17, part 4): with S3_BUCKET set, images, renditions and documents go to that
# bucket (anonymous read, plain addresses under S3_PUBLIC_URL, which becomes MEDIA_URL) and readers'
# attachments to S3_PRIVATE_BUCKET (no address at all), so every app server sees the same files
# (site_kb.storage, docs/operations.md). production.py refuses to start without the keys.
S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "")  # empty: Amazon S3 itself
S3_BUCKET = os.environ.get("S3_BUCKET", "")
S3_PRIVATE_BUCKET = os.environ.get("S3_PRIVATE_BUCKET", "")
S3_ACCESS_KEY_ID = os.environ.get("S3_ACCESS_KEY_ID", "")
S3_SECRET_ACCESS_KEY = os.environ.get("S3_SECRET_ACCESS_KEY", "")
S3_REGION = os.environ.get("S3_REGION", "")
S3_PUBLIC_URL = os.environ.get("S3_PUBLIC_URL", "")
if s3_enabled(os.environ):
    STORAGES = {**STORAGES, **s3_storages(os.environ)}
    MEDIA_URL = os.environ.get("MEDIA_URL") or s3_public_url(os.environ) + "/"

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Static files in production: WhiteNoise serves STATIC_ROOT (filled by `collectstatic`) with a
# year-long, immutable cache on hashed names (production.py stores them compressed).


def url_origin(url):
    """``https://cdn.example.vn`` for an absolute URL, None for a path on this site."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in {"http", "https"} and parts.netloc else None


def inline_style_hashes(template):
    """CSP hashes of a template's <style> blocks: the error pages (error_page.html) carry their own
    CSS so they render without static files, and stay styled under a policy with no 'unsafe-inline'."""
    blocks = re.findall(r"<style>(.*?)</style>", template.read_text(encoding="utf-8"), re.S)
    return [f"'sha256-{base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()}'" for css in blocks]


# Content Security Policy (Điều 4: intrusion), django-csp 4, sent in every environment so that
# development and the tests meet the real header. The public site has no inline script or style:
# only its own files run. Pictures may come from MEDIA_URL's host when media live elsewhere (the
# object store's S3_PUBLIC_URL, issue 17).
# Embedded videos (the news body's EmbedBlock) play in frames from CSP_FRAME_SRC only. Frames of our
# own pages follow X-Frame-Options (site_kb.middleware): 'none', or 'self' where Wagtail's preview
# allows its same-origin frame.
CSP_FRAME_SRC = env_list(
    "CSP_FRAME_SRC", "https://www.youtube.com,https://www.youtube-nocookie.com,https://player.vimeo.com"
)
CSP_IMG_SRC = [SELF, "data:", *filter(None, [url_origin(MEDIA_URL)])]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, *inline_style_hashes(PROJECT_DIR / "templates" / "error_page.html")],
        "img-src": CSP_IMG_SRC,
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF, *CSP_FRAME_SRC],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin (/admin/, /django-admin/) gets its own policy: Wagtail 8 still writes inline
# <script> (inline panels, date pickers) and style attributes, and draws pictures from data: and
# blob: URLs. Readers never load these paths; their pages keep the strict policy above.
CSP_ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [*CSP_IMG_SRC, "blob:"],
    }
}
# The admin's browsers call no other site: no Gravatar (it would receive a hash of each staff
# member's e-mail address: personal data, Luật 91/2025/QH15; the uploaded avatar or Wagtail's
# initials show instead), and no check against releases.wagtail.org on the dashboard (upgrades are
# pinned in requirements.txt and made by the IT officer, docs/operations.md).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Browser features no page of the site uses, turned off for it and every frame in it
# (django-permissions-policy); fullscreen and autoplay stay for embedded videos.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "browsing-topics": [],  # no advertising profile of readers
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}
# The full address never leaves the site; other sites see only its origin. Not Django's default
# ("same-origin", no Referer at all): YouTube refuses to play an embed whose frame sends none.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

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
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME  # the name authenticator apps show beside the code
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
# Page addresses are ASCII, folded from the Vietnamese title (site_kb.slugs): no percent-encoded
# "/tr%C6%B0%E1%BB%9Dng-…/" in shared links; Wagtail's copy form and API check slugs as ASCII too.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
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
# Documents are streamed by Wagtail's view after it checks the collection's restrictions, on disk as
# on the object store (issue 17): a "redirect" would hand out the bucket's address, readable by
# anyone who once had it whatever the restriction says (docs/operations.md, Object storage).
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

# Virus scanning (Điều 4, site_kb.virusscan): every upload is streamed to ClamAV's clamd when its
# unix socket (CLAMAV_SOCKET) or TCP address (CLAMAV_HOST, CLAMAV_PORT) is set; fail closed: an
# unreachable clamd refuses the upload. Keep clamd's StreamMaxLength at least CLAMAV_STREAM_MAX_BYTES,
# itself above every upload limit (documents 30 MB).
CLAMAV_SOCKET = os.environ.get("CLAMAV_SOCKET", "")
CLAMAV_HOST = os.environ.get("CLAMAV_HOST", "")
CLAMAV_PORT = int(os.environ.get("CLAMAV_PORT", "3310"))
CLAMAV_TIMEOUT_SECONDS = float(os.environ.get("CLAMAV_TIMEOUT_SECONDS", "30"))
CLAMAV_STREAM_MAX_BYTES = int(os.environ.get("CLAMAV_STREAM_MAX_BYTES", str(32 * 1024 * 1024)))

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

# Varnish in front (issue 17, deploy/varnish): the base URLs of every Varnish, comma-separated.
# Publishing purges there by tag (xkey) and by address; a purge that fails after its retries is
# shown to the IT officer (site_kb.frontend_cache). Empty: no frontend cache to purge.
FRONTEND_CACHE_PURGE_URL = parse_locations(os.environ.get("FRONTEND_CACHE_PURGE_URL", ""))
if FRONTEND_CACHE_PURGE_URL:
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "site_kb.frontend_cache.VarnishXkeyBackend",
            "LOCATIONS": FRONTEND_CACHE_PURGE_URL,
        }
    }

# Seconds an anonymous reader's page may be kept by browsers and the reverse proxy.
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "300"))
# Seconds a shared cache (Varnish, the Django page cache) keeps an anonymous page: s-maxage. Purges
# by cache tag (site_kb.cache_tags) keep it fresh, so it may be longer than the browsers' max-age.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# The Django page cache (site_kb.page_cache) on or off: off only to measure uncached pages.
DJANGO_PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", True)
# Each app server process keeps copies of the pages it lately answered from the Django page cache
# and of the kept HTML fragments it lately read (site_kb.page_cache.LocalCopies), up to this many
# bytes, and asks the shared cache at most every PAGE_CACHE_LOCAL_SECONDS whether anything was
# purged since: a publish on another app server is seen that much later (at once on the one that
# published). 0 seconds turns the copies off.
PAGE_CACHE_LOCAL_SECONDS = float(os.environ.get("PAGE_CACHE_LOCAL_SECONDS", "0.1"))
PAGE_CACHE_LOCAL_BYTES = int(os.environ.get("PAGE_CACHE_LOCAL_BYTES", str(32 * 1024 * 1024)))
# What many pages repeat, kept in the same cache for anonymous readers and purged by the same tags
# (site_kb.fragment_cache): each Site's header, main menu and footer, the news cards and the home
# pages' short lists, the registry's filter choices. On even when the page cache is off; off only to
# measure without it.
DJANGO_FRAGMENT_CACHE = env_bool("DJANGO_FRAGMENT_CACHE", True)
# Background tasks (django-tasks, issue 17.6): purges, search index updates, readers' and approvers'
# mail. Run at once, in the request, in development and tests; production queues them in the
# database for `manage.py db_worker` (settings.production, deploy/systemd/site_kb-worker.service).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

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
# Personal data on the reader forms (Luật 91/2025/QH15): months a reader's identity is kept after
# the question is answered or closed, or the draft's comment window closed (privacy.retention);
# the forms' notices show it.
PERSONAL_DATA_RETENTION_MONTHS = int(os.environ.get("PERSONAL_DATA_RETENTION_MONTHS", "24"))
# Leadership preview links (Điều 13.2c): the longest a link may work, and what the form proposes.
PREVIEW_LINK_MAX_DAYS = int(os.environ.get("PREVIEW_LINK_MAX_DAYS", "30"))
PREVIEW_LINK_DEFAULT_DAYS = int(os.environ.get("PREVIEW_LINK_DEFAULT_DAYS", "3"))

# Backups (Điều 4; backups app, docs/operations.md): where `manage.py backup` writes its archives,
# how many of the newest it keeps, the passphrase that encrypts them (empty: not encrypted), and
# the age after which the IT officer's dashboard shows the last backup in red.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", DATA_DIR / "backups"))
BACKUP_KEEP = int(os.environ.get("BACKUP_KEEP", "14"))
BACKUP_ENCRYPTION_KEY = os.environ.get("BACKUP_ENCRYPTION_KEY", "")
BACKUP_MAX_AGE_HOURS = int(os.environ.get("BACKUP_MAX_AGE_HOURS", "48"))

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
