"""Uploads on an S3-compatible object store (issue 17, part 4), read from the S3_* environment variables.

Several app servers must see the same files: an image uploaded through one is rendered and served
through another. With ``S3_BUCKET`` set, ``STORAGES["default"]`` (images, renditions, documents) is
django-storages' S3 backend on that bucket, whose pictures (``PUBLIC_PREFIXES``) anonymous readers may
GET: a picture's address is a plain URL (no query-string signature) that pages, browsers and Varnish cache.
``STORAGES["private"]`` (readers' attachments, Điều 14) is the same backend on a SEPARATE bucket that
nobody reads anonymously, and its files have no address at all (``PrivateS3Storage``): they reach a
person only through the permission-checked admin view, which streams them.

Only the standard library here: the settings import this module before Django is set up; the
backend class lives in ``site_kb.storage_backends`` (it imports boto3).
"""

from urllib.parse import urlsplit

# The only key prefixes of the public bucket anonymous readers may GET (the bucket's policy,
# docs/operations.md): original pictures, renditions, the staff's avatars. Documents are never read
# from the bucket by readers: Wagtail's serve view streams them after checking the collection's
# restrictions (WAGTAILDOCS_SERVE_METHOD = "serve_view"), so a confidential document's key is no address.
PUBLIC_PREFIXES = ("original_images/", "images/", "avatar_images/")
# Without these the S3 block cannot work, so production refuses to start (production.py).
S3_REQUIRED = ("S3_PRIVATE_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY")
# Browsers and Varnish may keep a public object a day: a replaced picture or document gets a new
# name (file_overwrite off), so the old address never shows new bytes.
PUBLIC_CACHE_CONTROL = "public, max-age=86400"


def env_value(env, name):
    return (env.get(name) or "").strip()


def s3_enabled(env):
    return bool(env_value(env, "S3_BUCKET"))


def missing_s3_settings(env):
    """The names of the required S3_* variables that are empty while S3_BUCKET is set."""
    if not s3_enabled(env):
        return []
    return [name for name in S3_REQUIRED if not env_value(env, name)]


def s3_public_url(env):
    """The base address of the public bucket's objects: S3_PUBLIC_URL (a CDN or the store's own
    domain), else the bucket under S3_ENDPOINT_URL (path style), else AWS's virtual-host name."""
    explicit = env_value(env, "S3_PUBLIC_URL")
    if explicit:
        return explicit.rstrip("/")
    bucket = env_value(env, "S3_BUCKET")
    endpoint = env_value(env, "S3_ENDPOINT_URL")
    if endpoint:
        return f"{endpoint.rstrip('/')}/{bucket}"
    region = env_value(env, "S3_REGION") or "us-east-1"
    return f"https://{bucket}.s3.{region}.amazonaws.com"


def _connection_options(env, bucket):
    options = {
        "bucket_name": bucket,
        # None, not "": boto3 then looks for keys itself (AWS_* variables, an instance role).
        "access_key": env_value(env, "S3_ACCESS_KEY_ID") or None,
        "secret_key": env_value(env, "S3_SECRET_ACCESS_KEY") or None,
        "region_name": env_value(env, "S3_REGION") or None,
        "signature_version": "s3v4",
        "file_overwrite": False,  # a second "bao-cao.pdf" gets its own name, as on disk
        "default_acl": None,  # readability is the bucket's policy, not a per-object ACL
    }
    endpoint = env_value(env, "S3_ENDPOINT_URL")
    if endpoint:
        # SeaweedFS, MinIO, Ceph: a bucket is a path under the endpoint (no wildcard DNS needed).
        options["endpoint_url"] = endpoint
        options["addressing_style"] = "path"
    return options


def s3_storages(env):
    """``{"default": ..., "private": ...}`` for STORAGES from the S3_* variables (``env`` is a mapping
    such as ``os.environ``); the caller checks ``missing_s3_settings`` first."""
    public = urlsplit(s3_public_url(env))
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **_connection_options(env, env_value(env, "S3_BUCKET")),
                # A plain address built without a request to the store: scheme + host/path.
                "querystring_auth": False,
                "url_protocol": f"{public.scheme}:",
                "custom_domain": f"{public.netloc}{public.path}".rstrip("/"),
                "object_parameters": {"CacheControl": PUBLIC_CACHE_CONTROL},
            },
        },
        "private": {
            "BACKEND": "site_kb.storage_backends.PrivateS3Storage",
            "OPTIONS": {
                **_connection_options(env, env_value(env, "S3_PRIVATE_BUCKET")),
                "querystring_auth": True,  # never used: PrivateS3Storage gives no URL
                "object_parameters": {"CacheControl": "private, no-store"},
            },
        },
    }
