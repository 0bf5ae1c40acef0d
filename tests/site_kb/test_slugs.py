"""ASCII page addresses (issue 15.4): folded from the Vietnamese title in the editor, the model
and the data migration, with old accented addresses redirected."""

import importlib
from urllib.parse import quote

from django.apps import apps
from django.test import TestCase
from django.urls import reverse

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Revision, Site

from news.models import NewsPage
from site_kb.slugs import VIETNAMESE_SLUG_FORMATTERS, ascii_slug, fold_page_slugs

from ..builders import make_school, make_site, make_superuser, news_form

TITLE = "Trường THCS Đồng Hóa khai giảng"
SLUG = "truong-thcs-dong-hoa-khai-giang"

migration = importlib.import_module("site_kb.migrations.0003_ascii_slugs")


def accented(page, slug):
    """Give ``page`` an accented slug as the editor used to, bypassing today's folding."""
    parent = page.get_parent()
    Page.objects.filter(pk=page.pk).update(slug=slug, url_path=f"{parent.url_path}{slug}/")
    for child in page.get_children():
        Page.objects.filter(pk=child.pk).update(url_path=f"{parent.url_path}{slug}/{child.slug}/")
    page.refresh_from_db()
    if page.latest_revision_id:
        revision = page.latest_revision
        revision.content.update(slug=slug, url_path=page.url_path)
        Revision.objects.filter(pk=revision.pk).update(content=revision.content)
    return page


class AsciiSlugTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.school = make_school(cls.sections["schools"], 1)
        cls.admin = make_superuser("quantri")

    def test_fold(self):
        self.assertEqual(ascii_slug(TITLE), SLUG)
        self.assertEqual(ascii_slug("ĐẠI HỘI Đoàn: “Tuổi trẻ” 2026/2027"), "dai-hoi-doan-tuoi-tre-20262027")
        self.assertEqual(ascii_slug("Đo\u0302\u0300ng"), "dong")  # decomposed text
        self.assertEqual(ascii_slug("“…”"), "")

    def test_the_editor_folds_a_slug_typed_with_accents_instead_of_refusing_it(self):
        self.client.force_login(self.admin)
        url = reverse("wagtailadmin_pages:add", args=["news", "newspage", self.school.pk])
        form = self.client.get(url).context["form"]
        self.assertEqual(form.fields["slug"].widget.attrs["data-w-slug-allow-unicode-value"], False)
        self.assertIn("data-w-slug-formatters-value", form.fields["slug"].widget.attrs)
        response = self.client.post(url, news_form(TITLE, "Trường-THCS-Đồng-Hóa khai giảng"))
        self.assertEqual(response.status_code, 302)
        page = NewsPage.objects.get(title=TITLE)
        self.assertEqual(page.slug, SLUG)
        self.assertEqual(page.latest_revision.content["slug"], SLUG)
        self.assertEqual(page.url_path, f"{self.school.url_path}{SLUG}/")

        # A second article of the same title: the folded slug is taken, the editor says so.
        response = self.client.post(url, news_form(TITLE, "trường-thcs-đồng-hóa-khai-giảng"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("slug", response.context["form"].errors)
        self.assertEqual(response.context["form"]["slug"].value(), SLUG)

    def test_a_copy_gets_an_ascii_slug_too(self):
        original = NewsPage(title="Tin gốc", slug="tin-goc", lead="x", body=[("paragraph", "<p>x</p>")])
        self.school.add_child(instance=original)
        self.client.force_login(self.admin)
        url = reverse("wagtailadmin_pages:copy", args=[original.pk])
        form = self.client.get(url).context["form"]
        self.assertIn("data-w-slug-formatters-value", form.fields["new_slug"].widget.attrs)
        response = self.client.post(
            url,
            {
                "new_title": TITLE,
                "new_slug": "Trường THCS Đồng Hóa khai giảng",
                "new_parent_page": self.school.pk,
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(NewsPage.objects.get(title=TITLE).slug, SLUG)

    def test_pages_made_in_code_without_a_slug_get_one_folded_from_the_title(self):
        first = NewsPage(title=TITLE, lead="x", body=[("paragraph", "<p>x</p>")])
        self.school.add_child(instance=first)
        second = NewsPage(title=TITLE, lead="x", body=[("paragraph", "<p>x</p>")])
        self.school.add_child(instance=second)
        typed = NewsPage(title="Tin", slug="Tin-mới-nhất", lead="x", body=[("paragraph", "<p>x</p>")])
        self.school.add_child(instance=typed)
        self.assertEqual([first.slug, second.slug, typed.slug], [SLUG, f"{SLUG}-2", "tin-moi-nhat"])

    def test_the_script_formatters_cover_every_vietnamese_letter(self):
        import re

        letters = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
        text = letters + letters.upper()
        for pattern, replacement in VIETNAMESE_SLUG_FORMATTERS:
            text = re.sub(pattern, replacement, text)
        self.assertTrue(text.isascii(), text)
        self.assertEqual(text.lower(), ascii_slug(letters + letters.upper()))


class FoldExistingSlugTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.school = make_school(cls.sections["schools"], 1)

    def article(self, parent, slug):
        page = NewsPage(title=slug, slug=slug, lead="x", body=[("paragraph", "<p>x</p>")])
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    def test_accented_slugs_are_folded_and_old_addresses_redirect_permanently(self):
        self.article(self.school, "truong-moi")  # a sibling already has the folded slug
        old = accented(self.article(self.school, "tam"), "trường-mới")
        other = accented(self.article(self.sections["news"], "tam-2"), "Đại-hội")
        old_path = f"/truong-hoc/{self.school.slug}/trường-mới/"
        self.assertEqual(self.client.get(old_path).status_code, 200)  # served as it is today

        migration.fold_slugs(apps, None)

        old.refresh_from_db()
        other.refresh_from_db()
        self.assertEqual(old.slug, "truong-moi-2")
        self.assertEqual(other.slug, "dai-hoi")
        self.assertEqual(old.url_path, f"{self.school.url_path}truong-moi-2/")
        self.assertEqual(Revision.objects.get(pk=old.latest_revision_id).content["slug"], "truong-moi-2")
        new_url = f"/truong-hoc/{self.school.slug}/truong-moi-2/"
        self.assertEqual(self.client.get(new_url).status_code, 200)
        for path in (quote(old_path), old_path):  # as browsers send it, and as typed
            response = self.client.get(path)
            self.assertEqual(response.status_code, 301, path)
            self.assertEqual(response["Location"], new_url)
        self.assertRedirects(
            self.client.get(quote("/tin-tuc/Đại-hội/")), "/tin-tuc/dai-hoi/", status_code=301
        )

    def test_pages_beneath_a_folded_page_keep_their_old_addresses(self):
        school = accented(make_school(self.sections["schools"], 2), "trường-số-2")
        child = self.article(school, "le-khai-giang")
        Page.objects.filter(pk=child.pk).update(url_path=f"{school.url_path}le-khai-giang/")

        changed = fold_page_slugs(Page, Redirect, Site, Revision)

        self.assertEqual(changed, {school.pk: ("trường-số-2", "truong-so-2")})
        child.refresh_from_db()
        self.assertEqual(child.url_path, f"{self.sections['schools'].url_path}truong-so-2/le-khai-giang/")
        response = self.client.get(quote("/truong-hoc/trường-số-2/le-khai-giang/"))
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], "/truong-hoc/truong-so-2/le-khai-giang/")
        self.assertEqual(fold_page_slugs(Page, Redirect, Site, Revision), {})  # nothing left to fold
