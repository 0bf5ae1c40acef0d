"""What one uncached render of the registry costs (issue 17): the same SQL queries and template
renders whether it lists one document of one kind or many of several kinds and issuing bodies (the
filters' options are written without a template each, the kinds read in one query)."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from directives.models import DocumentKind, IssuingBody

from ..builders import make_directive, make_site


class RegistryRenderBudgetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.index = cls.sections["directives"]
        make_directive(cls.index, 1)

    def render(self, query):
        url = f"{self.index.url}?{query}"
        self.assertEqual(self.client.get(url).status_code, 200, url)  # site caches warm up once
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response, len(queries), len(response.templates)

    def add_documents(self):
        kinds = ["ke-hoach", "quy-che", "huong-dan", "thong-bao"]
        for i, slug in enumerate(kinds, start=2):
            page = make_directive(self.index, i)
            page.doc_type = DocumentKind.coded(slug)
            page.issuing_body = IssuingBody.named(f"Cơ quan số {i}")
            page.save_revision().publish()

    def test_more_documents_kinds_and_issuers_same_budget(self):
        queries = ("loai=quyet-dinh", "hieu_luc=con-hieu-luc", "")
        before = [self.render(query)[1:] for query in queries]
        self.add_documents()
        after = [self.render(query) for query in queries]
        form = after[2][0].context["filter_form"]
        self.assertEqual(len(form.fields["loai"].choices), 6)  # "Tất cả" and five kinds
        self.assertEqual(len(form.fields["co_quan"].choices), 6)
        self.assertEqual(before, [found[1:] for found in after])

    def test_the_kind_filter_selects_and_refuses_as_before(self):
        self.add_documents()
        response, _, _ = self.render("loai=quy-che")
        self.assertEqual([doc.doc_type.slug for doc in response.context["documents"]], ["quy-che"])
        self.assertContains(response, '<option value="quy-che" selected>', html=False)
        response, _, _ = self.render("loai=khong-co")
        self.assertContains(response, "Giá trị này không có trong danh sách, hãy chọn lại.")
