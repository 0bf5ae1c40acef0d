"""Production: every secret and address comes from the environment (see README)."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from site_kb.storage import missing_s3_settings

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, S3_BUCKET, S3_PRIVATE_BUCKET, SECRET_KEY, STORAGES, env_bool

DEBUG = False
if not SECRET_KEY:
    raise ImproperlyConfigured("Đặt biến môi trường SECRET_KEY trước khi chạy production.")

# Addresses that only ever mean this machine: a site served under them alone is not deployed.
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0"}  # noqa: S104

# Member sites (issue 16): a host is served only if a Site (or an old hostname) has it, or
# ALLOWED_HOSTS names it exactly (site_kb.middleware.SiteHostMiddleware). ALLOWED_HOSTS may
# therefore hold a domain suffix, Django's ".ninhbinh.edu.vn", instead of a thousand school names.
SITE_HOSTS_FROM_DATABASE = True

if (
    "*" in ALLOWED_HOSTS
    or any(host.strip(".") == "" for host in ALLOWED_HOSTS)
    or not [host for host in ALLOWED_HOSTS if host.lower() not in LOCAL_HOSTS]
):
    raise ImproperlyConfigured(
        "Đặt biến môi trường ALLOWED_HOSTS là tên miền thật của trang, cách nhau bằng dấu phẩy "
        "(ví dụ pgd.example.edu.vn,www.pgd.example.edu.vn), hoặc đuôi tên miền chung của các trang "
        "thành phần bắt đầu bằng dấu chấm (ví dụ .ninhbinh.edu.vn); không dùng “*”, “.”, hay chỉ "
        "localhost, 127.0.0.1."
    )

# The address approvers and readers are sent to in e-mails: never the development default.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "").strip().rstrip("/")
_base = urlsplit(WAGTAILADMIN_BASE_URL)
if _base.scheme not in {"http", "https"} or not _base.hostname or _base.hostname in LOCAL_HOSTS:
    raise ImproperlyConfigured(
        "Đặt biến môi trường WAGTAILADMIN_BASE_URL là địa chỉ công khai của trang (ví dụ "
        "https://pgd.example.edu.vn): thư gửi người duyệt và bạn đọc dẫn về địa chỉ này, "
        "không được là localhost hay 127.0.0.1."
    )

# Object storage (issue 17, part 4): with S3_BUCKET set, the private bucket and the keys must be
# set too; readers' attachments never fall back to the public bucket or to one server's disk.
_missing_s3 = missing_s3_settings(os.environ)
if _missing_s3:
    raise ImproperlyConfigured(
        f"Đặt biến môi trường {', '.join(_missing_s3)} khi dùng kho lưu trữ S3 (S3_BUCKET): tệp đính "
        "kèm của bạn đọc nằm trong một bucket riêng không ai đọc được từ ngoài, và trang cần khoá truy "
        "cập để ghi vào cả hai bucket (docs/operations.md, mục Kho lưu trữ đối tượng)."
    )
if S3_BUCKET and S3_BUCKET.strip() == S3_PRIVATE_BUCKET.strip():
    raise ImproperlyConfigured(
        "Đặt biến môi trường S3_PRIVATE_BUCKET là một bucket khác S3_BUCKET: bucket của ảnh và văn bản "
        "cho mọi người đọc, còn tệp đính kèm của bạn đọc phải nằm ở bucket riêng."
    )

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
# No script reads either cookie: Wagtail's admin takes the CSRF token from the page
# (wagtailConfig.CSRF_TOKEN), Django's forms from their hidden field.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# A login with Wagtail's "remember me" ticked lasts one working day, not Django's two weeks (Điều 4:
# a session left open on a shared school computer); unticked, it ends with the browser. Readers
# hold a session only for the note shown after sending a question, so one rule fits all.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SECURE_CONTENT_TYPE_NOSNIFF = True
# Only Wagtail's own preview is shown in a frame, and its views allow same-origin framing themselves.
X_FRAME_OPTIONS = "DENY"
# HTTPS only: the proxy's X-Forwarded-Proto says whether a request came over HTTPS.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# ... except the load balancer's plain-HTTP probe on the private network (site_kb.health).
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
# HSTS: start with an hour on the first day (docs/operations.md), then a year (31536000).
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "3600"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Joining the browsers' preload list is a separate, deliberate step (it needs a year's max-age
# and is slow to undo): check --deploy's reminder about it (W021) is silenced, not the others.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Static files: `collectstatic` writes hashed, gzip- and brotli-compressed copies to STATIC_ROOT;
# WhiteNoise (base.py's MIDDLEWARE) serves them with a ten-year immutable cache, so one gunicorn
# serves the site's and the admin's CSS and JS without nginx (docs/operations.md).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Background tasks (issue 17.6): purges, search index updates and mail are rows in the database,
# run by `manage.py db_worker` (deploy/systemd/site_kb-worker.service, docs/operations.md): the
# request only inserts the row. Without a running worker nothing is purged and no mail leaves.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
