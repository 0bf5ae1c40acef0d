"""Readers' forms kept as fragments (``{% form_fields %}``, issue 17): the unbound question form and
the search filters are drawn once per Site and what they show, purged with the lists they offer,
and never kept once a reader's own values or errors are in them."""

import re

from django.test import TestCase, override_settings

from directives.models import DocumentKind
from feedback.models import FeedbackPage
from schools.models import SchoolPage

from ..builders import make_directive, make_school, make_site, publish
from .test_fragment_cache import RenderedTemplates

FIELD_TEMPLATE = "components/forms/field.html"
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def without_csrf(response):
    return CSRF.sub(b"", response.content)


@override_settings(DJANGO_FRAGMENT_CACHE=True)
class KeptFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.school = make_school(cls.sections["schools"], 1)
        cls.page = publish(cls.home, FeedbackPage(title="Hỏi đáp – Góp ý", slug="hoi-dap"))
        cls.school_page = publish(cls.school, FeedbackPage(title="Hỏi đáp của trường", slug="hoi-dap"))

    def get_twice(self, url, **params):
        first = self.client.get(url, params)
        with RenderedTemplates() as rendered:
            second = self.client.get(url, params)
        return first, second, rendered.names

    def test_the_question_form_is_drawn_once_and_the_same_as_without_the_cache(self):
        first, second, rendered = self.get_twice(self.page.url)
        self.assertNotIn(FIELD_TEMPLATE, rendered)
        self.assertEqual(without_csrf(second), without_csrf(first))
        self.assertContains(
            second, f'<option value="{self.school.pk}">{self.school.title}</option>', html=True
        )
        with override_settings(DJANGO_FRAGMENT_CACHE=False), RenderedTemplates() as fresh_rendered:
            fresh = self.client.get(self.page.url)
        self.assertIn(FIELD_TEMPLATE, fresh_rendered.names)
        self.assertEqual(without_csrf(second), without_csrf(fresh))

    def test_a_new_school_and_a_renamed_one_show_in_the_kept_form(self):
        self.get_twice(self.page.url)
        with self.captureOnCommitCallbacks(execute=True):
            added = make_school(self.sections["schools"], 2)
        self.assertContains(self.client.get(self.page.url), f'<option value="{added.pk}">', count=1)
        school = SchoolPage.objects.get(pk=self.school.pk)
        school.title = "Trường THCS Đổi Tên"
        with self.captureOnCommitCallbacks(execute=True):
            school.save_revision().publish()
        self.assertContains(self.client.get(self.page.url), "Trường THCS Đổi Tên")

    def test_a_school_s_own_page_keeps_its_own_list_apart_from_the_authority_s(self):
        """The school's page offers the school's own units (none here), the authority's every school."""
        option = f'<option value="{self.school.pk}">'
        self.assertContains(self.get_twice(self.page.url)[1], option)
        self.assertNotContains(self.get_twice(self.school_page.url)[1], option)
        self.assertContains(self.client.get(self.page.url), option)

    def test_a_posted_form_with_errors_shows_what_the_reader_typed(self):
        self.get_twice(self.page.url)
        response = self.client.post(
            self.page.url, {"name": "Trần Thị Lan", "content": "Nội dung riêng của tôi"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'value="Trần Thị Lan"')
        self.assertContains(response, "Nội dung riêng của tôi")
        self.assertNotContains(self.client.get(self.page.url), "Trần Thị Lan")

    def test_the_status_lookup_keeps_the_code_of_its_link_apart(self):
        with_code = self.get_twice(self.page.url, code="ABC123")[1]
        self.assertContains(with_code, 'value="ABC123"')
        self.assertNotContains(self.client.get(self.page.url), "ABC123")

    def test_search_filters_are_kept_per_value_and_drawn_afresh_with_an_error(self):
        plain = self.get_twice("/tim-kiem/", q="tin")
        self.assertNotIn(FIELD_TEMPLATE, plain[2])
        other_words = self.client.get("/tim-kiem/", {"q": "trường"})  # the same filters drawn
        self.assertNotContains(other_words, "selected>" + self.school.title)
        chosen = self.client.get("/tim-kiem/", {"q": "tin", "truong": self.school.pk})
        self.assertContains(chosen, f'<option value="{self.school.pk}" selected>')
        with RenderedTemplates() as rendered:
            wrong = self.client.get("/tim-kiem/", {"q": "tin", "tu_ngay": "32/13/2026"})
        self.assertIn(FIELD_TEMPLATE, rendered.names)
        self.assertContains(wrong, 'value="32/13/2026"')
        self.assertNotContains(self.client.get("/tim-kiem/", {"q": "tin"}), "32/13/2026")

    def test_registry_filters_follow_the_documents_listed(self):
        """The kinds offered are those of the registry's documents: a document of a new kind
        published shows it in the kept filters; a chosen kind is kept apart and marked."""
        registry = self.sections["directives"]
        make_directive(registry, 1)
        url = registry.url
        first, second, rendered = self.get_twice(url)
        self.assertNotIn(FIELD_TEMPLATE, rendered)
        self.assertEqual(without_csrf(second), without_csrf(first))
        self.assertNotContains(second, '<option value="cong-van">')
        with self.captureOnCommitCallbacks(execute=True):
            letter = make_directive(registry, 2)
            letter.doc_type = DocumentKind.coded("cong-van")
            letter.save_revision().publish()
        self.assertContains(self.client.get(url), '<option value="cong-van">')
        chosen = self.get_twice(url, loai="cong-van")[1]
        self.assertContains(chosen, '<option value="cong-van" selected>')
        self.assertContains(self.client.get(url), '<option value="cong-van">')  # unchosen again
