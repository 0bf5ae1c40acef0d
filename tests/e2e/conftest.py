"""Real-browser tests: Debian's Chromium driven by Playwright against Django's live server.

``browser`` is one headless Chromium per test module. ``BrowserTestCase`` (a TestCase with a live
server on the test's own transaction) hands it to its tests; ``self.new_page()`` opens a tab whose ``page.problems`` collects what
the browser itself reports while the test runs: every console message, every uncaught script
error and every Content Security Policy violation, from the page and from its frames (the admin's
preview). A test ends with ``page.problems.assert_none()``. ``self.admin_page()`` is such a tab
signed in to /admin/ as a superuser through the login form.

Chromium is the Debian package (``apt-get install chromium``; .ci/run installs it): Playwright's
own browser download is never used. Without /usr/bin/chromium these tests are skipped, saying so.
The whole package runs in one pytest-xdist worker (tests/conftest.py): one Chromium at a time.

``DemoSiteTestCase`` adds the demo content (``seed_demo``, once per class) and the demo accounts:
``self.login_as("bientap")`` is a tab signed in as that role. ``self.phone_page()`` is a 390×844
touch screen. ``axe_violations(page)`` runs axe-core (bundled by axe-playwright-python) and
``page_width(page)`` measures sideways scrolling. When a test fails, a screenshot and the HTML of
every tab it opened are kept under ``test-results/e2e/<test>/`` (CI keeps that folder).
"""

import io
import os
import re
import threading
import unittest
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.test import TestCase, override_settings

from wagtail.models import Site

import pytest

from tests.live_server import SharedConnectionServerThread, start_on_shared_connections

CHROMIUM = Path(os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium"))
PASSWORD = "mat-khau-trinh-duyet-1234"  # noqa: S105
TIMEOUT_MS = 20_000
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results" / "e2e"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}

# Runs in every document and frame before the page's own scripts: CSP violations are events of
# the document, which the console shows only as text; here each is reported to Python with its
# directive and what was blocked.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.reportCspViolation({
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        source: `${event.sourceFile}:${event.lineNumber}`,
        sample: event.sample,
        page: document.location.href,
    });
});
"""


class BrowserProblems:
    """What the browser reported during a test: console messages, script errors, CSP violations."""

    def __init__(self):
        self.console = []
        self.errors = []
        self.violations = []

    def watch(self, page):
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.errors.append(f"{error} ({page.url})"))

    def on_console(self, message):
        # "verbose" is Chromium's own advice on markup (autocomplete hints on Wagtail's login form),
        # not something a page logged or a failure; nor is the 404 of the icon Chromium asks every
        # site for (the site declares none). Every other message counts.
        url = message.location.get("url", "")
        if message.type != "verbose" and not url.endswith("/favicon.ico"):
            self.console.append(f"{message.type}: {message.text} ({message.location.get('url')})")

    def all(self):
        return [*self.violations, *self.errors, *self.console]

    def assert_none(self):
        assert self.all() == [], "\n".join(map(str, self.all()))


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for a test module."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's Chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API keeps an event loop in this thread; Django's guard against ORM
    # calls from async code would refuse the tests' own database work (builders, assertions).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--disable-gpu"])
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class OneRequestAtATime(SharedConnectionServerThread):
    """Django's live server, serving one request at a time on the test's own database connection:
    what the test wrote inside its transaction is what the browser sees, and the transaction is
    rolled back afterwards like any TestCase's, with no flush of the database."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Held while a request runs: a test waits on it before its transaction is rolled back, so
        # a request still running from a closed tab (an autosave) cannot land in the class's own
        # transaction and break it (PostgreSQL refuses every later query after an error).
        self.request_lock = threading.Lock()
        # False between two tests: a request a tab sent just before it was closed may still wait
        # in the socket's backlog; it is answered 503 without touching the database, or it would
        # run while the test's transaction rolls back (seen: the next test's setUp found the
        # class's transaction broken).
        self.serving = True

    def wrap(self, app):
        def serve(environ, start_response):
            with self.request_lock:
                if not self.serving:
                    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                    return [b"between two tests"]
                return app(environ, start_response)

        return serve


class BrowserTestCase(TestCase):
    """A live server on the test's transaction (static files through the finders) and the
    module's Chromium."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server_thread = start_on_shared_connections(cls, OneRequestAtATime, "localhost")
        cls.live_server_url = f"http://localhost:{cls.server_thread.port}"

    @pytest.fixture(autouse=True)
    def _chromium(self, browser):
        self.browser = browser
        self.contexts = []

    def _callSetUp(self):
        # unittest's own hook around setUp, whatever a subclass's setUp calls.
        self.server_thread.serving = True
        super()._callSetUp()

    def _callTestMethod(self, method):
        # unittest's own hook around the test method alone: in tearDown the outcome reads as
        # success again, so a failure is caught here, while the tabs are still open.
        try:
            super()._callTestMethod(method)
        except unittest.SkipTest:
            raise
        except BaseException:
            self.keep_artifacts()
            raise

    def tearDown(self):
        # Before the transaction is rolled back: an open tab could still call the server (the
        # preview's refresh, the editor's session ping).
        for context in self.contexts:
            context.close()
        with self.server_thread.request_lock:  # a request already under way finishes first
            self.server_thread.serving = False  # and none still queued reaches the database
        super().tearDown()

    def keep_artifacts(self):
        """A failed test leaves a screenshot and the HTML of each open tab for whoever reads CI."""
        folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", self.id())
        folder.mkdir(parents=True, exist_ok=True)
        number = 0
        for context in self.contexts:
            for page in context.pages:
                number += 1
                try:
                    page.screenshot(path=folder / f"tab{number}.png", full_page=True)
                    (folder / f"tab{number}.html").write_text(f"<!-- {page.url} -->\n{page.content()}")
                except Exception as error:  # a crashed tab must not hide the test's own failure
                    (folder / f"tab{number}.txt").write_text(f"{page.url}: {error}")

    def new_page(self, **options):
        """A new tab with its own cookies, ``page.problems`` watching it. ``options`` go to
        Playwright's ``new_context`` (viewport, is_mobile…)."""
        context = self.browser.new_context(
            base_url=self.live_server_url, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **options
        )
        self.contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        problems = BrowserProblems()
        context.expose_function("reportCspViolation", lambda violation: problems.violations.append(violation))
        context.add_init_script(REPORT_VIOLATIONS)
        page = context.new_page()
        problems.watch(page)
        page.problems = problems
        return page

    def admin_page(self, username="quantri.trinhduyet"):
        """A tab signed in to the admin as a new superuser, through its login form."""
        user = get_user_model().objects.create_superuser(username, f"{username}@truong.test", PASSWORD)
        return self.login(user.username, PASSWORD)

    def phone_page(self):
        """A tab on a 390×844 phone screen (the readers' usual screen)."""
        return self.new_page(**PHONE)

    def login(self, username, password, **options):
        """A tab signed in to the admin through its login form."""
        page = self.new_page(**options)
        page.goto("/admin/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/")
        return page


class DemoSiteTestCase(BrowserTestCase):
    """The demo site (``seed_demo``: sections, schools, news, documents, the demo accounts) on the
    live server; ``self.login_as("daumoi.thcsbasao")`` signs in as one of its roles."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with override_settings(DEBUG=True):  # seed_demo refuses with DEBUG off
            call_command("seed_demo", stdout=io.StringIO())

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The demo's Sites (the authority on localhost, three schools on *.localhost) carry the
        # port of `make run`; here they carry the live server's, so the absolute links Wagtail
        # writes between sites (and the 301s to a school's own address) reach this server.
        Site.objects.update(port=cls.server_thread.port)
        Site.clear_site_root_paths_cache()
        cache.clear()

    def login_as(self, username, **options):
        from demo.content import DEMO_PASSWORD

        return self.login(username, DEMO_PASSWORD, **options)


def axe_violations(page, impacts=("serious", "critical")):
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, of the given impacts:
    ``[(rule id, impact, help, [targets])]``. The script is injected by Playwright, so it runs
    whatever the page's Content Security Policy says."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    )
    return [
        (v["id"], v["impact"], v["help"], [node["target"] for node in v["nodes"]])
        for v in results.response["violations"]
        if impacts is None or v["impact"] in impacts
    ]


def page_width(page):
    """How wide the page is drawn, in CSS pixels: wider than the viewport means sideways scrolling."""
    return page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
