"""The page cache's hit before Django (issue 17, part 3): ``site_kb.wsgi``'s application answers a
stored page without Django's handler, with the miss's status, body and headers (Date and X-Cache
aside), and lets Django answer everything the middleware would refuse, redirect or personalise.

Each request is a real WSGI call with a real environ on the application production serves
(``CachedPagesApplication`` around Django's ``WSGIHandler``); a counter between the two says
whether Django was asked. The budget test runs against a private Redis, as production does.
"""

import contextlib
import io
import tempfile
import time
from unittest import mock

from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import TestCase, override_settings

from wagtail.models import Site

import redis

from feedback.models import FeedbackPage
from site_kb import cache_tags, page_cache, wsgi
from site_kb.cache_tags import invalidate_page_cache
from site_kb.models import HostRedirect
from site_kb.page_cache import CachedPagesApplication
from site_kb.sites import forget_sites

from ..builders import make_news, make_site, make_superuser, publish
from ..support import servers

VOLATILE_HEADERS = {"date", "x-cache"}


@contextlib.contextmanager
def connection_kept():
    """Django closes a connection whose autocommit differs from the settings' at each request's
    start and end, which would end the test's transaction: the test client disconnects that
    receiver around its requests, and so does this."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


class CountingDjango:
    """Django's WSGI handler, counting the requests it is asked."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.handler(environ, start_response)


def environ_for(path, *, method="GET", host="localhost", query="", cookies=None, body=b"", **extra):
    environ = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "CONTENT_LENGTH": str(len(body)) if body else "",
        **extra,
    }
    if cookies:
        environ["HTTP_COOKIE"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    return environ


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.status_code = int(status.split(" ", 1)[0])
        self.headers = headers
        self.body = body
        self.text = body.decode("utf-8", "replace")

    def header(self, name, default=None):
        return next((value for key, value in self.headers if key.lower() == name.lower()), default)

    def stable_headers(self):
        return [(name, value) for name, value in self.headers if name.lower() not in VOLATILE_HEADERS]


def call(application, path, **options):
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"], started["headers"] = status, headers

    with connection_kept():
        iterable = application(environ_for(path, **options), start_response)
        try:
            body = b"".join(iterable)
        finally:
            if hasattr(iterable, "close"):
                iterable.close()
    return Answer(started["status"], started["headers"], body)


@override_settings(DJANGO_PAGE_CACHE=True)
class HitsBeforeDjangoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.news = make_news(cls.sections["news"], 2)
        cls.feedback = publish(cls.home, FeedbackPage(title="Hỏi đáp – Góp ý", slug="hoi-dap"))

    def setUp(self):
        cache.clear()
        self.django = CountingDjango()
        self.application = CachedPagesApplication(self.django)

    def get(self, path, **options):
        return call(self.application, path, **options)

    def assert_from_django(self, path, **options):
        before = self.django.calls
        answer = self.get(path, **options)
        self.assertEqual(self.django.calls, before + 1, f"{path} was not answered by Django")
        self.assertNotEqual(answer.header("X-Cache"), "HIT")
        return answer

    def test_production_serves_the_wrapped_application(self):
        self.assertIsInstance(wsgi.application, CachedPagesApplication)
        self.assertIsInstance(wsgi.application.application, WSGIHandler)

    def test_a_hit_is_the_miss_without_django(self):
        url = self.news[0].url
        miss = self.get(url)
        self.assertEqual(miss.header("X-Cache"), "MISS")
        hit = self.get(url)
        self.assertEqual(self.django.calls, 1)  # the hit never reached Django
        self.assertEqual(hit.header("X-Cache"), "HIT")
        self.assertEqual(hit.status, miss.status)
        self.assertEqual(hit.body, miss.body)
        self.assertEqual(hit.stable_headers(), miss.stable_headers())
        names = {name.lower() for name, _value in hit.headers}
        for header in ("content-security-policy", "permissions-policy", "x-frame-options", "xkey", "vary"):
            self.assertIn(header, names)
        self.assertIn("public", hit.header("Cache-Control"))

    def test_a_head_gets_the_gets_headers_without_the_body(self):
        url = self.news[0].url
        miss = self.get(url)
        head = self.get(url, method="HEAD")
        self.assertEqual(self.django.calls, 1)
        self.assertEqual(head.body, b"")
        self.assertEqual(head.stable_headers(), miss.stable_headers())
        self.assertEqual(head.header("Content-Length"), str(len(miss.body)))

    def test_a_logged_in_editor_gets_their_own_page(self):
        url = self.news[1].url
        self.get(url)
        self.assertEqual(self.get(url).header("X-Cache"), "HIT")
        self.client.force_login(make_superuser())
        session = {"sessionid": self.client.cookies["sessionid"].value}
        for _ in range(2):
            answer = self.assert_from_django(url, cookies=session)
            self.assertEqual(answer.status_code, 200)
            self.assertIsNone(answer.header("X-Cache"))
            self.assertIn("private", answer.header("Cache-Control"))
            self.assertIn("wagtail-userbar", answer.text)  # the editor's own page, with the admin bar
        self.assertNotIn("wagtail-userbar", self.get(url).text)  # the readers' copy is untouched

    def test_a_message_waiting_goes_to_django(self):
        url = self.news[1].url
        self.get(url)
        self.assertIsNone(
            self.assert_from_django(url, cookies={"messages": "a-signed-message"}).header("X-Cache")
        )

    def test_a_form_with_a_csrf_token_is_never_stored(self):
        for _ in range(2):
            answer = self.assert_from_django(self.feedback.url)
            self.assertEqual(answer.status_code, 200)
            self.assertIn("csrfmiddlewaretoken", answer.text)
            self.assertIsNone(answer.header("X-Cache"))
            self.assertNotIn("public", answer.header("Cache-Control"))

    def test_a_post_the_admin_and_a_preview_link_go_to_django(self):
        url = self.news[0].url
        self.get(url)
        post = self.assert_from_django(
            url,
            method="POST",
            body=b"a=1",
            CONTENT_TYPE="application/x-www-form-urlencoded",
        )
        self.assertNotEqual(post.header("X-Cache"), "HIT")
        admin = self.assert_from_django("/admin/")
        self.assertEqual(admin.status_code, 302)
        self.assertIn("/admin/login/", admin.header("Location"))
        for _ in range(2):
            link = self.assert_from_django("/xem-truoc/khong-co-that/")
            self.assertIsNone(link.header("X-Cache"))

    def test_a_publish_makes_the_next_request_a_miss_with_the_new_content(self):
        article = self.news[0]
        self.get(article.url)
        self.assertEqual(self.get(article.url).header("X-Cache"), "HIT")
        article.title = "Tin đã sửa tiêu đề"
        with self.captureOnCommitCallbacks(execute=True):
            article.save_revision().publish()
        fresh = self.assert_from_django(article.url)
        self.assertEqual(fresh.header("X-Cache"), "MISS")
        self.assertIn("Tin đã sửa tiêu đề", fresh.text)

    def test_a_host_no_longer_allowed_gets_400_not_the_stored_page(self):
        url = self.news[0].url
        self.get(url, host="cu.localhost")
        self.assertEqual(self.get(url, host="cu.localhost").header("X-Cache"), "HIT")
        with override_settings(ALLOWED_HOSTS=["localhost"]):
            refused = self.assert_from_django(url, host="cu.localhost")
        self.assertEqual(refused.status_code, 400)

    def test_an_old_hostname_redirects_even_with_a_page_stored_under_it(self):
        """A school's pages were stored under its address; the school moves to a new one and
        the old name becomes a redirect: the stored pages are never served under the old name."""
        url = self.news[0].url
        self.get(url, host="truong-cu.localhost")
        self.assertEqual(self.get(url, host="truong-cu.localhost").header("X-Cache"), "HIT")
        HostRedirect.objects.create(
            hostname="truong-cu.localhost", site=Site.objects.get(is_default_site=True)
        )
        for _ in range(2):  # the Sites read again, then from this process's state
            moved = self.assert_from_django(url, host="truong-cu.localhost", query="a=1")
            self.assertEqual(moved.status_code, 301)
            moved = self.assert_from_django(url, host="truong-cu.localhost")
            self.assertEqual(moved.status_code, 301)
            self.assertEqual(moved.header("Location"), f"http://localhost{url}")

    @override_settings(SITE_HOSTS_FROM_DATABASE=True)
    def test_a_host_whose_site_is_gone_gets_400_not_the_stored_page(self):
        url = self.news[0].url
        self.get(url)
        self.assertEqual(self.get(url).header("X-Cache"), "HIT")
        Site.objects.filter(is_default_site=True).update(hostname="moi.localhost")
        Site.objects.get(is_default_site=True).save()  # as the admin saves it: the Sites' token goes
        for _ in range(2):
            refused = self.assert_from_django(url)
            self.assertEqual(refused.status_code, 400)

    def test_plain_http_is_redirected_to_https_as_before(self):
        url = self.news[0].url
        secure = {"HTTP_X_FORWARDED_PROTO": "https"}
        with override_settings(
            SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
        ):
            self.django = CountingDjango()  # SecurityMiddleware reads its settings when loaded
            self.application = CachedPagesApplication(self.django)
            self.get(url, **secure)
            self.assertEqual(self.get(url, **secure).header("X-Cache"), "HIT")
            redirected = self.assert_from_django(url)
        self.assertEqual(redirected.status_code, 301)
        self.assertEqual(redirected.header("Location"), f"https://localhost{url}")

    def test_a_request_in_another_charset_is_refused_as_before(self):
        url = self.news[0].url
        self.get(url)
        refused = self.assert_from_django(url, CONTENT_TYPE="text/plain; charset=utf-7")
        self.assertEqual(refused.status_code, 400)


class CountingConnection(redis.Connection):
    """A Redis connection counting the round trips it starts (one per command or pipeline sent)."""

    sent = 0

    def send_packed_command(self, command, check_health=True):
        CountingConnection.sent += 1
        return super().send_packed_command(command, check_health)


class PrivateRedisTestCase(TestCase):
    """A Redis of the class's own, counting the round trips sent to it (``private_redis``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.redis_folder = tempfile.TemporaryDirectory()
        cls.addClassCleanup(cls.redis_folder.cleanup)
        try:
            cls.redis_url = cls.enterClassContext(servers.redis_server(cls.redis_folder.name))
        except FileNotFoundError as missing:
            raise AssertionError(str(missing)) from missing

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.news = make_news(cls.sections["news"], 3)

    def private_redis(self):
        return override_settings(
            CACHES={
                "default": {
                    "BACKEND": "site_kb.redis_cache.RedisCache",
                    "LOCATION": self.redis_url,
                    "KEY_PREFIX": "budget",
                    "OPTIONS": {"connection_class": CountingConnection},
                }
            }
        )


class HitBudgetTests(PrivateRedisTestCase):
    """A hit costs one Redis round trip (two the first time a process meets the page) and no SQL
    query, whatever the number of its tags."""

    def test_a_hit_costs_one_round_trip_and_no_query(self):
        with self.private_redis(), override_settings(DJANGO_PAGE_CACHE=True):
            django = CountingDjango()
            application = CachedPagesApplication(django)
            urls = [page.url for page in (self.home, self.sections["news"], self.news[0])]
            for number, url in enumerate(urls, start=1):
                miss = call(application, url)
                self.assertEqual(miss.header("X-Cache"), "MISS")
                self.assertGreater(len(miss.header("xkey").split()), 3)
                CountingConnection.sent = 0
                with self.assertNumQueries(0):
                    hit = call(application, url)
                self.assertEqual(hit.header("X-Cache"), "HIT")
                self.assertEqual(django.calls, number)  # the misses only
                self.assertEqual(CountingConnection.sent, 1, url)  # entry, Sites token, tags: one MGET
            page_cache._expected_tags.clear()  # a process that did not store them (another server's)
            for url in urls:
                CountingConnection.sent = 0
                self.assertEqual(call(application, url).header("X-Cache"), "HIT")
                self.assertEqual(CountingConnection.sent, 2, url)  # the entry's tags read once more
                CountingConnection.sent = 0
                self.assertEqual(call(application, url).header("X-Cache"), "HIT")
                self.assertEqual(CountingConnection.sent, 1, url)

    def test_a_value_kept_by_tag_costs_one_round_trip(self):
        """The chrome's fragments and the kept lists (``page_cache.kept``) are read like a hit: the
        value and its tags' purge records in one MGET, two the first time."""
        built = []

        def build():
            built.append(1)
            return "<nav>…</nav>", [f"p{self.home.pk}", "s1", "menu"]

        with self.private_redis():
            self.assertEqual(page_cache.kept("budget:nav", build)[0], "<nav>…</nav>")
            page_cache._expected_tags.clear()  # stored by another process
            CountingConnection.sent = 0
            self.assertEqual(page_cache.kept("budget:nav", build)[0], "<nav>…</nav>")
            self.assertEqual(CountingConnection.sent, 2)
            for _request in range(3):
                CountingConnection.sent = 0
                self.assertEqual(page_cache.kept("budget:nav", build)[0], "<nav>…</nav>")
                self.assertEqual(CountingConnection.sent, 1)
            self.assertEqual(len(built), 1)
            # A purge of one of its tags is seen at the next read, still in one round trip.
            invalidate_page_cache(["menu"])
            CountingConnection.sent = 0
            page_cache.kept("budget:nav", build)
            self.assertEqual(len(built), 2)

    def test_the_redis_client_is_built_once_per_backend(self):
        """Django's own backend builds a redis.Redis (and its table of response callbacks) for
        every command; ours keeps one (site_kb.redis_cache)."""
        with (
            self.private_redis(),
            mock.patch.object(
                redis.Redis, "__init__", autospec=True, side_effect=redis.Redis.__init__
            ) as built,
        ):
            for number in range(5):
                cache.set(f"budget:{number}", number)
                self.assertEqual(cache.get(f"budget:{number}"), number)
            page_cache.read_many(["budget:1", "budget:2"])
            self.assertEqual(built.call_count, 1)


class LocalCopiesTests(PrivateRedisTestCase):
    """The pages a process lately answered, kept in its memory (page_cache.LocalCopies): no round
    trip for a hit while nothing was purged, a purge seen at once in the process that made it and
    within ``PAGE_CACHE_LOCAL_SECONDS`` in any other, bounded in bytes and in time."""

    def setUp(self):
        super().setUp()
        self.enterContext(self.private_redis())
        self.enterContext(override_settings(DJANGO_PAGE_CACHE=True, PAGE_CACHE_LOCAL_SECONDS=0.1))
        cache.clear()  # the class's Redis: nothing from an earlier test
        self.django = CountingDjango()
        self.application = CachedPagesApplication(self.django)
        self.clock = 1000.0
        self.enterContext(mock.patch.object(page_cache.time, "monotonic", lambda: self.clock))

    def copied(self, url):
        """Served until it is a copy: the miss, the first hit (it puts the purges token), the second
        (it is copied)."""
        for _attempt in range(3):
            call(self.application, url)
        return call(self.application, url)

    def test_a_copy_is_served_without_a_round_trip(self):
        url = self.news[0].url
        stored = self.copied(url)
        CountingConnection.sent = 0
        with self.assertNumQueries(0):
            for _request in range(5):
                hit = call(self.application, url)
                self.assertEqual((hit.header("X-Cache"), hit.body), ("HIT", stored.body))
        self.assertEqual(CountingConnection.sent, 0)
        head = call(self.application, url, method="HEAD")
        self.assertEqual((head.header("X-Cache"), head.body), ("HIT", b""))
        # After the interval, one small round trip asks whether anything was purged.
        self.clock += 0.2
        CountingConnection.sent = 0
        self.assertEqual(call(self.application, url).header("X-Cache"), "HIT")
        self.assertEqual(CountingConnection.sent, 1)

    def test_a_publish_in_this_process_is_seen_at_once(self):
        article = self.news[0]
        self.copied(article.url)
        self.copied("/")
        article.title = "Tiêu đề mới trong tiến trình này"
        with self.captureOnCommitCallbacks(execute=True):
            article.save_revision().publish()
        home = call(self.application, "/")
        self.assertNotEqual(home.header("X-Cache"), "HIT")
        self.assertIn(article.title, home.text)

    def test_a_purge_by_another_app_server_is_seen_within_the_interval(self):
        url = self.news[0].url
        self.copied(url)
        calls = self.django.calls
        # Another process purges: the tags' records and the token, without this process knowing.
        tags = call(self.application, url).header("xkey")  # the entry's own tags (kept headers)
        with mock.patch.object(cache_tags, "note_local_change"):
            invalidate_page_cache(tags.split())
        self.assertEqual(call(self.application, url).header("X-Cache"), "HIT")  # its copy, for now
        self.assertEqual(self.django.calls, calls)
        self.clock += 0.1
        self.assertNotEqual(call(self.application, url).header("X-Cache"), "HIT")
        self.assertEqual(self.django.calls, calls + 1)

    def test_a_change_of_the_sites_is_seen_at_once(self):
        url = self.news[0].url
        self.copied(url)
        calls = self.django.calls
        Site.objects.filter(is_default_site=True).update(site_name="Tên mới")
        forget_sites()
        call(self.application, url)
        self.assertEqual(self.django.calls, calls + 1)

    def test_the_copies_keep_within_their_bytes_the_least_recently_served_dropped(self):
        urls = [self.home.url, self.sections["news"].url, self.news[0].url]
        sizes = {}
        for url in urls:
            sizes[url] = len(self.copied(url).body)
        limit = sizes[urls[1]] + sizes[urls[2]] + 3000
        with override_settings(PAGE_CACHE_LOCAL_BYTES=limit):
            page_cache.local_copies.clear()
            for url in urls:
                self.copied(url)
            self.assertLessEqual(page_cache.local_copies.size, limit)
            self.assertEqual(list(page_cache.local_copies.copies), [entry_key_of(url) for url in urls[1:]])

    def test_a_copy_lives_no_longer_than_its_entry(self):
        url = self.news[0].url
        self.copied(url)
        later = time.time() + 601  # PAGE_CACHE_SECONDS after its rendering, and a second
        with mock.patch.object(page_cache.time, "time", lambda: later):
            CountingConnection.sent = 0
            call(self.application, url)
            self.assertGreater(CountingConnection.sent, 0)  # not the copy: the shared cache was asked

    def test_off_with_zero_seconds(self):
        with override_settings(PAGE_CACHE_LOCAL_SECONDS=0):
            self.copied(self.news[0].url)
            self.assertEqual(len(page_cache.local_copies.copies), 0)


def entry_key_of(url):
    return page_cache.entry_key(WSGIRequest(environ_for(url)))
