"""What one uncached render of a news page costs, whatever the number of articles it lists (issue 17:
an uncached page renders in a few milliseconds of Python): the same SQL queries for a short and a
long listing, and no write to the shared cache for thumbnails the listing already fetched."""

from unittest import mock

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from wagtail.images import get_image_model

from news.models import LISTING_IMAGE_SPEC

from ..builders import make_image, make_news, make_site


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
