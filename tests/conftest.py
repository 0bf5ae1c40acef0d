import pytest

HOSTILE = "tests/hostile/"
BROWSER = "tests/e2e/"  # one Chromium at a time: the package stays in one worker


def pytest_addoption(parser, pluginmanager):
    """With pytest-xdist turned off (``-p no:xdist``), accept and ignore the ``-n`` and ``--dist``
    that pyproject.toml's addopts pass, so the suite runs in this one process."""
    if not pluginmanager.hasplugin("xdist"):
        group = parser.getgroup("xdist", "pytest-xdist turned off: these are ignored")
        # _addoption: pytest keeps lowercase short options for plugins; this one stands in for xdist's
        group._addoption("-n", "--numprocesses", dest="numprocesses", default=None)
        group.addoption("--dist", dest="dist", default="no")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Share the tests among pytest-xdist's workers (``-n auto --dist loadscope`` in pyproject.toml)
    so that what shares a setup runs in one worker and is set up once: a test class (its
    ``setUpTestData``), a module of test functions (its module fixtures) and, as one unit, the
    whole hostile package: its demo site is seeded once and held open in one transaction until
    its last test, with the package's live-server tests after that (tests/hostile/conftest.py);
    and the browser package, so that one Chromium runs at a time (tests/e2e/conftest.py).

    (xdist's own ``--dist loadscope`` cannot do the last: it renames the tests' ``_nodeid``,
    which pytest 9.2 no longer reads.)
    """
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class HostilePackageTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            for package in (HOSTILE, BROWSER):
                if nodeid.startswith(package):
                    return package
            return super()._split_scope(nodeid)

    return HostilePackageTogether(config, log)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """The controller gathers the hostile suite's counts from the worker that ran it."""
    from .hostile.report import STATS

    data = getattr(node, "workeroutput", {}).get("hostile_stats")
    if data:
        STATS.add(data)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """The hostile suite's report, printed by the process that prints the results."""
    from .hostile.report import write_summary

    write_summary(terminalreporter)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (site settings, renditions, rate limits, the page
    cache's copies in the process) and no search counted by an earlier one: those would be written
    into this test's transaction by whatever request ends next, perhaps a live server's thread
    while the test's own thread uses the same connection (tests/varnish: "connection pointer is
    NULL")."""
    from django.core.cache import cache

    from search import hits
    from site_kb.page_cache import local_copies

    cache.clear()
    hits.discard()
    local_copies.clear()
    yield
    cache.clear()
    hits.discard()
    local_copies.clear()


@pytest.fixture(autouse=True, scope="session")
def _url_conf_as_configured():
    """Load the URL conf with the test settings (DEBUG off) before any test overrides DEBUG.

    Demo seeding runs under ``override_settings(DEBUG=True)`` (seed_demo refuses otherwise); a URL
    conf first imported there would keep the development-only static and media routes for the
    whole run, and the hostile suite would probe a route production never has.
    """
    from importlib import import_module

    from django.conf import settings

    import_module(settings.ROOT_URLCONF)
