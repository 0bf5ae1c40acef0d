"""Cited content names its author, source and date (Điều 9.1), checked in the admin edit form."""

import datetime
import html

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from news.models import NewsPage

from ..builders import make_directive, make_site, make_superuser, news_form, publish


def edit_form(page, **extra):
    fields = {"title": page.title, "slug": page.slug, "lead": page.lead, "date": page.date.isoformat()}
    return news_form(**{**fields, "category": page.category, **extra})


class AttributionAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.admin = make_superuser("quantri")
        cls.page = publish(
            cls.sections["news"],
            NewsPage(
                title="Hội thảo đổi mới phương pháp dạy học",
                slug="hoi-thao",
                lead="Tóm tắt.",
                body=[("paragraph", "<p>Nội dung.</p>")],
            ),
        )

    def post_edit(self, **extra):
        self.client.force_login(self.admin)
        url = reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        return self.client.post(url, edit_form(self.page, **{"action-publish": "1", **extra}))

    def test_cited_without_author_source_and_date_is_refused_in_vietnamese(self):
        response = self.post_edit(title="Tin sưu tầm thiếu nguồn", is_cited="on")
        self.assertEqual(response.status_code, 200)
        text = html.unescape(response.content.decode())
        self.assertIn("Tin trích dẫn phải ghi rõ tên tác giả (Điều 9).", text)
        self.assertIn("Tin trích dẫn phải ghi rõ nguồn cung cấp (Điều 9).", text)
        self.assertIn("Tin trích dẫn phải ghi rõ ngày trích dẫn (Điều 9).", text)
        page = NewsPage.objects.get(pk=self.page.pk)
        self.assertEqual(page.title, "Hội thảo đổi mới phương pháp dạy học")
        self.assertFalse(page.is_cited)
        self.assertEqual(page.revisions.count(), 1)

    def test_bad_url_and_future_date_are_refused(self):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        response = self.post_edit(
            is_cited="on",
            original_author="Nguyễn Văn Bình",
            source_name="Báo Giáo dục và Thời đại",
            source_url="khong-phai-duong-dan",
            citation_date=tomorrow.isoformat(),
        )
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors
        self.assertIn("source_url", errors)
        self.assertEqual(errors["citation_date"], ["Ngày trích dẫn không được sau ngày hôm nay."])
        self.assertFalse(NewsPage.objects.get(pk=self.page.pk).is_cited)

    def test_complete_citation_is_published_and_shown_to_readers(self):
        response = self.post_edit(
            is_cited="on",
            original_author="  Nguyễn   Văn Bình ",
            source_name="Báo Giáo dục và Thời đại",
            source_url="https://giaoducthoidai.vn/bai-viet",
            citation_date="2026-03-02",
        )
        self.assertEqual(response.status_code, 302)
        page = NewsPage.objects.get(pk=self.page.pk)
        self.assertTrue(page.is_cited)
        self.assertEqual(page.original_author, "Nguyễn Văn Bình")
        self.assertEqual(page.citation_date, datetime.date(2026, 3, 2))
        self.assertFalse(page.has_unpublished_changes)

        self.client.logout()
        body = self.client.get(page.url).content.decode()
        self.assertIn('class="facts attribution"', body)
        self.assertIn('<a href="https://giaoducthoidai.vn/bai-viet" rel="noopener external">', body)
        self.assertIn("Báo Giáo dục và Thời đại", body)
        self.assertIn("tác giả Nguyễn Văn Bình", body)
        self.assertIn("02/03/2026", body)

    def test_uncited_article_has_no_attribution_box(self):
        body = self.client.get(self.page.url).content.decode()
        self.assertNotIn("attribution", body)

    def test_directive_follows_the_same_rule(self):
        directive = make_directive(self.sections["directives"], 1)
        directive.is_cited = True
        directive.source_name = "Sở GD&ĐT"
        with self.assertRaises(Exception) as caught:
            directive.full_clean()
        self.assertEqual(
            caught.exception.message_dict["original_author"],
            ["Tin trích dẫn phải ghi rõ tên tác giả (Điều 9)."],
        )
        self.assertIn("citation_date", caught.exception.message_dict)
        self.assertNotIn("source_name", caught.exception.message_dict)
