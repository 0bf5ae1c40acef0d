"""One public cache policy (issue 13.2): BasePage.apply_cache_headers, applied to every route of
every page by site_kb.wagtail_hooks, with one view-restriction query per page view, none while no
page of the install has a restriction (the SiteState knows their paths, site_kb.sites)."""

from unittest import mock

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import PageViewRestriction

from site_kb import sites
from site_kb.pages import BasePage

from ..builders import make_news, make_site


def restriction_queries(queries):
    """The queries of ``get_view_restrictions`` (the page's and its ancestors' restrictions) and of
    Wagtail's own reading of the ancestors before them, not the ``.public()`` filter of a listing
    on the page, which reads every restriction (no WHERE)."""
    return [
        query
        for query in queries
        if ('FROM "wagtailcore_pageviewrestriction"' in query["sql"] and " WHERE " in query["sql"])
        or query["sql"].startswith('SELECT "wagtailcore_page"."id", "wagtailcore_page"."alias_of_id" FROM')
    ]


class CachePolicyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.article = make_news(cls.sections["news"], 1)[0]

    def restrict_elsewhere(self):
        """A restriction on a page beside the ones read: each page view must then ask."""
        PageViewRestriction.objects.create(
            page=self.sections["org"], restriction_type=PageViewRestriction.LOGIN
        )
        self.client.get("/")  # the Sites and restrictions read again (not counted)

    def test_a_public_page_costs_one_restriction_query_and_is_cacheable(self):
        for restrictions, expected in ((False, 0), (True, 1)):
            if restrictions:
                self.restrict_elsewhere()
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(self.article.url)
            self.assertEqual(response.status_code, 200)
            self.assertIn("public", response["Cache-Control"])
            self.assertIn("max-age=", response["Cache-Control"])
            self.assertEqual(len(restriction_queries(queries.captured_queries)), expected, restrictions)

    def test_a_routable_page_route_gets_the_same_policy(self):
        for restrictions, expected in ((False, 0), (True, 1)):
            if restrictions:
                self.restrict_elsewhere()
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(self.sections["news"].url + "rss/")
            self.assertEqual(response.status_code, 200)
            self.assertIn("public", response["Cache-Control"])
            self.assertEqual(len(restriction_queries(queries.captured_queries)), expected, restrictions)

    def test_a_page_view_reads_the_sites_token_once(self):
        """Its view restrictions and its listings' public pages ask the request's SiteState, not
        the shared cache again for each call (site_kb.sites.serving)."""
        self.client.get("/")
        with mock.patch("site_kb.sites.sites_token", wraps=sites.sites_token) as token:
            self.assertEqual(self.client.get("/").status_code, 200)
        self.assertEqual(token.call_count, 1)

    def test_a_token_made_before_a_restriction_commits_is_dropped_at_commit(self):
        """Another process that read the restrictions between the save and the commit (without
        the new one) made a token of its own: the commit deletes it, so no process keeps the page
        public until the token expires."""
        with self.captureOnCommitCallbacks(execute=True):
            PageViewRestriction.objects.create(
                page=self.sections["news"], restriction_type=PageViewRestriction.LOGIN
            )
            cache.set(sites.SITES_TOKEN_KEY, "read-before-the-commit")
            self.assertEqual(cache.get(sites.SITES_TOKEN_KEY), "read-before-the-commit")
        self.assertIsNone(cache.get(sites.SITES_TOKEN_KEY))

    def test_a_restriction_set_or_lifted_is_seen_by_the_next_request(self):
        """The paths kept in the SiteState change with the restrictions: no page stays public."""
        self.assertEqual(self.client.get(self.article.url).status_code, 200)
        restriction = PageViewRestriction.objects.create(
            page=self.sections["news"], restriction_type=PageViewRestriction.LOGIN
        )
        self.assertEqual(self.client.get(self.article.url).status_code, 302)  # to the login page
        self.assertNotContains(self.client.get("/"), self.article.title)
        restriction.delete()
        self.assertEqual(self.client.get(self.article.url).status_code, 200)
        self.assertContains(self.client.get("/"), self.article.title)
        PageViewRestriction.objects.create(page=self.home, restriction_type=PageViewRestriction.LOGIN)
        self.assertEqual(self.client.get(self.article.url).status_code, 302)
        self.sections["news"].delete()  # a restricted page's removal, and of those below
        self.assertEqual(self.client.get("/").status_code, 302)

    def test_a_restricted_page_and_its_routes_are_private(self):
        restriction = PageViewRestriction.objects.create(
            page=self.sections["news"], restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(Group.objects.create(name="Nội bộ"))
        for url in (self.sections["news"].url, self.sections["news"].url + "rss/", self.article.url):
            response = self.client.get(url)
            self.assertIn("private", response["Cache-Control"], url)
            self.assertNotIn("public", response["Cache-Control"], url)

    def test_an_alias_is_protected_by_its_source_restriction(self):
        """As in Wagtail: an alias and the pages below it are private when the page it copies is."""
        alias = self.sections["news"].create_alias(
            recursive=True, parent=self.home, update_slug="tin-tuc-ban-sao"
        )
        alias_article = alias.get_children().get()
        self.assertEqual(self.client.get(alias.url).status_code, 200)
        restriction = PageViewRestriction.objects.create(
            page=self.sections["news"], restriction_type=PageViewRestriction.LOGIN
        )
        for page in (alias, alias_article):
            response = self.client.get(page.url)
            self.assertEqual(response.status_code, 302, page.url)  # to the login page
            self.assertIn("private", response["Cache-Control"], page.url)
            self.assertEqual(list(page.get_view_restrictions()), [restriction])
        self.assertEqual(list(self.home.get_view_restrictions()), [])

    def test_no_page_type_overrides_serve_to_reapply_the_headers(self):
        def subclasses(cls):
            for sub in cls.__subclasses__():
                yield sub
                yield from subclasses(sub)

        routable = [model for model in subclasses(BasePage) if issubclass(model, RoutablePageMixin)]
        self.assertTrue(routable)
        for model in routable:
            self.assertIs(model.serve, RoutablePageMixin.serve, model)
        self.assertNotIn("serve", BasePage.__dict__)
