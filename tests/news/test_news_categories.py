"""News categories of Điều 7: school activity per school level, filed automatically."""

import importlib

from django.apps import apps
from django.test import TestCase
from django.urls import reverse

from news.models import NewsCategory, NewsPage

from ..builders import make_school, make_site, make_superuser, news_form, publish

migration = importlib.import_module("news.migrations.0005_split_school_category")


def article(parent, slug, **fields):
    return publish(
        parent, NewsPage(title=slug, slug=slug, lead="x", body=[("paragraph", "<p>x</p>")], **fields)
    )


class CategoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.kindergarten = make_school(cls.sections["schools"], 1, level="mam-non")
        cls.primary = make_school(cls.sections["schools"], 2, level="tieu-hoc")
        cls.secondary = make_school(cls.sections["schools"], 3, level="thcs")
        cls.admin = make_superuser("quantri")

    def test_the_migration_maps_old_school_news_to_the_level_of_their_school(self):
        pages = {
            "mn": article(self.kindergarten, "tin-mn"),
            "th": article(self.primary, "tin-th"),
            "thcs": article(self.secondary, "tin-thcs"),
            "phong": article(self.sections["news"], "tin-phong"),
            "chuyen-mon": article(self.sections["news"], "tin-chuyen-mon", category="professional"),
        }
        NewsPage.objects.exclude(pk=pages["chuyen-mon"].pk).update(category="school")
        revision = pages["phong"].latest_revision
        revision.content["category"] = "school"
        revision.save()

        migration.split_school_category(apps, None)

        categories = dict(NewsPage.objects.values_list("slug", "category"))
        self.assertEqual(
            categories,
            {
                "tin-mn": "school-mam-non",
                "tin-th": "school-tieu-hoc",
                "tin-thcs": "school-thcs",
                "tin-phong": "office",
                "tin-chuyen-mon": "professional",
            },
        )
        revision.refresh_from_db()
        self.assertEqual(revision.content["category"], "office")

    def test_mapping_function(self):
        levels = {"000100020003": "tieu-hoc"}
        self.assertEqual(migration.school_news_category("0001000200030004", levels), "school-tieu-hoc")
        self.assertEqual(migration.school_news_category("0001000200050004", levels), "office")
        self.assertEqual(set(migration.LEVEL_CATEGORIES.values()) - set(NewsCategory.values), set())

    def test_a_school_article_takes_its_school_level_whatever_was_chosen(self):
        page = article(self.kindergarten, "tin-truong", category="professional")
        self.assertEqual(NewsPage.objects.get(pk=page.pk).category, "school-mam-non")
        office = article(self.sections["news"], "tin-to-chuc", category="organisation")
        self.assertEqual(NewsPage.objects.get(pk=office.pk).category, "organisation")

    def test_the_admin_form_locks_the_category_of_school_news(self):
        self.client.force_login(self.admin)
        url = reverse("wagtailadmin_pages:add", args=["news", "newspage", self.secondary.pk])
        form = self.client.get(url).context["form"]
        self.assertTrue(form.fields["category"].disabled)
        self.assertEqual(form["category"].value(), "school-thcs")
        data = news_form("Hội khoẻ Phù Đổng", "hoi-khoe", category="professional", **{"action-publish": "1"})
        self.assertEqual(self.client.post(url, data).status_code, 302)
        page = NewsPage.objects.get(slug="hoi-khoe")
        self.assertEqual(page.category, "school-thcs")
        self.assertEqual(page.latest_revision.content["category"], "school-thcs")

        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).context["form"]
        self.assertTrue(edit.fields["category"].disabled)
        office_add = reverse("wagtailadmin_pages:add", args=["news", "newspage", self.sections["news"].pk])
        self.assertFalse(self.client.get(office_add).context["form"].fields["category"].disabled)

    def test_news_index_lists_and_filters_the_new_categories(self):
        article(self.sections["news"], "tin-chuyen-de", category="professional")
        article(self.sections["news"], "tin-phong-2")
        response = self.client.get(self.sections["news"].url, {"loai": "chuyen-mon"})
        body = response.content.decode()
        for label in ("Hoạt động trường mầm non", "Hoạt động trường tiểu học", "Hoạt động trường THCS"):
            self.assertIn(label, body)
        self.assertEqual([a.slug for a in response.context["articles"]], ["tin-chuyen-de"])
