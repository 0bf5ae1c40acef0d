"""Text is stored precomposed (NFC, TCVN 6909:2001, Điều 11.4) whatever form it was typed or pasted in."""

import json
import unicodedata

from django.test import TestCase
from django.urls import reverse

from wagtail.test.utils.form_data import rich_text, streamfield

from contributors.models import Contributor
from news.models import NewsPage
from site_kb.unicode import nfc

from ..builders import make_site, make_superuser, news_form, publish

NAME = "Nguyễn Thị Hường"
DECOMPOSED = unicodedata.normalize("NFD", NAME)


def is_nfc(text):
    return unicodedata.is_normalized("NFC", text)


class NfcTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.admin = make_superuser("quantri")

    def test_input_really_is_decomposed(self):
        self.assertNotEqual(DECOMPOSED, NAME)
        self.assertFalse(is_nfc(DECOMPOSED))

    def test_nfc_walks_nested_values(self):
        value = {DECOMPOSED: [DECOMPOSED, (DECOMPOSED, 3)], "n": None}
        self.assertEqual(nfc(value), {NAME: [NAME, (NAME, 3)], "n": None})

    def test_orm_save_normalises_title_text_and_stream(self):
        page = publish(
            self.sections["news"],
            NewsPage(
                title=f"Cô {DECOMPOSED}",
                slug="co-huong",
                lead=f"Giáo viên {DECOMPOSED} đạt giải.",
                body=[("paragraph", f"<p>{DECOMPOSED}</p>")],
            ),
        )
        stored = NewsPage.objects.get(pk=page.pk)
        self.assertEqual(stored.title, f"Cô {NAME}")
        self.assertEqual(stored.lead, f"Giáo viên {NAME} đạt giải.")
        self.assertEqual(stored.body[0].value.source, f"<p>{NAME}</p>")

    def test_admin_edit_form_stores_nfc_in_page_and_revision(self):
        page = publish(
            self.sections["news"],
            NewsPage(title="Tin thử", slug="tin-thu", lead="x", body=[("paragraph", "<p>x</p>")]),
        )
        self.client.force_login(self.admin)
        data = news_form(
            f"Cô {DECOMPOSED} nhận bằng khen",
            "tin-thu",
            lead=f"Cô {DECOMPOSED}.",
            body=streamfield([("paragraph", rich_text(f"<p>Cô {DECOMPOSED} dạy giỏi.</p>"))]),
            original_author=DECOMPOSED,
            **{"action-publish": "1"},
        )
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
        self.assertEqual(response.status_code, 302)
        stored = NewsPage.objects.get(pk=page.pk)
        self.assertEqual(stored.title, f"Cô {NAME} nhận bằng khen")
        self.assertEqual(stored.lead, f"Cô {NAME}.")
        self.assertEqual(stored.original_author, NAME)
        self.assertIn(f"Cô {NAME} dạy giỏi.", stored.body[0].value.source)

        content = stored.latest_revision.content
        self.assertEqual(content["title"], f"Cô {NAME} nhận bằng khen")
        self.assertEqual(content["lead"], f"Cô {NAME}.")
        body = json.loads(content["body"])
        self.assertIn(f"Cô {NAME} dạy giỏi.", body[0]["value"])
        self.assertTrue(is_nfc(json.dumps(content, ensure_ascii=False)))

    def test_snippet_by_orm_and_by_admin(self):
        person = Contributor.objects.create(name=DECOMPOSED, unit=f"Trường {DECOMPOSED}")
        person.refresh_from_db()
        self.assertEqual((person.name, person.unit), (NAME, f"Trường {NAME}"))

        self.client.force_login(self.admin)
        response = self.client.post(
            reverse("wagtailsnippets_contributors_contributor:add"),
            {
                "name": f"{DECOMPOSED} (2)",
                "unit": "",
                "role": "author",
                "phone": "",
                "email": "",
                "active": "on",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Contributor.objects.filter(name=f"{NAME} (2)").exists())
