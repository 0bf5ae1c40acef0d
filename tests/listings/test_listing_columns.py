"""The news listing columns (news.listing, issue 17) follow the tree: publishing, unpublishing,
moving, copying, view restrictions and the demo's bulk writer; every listing reads them."""

import io

from django.core.management.base import OutputWrapper
from django.test import TestCase

from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import PageViewRestriction

from demo import bulk
from news.models import NewsIndexPage, NewsPage

from ..builders import make_news, make_school, make_site, make_superuser, publish


def columns(page):
    return tuple(NewsPage.objects.filter(pk=page.pk).values_list("listed", "section_id").get())


class ListingColumnsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.news = cls.sections["news"]
        cls.school = make_school(cls.sections["schools"], 1)
        cls.article, cls.other = make_news(cls.news, 2)

    def test_published_article_is_listed_under_its_parent(self):
        self.assertEqual(columns(self.article), (True, self.news.pk))
        school_news = make_news(self.school, 1, prefix="truong")[0]
        self.assertEqual(columns(school_news), (True, self.school.pk))

    def test_draft_is_not_listed_until_published(self):
        draft = NewsPage(title="Bản nháp", slug="ban-nhap", lead="x", body=[], live=False)
        self.news.add_child(instance=draft)
        self.assertEqual(columns(draft), (False, self.news.pk))
        draft.save_revision().publish()
        self.assertEqual(columns(draft), (True, self.news.pk))

    def test_unpublishing_unlists_even_through_a_plain_page_instance(self):
        self.article.page_ptr.unpublish()  # a wagtailcore Page, not the NewsPage: the signal covers it
        self.assertEqual(columns(self.article), (False, self.news.pk))
        response = self.client.get("/tin-tuc/")
        self.assertNotContains(response, f'href="{self.article.url}"')

    def test_unpublishing_a_section_with_its_news_unlists_them(self):
        UnpublishPageAction(self.news, user=make_superuser(), include_descendants=True).execute()
        self.assertEqual(columns(self.article), (False, self.news.pk))
        self.assertEqual(columns(self.other), (False, self.news.pk))

    def test_moving_an_article_changes_its_section(self):
        second = publish(self.home, NewsIndexPage(title="Tin chuyên môn", slug="chuyen-mon"))
        self.article.move(second, pos="last-child")
        self.assertEqual(columns(self.article), (True, second.pk))
        self.assertNotContains(self.client.get("/tin-tuc/"), self.article.title)
        self.assertContains(self.client.get("/chuyen-mon/"), self.article.title)

    def test_reordering_sections_keeps_every_column(self):
        """A reorder shifts the paths of the sections' subtrees and signals only the moved page."""
        self.news.move(self.sections["org"], pos="left")
        self.assertEqual(columns(self.article), (True, self.news.pk))
        self.assertEqual(columns(self.other), (True, self.news.pk))

    def test_view_restriction_unlists_the_subtree_and_its_removal_relists_it(self):
        restriction = PageViewRestriction.objects.create(
            page=self.news, restriction_type=PageViewRestriction.LOGIN
        )
        self.assertEqual(columns(self.article), (False, self.news.pk))
        self.assertNotContains(self.client.get("/"), self.article.title)
        restriction.delete()
        self.assertEqual(columns(self.article), (True, self.news.pk))
        self.assertContains(self.client.get("/"), self.article.title)

    def test_moving_into_a_restricted_section_unlists(self):
        private = publish(self.home, NewsIndexPage(title="Nội bộ", slug="noi-bo"))
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
        self.article.move(private, pos="last-child")
        self.assertEqual(columns(self.article), (False, private.pk))

    def test_copy_gets_its_own_columns(self):
        second = publish(self.home, NewsIndexPage(title="Tin chuyên môn", slug="chuyen-mon"))
        copy = self.article.copy(to=second, update_attrs={"slug": "ban-sao"}, keep_live=True)
        self.assertEqual(columns(copy), (True, second.pk))
        self.assertEqual(columns(self.article), (True, self.news.pk))

    def test_bulk_writer_fills_the_columns(self):
        bulk.generate(OutputWrapper(io.StringIO()), 30, [(self.news, "office"), (self.school, "school")], [])
        generated = NewsPage.objects.filter(slug__startswith=bulk.SLUG_PREFIX)
        self.assertEqual(generated.count(), 30)
        self.assertFalse(generated.filter(listed=False).exists())
        parents = {page.pk: page.get_parent().pk for page in generated}
        self.assertEqual(dict(generated.values_list("pk", "section_id")), parents)
        # The school's articles carry the school's level's category (Điều 7), never the retired "school".
        school_news = generated.filter(section_id=self.school.pk)
        self.assertTrue(school_news.exists())
        self.assertEqual(set(school_news.values_list("category", flat=True)), {self.school.news_category})
