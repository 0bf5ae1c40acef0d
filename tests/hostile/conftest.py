"""The hostile-input suite's shared site: the demo content, seeded once, and one account per role.

The demo site is built inside one transaction that is rolled back right after the last test
that uses it, so the rest of the suite (and this package's live-server tests) still start from an
empty database. Each test runs in a savepoint inside it (pytest-django's ``db``), so what one
test stores is gone for the next. Under pytest-xdist the whole package runs in one worker, in
this order (tests/conftest.py), and that worker sends its counts to the controller, which prints
them (report.py).
"""

import io

import pytest

from .report import STATS

ROLE_NAMES = (
    "contact_a",
    "principal_a",
    "contact_b",
    "principal_b",
    "board",
    "leadership",
    "it_officer",
    "staff",
)


class SeededSite:
    """The transaction holding the demo site: opened by the fixture, closed (rolled back) right
    after the last test that uses it, so tests that need a clean, committed database (live
    servers, TransactionTestCase) can run after it in the same package."""

    def __init__(self):
        self.atomic = None
        self.blocker = None
        self.last_user = None  # node id of the last collected test that uses the site

    def begin(self, blocker):
        from django.core.management import call_command
        from django.db import transaction
        from django.test import override_settings

        self.blocker = blocker
        with blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            with STATS.timer("seed"):
                with override_settings(DEBUG=True):  # seed_demo refuses with DEBUG off
                    call_command("seed_demo", stdout=io.StringIO())
                serve_every_page_at_the_authority()
                return build_accounts()

    def end(self):
        if self.atomic is None:
            return
        from django.db import transaction

        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None


SEEDED = SeededSite()


def serve_every_page_at_the_authority():
    """The demo's member sites (issue 16) answer on their own hosts and the authority's address of
    their pages answers 301 there. The crawl and the hostile requests go to the test client's one
    host, so here every page is served at the authority's address again: the same page types,
    forms and parameters (a school's Art. 9 pages included) get the same inputs. The addresses
    themselves (canonical links, 301s, unknown hosts) are tested in tests/site_kb/test_member_sites.py
    and tests/site_kb/test_hosts.py."""
    from django.core.cache import cache

    from wagtail.models import Site

    Site.objects.filter(is_default_site=False).delete()
    Site.clear_site_root_paths_cache()
    cache.clear()


@pytest.fixture(scope="package")
def hostile_site(django_db_setup, django_db_blocker):
    """The seeded demo site and the accounts of every role, as a dict."""
    site = SEEDED.begin(django_db_blocker)
    yield site
    SEEDED.end()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    """Remember the last test using the site (after pytest-django has put the tests in order)."""
    users = [item for item in items if "hostile_site" in getattr(item, "fixturenames", ())]
    SEEDED.last_user = users[-1].nodeid if users else None


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """Close the site's transaction once its last test (and that test's module fixtures) are done."""
    if item.nodeid == SEEDED.last_user:
        SEEDED.end()


def build_accounts():
    from django.contrib.auth import get_user_model

    from wagtail.models import Site

    from editorial.models import SchoolAccess
    from editorial.roles import setup_roles
    from schools.models import SchoolPage

    groups = setup_roles()
    home = Site.objects.get(is_default_site=True).root_page.specific
    schools = list(SchoolPage.objects.live().descendant_of(home).order_by("path")[:2])
    access_a, access_b = (SchoolAccess.objects.get(school=school) for school in schools)
    User = get_user_model()

    def account(username, *member_of, superuser=False):
        user = User.objects.create_user(
            username, f"{username}@hostile.test", "pw", first_name=username, is_superuser=superuser
        )
        user.groups.add(*member_of)
        return user

    users = {
        "contact_a": account("hx_contact_a", access_a.contact_group),
        "principal_a": account("hx_principal_a", access_a.principal_group),
        "contact_b": account("hx_contact_b", access_b.contact_group),
        "principal_b": account("hx_principal_b", access_b.principal_group),
        "board": account("hx_board", groups["board"]),
        "leadership": account("hx_leadership", groups["leadership"]),
        "it_officer": account("hx_it_officer", groups["it_officer"]),
        "staff": account("hx_staff", groups["office_staff"]),
        "superuser": account("hx_superuser", superuser=True),
    }
    return {"home": home, "school_a": schools[0], "school_b": schools[1], "users": users, "groups": groups}


def pytest_sessionfinish(session):
    """Under pytest-xdist the counts live in the worker that ran this package: send them along."""
    if hasattr(session.config, "workeroutput") and (STATS.requests or STATS.seconds):
        session.config.workeroutput["hostile_stats"] = STATS.as_plain_data()
