"""Cache tags on every public response (issue 17, part 1): the xkey header names what a page shows,
private responses carry none, and public ones get the shared caches' s-maxage."""

from django.test import TestCase, override_settings

from wagtail.models import Site

from links.models import ExternalLink, LinkCategory
from news.models import NewsPage
from site_kb.cache_tags import ALL, MAX_TAGS, header_value, listing_tag
from site_kb.models import OrganisationSettings

from ..builders import make_news, make_school, make_site, make_superuser


def xkey(response):
    return set(response.get("xkey", "").split())


class TagsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.news = make_news(cls.sections["news"], 3)
        cls.school = make_school(cls.sections["schools"], 1)
        cls.school_news = make_news(cls.school, 2, prefix="tin-truong")
        cls.site = Site.objects.get(is_default_site=True)

    def test_the_home_page_names_the_news_it_lists_and_its_listings(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        tags = xkey(response)
        for article in self.news + self.school_news:
            self.assertIn(f"p{article.pk}", tags)
        self.assertIn(listing_tag(self.home, NewsPage), tags)
        self.assertIn(f"c{self.home.path}", tags)  # its sections and the menu
        self.assertIn(f"p{self.home.pk}", tags)

    def test_every_page_names_its_site_settings(self):
        OrganisationSettings.for_site(self.site)
        for url in ("/", self.news[0].url, self.sections["news"].url, self.school.url):
            with self.subTest(url=url):
                self.assertIn(f"s{self.site.pk}", xkey(self.client.get(url)))

    def test_an_article_names_itself_and_the_pages_it_links(self):
        tags = xkey(self.client.get(self.news[0].url))
        self.assertIn(f"p{self.news[0].pk}", tags)
        self.assertIn(f"p{self.news[1].pk}", tags)  # related news
        self.assertIn(f"p{self.sections['news'].pk}", tags)  # menu, breadcrumbs

    def test_the_link_directory_is_named_where_it_is_shown(self):
        category = LinkCategory.objects.create(name="Bộ ngành")
        ExternalLink.objects.create(title="Bộ Giáo dục", url="https://moet.gov.vn", category=category)
        self.assertIn("m-links.externallink", xkey(self.client.get("/")))

    def test_a_public_response_gets_the_shared_caches_lifetime(self):
        with override_settings(PAGE_CACHE_SECONDS=1234):
            response = self.client.get(self.news[0].url)
        self.assertIn("public", response["Cache-Control"])
        self.assertIn("s-maxage=1234", response["Cache-Control"])

    def test_a_feed_names_the_news_it_lists(self):
        response = self.client.get(self.sections["news"].url + "rss/")
        self.assertEqual(response.status_code, 200)
        tags = xkey(response)
        self.assertIn(listing_tag(self.sections["news"], NewsPage), tags)
        self.assertIn(f"p{self.news[2].pk}", tags)

    def test_a_logged_in_editor_gets_no_tags(self):
        self.client.force_login(make_superuser())
        response = self.client.get("/")
        self.assertIn("private", response["Cache-Control"])
        self.assertNotIn("xkey", response)

    def test_a_form_page_gets_no_tags(self):
        response = self.client.get("/tim-kiem/", {"q": "giáo dục"})
        self.assertNotIn("public", response.get("Cache-Control", ""))
        self.assertNotIn("xkey", response)


def test_too_many_tags_become_all():
    tags = {f"p{number}" for number in range(MAX_TAGS + 1)}
    assert header_value(tags) == ALL
    assert header_value({"p2", "p10"}) == "p10 p2"
