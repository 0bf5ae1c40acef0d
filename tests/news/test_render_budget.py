"""What one uncached render of a news page costs, whatever the number of articles it lists (issue 17:
an uncached page renders in a few milliseconds of Python): the same SQL queries for a short and a
long listing, and no write to the shared cache for thumbnails the listing already fetched."""

from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.images import get_image_model

from news.models import LISTING_IMAGE_SPEC
from site_kb.cache_tags import HEADER, page_tag

from ..builders import make_image, make_news, make_site
from ..query_counts import assert_kept_the_same, get_counting


class NewsRenderBudgetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.image = make_image()
        cls.articles = make_news(cls.sections["news"], 3, image=cls.image)

    def render(self, url):
        """The page rendered once more after a warm-up (renditions made, site caches filled): its
        queries and the rendition cache's writes."""
        self.assertEqual(self.client.get(url).status_code, 200, url)
        backend = get_image_model().get_rendition_model().cache_backend
        with (
            mock.patch.object(backend, "set", wraps=backend.set) as single,
            mock.patch.object(backend, "set_many", wraps=backend.set_many) as many,
            CaptureQueriesContext(connection) as queries,
        ):
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response, len(queries), single.call_count + many.call_count

    def test_listing_costs_the_same_queries_for_three_articles_and_twelve(self):
        _, few, _ = self.render("/tin-tuc/")
        make_news(self.sections["news"], 9, image=make_image("Ảnh khác"), prefix="them")
        response, many, _ = self.render("/tin-tuc/")
        self.assertEqual(len(response.context["articles"].object_list), 12)
        self.assertEqual(few, many)

    def test_prefetched_thumbnails_are_not_written_back_to_the_cache(self):
        response, _, writes = self.render("/tin-tuc/")
        self.assertContains(response, 'class="card card--media"', count=3)
        self.assertEqual(writes, 0)

    def test_a_thumbnail_made_during_the_render_is_cached(self):
        """The first render makes the rendition (none existed): Wagtail's cache then holds it."""
        self.image.renditions.all().delete()
        backend = get_image_model().get_rendition_model().cache_backend
        with (
            mock.patch.object(backend, "set", wraps=backend.set) as single,
            mock.patch.object(backend, "set_many", wraps=backend.set_many) as many,
        ):
            response = self.client.get("/tin-tuc/")
        self.assertContains(response, 'class="card card--media"', count=3)
        self.assertTrue(self.image.renditions.filter(filter_spec=LISTING_IMAGE_SPEC).exists())
        self.assertGreaterEqual(single.call_count + many.call_count, 1)

    def test_article_costs_the_same_queries_with_one_related_article_and_four(self):
        url = self.articles[0].url
        _, few, _ = self.render(url)
        make_news(self.sections["news"], 5, image=self.image, prefix="them")
        response, many, writes = self.render(url)
        self.assertEqual(len(response.context["related_articles"]), 4)
        self.assertEqual(few, many)
        self.assertEqual(writes, 0)


@override_settings(DJANGO_FRAGMENT_CACHE=True)
class NewsCardsFragmentTests(TestCase):
    """The cards of a listing and of an article's related news are kept by their articles' keys
    (site_kb.fragment_cache): read again without a query for the articles, carrying the same cache
    tags, and never stale after a publish."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.articles = make_news(cls.sections["news"], 5, image=make_image())

    def setUp(self):
        cache.clear()

    def get(self, url):
        return get_counting(self, url)

    def test_cards_read_again_cost_fewer_queries_and_carry_the_same_tags(self):
        for url in ("/tin-tuc/", self.articles[0].url):
            with self.subTest(url=url):
                again = assert_kept_the_same(self, url)
                self.assertIn(page_tag(self.articles[-1]), again[HEADER].split())

    def test_a_card_shows_its_article_as_published_now(self):
        article = self.articles[-1]
        self.get("/tin-tuc/")
        self.get(self.articles[0].url)
        article.title = "Tiêu đề mới của tin"
        with self.captureOnCommitCallbacks(execute=True):
            article.save_revision().publish()
        self.assertContains(self.get("/tin-tuc/")[0], "Tiêu đề mới của tin")
        self.assertContains(self.get(self.articles[0].url)[0], "Tiêu đề mới của tin")

    def test_an_unpublished_article_leaves_the_cards(self):
        article = self.articles[-1]
        self.assertContains(self.get("/tin-tuc/")[0], article.title)
        with self.captureOnCommitCallbacks(execute=True):
            article.unpublish()
        response, _ = self.get("/tin-tuc/")
        self.assertNotContains(response, f'href="{article.url}"')
        self.assertEqual(len(response.context["articles"].object_list), 4)
