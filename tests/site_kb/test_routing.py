"""Routing from the address in one query (site_kb.routing, issue 17): the page, route and 404 that
Wagtail's walk of the tree gives, for every kind of address, with fewer queries."""

import datetime
from unittest import mock

from django.db import connection
from django.http import Http404
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, Site

from home.models import HomePage
from news.models import NewsPage
from site_kb import routing, serve
from site_kb.sites import site_state

from ..builders import make_news, make_school, make_site


def described(result):
    """A route result as comparable values: the page's id and type, the view's name and arguments."""
    if result is None:
        return ("404",)
    page, args, kwargs = result
    view = (args[0].__name__, args[1], args[2]) if args else None
    return (page.pk, type(page).__name__, view, kwargs)


def outcome(home, url):
    """What routing ``url`` from the home page gives: ``("404",)`` or the page's id and type and the
    routable view's name and arguments."""
    request = RequestFactory().get(url, HTTP_HOST="localhost")
    try:
        page, args, kwargs = home.route(request, [part for part in url.split("/") if part])
    except Http404:
        return ("404",)
    view = (args[0].__name__, args[1], args[2]) if args else None
    return (page.pk, type(page).__name__, view, kwargs)


class RoutingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.home = cls.home.specific
        cls.articles = make_news(cls.sections["news"], 2)
        cls.school = make_school(cls.sections["schools"], 1)
        cls.school_news = make_news(cls.school, 1, prefix="tin-truong")
        cls.draft = cls.sections["news"].add_child(
            instance=NewsPage(title="Bản nháp", slug="ban-nhap", live=False, date=datetime.date(2026, 2, 1))
        )
        # A child whose slug is one of its section's own routes: the route wins, as in Wagtail.
        cls.named_like_a_feed = make_news(cls.sections["news"], 1, prefix="rss")[0]
        NewsPage.objects.filter(pk=cls.named_like_a_feed.pk).update(slug="rss")
        Page.objects.filter(pk=cls.named_like_a_feed.pk).update(
            slug="rss", url_path=cls.sections["news"].url_path + "rss/"
        )

    def urls(self):
        news = self.sections["news"].url
        schools = self.sections["schools"].url
        return [
            news,
            news + "rss/",
            news + "atom/",
            self.articles[0].url,
            self.articles[0].url + "thua/",
            news + "ban-nhap/",
            news + "khong-co/",
            "/khong-co/",
            "/khong-co/tin-0/",
            schools,
            schools + "tin-cac-truong/",
            schools + "tin-cac-truong/rss/",
            self.school.url,
            self.school.url + "rss/",
            self.school_news[0].url,
            self.sections["directives"].url,
            self.sections["org"].url,
        ]

    def test_every_address_routes_as_wagtails_walk_does(self):
        for url in self.urls():
            with self.subTest(url=url):
                fast = outcome(self.home, url)
                with mock.patch("site_kb.pages.route_by_url_path", return_value=None):
                    walked = outcome(self.home, url)
                self.assertEqual(fast, walked)
        self.assertEqual(outcome(self.home, self.sections["news"].url + "ban-nhap/"), ("404",))
        self.assertEqual(outcome(self.home, self.sections["news"].url + "rss/")[2][0], "rss_feed")

    def test_an_article_is_found_in_two_queries(self):
        url = self.articles[0].url
        with CaptureQueriesContext(connection) as fast:
            outcome(self.home, url)
        with mock.patch("site_kb.pages.route_by_url_path", return_value=None):
            with CaptureQueriesContext(connection) as walked:
                outcome(self.home, url)
        self.assertEqual(len(fast), 2)  # the pages along the address, then the article's own row
        self.assertEqual(len(walked), 4)

    def test_an_address_out_of_step_with_the_tree_is_walked(self):
        """A url_path a direct database edit left behind is not trusted: the walk finds the page."""
        article = self.articles[1]
        Page.objects.filter(pk=article.pk).update(url_path="/khac/")
        self.assertEqual(outcome(self.home, article.url)[:2], (article.pk, "NewsPage"))
        Page.objects.filter(pk=self.sections["news"].pk).update(slug="tin-cu")  # the tree says otherwise
        self.assertEqual(outcome(self.home, self.articles[0].url), ("404",))

    def test_a_very_long_address_is_walked_and_stops_at_its_first_unknown_step(self):
        url = "/khong-co/" + "a/" * 2000
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(outcome(self.home, url), ("404",))
        self.assertEqual(len(queries), 1)  # the home page's children by the first slug
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_pages_are_served_through_the_client(self):
        for page in (self.articles[0], self.school_news[0], self.sections["news"]):
            self.assertEqual(self.client.get(page.url).status_code, 200, page.url)
        self.assertEqual(self.client.get(self.sections["news"].url + "ban-nhap/").status_code, 404)
        self.assertEqual(
            self.client.get(self.sections["news"].url + "rss/")["Content-Type"][:19], "application/rss+xml"
        )

    def test_the_page_view_routes_as_wagtails_route_for_request(self):
        """site_kb.serve.route_for_request, from the Site's in-memory root row, against Wagtail's."""
        for url in ["/", *self.urls()]:
            with self.subTest(url=url):
                ours = serve.route_for_request(RequestFactory().get(url, HTTP_HOST="localhost"), url)
                wagtails = Page.route_for_request(RequestFactory().get(url, HTTP_HOST="localhost"), url)
                self.assertEqual(described(ours), described(wagtails))

    def test_the_site_root_is_not_read_again_below_it(self):
        request = RequestFactory().get("/", HTTP_HOST="localhost")
        request._wagtail_site = Site.objects.select_related("root_page").get(
            is_default_site=True
        )  # the middleware's
        site_state()  # the process's Sites, read once (site_kb.sites)
        with CaptureQueriesContext(connection) as queries:
            page, _args, _kwargs = serve.route_for_request(request, self.articles[0].url)
        self.assertEqual(page, self.articles[0])
        self.assertEqual(len(queries), 2)  # the pages along the address, the article's own row
        self.assertNotIn(HomePage._meta.db_table, " ".join(query["sql"] for query in queries))
        # Wagtail's own lookup finds what the view routed, without routing again.
        with self.assertNumQueries(0):
            self.assertEqual(Page.find_for_request(request, self.articles[0].url), page)

    def test_wagtails_other_addresses_still_answer(self):
        self.assertEqual(self.client.get("/_util/login/").status_code, 200)

    def test_the_breadcrumbs_come_from_the_routing_rows(self):
        """The same trail as from the ancestors' query, which is not run."""
        for page in (self.articles[0], self.school_news[0], self.sections["news"]):
            with self.subTest(url=page.url):
                with CaptureQueriesContext(connection) as queries:
                    kept = self.client.get(page.url)
                with mock.patch("site_kb.templatetags.site_tags.route_chain", return_value=None):
                    read = self.client.get(page.url)
                self.assertEqual(breadcrumbs(kept), breadcrumbs(read))
                self.assertEqual(kept.content, read.content)
                ancestors_query = [q["sql"] for q in queries if '"wagtailcore_page"."depth" >=' in q["sql"]]
                self.assertEqual(ancestors_query, [])
        self.assertIn("Trang chủ", breadcrumbs(self.client.get(self.school_news[0].url)))

    def test_a_draft_ancestor_is_left_out_of_the_breadcrumbs(self):
        """As from the query (``.live()``): a section taken offline does not show in the trail of a
        page still reached below it."""
        article = self.articles[0]
        unpublished = Page.objects.filter(pk=self.sections["news"].pk)
        unpublished.update(live=False)
        request = RequestFactory().get(article.url, HTTP_HOST="localhost")
        request.site = Site.find_for_request(request)
        chain = list(Page.objects.filter(pk__in=[self.sections["news"].pk, article.pk]).order_by("path"))
        setattr(request, routing.CHAIN_ATTRIBUTE, chain)
        rows = routing.route_chain(request, article)
        self.assertEqual([row.pk for row in rows], [self.home.pk, self.sections["news"].pk])
        trail = self.client.get(article.url)
        self.assertNotIn(self.sections["news"].title, breadcrumbs(trail))


def breadcrumbs(response):
    html = response.content.decode()
    start = html.find('<nav class="breadcrumbs"')
    return html[start : html.find("</nav>", start)] if start >= 0 else ""
