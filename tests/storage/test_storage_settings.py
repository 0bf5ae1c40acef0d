"""The S3_* variables and what the settings make of them (issue 17, part 4): production refuses to
start half-configured; a complete set gives S3 STORAGES, MEDIA_URL and the pictures' CSP origin."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from site_kb.storage import missing_s3_settings, s3_public_url, s3_storages

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "a-real-secret-for-the-test",
    "ALLOWED_HOSTS": "pgd.example.edu.vn",
    "WAGTAILADMIN_BASE_URL": "https://pgd.example.edu.vn",
    "DJANGO_SETTINGS_MODULE": "site_kb.settings.production",
}
S3_ENV = {
    "S3_BUCKET": "pgd-media",
    "S3_PRIVATE_BUCKET": "pgd-rieng",
    "S3_ACCESS_KEY_ID": "khoa",
    "S3_SECRET_ACCESS_KEY": "bi-mat",
    "S3_ENDPOINT_URL": "http://10.0.0.5:8333",
    "S3_PUBLIC_URL": "https://media.pgd.example.edu.vn/",
}


def run_production(arguments, **variables):
    """``arguments`` run with production settings and only ``variables`` of the S3 ones set."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("S3_") and key not in {"DEBUG", "MEDIA_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(PRODUCTION_ENV)
    env.update(variables)
    return subprocess.run(
        [sys.executable, *arguments], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_with_a_bucket_but_no_keys_refuses_to_start():
    result = run_production(["manage.py", "check"], S3_BUCKET="pgd-media")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert (
        "Đặt biến môi trường S3_PRIVATE_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY khi dùng kho lưu trữ S3"
        in result.stderr
    )


def test_production_refuses_one_bucket_for_public_files_and_readers_attachments():
    result = run_production(["manage.py", "check"], **{**S3_ENV, "S3_PRIVATE_BUCKET": "pgd-media"})
    assert result.returncode != 0
    assert "Đặt biến môi trường S3_PRIVATE_BUCKET là một bucket khác S3_BUCKET" in result.stderr


def test_production_with_every_s3_variable_stores_uploads_in_the_buckets():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "from django.core.files.storage import storages; "
        "print(json.dumps({'default': type(storages['default']).__name__, "
        "'bucket': storages['default'].bucket_name, 'private': type(storages['private']).__name__, "
        "'private_bucket': storages['private'].bucket_name, 'media_url': s.MEDIA_URL, "
        "'img_src': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], "
        "'url': storages['default'].url('images/anh.png')}))"
    )
    result = run_production(["-c", code], **S3_ENV)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["default"] == "S3Storage"
    assert loaded["bucket"] == "pgd-media"
    assert loaded["private"] == "PrivateS3Storage"
    assert loaded["private_bucket"] == "pgd-rieng"
    assert loaded["media_url"] == "https://media.pgd.example.edu.vn/"
    assert "https://media.pgd.example.edu.vn" in loaded["img_src"]
    assert loaded["url"] == "https://media.pgd.example.edu.vn/images/anh.png"


def test_without_a_bucket_files_stay_on_disk():
    assert settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert missing_s3_settings({}) == []
    assert missing_s3_settings({"S3_BUCKET": "  "}) == []


def test_the_public_address_of_the_bucket():
    assert s3_public_url({"S3_BUCKET": "b", "S3_ENDPOINT_URL": "http://s3:8333/"}) == "http://s3:8333/b"
    assert s3_public_url({"S3_BUCKET": "b", "S3_REGION": "ap-southeast-1"}) == (
        "https://b.s3.ap-southeast-1.amazonaws.com"
    )
    assert s3_public_url({**S3_ENV}) == "https://media.pgd.example.edu.vn"
    public = s3_storages({**S3_ENV, "S3_PUBLIC_URL": ""})["default"]["OPTIONS"]
    assert (public["url_protocol"], public["custom_domain"]) == ("http:", "10.0.0.5:8333/pgd-media")
    assert public["addressing_style"] == "path"
    amazon = s3_storages({"S3_BUCKET": "b", "S3_PRIVATE_BUCKET": "p"})
    assert "endpoint_url" not in amazon["default"]["OPTIONS"]
    assert amazon["default"]["OPTIONS"]["access_key"] is None  # boto3's own lookup (instance role)
    assert amazon["private"]["OPTIONS"]["bucket_name"] == "p"
