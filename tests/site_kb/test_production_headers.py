"""What a browser gets from the site under the production settings (issue 14, Điều 4: intrusion).

The values come from ``site_kb.settings.production`` itself, loaded in a fresh interpreter with a
production environment, and are laid over the test settings; then public and admin pages are
fetched through the whole middleware chain, as the reverse proxy would forward them over HTTPS.
"""

import base64
import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import TestCase, override_settings

import brotli

from tests.builders import make_news, make_site, news_form

from .test_settings import PRODUCTION_ENV, ROOT

# The production settings these tests lay over the test settings.
HEADER_SETTINGS = [
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_AGE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CONTENT_SECURITY_POLICY",
    "CONTENT_SECURITY_POLICY_ADMIN",
    "CSP_ADMIN_PATH_PREFIXES",
    "PERMISSIONS_POLICY",
]
HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}  # what the reverse proxy adds to a request over HTTPS


def production_settings(names=HEADER_SETTINGS, **environment):
    """``{name: value}`` of ``names`` in site_kb.settings.production, loaded in a fresh
    interpreter with the production environment plus ``environment``."""
    env = {key: value for key, value in os.environ.items() if key not in {*PRODUCTION_ENV, "DEBUG"}}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update({**PRODUCTION_ENV, **environment})
    code = (
        "import json, sys, site_kb.settings.production as s\n"
        "print(json.dumps({name: getattr(s, name) for name in sys.argv[1:]}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *names], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    if values.get("SECURE_PROXY_SSL_HEADER"):
        values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


def directives(header):
    """A CSP header as ``{directive: [sources]}``."""
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def inline_code(html):
    """What a strict policy would block in a page: inline <script> bodies, on… attributes,
    style attributes and <style> blocks (JSON data blocks are not run, and stay allowed)."""
    found = []
    for attrs, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S | re.I):
        if (
            "src=" not in attrs
            and body.strip()
            and "application/json" not in attrs
            and "ld+json" not in attrs
        ):
            found.append(f"<script{attrs}>")
    found += re.findall(r"<[a-z][^>]*\son[a-z]+\s*=", html, re.I)
    found += re.findall(r"<[a-z][^>]*\sstyle\s*=", html, re.I)
    return found


class ProductionHeaders(TestCase):
    """Every response of the production settings carries the security headers; the public
    pages a strict CSP, the admin its own, and the login cookies are HTTPS-only and unreadable
    by scripts."""

    @classmethod
    def setUpClass(cls):
        cls.production = production_settings()
        cls.enterClassContext(override_settings(**cls.production))
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.news = make_news(cls.sections["news"], 1)[0]
        cls.admin = make_superuser()

    def get(self, path, **extra):
        return self.client.get(path, **HTTPS, **extra)

    def assert_security_headers(self, response):
        self.assertEqual(response["Strict-Transport-Security"], "max-age=3600; includeSubDomains")
        self.assertEqual(response["Referrer-Policy"], "strict-origin-when-cross-origin")
        self.assertEqual(response["Cross-Origin-Opener-Policy"], "same-origin")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        features = dict(item.split("=", 1) for item in response["Permissions-Policy"].split(", "))
        for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial"):
            self.assertEqual(features.get(feature), "()", feature)

    def assert_public_policy(self, response):
        policy = directives(response["Content-Security-Policy"])
        self.assertEqual(policy["default-src"], ["'self'"])
        self.assertEqual(policy["script-src"], ["'self'"])
        self.assertNotIn("'unsafe-inline'", policy["style-src"])
        self.assertNotIn("'unsafe-eval'", response["Content-Security-Policy"])
        self.assertEqual(policy["object-src"], ["'none'"])
        self.assertEqual(policy["base-uri"], ["'self'"])
        self.assertEqual(policy["form-action"], ["'self'"])
        self.assertEqual(policy["img-src"], ["'self'", "data:"])
        return policy

    def test_public_pages_carry_the_headers_and_the_strict_policy(self):
        for path in ("/", self.news.url, "/tim-kiem/?q=tin"):
            with self.subTest(path=path):
                response = self.get(path)
                self.assertEqual(response.status_code, 200)
                self.assert_security_headers(response)
                policy = self.assert_public_policy(response)
                self.assertEqual(policy["frame-ancestors"], ["'none'"])
                self.assertEqual(response["X-Frame-Options"], "DENY")
                self.assertEqual(inline_code(response.content.decode()), [])

    def test_plain_http_is_sent_to_https(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 301)
        self.assertTrue(response["Location"].startswith("https://"))

    def test_error_pages_keep_their_own_css_under_the_strict_policy(self):
        """error_page.html carries its CSS inline (it renders without static files): the policy
        allows exactly that CSS by its hash, and nothing else inline."""
        for path in ("/?q=%FF", "/khong-co-trang-nay/"):
            with self.subTest(path=path):
                response = self.get(path)
                self.assertIn(response.status_code, {400, 404})
                policy = self.assert_public_policy(response)
                self.assertEqual(policy["frame-ancestors"], ["'none'"])
                html = response.content.decode()
                for css in re.findall(r"<style>(.*?)</style>", html, re.S):
                    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
                    self.assertIn(f"'sha256-{digest}'", policy["style-src"])
        self.assertIn("<style>", self.get("/?q=%FF").content.decode())

    def test_admin_has_its_own_policy_and_refuses_frames(self):
        self.client.force_login(self.admin)
        for path in ("/admin/login/", "/admin/", f"/admin/pages/{self.news.pk}/edit/"):
            with self.subTest(path=path):
                response = self.get(path)
                self.assertIn(response.status_code, {200, 302})
                self.assert_security_headers(response)
                policy = directives(response["Content-Security-Policy"])
                self.assertIn("'unsafe-inline'", policy["script-src"])
                self.assertNotIn("'unsafe-eval'", policy["script-src"])
                self.assertEqual(policy["object-src"], ["'none'"])
                self.assertEqual(policy["frame-ancestors"], ["'none'"])
                self.assertEqual(response["X-Frame-Options"], "DENY")

    def test_only_the_preview_may_be_framed_and_only_by_the_site(self):
        self.client.force_login(self.admin)
        preview = f"/admin/pages/{self.news.pk}/edit/preview/"
        posted = self.client.post(preview, news_form("Bản xem trước", self.news.slug), **HTTPS)
        self.assertEqual(posted.status_code, 200)
        self.assertTrue(posted.json()["is_valid"])
        response = self.get(preview)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Bản xem trước")
        self.assertEqual(response["X-Frame-Options"], "SAMEORIGIN")
        self.assertEqual(directives(response["Content-Security-Policy"])["frame-ancestors"], ["'self'"])

    def test_login_cookies_are_https_only_unreadable_by_scripts_and_last_a_working_day(self):
        login = self.get("/admin/login/")
        csrf = login.cookies["csrftoken"]
        self.assertTrue(csrf["secure"])
        self.assertTrue(csrf["httponly"])
        credentials = {"username": "quantri.thu", "password": PASSWORD, "csrfmiddlewaretoken": csrf.value}
        # Wagtail's "remember me" unticked: the login ends with the browser.
        response = self.client.post("/admin/login/", credentials, **HTTPS)
        self.assertEqual(response.status_code, 302)
        session = response.cookies["sessionid"]
        self.assertTrue(session["secure"])
        self.assertTrue(session["httponly"])
        self.assertEqual(session["max-age"], "")
        self.assertTrue(self.client.session.get_expire_at_browser_close())
        # Ticked: a working day at most, not Django's two weeks.
        self.client.logout()
        response = self.client.post("/admin/login/", {**credentials, "remember": "on"}, **HTTPS)
        self.assertEqual(response.status_code, 302)
        session = response.cookies["sessionid"]
        self.assertTrue(session["secure"])
        self.assertTrue(session["httponly"])
        self.assertEqual(session["max-age"], 8 * 60 * 60)


PASSWORD = "mat-khau-thu-1234"  # noqa: S105


def make_superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("quantri.thu", "quantri.thu@truong.test", PASSWORD)


def test_the_environment_sets_session_age_embed_and_media_origins():
    values = production_settings(
        ["SESSION_COOKIE_AGE", "CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_ADMIN"],
        SESSION_COOKIE_AGE="3600",
        CSP_FRAME_SRC="https://www.youtube-nocookie.com",
        MEDIA_URL="https://media.pgd.example.edu.vn/media/",
    )
    assert values["SESSION_COOKIE_AGE"] == 3600
    for policy in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_ADMIN"):
        found = values[policy]["DIRECTIVES"]
        assert found["frame-src"] == ["'self'", "https://www.youtube-nocookie.com"]
        assert "https://media.pgd.example.edu.vn" in found["img-src"]


def test_the_settings_module_of_the_tests_sends_the_same_policy():
    """Development and the tests run with the CSP of production (base.py), not a looser one."""
    assert production_settings(["CONTENT_SECURITY_POLICY"])["CONTENT_SECURITY_POLICY"] == json.loads(
        json.dumps(settings.CONTENT_SECURITY_POLICY)
    )
    assert "site_kb.middleware.ContentSecurityPolicyMiddleware" in settings.MIDDLEWARE


class CollectedStaticFiles(TestCase):
    """One gunicorn serves the site's and the admin's CSS and JS: `collectstatic` under the
    production settings writes hashed, compressed copies, and the WSGI application (WhiteNoise in
    its middleware) serves them with a long, immutable cache and a brotli or gzip variant."""

    @classmethod
    def setUpClass(cls):
        cls.static_root = Path(cls.enterClassContext(tempfile.TemporaryDirectory(prefix="site_kb_static_")))
        env = {key: value for key, value in os.environ.items() if key not in {*PRODUCTION_ENV, "DEBUG"}}
        env.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="site_kb.settings.production")
        env["STATIC_ROOT"] = str(cls.static_root)
        result = subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr
        cls.manifest = json.loads((cls.static_root / "staticfiles.json").read_text())["paths"]
        storages = production_settings(["STORAGES"])["STORAGES"]
        cls.enterClassContext(
            override_settings(STATIC_ROOT=cls.static_root, STORAGES={**settings.STORAGES, **storages})
        )
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        make_site()

    def test_hashed_files_of_the_site_and_the_admin_are_served_compressed_for_ten_years(self):
        for name in ("css/site.css", "wagtailadmin/css/core.css", "wagtailadmin/js/core.js"):
            with self.subTest(name=name):
                hashed = self.manifest[name]
                self.assertNotEqual(hashed, name)
                original = (self.static_root / hashed).read_bytes()
                for encoding, accept, decompress in (
                    ("br", "br, gzip", brotli.decompress),
                    ("gzip", "gzip", gzip.decompress),
                ):
                    response = self.client.get(f"/static/{hashed}", HTTP_ACCEPT_ENCODING=accept)
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(response["Content-Encoding"], encoding)
                    self.assertIn("max-age=315360000", response["Cache-Control"])
                    self.assertIn("immutable", response["Cache-Control"])
                    self.assertIn("Accept-Encoding", response["Vary"])
                    # Read to the end through the test client, which closes the file itself
                    # (response.close() here would close the test's database connection).
                    self.assertEqual(decompress(b"".join(response.streaming_content)), original)

    def test_pages_link_the_hashed_names(self):
        html = self.client.get("/", secure=True).content.decode()
        self.assertIn(f'href="/static/{self.manifest["css/site.css"]}"', html)

    def test_a_file_that_is_not_collected_is_not_found(self):
        response = self.client.get("/static/css/khong-co.css")
        self.assertEqual(response.status_code, 404)
