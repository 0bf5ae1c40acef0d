"""Hosts (issue 16): an unknown host gets a Vietnamese 400 in production instead of the
authority's site, a member site's hostname is served, an old hostname answers 301 on its
Site's new address; the known hostnames come from one cache key, cleared on every change."""

import json
import subprocess
import sys
import time
from unittest import mock

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Site

from site_kb.models import HostRedirect
from site_kb.sites import SITES_TOKEN_KEY, forget_sites, known_hosts

from ..builders import make_school, make_site, make_superuser, make_user
from .test_settings import PRODUCTION_ENV, ROOT

PRODUCTION_HOSTS = {
    "SITE_HOSTS_FROM_DATABASE": True,
    "ALLOWED_HOSTS": [".example.edu.vn", "pgd.example.edu.vn", "127.0.0.1"],
    "WAGTAILADMIN_BASE_URL": "https://pgd.example.edu.vn",
}
SCHOOL_HOST = "thcs-basao.example.edu.vn"
OLD_HOST = "thcs-basao.old.example.edu.vn"
UNKNOWN_TEXT = "Địa chỉ này không thuộc hệ thống cổng thông tin của ngành giáo dục"


class HostTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.school = make_school(cls.sections["schools"], 1)
        cls.school_site = Site.objects.create(
            hostname=SCHOOL_HOST, port=443, root_page=cls.school, site_name="THCS"
        )
        HostRedirect.objects.create(hostname=OLD_HOST, site=cls.school_site)

    def setUp(self):
        forget_sites()

    @override_settings(**PRODUCTION_HOSTS)
    def test_an_unknown_host_gets_a_vietnamese_400_not_the_authoritys_site(self):
        for host in ("ai-do.example.edu.vn", "evil.test", "thcs-basao.example.edu.vn.evil.test"):
            with self.subTest(host=host):
                response = self.client.get("/", HTTP_HOST=host)
                self.assertEqual(response.status_code, 400)
                html = response.content.decode()
                self.assertIn(UNKNOWN_TEXT, html)
                self.assertNotIn("Trang chủ", html)
                self.assertIn("no-store", response["Cache-Control"])

    @override_settings(**PRODUCTION_HOSTS)
    def test_a_schools_hostname_and_the_configured_names_are_served(self):
        response = self.client.get("/", HTTP_HOST=SCHOOL_HOST, secure=True)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Trường số 1")
        self.assertEqual(self.client.get("/", HTTP_HOST="PGD.Example.edu.vn", secure=True).status_code, 200)
        # The load balancer's probe on a name ALLOWED_HOSTS lists exactly, though no Site has it.
        self.assertNotEqual(self.client.get("/healthz/", HTTP_HOST="127.0.0.1").status_code, 400)

    @override_settings(**PRODUCTION_HOSTS)
    def test_the_probe_answers_without_reading_the_sites(self):
        self.assertEqual(reverse("healthz"), "/healthz/")  # PROBE_PATHS names it
        with mock.patch("site_kb.middleware.known_hosts", side_effect=AssertionError("read the Sites")):
            response = self.client.get("/healthz/", HTTP_HOST="127.0.0.1")
        self.assertIn(response.status_code, (200, 503))

    @override_settings(**PRODUCTION_HOSTS)
    def test_an_old_hostname_redirects_to_the_same_address_on_the_new_one(self):
        response = self.client.get("/tin-tuc/?page=2", HTTP_HOST=OLD_HOST)
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], f"https://{SCHOOL_HOST}/tin-tuc/?page=2")

    @override_settings(**PRODUCTION_HOSTS)
    def test_a_preview_of_a_school_page_from_the_authoritys_admin_is_rendered_not_redirected(self):
        self.client.force_login(make_superuser())
        page = self.school.specific
        admin_request = self.client.get("/admin/", HTTP_HOST="pgd.example.edu.vn", secure=True).wsgi_request
        response = page.make_preview_request(original_request=admin_request)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Trường số 1", response.content.decode())
        self.assertIn("[Bản nháp]", response.content.decode())

    def test_old_hostnames_redirect_in_development_too_and_other_hosts_fall_back(self):
        self.assertFalse(settings.SITE_HOSTS_FROM_DATABASE)
        response = self.client.get("/", HTTP_HOST=f"{OLD_HOST}:8000")
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], f"https://{SCHOOL_HOST}/")
        self.assertEqual(self.client.get("/", HTTP_HOST="anything.test").status_code, 200)  # default Site

    @override_settings(**PRODUCTION_HOSTS)
    def test_a_new_site_and_a_removed_redirect_take_effect_at_once(self):
        new_host = "mn-hoa-sen.example.edu.vn"
        self.assertEqual(self.client.get("/", HTTP_HOST=new_host).status_code, 400)
        school = make_school(self.sections["schools"], 2)
        Site.objects.create(hostname=new_host, port=80, root_page=school, site_name="MN")
        self.assertEqual(self.client.get("/", HTTP_HOST=new_host).status_code, 200)
        HostRedirect.objects.filter(hostname=OLD_HOST).delete()
        self.assertEqual(self.client.get("/", HTTP_HOST=OLD_HOST).status_code, 400)

    def test_a_hostname_given_back_to_a_site_is_served_not_redirected(self):
        school = make_school(self.sections["schools"], 3)
        HostRedirect.objects.create(hostname="lai.example.edu.vn", site=self.school_site)
        Site.objects.create(hostname="lai.example.edu.vn", port=80, root_page=school, site_name="Lại")
        self.assertEqual(self.client.get("/", HTTP_HOST="lai.example.edu.vn").status_code, 200)

    def test_the_host_check_costs_no_query_once_cached(self):
        known_hosts()
        with self.assertNumQueries(0):
            hosts = known_hosts(SCHOOL_HOST)
        self.assertIn(SCHOOL_HOST, hosts.site_hosts)
        self.assertEqual(hosts.redirects, {OLD_HOST: f"https://{SCHOOL_HOST}"})

    def test_an_unknown_host_reloads_the_list_at_most_every_few_seconds(self):
        known_hosts()
        # Another process added a Site and this one did not hear of it (a process-local cache).
        Site.objects.bulk_create([Site(hostname="moi.example.edu.vn", port=80, root_page=self.school)])
        with self.assertNumQueries(0):  # just read: not again
            self.assertNotIn("moi.example.edu.vn", known_hosts("moi.example.edu.vn").site_hosts)
        with mock.patch("site_kb.sites.time.time", return_value=time.time() + 60), self.assertNumQueries(3):
            self.assertIn("moi.example.edu.vn", known_hosts("moi.example.edu.vn").site_hosts)

    def test_development_hosts_never_read_the_sites_again(self):
        """Without SITE_HOSTS_FROM_DATABASE an unknown host is served by the default Site: no reason
        to re-read the Sites for it, nor a query more in the middle of a test's query count."""
        self.client.get("/", HTTP_HOST="testserver")
        with (
            mock.patch("site_kb.sites.time.time", return_value=time.time() + 60),
            CaptureQueriesContext(connection) as captured,
        ):
            self.assertEqual(self.client.get("/", HTTP_HOST="testserver").status_code, 200)
        self.assertFalse(
            [query for query in captured.captured_queries if "site_kb_hostredirect" in query["sql"]]
        )

    def test_a_change_elsewhere_reaches_this_process_through_the_shared_token(self):
        known_hosts()
        Site.objects.bulk_create([Site(hostname="khac.example.edu.vn", port=80, root_page=self.school)])
        with self.assertNumQueries(0):
            self.assertNotIn("khac.example.edu.vn", known_hosts().site_hosts)
        cache.delete(SITES_TOKEN_KEY)  # what another process's forget_sites() does in the shared cache
        with self.assertNumQueries(3):  # the Sites, old hostnames, restricted paths
            self.assertIn("khac.example.edu.vn", known_hosts().site_hosts)

    def test_a_sites_new_hostname_changes_its_links_at_once(self):
        page = self.school.specific
        self.assertEqual(page.get_full_url(), f"https://{SCHOOL_HOST}/")
        self.school_site.hostname = "ten-moi.example.edu.vn"
        self.school_site.save()
        self.assertEqual(page.get_full_url(), "https://ten-moi.example.edu.vn/")


class HostRedirectRecordTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.site = Site.objects.get(is_default_site=True)
        Site.objects.create(
            hostname="dang-dung.example.edu.vn", port=80, root_page=cls.home, site_name="Đang dùng"
        )

    def test_a_hostname_is_stored_in_lower_case_and_must_be_a_bare_name(self):
        record = HostRedirect(hostname=" PGD-Cu.Example.edu.vn. ", site=self.site)
        record.full_clean()
        self.assertEqual(record.hostname, "pgd-cu.example.edu.vn")
        for bad in ("http://pgd.example.edu.vn", "pgd.example.edu.vn/tin", "pgd:8000", "khongco", ""):
            with self.subTest(hostname=bad), self.assertRaises(ValidationError) as raised:
                HostRedirect(hostname=bad, site=self.site).full_clean()
            self.assertIn("hostname", raised.exception.message_dict)

    def test_a_hostname_a_site_uses_cannot_be_an_old_one(self):
        with self.assertRaises(ValidationError) as raised:
            HostRedirect(hostname="Dang-Dung.example.edu.vn.", site=self.site).full_clean()
        self.assertIn("Tên miền này đang được một trang sử dụng.", raised.exception.message_dict["hostname"])


class OldHostnamesAdminTests(TestCase):
    """Tên miền cũ in Settings: the IT officer's (granted by editorial.roles); refused to others."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.site = Site.objects.get(is_default_site=True)
        staff = Group.objects.create(name="Chỉ vào trang quản trị")
        staff.permissions.add(Permission.objects.get(codename="access_admin"))
        cls.staff = make_user("nhanvien", staff)
        officers = Group.objects.create(name="Quản lý tên miền")
        officers.permissions.add(
            Permission.objects.get(codename="access_admin"),
            *Permission.objects.filter(content_type__app_label="site_kb", codename__endswith="_hostredirect"),
        )
        cls.officer = make_user("cntt", officers)
        cls.record = HostRedirect.objects.create(hostname="cu.example.edu.vn", site=cls.site)

    def test_staff_without_the_rights_are_refused_by_url_and_post(self):
        self.client.force_login(self.staff)
        for url in (
            "/admin/ten-mien-cu/",
            "/admin/ten-mien-cu/new/",
            f"/admin/ten-mien-cu/edit/{self.record.pk}/",
        ):
            with self.subTest(url=url):
                self.assertIn(self.client.get(url).status_code, (302, 403))
        response = self.client.post(
            "/admin/ten-mien-cu/new/", {"hostname": "gia.example.edu.vn", "site": self.site.pk}
        )
        self.assertIn(response.status_code, (302, 403))
        self.client.post(f"/admin/ten-mien-cu/delete/{self.record.pk}/")
        self.assertFalse(HostRedirect.objects.filter(hostname="gia.example.edu.vn").exists())
        self.assertTrue(HostRedirect.objects.filter(pk=self.record.pk).exists())
        self.assertNotContains(self.client.get("/admin/"), "Tên miền cũ")

    def test_the_it_officer_lists_and_adds_old_hostnames(self):
        self.client.force_login(self.officer)
        listing = self.client.get("/admin/ten-mien-cu/")
        self.assertContains(listing, "cu.example.edu.vn")
        response = self.client.post(
            "/admin/ten-mien-cu/new/", {"hostname": "Moi-Cu.Example.edu.vn", "site": self.site.pk}
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(HostRedirect.objects.filter(hostname="moi-cu.example.edu.vn").exists())
        Site.objects.create(
            hostname="dang-dung.example.edu.vn", port=80, root_page=self.home, site_name="Đang dùng"
        )
        refused = self.client.post(
            "/admin/ten-mien-cu/new/", {"hostname": "dang-dung.example.edu.vn", "site": self.site.pk}
        )
        self.assertContains(refused, "Tên miền này đang được một trang sử dụng.")

    def test_the_superuser_sees_it_under_settings(self):
        self.client.force_login(make_superuser())
        self.assertContains(self.client.get("/admin/ten-mien-cu/"), "Tên miền cũ")


def production(code, **overrides):
    env = {"PATH": "/usr/bin:/bin", **PRODUCTION_ENV, **overrides}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_production_checks_hosts_against_the_database_with_a_suffix_in_allowed_hosts():
    result = production(
        "import json, site_kb.settings.production as s; "
        "print(json.dumps([s.SITE_HOSTS_FROM_DATABASE, s.MIDDLEWARE, s.ALLOWED_HOSTS]))",
        ALLOWED_HOSTS=".ninhbinh.edu.vn,127.0.0.1",
    )
    assert result.returncode == 0, result.stderr
    from_database, middleware, allowed = json.loads(result.stdout)
    assert from_database is True
    # Varnish's probe is answered before anything (issue 17); the host check right after the
    # security headers, before any other middleware of the site reads the request.
    assert middleware[0] == "site_kb.health.LivenessProbeMiddleware"
    security = middleware.index("django.middleware.security.SecurityMiddleware")
    assert middleware[security + 1] == "site_kb.middleware.SiteHostMiddleware"
    assert allowed == [".ninhbinh.edu.vn", "127.0.0.1"]


def test_production_refuses_a_bare_dot_suffix():
    result = production("import site_kb.settings.production", ALLOWED_HOSTS=".,127.0.0.1")
    assert result.returncode != 0
    assert "Đặt biến môi trường ALLOWED_HOSTS" in result.stderr
