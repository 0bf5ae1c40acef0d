"""A Varnish that cannot be purged (issue 17): the backend retries within its deadline, records
the failure, never stops a publish; the IT officer sees it in the admin, an editor does not."""

import socket
import time
from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page

from editorial.roles import setup_roles
from site_kb.frontend_cache import VarnishXkeyBackend, parse_locations, tag_batches
from site_kb.models import CachePurgeFailure
from tests.builders import make_site, make_user, news_form


def closed_port():
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class BackendTests(TestCase):
    def test_an_unreachable_varnish_is_tried_three_times_within_the_deadline_then_recorded(self):
        location = f"http://127.0.0.1:{closed_port()}"
        backend = VarnishXkeyBackend({"LOCATIONS": location, "BACKOFF": 0.1, "DEADLINE": 3})
        started = time.monotonic()
        with self.assertLogs("site_kb.frontend_cache", "WARNING") as logs:
            self.assertIsNone(backend.purge_tags(["p12", "l3-news.newspage", "p12"]))
        self.assertLess(time.monotonic() - started, 3.5)
        failure = CachePurgeFailure.objects.get()
        self.assertEqual(
            (failure.location, failure.tags, failure.url), (location, "p12 l3-news.newspage", "")
        )
        self.assertEqual(failure.attempts, 3)
        self.assertIn("ConnectionRefusedError", failure.error)
        self.assertEqual(sum("(attempt " in line for line in logs.output), 3)

    def test_a_stopped_varnish_costs_one_deadline_however_many_batches(self):
        location = f"http://127.0.0.1:{closed_port()}"
        backend = VarnishXkeyBackend(
            {"LOCATIONS": location, "BACKOFF": 0.3, "DEADLINE": 2, "MAX_HEADER_CHARS": 20}
        )
        tags = [f"p{number}" for number in range(30)]
        batches = list(tag_batches(tags, 20))
        self.assertGreater(len(batches), 5)
        started = time.monotonic()
        with self.assertLogs("site_kb.frontend_cache", "WARNING"):
            self.assertIsNone(backend.purge_tags(tags))
        self.assertLess(time.monotonic() - started, 2.5)
        failures = CachePurgeFailure.objects.order_by("pk")
        self.assertEqual([failure.attempts for failure in failures], [3] + [0] * (len(batches) - 1))
        self.assertEqual([failure.tags for failure in failures], [" ".join(batch) for batch in batches])

    def test_an_address_purge_that_fails_is_recorded_with_its_address(self):
        backend = VarnishXkeyBackend({"LOCATIONS": [f"http://127.0.0.1:{closed_port()}"], "BACKOFF": 0.01})
        backend.purge("http://localhost/tin-tuc/tin-1/")
        failure = CachePurgeFailure.objects.get()
        self.assertEqual((failure.url, failure.tags), ("http://localhost/tin-tuc/tin-1/", ""))

    def test_old_failures_are_forgotten_when_a_new_one_is_recorded(self):
        old = CachePurgeFailure.objects.create(location="http://a:1", tags="p1", error="x")
        CachePurgeFailure.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=91))
        VarnishXkeyBackend({"LOCATIONS": f"http://127.0.0.1:{closed_port()}", "ATTEMPTS": 1}).purge_tags(
            ["p2"]
        )
        self.assertEqual(list(CachePurgeFailure.objects.values_list("tags", flat=True)), ["p2"])

    def test_tags_are_batched_under_the_header_limit(self):
        tags = [f"l{number}-news.newspage" for number in range(1000)]
        batches = list(tag_batches([*tags, "", "has space", tags[0]], 400))
        self.assertEqual([tag for batch in batches for tag in batch], tags)
        self.assertTrue(all(len(" ".join(batch)) <= 400 for batch in batches))
        self.assertGreater(len(batches), 40)

    def test_a_malformed_location_is_named_in_vietnamese(self):
        self.assertEqual(
            parse_locations(" http://10.0.0.5:6081/ , https://b:6081"),
            ["http://10.0.0.5:6081", "https://b:6081"],
        )
        for bad in ("10.0.0.5:6081", "ftp://a", "http://a:cong", "http://a/duong-dan"):
            with self.assertRaisesMessage(ImproperlyConfigured, "FRONTEND_CACHE_PURGE_URL"):
                parse_locations(bad)


class PublishingWithVarnishDownTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # The purges of building the site run now: a batch left waiting for the class's
        # transaction to commit would take in the purges of the test's publish (site_kb.cache_tags).
        with cls.captureOnCommitCallbacks(execute=True):
            cls.home, cls.sections = make_site()
        cls.board = make_user("bientap.purge", setup_roles()["board"])

    def test_a_publish_goes_through_and_the_failed_purges_are_recorded(self):
        location = f"http://127.0.0.1:{closed_port()}"
        self.client.force_login(self.board)
        data = news_form("Thông báo tuyển sinh lớp 6", "tuyen-sinh-lop-6", **{"action-publish": "1"})
        url = reverse("wagtailadmin_pages:add", args=["news", "newspage", self.sections["news"].pk])
        frontend = {
            "varnish": {
                "BACKEND": "site_kb.frontend_cache.VarnishXkeyBackend",
                "LOCATIONS": [location],
                "BACKOFF": 0.01,
            }
        }
        with (
            self.assertLogs("site_kb.frontend_cache", "ERROR"),
            override_settings(WAGTAILFRONTENDCACHE=frontend),
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        page = Page.objects.get(slug="tuyen-sinh-lop-6")
        self.assertTrue(page.live)
        failures = CachePurgeFailure.objects.all()
        self.assertTrue(any(f"p{page.pk}" in failure.tags.split() for failure in failures))
        self.assertTrue(all(failure.location == location for failure in failures))


class AdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site()
        groups = setup_roles()
        cls.it_officer = make_user("quantri.purge", groups["it_officer"])
        cls.board = make_user("bientap.purge", groups["board"])
        cls.report = reverse("site_kb_purge_failures:index")

    def record(self, hours_ago=1, **fields):
        failure = CachePurgeFailure.objects.create(
            location="http://10.0.0.5:6081",
            tags="p42 l7-news.newspage",
            error="ConnectionRefusedError",
            **fields,
        )
        CachePurgeFailure.objects.filter(pk=failure.pk).update(
            created_at=timezone.now() - timedelta(hours=hours_ago)
        )
        return failure

    def dashboard(self, user):
        self.client.force_login(user)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_the_it_officer_sees_the_failures_in_the_report_and_on_the_dashboard(self):
        self.record(attempts=3)
        self.record(hours_ago=2, url="http://localhost/tin-tuc/")
        page = self.dashboard(self.it_officer)
        self.assertIn('id="cache-purge-failures', page)
        self.assertIn("2 lần xoá bộ nhớ đệm thất bại trong 24 giờ qua", page)
        self.assertIn("http://10.0.0.5:6081", page)
        self.assertIn(self.report, page)  # the Reports menu item and the panel's link
        response = self.client.get(self.report)
        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        self.assertIn("Lỗi xoá bộ nhớ đệm", content)
        self.assertIn("p42 l7-news.newspage", content)
        self.assertIn("http://localhost/tin-tuc/", content)
        self.assertIn("ConnectionRefusedError", content)

    def test_no_panel_without_a_failure_of_the_last_day(self):
        self.record(hours_ago=30)
        page = self.dashboard(self.it_officer)
        self.assertNotIn('id="cache-purge-failures', page)
        self.assertIn("p42", self.client.get(self.report).content.decode())  # still in the report

    def test_an_editor_is_refused_the_report_and_sees_no_panel(self):
        self.record()
        page = self.dashboard(self.board)
        self.assertNotIn('id="cache-purge-failures', page)
        self.assertNotIn(self.report, page)
        for address in (self.report, reverse("site_kb_purge_failures:results")):
            response = self.client.get(address)
            self.assertEqual(response.status_code, 302, address)
            self.assertNotIn("p42", response.content.decode())
