"""deploy/varnish/default.vcl in a real varnishd in front of the real app (issue 17, part 2).

What is cached and what is passed, cookies and tracking parameters, the xkey header, PURGE by tag
and by address and who may send it, and grace when every app server is down. Each test says,
for every request, whether the app answered it or Varnish alone (tests/varnish/live.py).
"""

import re
import time

from django.db import close_old_connections, connection
from django.test import override_settings
from django.test.client import Client

from site_kb.frontend_cache import VarnishXkeyBackend
from site_kb.models import CachePurgeFailure
from tests.builders import make_news, make_site, make_superuser

from .live import HOST, AppBehindVarnishTestCase

TRACKING_COOKIES = "_ga=GA1.2.1234.5678; _gid=GA1.2.99; _fbp=fb.1.1700.42; __utma=1.2.3.4.5.6; __utmz=1.2"


def tags_of(path):
    """The tags the app sends for ``path`` to a proxy (Django's test client reaches the app itself)."""
    response = Client(HTTP_HOST=HOST).get(path)
    assert response.status_code == 200, (path, response.status_code)
    return set(response.headers.get("xkey", "").split())


class CachedAndPassedTests(AppBehindVarnishTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.articles = make_news(cls.sections["news"], 2)
        cls.editor = make_superuser("bientap.varnish")

    def test_an_anonymous_page_is_answered_from_the_cache_the_second_time(self):
        status, headers, body = self.assertFromApp("/")
        self.assertEqual(status, 200)
        self.assertEqual(headers["x-cache"], "MISS")
        self.assertIn("public", headers["cache-control"])
        status, cached_headers, cached_body = self.assertFromCache("/")
        self.assertEqual((status, cached_body), (200, body))
        self.assertGreaterEqual(int(cached_headers["age"]), 0)
        # HEAD is served from the same object.
        status, _headers, body = self.assertFromCache("/", method="HEAD")
        self.assertEqual((status, body), (200, b""))

    def test_the_tags_never_leave_the_proxy(self):
        self.assertTrue(tags_of("/"), "the app tags the home page (site_kb.cache_tags)")
        for _attempt in ("miss", "hit"):
            _status, headers, _body = self.get("/")
            self.assertNotIn("xkey", headers)
            self.assertNotIn("x-varnish", headers)
        # A reader cannot have a tag purge carried out by sending the header on a GET.
        self.get("/", {"xkey-purge": " ".join(tags_of("/"))})
        self.assertFromCache("/")

    def test_a_logged_in_editor_is_never_served_from_the_cache_nor_cached(self):
        self.get("/")  # the anonymous copy is cached
        client = Client()
        client.force_login(self.editor)
        session = {"Cookie": f"sessionid={client.cookies['sessionid'].value}; _ga=GA1.2.3"}
        for _attempt in range(2):
            status, headers, _body = self.assertFromApp("/", session)
            self.assertEqual(status, 200)
            self.assertEqual(headers["x-cache"], "PASS")
            self.assertIn("private", headers["cache-control"])
        # The editor's own requests reached the app with their session cookie.
        self.assertIn("sessionid=", self.app_requests[-1][2])
        self.assertFromCache("/")  # and the anonymous copy was not replaced by the editor's

    def test_the_admin_previews_and_the_health_probe_are_passed(self):
        for path in (
            "/admin/",
            "/admin/login/",
            "/xem-truoc/khong-co-lien-ket-nay/",
            "/healthz/",
            "/django-admin/",
        ):
            for _attempt in range(2):
                _status, headers, _body = self.assertFromApp(path)
                self.assertEqual(headers["x-cache"], "PASS", path)

    def test_a_post_is_passed_with_its_cookies(self):
        cookies = {"Cookie": "csrftoken=abcdefghijklmnopqrstuvwxyz012345; _ga=GA1.2.3"}
        for _attempt in range(2):
            _status, headers, _body = self.assertFromApp("/tim-kiem/", cookies, method="POST")
            self.assertEqual(headers["x-cache"], "PASS")
        self.assertEqual(self.app_requests[-1][2], cookies["Cookie"])
        # The VCL's own header, sent by a reader, does not replace the cookies the app receives.
        self.assertFromApp("/tim-kiem/", {**cookies, "X-Site-Kb-Csrf": "sessionid=forged"}, method="POST")
        self.assertEqual(self.app_requests[-1][2], cookies["Cookie"])

    def test_tracking_cookies_are_stripped_and_the_page_still_comes_from_the_cache(self):
        self.assertFromApp("/tin-tuc/", {"Cookie": TRACKING_COOKIES})
        self.assertEqual(self.app_requests[-1][2], "", "the app never sees the analytics cookies")
        self.assertFromCache("/tin-tuc/")
        self.assertFromCache("/tin-tuc/", {"Cookie": TRACKING_COOKIES})
        self.assertFromCache("/tin-tuc/", {"Cookie": "_ga=GA1.2.777; cookie_khac=1"})

    def test_the_browser_languages_do_not_split_the_cache(self):
        self.assertFromApp("/tin-tuc/", {"Accept-Language": "vi-VN,vi;q=0.9,en-US;q=0.8"})
        self.assertFromCache("/tin-tuc/", {"Accept-Language": "en-GB,en;q=0.7"})
        self.assertFromCache("/tin-tuc/")

    def test_the_csrf_cookie_reaches_the_app_but_does_not_split_the_cache(self):
        token = "csrftoken=abcdefghijklmnopqrstuvwxyz012345"
        _status, headers, _body = self.assertFromApp("/gioi-thieu/", {"Cookie": f"_ga=GA1.2.3; {token}"})
        self.assertEqual(self.app_requests[-1][2], token)
        self.assertNotIn("set-cookie", headers)
        self.assertFromCache("/gioi-thieu/")
        self.assertFromCache("/gioi-thieu/", {"Cookie": "csrftoken=another0123456789another012345678"})

    def test_tracking_parameters_are_dropped_from_the_address(self):
        self.assertFromApp("/tin-tuc/")
        before = len(self.app_requests)
        _status, headers, _body = self.get("/tin-tuc/?utm_source=zalo&utm_medium=share&fbclid=IwAR0abc")
        self.assertEqual(headers["x-cache"], "HIT")
        self.assertEqual(self.app_requests[before:], [])
        # A real parameter stays, and the tracking one beside it goes.
        self.get("/tin-tuc/?page=2&gclid=xyz")
        self.assertEqual(self.app_requests[-1][1], "/tin-tuc/?page=2")

    def test_the_test_transaction_survives_a_server_request_closing_old_connections(self):
        """The harness itself: Django's ``close_old_connections`` runs at the end of every request
        (the server's too) and closes a connection found inside a transaction; the one this
        class's rows live in must stay open (tests.live_server.start_on_shared_connections)."""
        self.assertFromApp("/")
        self.assertFromApp("/tin-tuc/")
        close_old_connections()
        self.assertTrue(connection.in_atomic_block)
        self.assertIn(f"p{self.articles[0].pk}", tags_of("/tin-tuc/"))

    def test_a_private_answer_is_not_cached(self):
        self.get("/khong-co-trang-nay/")
        _status, headers, _body = self.assertFromApp("/khong-co-trang-nay/")
        self.assertEqual(headers["x-cache"], "MISS")


class PurgeTests(AppBehindVarnishTestCase):
    @classmethod
    def setUpTestData(cls):
        # The purges of building the site run now: a batch left waiting for the class's
        # transaction to commit would take in the purges of a test's publish (site_kb.cache_tags).
        with cls.captureOnCommitCallbacks(execute=True):
            cls.home, cls.sections = make_site()
            cls.articles = make_news(cls.sections["news"], 2)
        cls.paths = ["/", "/tin-tuc/", cls.articles[0].url, cls.articles[1].url, "/gioi-thieu/", "/van-ban/"]

    def cache_all(self):
        for path in self.paths:
            self.get(path)
            self.assertFromCache(path)

    def backend(self, **params):
        return VarnishXkeyBackend({"LOCATIONS": [self.varnish.url], **params})

    def test_a_tag_purge_drops_exactly_the_objects_carrying_the_tag(self):
        tags = {path: tags_of(path) for path in self.paths}
        tag = f"p{self.articles[1].pk}"
        self.assertIn(tag, tags[self.articles[1].url])
        self.assertTrue(any(tag not in found for found in tags.values()), "some cached page does not show it")
        self.cache_all()
        purged = self.backend().purge_tags([tag])
        self.assertEqual(purged, sum(tag in found for found in tags.values()))
        for path in self.paths:
            if tag in tags[path]:
                self.assertFromApp(path)
            else:
                self.assertFromCache(path)

    def test_tags_are_sent_in_batches_that_fit_a_header(self):
        self.cache_all()
        unrelated = [f"p{900000 + number}" for number in range(1500)]  # ~12 kB of tags
        purged = self.backend(MAX_HEADER_CHARS=1000).purge_tags([*unrelated, f"p{self.articles[0].pk}"])
        self.assertGreaterEqual(purged, 1)
        self.assertFromApp(self.articles[0].url)
        self.assertFromCache("/gioi-thieu/")

    def test_an_address_purge_drops_that_address_only(self):
        self.cache_all()
        self.backend().purge(f"http://{HOST}/gioi-thieu/")
        self.assertFromApp("/gioi-thieu/")
        for path in self.paths:
            if path != "/gioi-thieu/":
                self.assertFromCache(path)

    def test_publishing_a_news_item_purges_its_section_and_the_home_page_and_not_the_rest(self):
        self.cache_all()
        tags_before = {path: tags_of(path) for path in self.paths}
        with (
            override_settings(
                WAGTAILFRONTENDCACHE={
                    "varnish": {
                        "BACKEND": "site_kb.frontend_cache.VarnishXkeyBackend",
                        "LOCATIONS": [self.varnish.url],
                    }
                }
            ),
            self.captureOnCommitCallbacks(execute=True),
        ):
            article = make_news(self.sections["news"], 1, prefix="tin-moi")[0]
        status, _headers, body = self.assertFromApp("/")
        self.assertIn(article.title.encode(), body)
        self.assertFromApp("/tin-tuc/")
        # The org section, the registry and the first article do not show the new item.
        for path in ("/gioi-thieu/", "/van-ban/"):
            self.assertNotIn(f"p{article.pk}", tags_of(path))
            self.assertFalse(tags_before[path] & {f"l{self.sections['news'].pk}"})
            self.assertFromCache(path)

    def test_a_purge_that_came_through_another_proxy_is_refused(self):
        self.cache_all()
        status, _headers, body = self.varnish.request(
            "PURGE", "/", host=HOST, headers={"xkey-purge": "all", "X-Forwarded-For": "203.0.113.9"}
        )
        self.assertEqual(status, 403, body)
        status, _headers, _body = self.varnish.request(
            "PURGE", "/gioi-thieu/", host=HOST, headers={"X-Forwarded-For": "203.0.113.9"}
        )
        self.assertEqual(status, 403)
        for path in self.paths:
            self.assertFromCache(path)


class RefusedPurgerTests(AppBehindVarnishTestCase):
    """A Varnish whose ``acl purgers`` holds another address than this machine's."""

    varnish_options = {"purgers": ["192.0.2.10"]}

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()

    def test_purge_from_outside_the_acl_is_refused_and_recorded(self):
        self.get("/")
        status, _headers, _body = self.varnish.request("PURGE", "/", host=HOST, headers={"xkey-purge": "all"})
        self.assertEqual(status, 403)
        status, _headers, _body = self.varnish.request("PURGE", "/", host=HOST)
        self.assertEqual(status, 403)
        self.assertFromCache("/")
        # The backend does not retry a refusal, and keeps it for the IT officer.
        backend = VarnishXkeyBackend({"LOCATIONS": [self.varnish.url]})
        self.assertIsNone(backend.purge_tags([f"p{self.home.pk}"]))
        failure = CachePurgeFailure.objects.get()
        self.assertEqual((failure.location, failure.attempts), (self.varnish.url, 1))
        self.assertIn("403", failure.error)
        self.assertFromCache("/")


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=1, PAGE_CACHE_SECONDS=1)
class GraceTests(AppBehindVarnishTestCase):
    """Pages kept one second (s-maxage=1), then every app server down."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()

    def wait_until_sick(self, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            listing = self.varnish.admin("backend.list")
            if re.search(r"app1\s+\S+\s+\S+\s+sick", listing):
                return
            time.sleep(0.2)
        self.fail(f"Varnish never saw the app server down:\n{listing}")

    def test_when_every_app_server_is_down_the_last_good_page_is_served(self):
        _status, headers, body = self.assertFromApp("/tin-tuc/")
        self.assertIn("s-maxage=1", headers["cache-control"])
        fetched = time.monotonic()
        self.server_thread.terminate()
        self.wait_until_sick()
        time.sleep(max(0.0, fetched + 2.5 - time.monotonic()))  # well past the page's 1 s
        status, headers, stale_body = self.get("/tin-tuc/")
        self.assertEqual((status, headers["x-cache"]), (200, "HIT"))
        self.assertEqual(stale_body, body)
        self.assertGreaterEqual(int(headers["age"]), 2)
        # A page never fetched has no copy: a plain Vietnamese notice, not Varnish's own error page.
        status, headers, notice = self.get("/gioi-thieu/")
        self.assertEqual(status, 503)
        self.assertIn("Trang tạm thời không truy cập được", notice.decode())
        self.assertEqual(headers["retry-after"], "30")


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=1, PAGE_CACHE_SECONDS=1)
class HealthyGraceTests(AppBehindVarnishTestCase):
    """With the app server healthy, an expired page is served stale for at most 10 s."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()

    def test_an_expired_page_is_fetched_again_once_its_short_grace_is_over(self):
        self.assertFromApp("/van-ban/")
        time.sleep(2)  # expired (s-maxage=1), within the 10 s grace: the stale copy, refreshed behind
        _status, headers, _body = self.get("/van-ban/")
        self.assertEqual(headers["x-cache"], "HIT")
        for _wait in range(50):  # the background refresh reaches the app
            if ("GET", "/van-ban/") in [request[:2] for request in self.app_requests[1:]]:
                break
            time.sleep(0.1)
        else:
            self.fail("no background refresh")
        time.sleep(13)  # that refreshed copy expired 12 s ago, past the 10 s: never served again
        self.assertFromApp("/van-ban/")
