"""The app behind a real Varnish, for tests/varnish (issue 17, part 2).

``AppBehindVarnishTestCase`` is a TestCase whose class starts Django's live server on the test's
own database connection (what the test wrote in its transaction is what the app serves, rolled
back afterwards, no flush) and ``tests.support.varnish.Varnish`` in front of it. The server
handles one request at a time and writes down each request that reached the app
(``self.app_requests``: method, path with query, Cookie header), so a test tells a cache hit from
a request the app answered. Varnish probes ``/healthz/live/`` as in production (the first
middleware answers it without the database), so a probe never runs a query while the test thread
does.
"""

import threading

from django.test import TestCase

from tests.live_server import SharedConnectionServerThread, start_on_shared_connections
from tests.support.varnish import Varnish

PROBE_PATH = "/healthz/live/"
HOST = "localhost"  # tests.builders.make_site's Site


class RecordingServerThread(SharedConnectionServerThread):
    """Django's live server on the test's connections, one request at a time, each recorded."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lock = threading.Lock()
        self.requests = []

    def wrap(self, app):
        def serve(environ, start_response):
            with self.lock:
                path = environ.get("PATH_INFO", "")
                if environ.get("QUERY_STRING"):
                    path += "?" + environ["QUERY_STRING"]
                if path != PROBE_PATH:
                    self.requests.append((environ["REQUEST_METHOD"], path, environ.get("HTTP_COOKIE", "")))
                return app(environ, start_response)

        return serve


class AppBehindVarnishTestCase(TestCase):
    """See the module docstring. ``varnish_options``: more arguments for ``Varnish``."""

    varnish_options = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server_thread = start_on_shared_connections(cls, RecordingServerThread, "127.0.0.1")
        options = {"probe_url": PROBE_PATH, "probe_host": HOST, **cls.varnish_options}
        cls.varnish = Varnish([("127.0.0.1", cls.server_thread.port)], **options)
        cls.varnish.start()
        cls.addClassCleanup(cls.varnish.stop)

    def setUp(self):
        super().setUp()
        # Nothing cached from an earlier test: every object of the cache dropped.
        self.varnish.admin("ban", "req.url", "~", ".")
        self.server_thread.requests.clear()

    @property
    def app_requests(self):
        return list(self.server_thread.requests)

    def get(self, path, headers=None, method="GET"):
        return self.varnish.request(method, path, host=HOST, headers=headers)

    def assertFromCache(self, path, headers=None, method="GET"):
        """``path`` answered by Varnish alone: X-Cache HIT and the app not asked."""
        before = len(self.server_thread.requests)
        status, response_headers, body = self.get(path, headers, method)
        self.assertEqual(response_headers.get("x-cache"), "HIT", (path, status, response_headers))
        self.assertEqual(self.app_requests[before:], [], path)
        return status, response_headers, body

    def assertFromApp(self, path, headers=None, method="GET"):
        """``path`` answered by the app (a miss or a pass): returns status, headers, body."""
        before = len(self.server_thread.requests)
        status, response_headers, body = self.get(path, headers, method)
        self.assertNotEqual(response_headers.get("x-cache"), "HIT", (path, status, response_headers))
        self.assertEqual([request[:2] for request in self.app_requests[before:]], [(method, path)])
        return status, response_headers, body
