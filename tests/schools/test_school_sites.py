"""The authority's site aggregates its schools' published news (issue 16.7) and a school's home
shows its news, announcements, documents, contact and sections (issue 16.1), each at a fixed
number of SQL queries whatever the number of schools or articles."""

import datetime

from django.test import TestCase
from django.utils import timezone

from wagtail.models import Page, Site

from consultations.models import ConsultationIndexPage
from directives.models import DirectiveIndexPage, DirectivePage
from home.models import HomePage
from news.models import NewsIndexPage, NewsPage
from schools.models import SchoolIndexPage, SchoolPage
from units.art9 import ensure_school_pages

from ..builders import make_directive, make_image, make_site, publish
from ..query_counts import SameQueryCountMixin

SMALL, LARGE = 2, 20


def article(parent, slug, tags=(), image=None, live=True, **fields):
    page = NewsPage(
        live=live,
        title=f"Tin {slug}",
        slug=slug,
        lead="Tóm tắt.",
        body=[("paragraph", "<p>x</p>")],
        listing_image=image,
    )
    parent.add_child(instance=page)
    for tag in tags:
        page.tags.add(tag)
    revision = page.save_revision()
    if live:
        revision.publish()
    page.refresh_from_db()
    return page


def school(parent, slug, title, level, commune):
    return publish(parent, SchoolPage(title=title, slug=slug, level=level, commune=commune))


class AggregationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        schools = cls.sections["schools"]
        cls.ba_sao = school(schools, "thcs-ba-sao", "Trường THCS Ba Sao", "thcs", "Ba Sao")
        cls.ba_sao_mn = school(schools, "mn-ba-sao", "Trường Mầm non Ba Sao", "mam-non", "Ba Sao")
        cls.dong_hoa = school(schools, "th-dong-hoa", "Trường Tiểu học Đồng Hóa", "tieu-hoc", "Đồng Hóa")
        cls.hidden = school(schools, "thcs-an", "Trường THCS Ẩn", "thcs", "Ba Sao")
        cls.hidden.unpublish()
        article(cls.ba_sao, "khai-giang-ba-sao")
        article(cls.ba_sao_mn, "le-hoi-mam-non")
        article(cls.dong_hoa, "trung-thu-dong-hoa")
        article(cls.dong_hoa, "ban-nhap", live=False)
        article(cls.hidden, "tin-truong-an")
        article(cls.sections["news"], "tin-cua-phong")
        cls.url = f"{schools.url}tin-cac-truong/"

    def slugs(self, **query):
        response = self.client.get(self.url, query)
        self.assertEqual(response.status_code, 200)
        return sorted(item.slug for item in response.context["articles"])

    def test_every_schools_published_news_and_nothing_else(self):
        self.assertEqual(self.slugs(), ["khai-giang-ba-sao", "le-hoi-mam-non", "trung-thu-dong-hoa"])

    def test_filters_by_school_level_and_commune(self):
        self.assertEqual(self.slugs(truong="thcs-ba-sao"), ["khai-giang-ba-sao"])
        self.assertEqual(self.slugs(cap="mam-non"), ["le-hoi-mam-non"])
        self.assertEqual(self.slugs(xa="ba-sao"), ["khai-giang-ba-sao", "le-hoi-mam-non"])
        self.assertEqual(self.slugs(xa="dong-hoa"), ["trung-thu-dong-hoa"])
        self.assertEqual(self.slugs(xa="ba-sao", cap="thcs"), ["khai-giang-ba-sao"])
        self.assertEqual(self.slugs(truong="th-dong-hoa", xa="ba-sao"), [])

    def test_unknown_filter_values_list_everything_and_never_fail(self):
        everything = self.slugs()
        for query in (
            {"truong": "khong-co"},
            {"cap": "dai-hoc"},
            {"xa": "\x00"},
            {"truong": "thcs-an"},  # an unpublished school's slug is not a choice
            {"page": "999"},
        ):
            with self.subTest(query=query):
                self.assertEqual(self.slugs(**query), everything)

    def test_each_item_links_to_its_article_and_names_its_school(self):
        response = self.client.get(self.url, {"truong": "th-dong-hoa"})
        self.assertContains(response, f'href="{self.dong_hoa.url}trung-thu-dong-hoa/"')
        self.assertContains(response, f'Tin của <a href="{self.dong_hoa.url}">Trường Tiểu học Đồng Hóa</a>')
        self.assertContains(response, '<option value="dong-hoa">Đồng Hóa</option>')
        self.assertContains(response, '<option value="th-dong-hoa" selected>')

    def test_the_feed_follows_the_filters(self):
        body = self.client.get(f"{self.url}rss/", {"cap": "mam-non"}).content.decode()
        self.assertIn("/le-hoi-mam-non/", body)
        self.assertNotIn("/khai-giang-ba-sao/", body)
        self.assertIn("Mầm non", body)
        atom = self.client.get(f"{self.url}atom/")
        self.assertEqual(atom.status_code, 200)
        self.assertIn("/trung-thu-dong-hoa/", atom.content.decode())

    def test_the_news_index_still_lists_school_news(self):
        response = self.client.get(self.sections["news"].url, {"loai": "cac-truong"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("khai-giang-ba-sao", {item.slug for item in response.context["articles"]})

    def test_an_item_links_to_its_schools_own_address(self):
        Site.objects.create(hostname="thcs-basao.localhost", port=80, root_page=self.ba_sao)
        response = self.client.get(self.url, {"truong": "thcs-ba-sao"})
        self.assertContains(response, 'href="http://thcs-basao.localhost/khai-giang-ba-sao/"')


def build_authority(hostname, size, images):
    """An authority site with ``size`` schools, each with its Art. 9 pages, news (some tagged
    announcements), documents and a draft for comment."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=f"Trang chủ {hostname}", slug=hostname.replace(".", "-")))
    Site.objects.create(hostname=hostname, port=80, root_page=home, site_name=hostname)
    home.add_child(instance=NewsIndexPage(title="Tin tức", slug="tin-tuc", show_in_menus=True))
    schools = home.add_child(
        instance=SchoolIndexPage(title="Trường học", slug="truong-hoc", show_in_menus=True)
    )
    levels = ["mam-non", "tieu-hoc", "thcs"]
    pages = []
    for i in range(size):
        page = school(schools, f"truong-{i}", f"Trường số {i}", levels[i % 3], f"Xã {i % 4}")
        ensure_school_pages(page)
        article(
            page, f"tin-{i}", image=images[i % len(images)], tags=["Thông báo"] if i % 2 else ["Khai giảng"]
        )
        article(
            pages[0] if pages else page, f"tin-them-{i}", image=images[i % len(images)], tags=["Thông báo"]
        )
        registry = DirectiveIndexPage.objects.child_of(pages[0] if pages else page).get()
        make_directive(registry, 1000 * len(hostname) + i)
        pages.append(page)
    first = pages[0]
    registry = DirectiveIndexPage.objects.child_of(first).get()
    draft = registry.get_children().first().specific
    draft.comment_opens = timezone.now() - datetime.timedelta(days=1)
    draft.comment_closes = timezone.now() + datetime.timedelta(days=size)
    draft.save_revision().publish()
    return [
        "/truong-hoc/tin-cac-truong/",
        "/truong-hoc/tin-cac-truong/?cap=tieu-hoc&xa=xa-1",  # school 1 on both sites
        "/truong-hoc/tin-cac-truong/rss/",
        f"/truong-hoc/{first.slug}/",
        f"/truong-hoc/{first.slug}/tin-tuc/",
        f"/truong-hoc/{first.slug}/du-thao-lay-y-kien/",
        f"/truong-hoc/{first.slug}/tuyen-sinh/",
        f"/truong-hoc/{first.slug}/gioi-thieu/",
        "/",
    ]


class QueryCountTests(SameQueryCountMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        images = [make_image(f"Ảnh {i}", (40 * i, 90, 160)) for i in range(3)]
        cls.small_urls = build_authority("small.test", SMALL, images)
        cls.large_urls = build_authority("large.test", LARGE, images)

    def test_same_query_count_with_2_and_20_schools(self):
        self.assert_same_query_counts(SMALL, LARGE)

    def test_the_school_home_shows_announcements_documents_and_drafts(self):
        response = self.client.get(self.large_urls[3], HTTP_HOST="large.test")
        self.assertEqual(len(response.context["announcements"]), 5)
        self.assertTrue(all(isinstance(doc, DirectivePage) for doc in response.context["latest_documents"]))
        self.assertEqual(len(response.context["latest_documents"]), 5)
        self.assertContains(response, "Thông báo")
        drafts = self.client.get(self.large_urls[5], HTTP_HOST="large.test")
        self.assertEqual(len(drafts.context["open_drafts"]), 1)
        self.assertIsInstance(drafts.context["page"], ConsultationIndexPage)
