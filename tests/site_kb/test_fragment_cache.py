"""The chrome's fragment cache (issue 17, site_kb.fragment_cache): the header, main menu and footer
are rendered once per Site and menu position, purged by the page cache's tag generations, and a page
carries their tags in its xkey header whether they were rendered or read."""

from unittest import mock

from django.db import connection
from django.template import base as template_base
from django.test import RequestFactory, TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

from links.models import ExternalLink, LinkCategory
from org.models import OrgIndexPage
from site_kb import fragment_cache, page_cache
from site_kb.cache_tags import site_tag
from site_kb.fragment_cache import is_candidate
from site_kb.models import OrganisationSettings

from ..builders import make_news, make_site, publish

CHROME_TEMPLATES = {
    "components/header.html",
    "components/main_menu.html",
    "components/reader_toolbar.html",
    "components/link_directory.html",
}
# The home page of make_site's small site, read a second time by an anonymous reader with the
# chrome from the fragment cache and its Site from the SiteState: the home page itself, its view
# restrictions, its sections and schools, and its listings with their public() checks; no menu,
# link directory, site settings or Site query. Measured: 10.
HOME_QUERY_BUDGET = 10


def xkey(response):
    return set(response["xkey"].split())


class RenderedTemplates:
    """Counts the templates rendered while it is open, by name (the test client's own signal is
    only sent for the outermost one)."""

    def __enter__(self):
        self.names = []
        self.original = template_base.Template._render

        def counting(template, context):
            self.names.append(template.origin.template_name)
            return self.original(template, context)

        template_base.Template._render = counting
        return self

    def __exit__(self, *exc):
        template_base.Template._render = self.original


@override_settings(DJANGO_FRAGMENT_CACHE=True)
class FragmentCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.site = Site.objects.get(is_default_site=True)
        cls.news = make_news(cls.sections["news"], 2)
        category = LinkCategory.objects.create(name="Cơ quan cấp trên")
        cls.link = ExternalLink.objects.create(
            category=category, title="Bộ Giáo dục và Đào tạo", url="https://moet.gov.vn/"
        )
        OrganisationSettings.objects.update_or_create(site=cls.site, defaults={"name": "Phòng Giáo dục Thử"})

    def render_twice(self, url):
        first = self.client.get(url)
        with RenderedTemplates() as rendered:
            second = self.client.get(url)
        return first, second, rendered.names

    def test_a_hit_gives_the_same_page_and_the_same_tags_without_rendering_the_chrome(self):
        first, second, rendered = self.render_twice(self.news[0].url)
        self.assertEqual(second.content, first.content)
        self.assertContains(second, "Bộ Giáo dục và Đào tạo")
        self.assertContains(second, "Phòng Giáo dục Thử")
        self.assertEqual(xkey(second), xkey(first))
        # The fragments' own tags: the settings, the menu's sections and the link directory.
        self.assertLessEqual(
            {
                site_tag(self.site),
                f"c{self.home.path}",
                f"p{self.sections['news'].pk}",
                "m-links.externallink",
                "m-links.linkcategory",
            },
            xkey(second),
        )
        self.assertFalse(CHROME_TEMPLATES & set(rendered), rendered)

    def test_the_same_chrome_as_without_the_cache(self):
        cached = self.render_twice(self.sections["news"].url)[1]
        with override_settings(DJANGO_FRAGMENT_CACHE=False):
            fresh = self.client.get(self.sections["news"].url)
        self.assertEqual(cached.content, fresh.content)
        self.assertEqual(xkey(cached), xkey(fresh))

    def test_the_menu_marks_the_current_section_on_each_page(self):
        self.client.get("/")  # the home's header stored first
        news_index = self.client.get(self.sections["news"].url)
        news_link = f'href="{self.sections["news"].url}" aria-current="page"'
        self.assertContains(news_index, news_link)
        article = self.client.get(self.news[0].url)
        self.assertContains(article, f'href="{self.sections["news"].url}" aria-current="true"')
        self.assertNotContains(article, news_link)
        home = self.client.get("/")
        self.assertContains(home, 'aria-current="page">Trang chủ</a>')
        self.assertNotContains(home, 'aria-current="true"')
        org = self.client.get(self.sections["org"].url)
        self.assertContains(org, f'href="{self.sections["org"].url}" aria-current="page"')
        self.assertNotContains(org, 'aria-current="true"')

    def test_renaming_a_menu_page_shows_on_the_next_request_of_another_page(self):
        self.render_twice(self.news[0].url)
        section = self.sections["org"]
        section.title = "Giới thiệu chung về Phòng"
        with self.captureOnCommitCallbacks(execute=True):
            section.save_revision().publish()
        self.assertContains(self.client.get(self.news[0].url), "Giới thiệu chung về Phòng")

    def test_a_new_section_in_the_menu_shows_on_the_next_request_of_another_page(self):
        self.render_twice(self.news[0].url)
        with self.captureOnCommitCallbacks(execute=True):
            publish(self.home, OrgIndexPage(title="Công khai", slug="cong-khai", show_in_menus=True))
        self.assertContains(self.client.get(self.news[0].url), 'href="/cong-khai/"')

    def test_a_new_link_in_the_directory_shows_on_the_next_request(self):
        self.render_twice("/")
        with self.captureOnCommitCallbacks(execute=True):
            ExternalLink.objects.create(
                category=self.link.category, title="Sở Giáo dục tỉnh", url="https://so.example.vn/"
            )
        self.assertContains(self.client.get(self.news[1].url), "Sở Giáo dục tỉnh")

    def test_a_changed_site_setting_shows_on_the_next_request(self):
        self.render_twice(self.news[1].url)
        settings = OrganisationSettings.for_site(self.site)
        settings.phone = "0226 3820 999"
        with self.captureOnCommitCallbacks(execute=True):
            settings.save()
        self.assertContains(self.client.get(self.news[1].url), "0226 3820 999")

    def test_an_editor_never_gets_the_stored_chrome(self):
        self.render_twice("/")
        # A change that purges nothing (no signal): the anonymous header is the stored one.
        OrganisationSettings.objects.filter(site=self.site).update(name="Tên chưa xoá bộ nhớ đệm")
        renamed = '<p class="brand__name"><a href="/">Tên chưa xoá bộ nhớ đệm</a></p>'
        self.assertNotContains(self.client.get("/"), renamed)
        self.client.cookies["sessionid"] = "a-session-of-someone"
        self.assertContains(self.client.get("/"), renamed)
        # The site settings too (the title and the footer): an editor reads the row.
        self.assertContains(self.client.get("/"), '<p class="site-footer__name">Tên chưa xoá bộ nhớ đệm</p>')
        del self.client.cookies["sessionid"]
        self.assertNotContains(
            self.client.get("/"), '<p class="site-footer__name">Tên chưa xoá bộ nhớ đệm</p>'
        )

    def test_previews_posts_and_sessions_render_the_chrome_afresh(self):
        factory = RequestFactory()
        self.assertTrue(is_candidate(factory.get("/")))
        self.assertTrue(is_candidate(factory.head("/")))
        preview = factory.get("/")
        preview.is_preview = True  # Wagtail's preview, a preview link
        self.assertFalse(is_candidate(preview))
        self.assertFalse(is_candidate(factory.post("/")))
        self.assertFalse(is_candidate(factory.get("/", HTTP_COOKIE="sessionid=abc")))
        with override_settings(DJANGO_FRAGMENT_CACHE=False):
            self.assertFalse(is_candidate(factory.get("/")))

    def test_the_second_anonymous_render_of_the_home_page_stays_within_its_budget(self):
        self.client.get("/")
        with RenderedTemplates() as rendered, CaptureQueriesContext(connection) as queries:
            response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertLessEqual(len(queries), HOME_QUERY_BUDGET, [query["sql"] for query in queries])
        tables = " ".join(query["sql"] for query in queries)
        self.assertNotIn(OrganisationSettings._meta.db_table, tables)  # kept under s<site>
        self.assertEqual([name for name in rendered.names if name in CHROME_TEMPLATES], [])
        # Without the fragment cache the chrome costs its queries and templates again.
        with override_settings(DJANGO_FRAGMENT_CACHE=False):
            with RenderedTemplates() as fresh, CaptureQueriesContext(connection) as fresh_queries:
                self.client.get("/")
        self.assertEqual({name for name in fresh.names if name in CHROME_TEMPLATES}, CHROME_TEMPLATES)
        self.assertGreater(len(fresh_queries), len(queries))


@override_settings(PAGE_CACHE_LOCAL_SECONDS=0.1)
class FragmentCopiesTests(FragmentCacheTests):
    """The same pages with each process keeping its own copies of the fragments it read, as in
    production (site_kb.page_cache.tagged_get, tests/caching/test_fragment_copies.py): a renamed
    section, a new link or setting still shows on the next request, an editor still never gets
    the stored chrome."""

    def test_the_chrome_is_served_from_the_process_copies(self):
        for _request in range(3):  # rendered and kept, read and copied, the tokens read
            self.client.get("/")
        copied = {
            key for key in page_cache.local_copies.copies if key.startswith(fragment_cache.ENTRY_PREFIX)
        }
        self.assertTrue(copied)
        read = []
        read_many = page_cache.read_many
        with mock.patch.object(page_cache, "read_many", lambda keys: read.extend(keys) or read_many(keys)):
            with RenderedTemplates() as rendered:
                response = self.client.get("/")
        self.assertContains(response, "Phòng Giáo dục Thử")
        self.assertFalse(CHROME_TEMPLATES & set(rendered.names))
        self.assertFalse(copied & set(read))  # not asked of the shared cache
