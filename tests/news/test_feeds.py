"""RSS and Atom feeds of news sections and schools (Điều 7): the right items in the right order,
nothing unpublished or private, the category filter, discovery links and a constant query count."""

import datetime

from django.contrib.auth import get_user_model
from django.db import connection
from django.template.loader import render_to_string
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction, Site

import feedparser

from news.models import LISTING_IMAGE_SPEC, NewsCategory, NewsIndexPage, NewsPage, news_listing
from site_kb.models import OrganisationSettings

from ..builders import make_image, make_news, make_school, make_site, publish

ORG_NAME = "Phòng Giáo dục và Đào tạo huyện Thử"


def news(parent, slug, day, *, category=NewsCategory.OFFICE, tags=(), image=None, live=True):
    page = NewsPage(
        title=f"Tin {slug}",
        slug=slug,
        date=datetime.date(2026, 3, 1) + datetime.timedelta(days=day),
        lead=f"Sa pô của tin {slug}.",
        category=category,
        listing_image=image,
        body=[("paragraph", "<p>Nội dung.</p>")],
    )
    parent.add_child(instance=page)
    page.tags.add(*tags)
    revision = page.save_revision()
    if live:
        revision.publish()
    else:
        page.live = False
        page.save(update_fields=["live"])
    page.refresh_from_db()
    return page


def parse(response):
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, sections = make_site()
        OrganisationSettings.objects.update_or_create(
            site=Site.objects.get(is_default_site=True), defaults={"name": ORG_NAME}
        )
        cls.section = sections["news"]
        cls.image = make_image("Ảnh tin")
        cls.older = news(cls.section, "cu", 1, tags=["hội thi"])
        cls.newest = news(
            cls.section,
            "moi",
            9,
            category=NewsCategory.PROFESSIONAL,
            tags=["giáo viên giỏi"],
            image=cls.image,
        )
        cls.middle = news(cls.section, "giua", 5, category=NewsCategory.PROFESSIONAL)
        cls.draft = news(cls.section, "nhap", 10, live=False)
        cls.withdrawn = news(cls.section, "da-go", 11)
        cls.withdrawn.unpublish()
        cls.private = news(cls.section, "rieng", 12)
        PageViewRestriction.objects.create(page=cls.private, restriction_type=PageViewRestriction.LOGIN)

        cls.other_section = publish(cls.home, NewsIndexPage(title="Chuyên môn", slug="chuyen-mon"))
        cls.other_news = news(cls.other_section, "khac", 7)
        cls.school = make_school(sections["schools"], 1)
        cls.school_news = [news(cls.school, f"truong-{i}", i) for i in range(3)]

    def get(self, url, **extra):
        return self.client.get(url, **extra)

    def test_rss_lists_the_sections_live_public_news_newest_first(self):
        response = self.get("/tin-tuc/rss/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/rss+xml; charset=utf-8")
        feed = parse(response)
        self.assertEqual(feed.version, "rss20")
        self.assertEqual(feed.feed.title, f"Tin tức – {ORG_NAME}")
        self.assertEqual(feed.feed.link, "http://testserver/tin-tuc/")
        self.assertEqual(feed.feed.language, "vi")
        self.assertEqual([e.title for e in feed.entries], ["Tin moi", "Tin giua", "Tin cu"])
        self.assertEqual(
            [e.link for e in feed.entries],
            [
                "http://testserver/tin-tuc/moi/",
                "http://testserver/tin-tuc/giua/",
                "http://testserver/tin-tuc/cu/",
            ],
        )
        newest = feed.entries[0]
        self.assertEqual(newest.description, "Sa pô của tin moi.")
        self.assertEqual(newest.id, f"urn:uuid:{self.newest.translation_key}")
        self.assertEqual(
            datetime.datetime(*newest.published_parsed[:6], tzinfo=datetime.UTC),
            self.newest.first_published_at.replace(microsecond=0),
        )
        self.assertEqual([t.term for t in newest.tags], ["Chuyên môn, nghiệp vụ", "giáo viên giỏi"])
        self.assertEqual(len(newest.enclosures), 1)
        enclosure = newest.enclosures[0]
        rendition = self.newest.listing_image.get_rendition("fill-480x300")
        self.assertEqual(enclosure.href, f"http://testserver{rendition.url}")
        self.assertEqual(enclosure.type, "image/png")
        self.assertEqual(int(enclosure.length), rendition.file.size)
        self.assertEqual(feed.entries[1].enclosures, [])

    def test_cards_and_feeds_show_the_one_listing_rendition(self):
        """The card shows the rendition news_listing prefetched (LISTING_IMAGE_SPEC), so a card
        costs no query of its own."""
        render_to_string("components/news_card.html", {"article": self.newest})  # the site's root paths
        [article] = news_listing(NewsPage.objects.filter(pk=self.newest.pk))
        url = article.listing_rendition().url
        self.assertIn(LISTING_IMAGE_SPEC.replace("fill-", ".fill-"), url)
        with self.assertNumQueries(0):
            card = render_to_string("components/news_card.html", {"article": article})
        self.assertIn(f'<img src="{url}"', card)
        self.assertEqual(self.get("/tin-tuc/").content.decode().count(f'src="{url}"'), 1)

    def test_atom_has_the_same_items(self):
        response = self.get("/tin-tuc/atom/")
        self.assertEqual(response["Content-Type"], "application/atom+xml; charset=utf-8")
        feed = parse(response)
        self.assertEqual(feed.version, "atom10")
        self.assertEqual(feed.feed.title, f"Tin tức – {ORG_NAME}")
        self.assertEqual(feed.feed.author, ORG_NAME)
        self.assertIn("http://testserver/tin-tuc/atom/", [link.href for link in feed.feed.links])
        self.assertEqual([e.title for e in feed.entries], ["Tin moi", "Tin giua", "Tin cu"])
        self.assertEqual(feed.entries[2].link, "http://testserver/tin-tuc/cu/")
        self.assertEqual(feed.entries[2].summary, "Sa pô của tin cu.")
        self.assertEqual([t.term for t in feed.entries[2].tags], ["Hoạt động của Phòng", "hội thi"])
        self.assertEqual(feed.entries[0].id, f"urn:uuid:{self.newest.translation_key}")

    def test_drafts_withdrawn_private_and_other_sections_news_are_absent(self):
        for url in ("/tin-tuc/rss/", "/tin-tuc/atom/"):
            with self.subTest(url=url):
                body = self.get(url).content.decode()
                for page in (self.draft, self.withdrawn, self.private, self.other_news, *self.school_news):
                    self.assertNotIn(page.title, body)
                    self.assertNotIn(f"/{page.slug}/", body)

    def test_category_filter(self):
        feed = parse(self.get("/tin-tuc/rss/?loai=chuyen-mon"))
        self.assertEqual([e.title for e in feed.entries], ["Tin moi", "Tin giua"])
        self.assertEqual(feed.feed.title, f"Tin tức: Chuyên môn, nghiệp vụ – {ORG_NAME}")
        # An unknown category is ignored, as on the listing.
        feed = parse(self.get("/tin-tuc/atom/?loai=khong-co"))
        self.assertEqual(len(feed.entries), 3)

    def test_school_feed_lists_only_that_schools_news(self):
        for kind in ("rss", "atom"):
            with self.subTest(kind=kind):
                feed = parse(self.get(f"/truong-hoc/truong-1/{kind}/"))
                self.assertEqual(feed.feed.title, f"Trường số 1 – {ORG_NAME}")
                self.assertEqual(
                    [e.title for e in feed.entries], ["Tin truong-2", "Tin truong-1", "Tin truong-0"]
                )
                self.assertEqual(feed.entries[0].link, "http://testserver/truong-hoc/truong-1/truong-2/")

    def test_feeds_are_cacheable_for_anonymous_readers(self):
        response = self.get("/tin-tuc/rss/")
        self.assertIn("public", response["Cache-Control"])
        self.assertIn("max-age=", response["Cache-Control"])
        self.assertIn("Last-Modified", response)

    def test_the_listing_page_stays_cacheable(self):
        response = self.get("/tin-tuc/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("public", response["Cache-Control"])

    def test_pages_announce_and_link_their_feeds(self):
        html = self.get("/tin-tuc/").content.decode()
        head = html.split("</head>")[0]
        self.assertIn(
            '<link rel="alternate" type="application/rss+xml" title="Tin tức (RSS)" '
            'href="http://testserver/tin-tuc/rss/">',
            head,
        )
        self.assertIn(
            'type="application/atom+xml" title="Tin tức (Atom)" href="http://testserver/tin-tuc/atom/"', head
        )
        body = html.split("</head>")[1]
        self.assertIn('<a href="http://testserver/tin-tuc/rss/" type="application/rss+xml">RSS</a>', body)

        filtered = self.get("/tin-tuc/?loai=chuyen-mon").content.decode()
        self.assertIn('href="http://testserver/tin-tuc/rss/?loai=chuyen-mon"', filtered)

        school = self.get("/truong-hoc/truong-1/").content.decode()
        self.assertIn('href="http://testserver/truong-hoc/truong-1/rss/"', school.split("</head>")[0])
        self.assertIn(
            '<a href="http://testserver/truong-hoc/truong-1/atom/" type="application/atom+xml">Atom</a>',
            school,
        )


class RestrictedSectionFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home, sections = make_site()
        cls.section = sections["news"]
        news(cls.section, "noi-bo", 1)
        PageViewRestriction.objects.create(page=cls.section, restriction_type=PageViewRestriction.LOGIN)
        cls.user = get_user_model().objects.create_user("docgia", password="x")

    def test_anonymous_readers_are_sent_to_log_in_and_see_nothing(self):
        for url in ("/tin-tuc/", "/tin-tuc/rss/", "/tin-tuc/atom/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn("login", response["Location"])
                self.assertNotIn(b"noi-bo", response.content)

    def test_logged_in_readers_get_a_private_response(self):
        self.client.force_login(self.user)
        response = self.client.get("/tin-tuc/rss/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("private", response["Cache-Control"])
        self.assertNotIn("public", response["Cache-Control"])


class FeedQueryCountTests(TestCase):
    """A feed costs the same number of queries with 5 or 25 news items (it lists at most 20)."""

    @classmethod
    def setUpTestData(cls):
        home, sections = make_site()
        cls.small = sections["news"]
        cls.large = publish(home, NewsIndexPage(title="Tin lớn", slug="tin-lon"))
        image = make_image("Ảnh đếm")
        for section, size in ((cls.small, 5), (cls.large, 25)):
            for page in make_news(section, size, image=image, prefix=f"tin-{section.slug}"):
                page.tags.add("một", "hai")
                page.save_revision().publish()

    def count(self, url):
        self.client.get(url)  # renditions and site caches warm up once
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries), feedparser.parse(response.content)

    def test_constant_query_count(self):
        for kind in ("rss", "atom"):
            with self.subTest(kind=kind):
                small, small_feed = self.count(f"/tin-tuc/{kind}/")
                large, large_feed = self.count(f"/tin-lon/{kind}/")
                self.assertEqual(len(small_feed.entries), 5)
                self.assertEqual(len(large_feed.entries), 20)
                self.assertEqual(
                    [t.term for t in large_feed.entries[0].tags], ["Hoạt động của Phòng", "hai", "một"]
                )
                self.assertEqual(small, large, f"{small} queries with 5 items, {large} with 25")
