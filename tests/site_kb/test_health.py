"""``/healthz/`` (issue 14.6): 200 only when the database, the cache, both storages and the schema
are all right, 503 otherwise, never cached, no cookie, no secret in the body.

The failures are real: a database on a closed port or an unopenable path and an empty database
with no migration applied, each in a fresh interpreter under the production settings; a storage
folder that cannot be created and a Redis cache on a closed port, in this process.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

ROOT = Path(__file__).resolve().parents[2]
KEYS = ("database", "cache", "storage", "private_storage", "migrations")
SECRET_KEY = "healthz-test-secret-key-Zq81xPw0"
DB_PASSWORD = "healthz-db-password-Vb27"

PROBE = """
import json, django
django.setup()
from django.test import Client
client = Client()
host = "pgd.example.edu.vn"
answers = {}
for name, path, extra in [
    ("healthz", "/healthz/", {"HTTP_HOST": host}),
    ("home_plain_http", "/robots.txt", {"HTTP_HOST": host}),
    ("healthz_bad_host", "/healthz/", {"HTTP_HOST": "evil.example.com"}),
    ("live_plain_http", "/healthz/live/", {"HTTP_HOST": host}),
]:
    response = client.get(path, **extra)
    answers[name] = {
        "status": response.status_code,
        "body": response.content.decode(),
        "headers": dict(response.headers),
        "cookies": list(response.cookies),
    }
print(json.dumps(answers))
"""


def closed_port():
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def lines(body):
    """``{key: "ok" | "failed"}`` from the answer's check lines."""
    found = {}
    for line in body.splitlines():
        key, sep, rest = line.partition(": ")
        if sep and key in KEYS:
            found[key] = rest.split(" ")[0]
    return found


def probe_production(database_url, tmp):
    """Ask /healthz/ in a fresh interpreter under the production settings; (answers, stderr)."""
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "ELASTICSEARCH_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="site_kb.settings.production",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="pgd.example.edu.vn",
        WAGTAILADMIN_BASE_URL="https://pgd.example.edu.vn",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(tmp / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp / "private"),
        STATIC_ROOT=str(tmp / "static"),
    )
    env.pop("DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


class HealthyTests(TestCase):
    def test_all_checks_ok_answers_200_to_an_anonymous_client(self):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/healthz/")
        self.assertEqual(response.status_code, 200)
        body = response.content.decode()
        self.assertEqual(lines(body), dict.fromkeys(KEYS, "ok"))
        self.assertIn("Tình trạng: hoạt động bình thường", body)
        self.assertTrue(response["Content-Type"].startswith("text/plain"))
        # fast: SELECT 1 and the migration recorder's table check and read
        self.assertLessEqual(len(queries), 4)

    def test_never_cached_and_sets_no_cookie(self):
        response = self.client.get("/healthz/")
        cache_control = response["Cache-Control"]
        for directive in ("no-store", "no-cache", "private", "max-age=0"):
            self.assertIn(directive, cache_control)
        self.assertNotIn("public", cache_control)
        self.assertEqual(list(response.cookies), [])
        self.assertNotIn("sessionid", self.client.cookies)

    def test_head_answers_and_post_is_refused(self):
        self.assertEqual(self.client.head("/healthz/").status_code, 200)
        self.assertEqual(self.client.post("/healthz/").status_code, 405)

    def test_probe_files_are_removed(self):
        from django.conf import settings

        self.client.get("/healthz/")
        for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
            self.assertEqual(list((Path(root) / "healthz").glob("*")), [])


class LivenessProbeTests(TestCase):
    """``/healthz/live/``, Varnish's probe (issue 17): answered before any other middleware."""

    def test_answers_ok_without_a_query_a_session_or_a_cache(self):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/healthz/live/", HTTP_HOST="may-chu-khong-co.example")
        self.assertEqual((response.status_code, response.content), (200, b"ok\n"))
        self.assertEqual(len(queries), 0)
        self.assertEqual(response["Cache-Control"], "no-store")
        self.assertEqual(list(response.cookies), [])
        self.assertNotIn("xkey", response)
        self.assertEqual(self.client.head("/healthz/live/").status_code, 200)

    def test_other_methods_and_addresses_go_on_to_the_site(self):
        self.assertEqual(self.client.post("/healthz/live/").status_code, 404)
        self.assertNotEqual(self.client.get("/healthz/live").content, b"ok\n")
        self.assertEqual(self.client.get("/healthz/").status_code, 200)


class FailingPartTests(TestCase):
    def test_private_storage_that_cannot_be_written_answers_503(self):
        from django.conf import settings

        with tempfile.TemporaryDirectory() as tmp:
            blocker = Path(tmp) / "a-file"
            blocker.write_text("not a folder")
            storages = {
                **settings.STORAGES,
                "private": {
                    "BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(blocker / "private"), "base_url": None},
                },
            }
            with override_settings(STORAGES=storages), self.assertLogs("site_kb.health", "ERROR") as logs:
                response = self.client.get("/healthz/")
        self.assertEqual(response.status_code, 503)
        found = lines(response.content.decode())
        self.assertEqual(found["private_storage"], "failed")
        self.assertEqual(found["storage"], "ok")
        self.assertEqual(found["database"], "ok")
        self.assertIn("Tình trạng: có lỗi", response.content.decode())
        self.assertNotIn(tmp, response.content.decode())  # the path is in the log only
        self.assertIn("private_storage", "\n".join(logs.output))

    def test_cache_server_down_answers_503(self):
        port = closed_port()
        caches = {
            "default": {
                "BACKEND": "site_kb.redis_cache.RedisCache",
                "LOCATION": f"redis://:{DB_PASSWORD}@127.0.0.1:{port}/0",
            }
        }
        with override_settings(CACHES=caches), self.assertLogs("site_kb.health", "ERROR"):
            response = self.client.get("/healthz/")
        self.assertEqual(response.status_code, 503)
        body = response.content.decode()
        self.assertEqual(lines(body)["cache"], "failed")
        self.assertEqual(lines(body)["database"], "ok")
        self.assertNotIn(DB_PASSWORD, body)
        self.assertNotIn(str(port), body)


def test_database_down_answers_503_without_secrets(tmp_path):
    """The suite's own database engine, made unreachable: PostgreSQL on a closed port, SQLite at a
    path whose folder is a file."""
    if connection.vendor == "postgresql":
        port = closed_port()
        database_url = f"postgres://postgres:{DB_PASSWORD}@127.0.0.1:{port}/site_kb_healthz"
        hidden = [DB_PASSWORD, f"{port}", "127.0.0.1", SECRET_KEY]
    else:
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("a file")
        database_url = f"sqlite:///{blocker}/{DB_PASSWORD}.sqlite3"
        hidden = [DB_PASSWORD, str(tmp_path), SECRET_KEY]

    answers, stderr = probe_production(database_url, tmp_path)

    health = answers["healthz"]
    assert health["status"] == 503
    found = lines(health["body"])
    assert found["database"] == "failed"
    assert found["migrations"] == "failed"
    assert found["cache"] == "ok"
    assert found["storage"] == "ok"
    assert found["private_storage"] == "ok"
    answer_text = health["body"] + json.dumps(health["headers"])
    for secret in hidden:
        assert secret not in answer_text
    assert "Health check database failed" in stderr  # the reason is in the server's log
    assert "no-store" in health["headers"]["Cache-Control"]
    assert health["cookies"] == []
    # Plain HTTP reaches /healthz/ (SECURE_REDIRECT_EXEMPT) while the rest is redirected to HTTPS...
    assert answers["home_plain_http"]["status"] == 301
    assert answers["home_plain_http"]["headers"]["Location"].startswith("https://")
    # ...and the host is still checked: the load balancer must send a real host name.
    assert answers["healthz_bad_host"]["status"] == 400
    # Varnish's liveness probe answers over plain HTTP with the database down: it asks only whether
    # this process takes requests (issue 17); the load balancer's /healthz/ above says the rest.
    live = answers["live_plain_http"]
    assert (live["status"], live["body"], live["cookies"]) == (200, "ok\n", [])
    assert live["headers"]["Cache-Control"] == "no-store"


def test_pending_migrations_answer_503(tmp_path):
    """A fresh, empty database: reachable, but no migration applied (new code before `migrate`)."""
    answers, stderr = probe_production(f"sqlite:///{tmp_path / 'empty.sqlite3'}", tmp_path)
    health = answers["healthz"]
    assert health["status"] == 503
    assert lines(health["body"]) == {
        "database": "ok",
        "cache": "ok",
        "storage": "ok",
        "private_storage": "ok",
        "migrations": "failed",
    }
    assert "Health check migrations returned an unexpected result" in stderr
