"""Forms normalise to NFC before they check lengths (issue 12.8, Điều 11.4).

A title pasted in decomposed form counts its accent marks as separate code points: measured
before normalisation, a 190-character title is "too long"; and U+0344, which NFC turns into two
code points, would pass the form and then overflow the column (a 500 on PostgreSQL).
"""

import unicodedata

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.models import Collection, Page, get_page_models
from wagtail.snippets.models import get_snippet_models

from contributors.models import Contributor
from directives.models import DocumentKind
from editorial.roles import setup_roles
from links.models import ExternalLink, LinkCategory
from news.models import NewsPage
from site_kb.forms import NFCFormMixin

from ..builders import make_news, make_site, make_superuser, make_user, news_form

# 190 characters in NFC; 256 code points once decomposed, over the title's max_length of 255.
TITLE = (
    "Thường trực Hội đồng thi đua khen thưởng hướng dẫn những người đứng đầu trường học tổ chức "
    "bồi dưỡng, kiểm tra việc thực hiện nhiệm vụ năm học mới; tuyển chọn giáo viên giỏi, người tiêu biểu"
)
TITLE_NFD = unicodedata.normalize("NFD", TITLE)
# 150 code points as typed, 300 after NFC: over max_length=255 once normalised.
EXPANDING = "\u0344" * 150


def test_the_strings_are_what_the_tests_need():
    assert len(TITLE) == 190 and unicodedata.is_normalized("NFC", TITLE)
    assert len(TITLE_NFD) > 255
    assert len(unicodedata.normalize("NFC", EXPANDING)) == 300


class PageEditorTests(TestCase):
    """Through the page editor, as the editorial board uses it."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        groups = setup_roles()
        cls.board = make_user("bientap", groups["board"])
        cls.article = make_news(cls.sections["news"], 1)[0]

    def setUp(self):
        self.client.force_login(self.board)

    def add(self, title, slug="tin-nfc"):
        url = reverse("wagtailadmin_pages:add", args=["news", "newspage", self.sections["news"].pk])
        return self.client.post(url, news_form(title, slug))

    def edit(self, title):
        url = reverse("wagtailadmin_pages:edit", args=[self.article.pk])
        return self.client.post(url, news_form(title, self.article.slug))

    def test_decomposed_190_character_title_is_saved_in_nfc(self):
        response = self.add(TITLE_NFD)
        page = NewsPage.objects.get(slug="tin-nfc")
        self.assertRedirects(response, reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertEqual(page.title, TITLE)
        self.assertEqual(page.get_latest_revision().content["title"], TITLE)

    def test_decomposed_title_is_accepted_when_editing(self):
        response = self.edit(TITLE_NFD)
        self.assertRedirects(response, reverse("wagtailadmin_pages:edit", args=[self.article.pk]))
        self.article.refresh_from_db()
        self.assertEqual(self.article.get_latest_revision().content["title"], TITLE)

    def test_title_that_nfc_lengthens_past_255_is_refused_by_the_form(self):
        response = self.add(EXPANDING)
        self.assertEqual(response.status_code, 200)
        self.assertIn("title", response.context["form"].errors)
        self.assertFalse(NewsPage.objects.filter(slug="tin-nfc").exists())

        response = self.edit(EXPANDING)
        self.assertEqual(response.status_code, 200)
        self.assertIn("title", response.context["form"].errors)
        self.article.refresh_from_db()
        self.assertEqual(
            self.article.get_latest_revision().content["title"], "Tin số 0 về hoạt động giáo dục"
        )


def test_every_page_type_edits_through_an_nfc_form():
    for model in get_page_models():
        if model is Page:
            continue
        form_class = model.get_edit_handler().get_form_class()
        assert issubclass(form_class, NFCFormMixin), model


def test_every_snippet_of_the_site_edits_through_an_nfc_form():
    site_apps = {"directives", "links", "contributors"}
    snippets = [model for model in get_snippet_models() if model._meta.app_label in site_apps]
    assert {DocumentKind, LinkCategory, ExternalLink, Contributor} <= set(snippets)
    for model in snippets:
        form_class = model.snippet_viewset.get_form_class()
        assert issubclass(form_class, NFCFormMixin), model


def test_document_forms_normalise_too():
    assert issubclass(get_document_form(get_document_model()), NFCFormMixin)


class SnippetAndDocumentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site()
        groups = setup_roles()
        cls.board = make_user("bientap", groups["board"])
        cls.it_officer = make_superuser("quantri")

    def setUp(self):
        self.client.force_login(self.board)

    def test_document_kind_name_is_normalised_then_measured(self):
        self.client.force_login(self.it_officer)  # the kinds list is the IT officer's
        url = reverse("wagtailsnippets_directives_documentkind:add")
        # max_length=80: 50 × U+0344 is 100 code points in NFC.
        response = self.client.post(url, {"name": "\u0344" * 50, "slug": "mo-rong", "sort_order": 0})
        self.assertEqual(response.status_code, 200)
        self.assertIn("name", response.context["form"].errors)
        self.assertFalse(DocumentKind.objects.filter(slug="mo-rong").exists())

        name = "Hướng dẫn liên trường"
        response = self.client.post(
            url, {"name": unicodedata.normalize("NFD", name), "slug": "huong-dan-lt", "sort_order": 0}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(DocumentKind.objects.get(slug="huong-dan-lt").name, name)

    def test_contributor_name_that_nfc_lengthens_is_refused(self):
        url = reverse("wagtailsnippets_contributors_contributor:add")
        data = {
            "name": "\u0344" * 100,
            "unit": "",
            "role": "author",
            "phone": "",
            "email": "",
            "active": "on",
        }
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("name", response.context["form"].errors)
        self.assertFalse(Contributor.objects.exists())

    def test_document_title_that_nfc_lengthens_is_refused(self):
        response = self.client.post(
            reverse("wagtaildocs:add"),
            {
                "title": EXPANDING,
                "file": SimpleUploadedFile("van-ban.pdf", b"%PDF-1.4 noi dung"),
                "collection": Collection.get_first_root_node().pk,
                "tags": "",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("title", response.context["form"].errors)
        self.assertFalse(get_document_model().objects.exists())


def test_site_settings_edit_through_an_nfc_form():
    from wagtail.admin.panels import get_edit_handler

    from site_kb.models import OrganisationSettings

    assert issubclass(get_edit_handler(OrganisationSettings).get_form_class(), NFCFormMixin)
