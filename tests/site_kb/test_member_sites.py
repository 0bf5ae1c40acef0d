"""Three sites on three hostnames (issue 16, "Done when"): the authority and two schools' member
sites keep their pages, navigation, settings, search, feeds and sitemaps apart; every page has
one address, its own Site's (site_kb.sites, Circular 37/2020/TT-BGDĐT Art. 3)."""

import datetime
import xml.etree.ElementTree as ET

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, Site

from news.models import NewsPage
from site_kb.models import OrganisationSettings
from site_kb.sitemaps import SiteSitemap
from site_kb.sites import canonical_root_path, forget_sites

from ..builders import make_school, make_site, publish

AUTHORITY, SCHOOL_A, SCHOOL_B = "localhost", "truong-a.test", "truong-b.test"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def make_article(parent, slug, title, *, in_menu=False):
    return publish(
        parent,
        NewsPage(
            title=title,
            slug=slug,
            date=datetime.date(2026, 11, 20),
            lead=f"Tóm tắt {title}.",
            body=[("paragraph", f"<p>{title}</p>")],
            show_in_menus=in_menu,
        ),
    )


def build_three_sites():
    """The authority on ``localhost`` (make_site's default Site) and two schools with their own
    Sites, settings, a menu page and news; returns a namespace of what the tests look at."""
    home, sections = make_site()
    authority_site = Site.objects.get(is_default_site=True)
    school_a = make_school(sections["schools"], 1)
    school_b = make_school(sections["schools"], 2)
    site_a = Site.objects.create(hostname=SCHOOL_A, port=80, root_page=school_a, site_name="Trường A")
    site_b = Site.objects.create(hostname=SCHOOL_B, port=80, root_page=school_b, site_name="Trường B")
    for site, name, person in (
        (authority_site, "Sở Giáo dục và Đào tạo tỉnh Thử", "Trần Thị Sở, Giám đốc"),
        (site_a, "Trường THCS Ánh Dương", "Lê Văn Ánh, Hiệu trưởng"),
        (site_b, "Trường Tiểu học Bình Minh", "Phạm Thị Bình, Hiệu trưởng"),
    ):
        OrganisationSettings.objects.update_or_create(
            site=site,
            defaults={"name": name, "person_responsible": person, "footer_text": f"Chân trang của {name}"},
        )
    office_news = make_article(sections["news"], "tin-cua-so", "Hội nghị tổng kết của sở")
    news_a = make_article(school_a, "khai-giang", "Khai giảng ánh dương rực rỡ", in_menu=True)
    news_b = make_article(school_b, "hoi-khoe", "Hội khoẻ bình minh sôi nổi", in_menu=True)
    return {
        "home": home,
        "sections": sections,
        "school_a": school_a,
        "school_b": school_b,
        "site_a": site_a,
        "site_b": site_b,
        "office_news": office_news,
        "news_a": news_a,
        "news_b": news_b,
    }


class ThreeSitesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for key, value in build_three_sites().items():
            setattr(cls, key, value)

    def get(self, host, path, **extra):
        return self.client.get(path, HTTP_HOST=host, **extra)

    # Settings and navigation ---------------------------------------------------------------------

    def test_each_site_shows_its_own_settings_in_header_and_footer(self):
        expected = {
            AUTHORITY: ("Sở Giáo dục và Đào tạo tỉnh Thử", "Trần Thị Sở, Giám đốc"),
            SCHOOL_A: ("Trường THCS Ánh Dương", "Lê Văn Ánh, Hiệu trưởng"),
            SCHOOL_B: ("Trường Tiểu học Bình Minh", "Phạm Thị Bình, Hiệu trưởng"),
        }
        for host, (name, person) in expected.items():
            with self.subTest(host=host):
                response = self.get(host, "/")
                self.assertEqual(response.status_code, 200)
                html = response.content.decode()
                self.assertIn(f'<p class="brand__name"><a href="/">{name}</a></p>', html)
                self.assertIn("Người chịu trách nhiệm nội dung:</span> " + person, html)
                self.assertIn(f"Chân trang của {name}", html)
                for other_name, other_person in expected.values():
                    if other_name != name:
                        self.assertNotIn(other_person, html)

    def test_a_school_sites_footer_leads_back_to_the_authority(self):
        """A member site is part of the authority's portal (Circular 37/2020 Art. 3): its footer
        links the authority's home by the authority's site name; the authority's own does not."""
        authority_name = Site.objects.get(is_default_site=True).site_name
        for host in (SCHOOL_A, SCHOOL_B):
            with self.subTest(host=host):
                self.assertContains(
                    self.get(host, "/"),
                    f'<p class="site-footer__authority">Trang thành viên của '
                    f'<a href="http://{AUTHORITY}/">{authority_name}</a></p>',
                    html=True,
                )
        self.assertNotContains(self.get(AUTHORITY, "/"), "site-footer__authority")

    def test_each_menu_lists_its_own_roots_children(self):
        authority = self.get(AUTHORITY, "/").content.decode()
        school_a = self.get(SCHOOL_A, "/").content.decode()
        menu = lambda html: html.split('class="container main-nav__list"', 1)[1].split("</ul>", 1)[0]  # noqa: E731
        self.assertIn('href="/tin-tuc/">Tin tức', menu(authority))
        self.assertNotIn("Khai giảng", menu(authority))
        self.assertIn('href="/khai-giang/">Khai giảng ánh dương rực rỡ', menu(school_a))
        self.assertNotIn("Hội khoẻ", menu(school_a))
        self.assertNotIn("Tin tức</a>", menu(school_a))
        self.assertIn('<a href="/" aria-current="page">Trang chủ</a>', menu(school_a))

    def test_breadcrumbs_start_at_the_schools_own_home(self):
        html = self.get(SCHOOL_A, "/khai-giang/").content.decode()
        crumbs = html.split('class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
        self.assertIn('<a href="/">Trang chủ</a>', crumbs)
        self.assertNotIn("Trường học", crumbs)
        self.assertNotIn(AUTHORITY, crumbs)

    # One address per page -------------------------------------------------------------------------

    def test_a_schools_page_is_not_found_through_the_other_schools_host(self):
        for path in ("/khai-giang/", "/truong-hoc/truong-1/khai-giang/", "/truong-hoc/"):
            with self.subTest(path=path):
                self.assertEqual(self.get(SCHOOL_B, path).status_code, 404)

    def test_the_authoritys_address_of_a_school_page_redirects_to_the_schools_own(self):
        cases = {
            "/truong-hoc/truong-1/": f"http://{SCHOOL_A}/",
            "/truong-hoc/truong-1/khai-giang/": f"http://{SCHOOL_A}/khai-giang/",
            "/truong-hoc/truong-1/khai-giang/?utm=x&y=%C4%91": f"http://{SCHOOL_A}/khai-giang/?utm=x&y=%C4%91",
            "/truong-hoc/truong-2/rss/": f"http://{SCHOOL_B}/rss/",
            "/truong-hoc/truong-2/atom/?loai=thcs": f"http://{SCHOOL_B}/atom/?loai=thcs",
        }
        for path, target in cases.items():
            with self.subTest(path=path):
                response = self.get(AUTHORITY, path)
                self.assertEqual(response.status_code, 301)
                self.assertEqual(response["Location"], target)

    def test_a_form_posted_to_the_old_address_keeps_its_method(self):
        response = self.client.post("/truong-hoc/truong-1/khai-giang/", {}, HTTP_HOST=AUTHORITY)
        self.assertEqual(response.status_code, 308)
        self.assertEqual(response["Location"], f"http://{SCHOOL_A}/khai-giang/")

    def test_authority_pages_stay_on_the_authoritys_address(self):
        self.assertEqual(self.get(AUTHORITY, "/tin-tuc/tin-cua-so/").status_code, 200)
        self.assertEqual(self.get(AUTHORITY, "/truong-hoc/").status_code, 200)

    def test_page_urls_are_canonical(self):
        article = NewsPage.objects.get(pk=self.news_a.pk)
        self.assertEqual(article.get_full_url(), f"http://{SCHOOL_A}/khai-giang/")
        request = self.get(AUTHORITY, "/").wsgi_request
        self.assertEqual(article.get_url(request), f"http://{SCHOOL_A}/khai-giang/")
        self.assertEqual(article.get_url_parts(request)[0], self.site_a.pk)
        request_a = self.get(SCHOOL_A, "/").wsgi_request
        self.assertEqual(article.get_url(request_a), "/khai-giang/")
        self.assertEqual(
            NewsPage.objects.get(pk=self.office_news.pk).get_url(request_a),
            "http://localhost/tin-tuc/tin-cua-so/",
        )
        # A plain Page row (menus, the site map) resolves the same way through canonical_root_path.
        plain = Page.objects.get(pk=self.news_a.pk)
        self.assertEqual(canonical_root_path(plain).site_id, self.site_a.pk)

    def test_a_renamed_section_above_a_school_keeps_the_schools_pages_on_its_host(self):
        section = self.sections["schools"].specific
        section.slug = "cac-truong"
        with self.captureOnCommitCallbacks(execute=True):
            section.save_revision().publish()
        article = NewsPage.objects.get(pk=self.news_a.pk)
        self.assertEqual(article.url_path, "/trang-chu-thu/cac-truong/truong-1/khai-giang/")
        self.assertEqual(article.get_full_url(), f"http://{SCHOOL_A}/khai-giang/")
        response = self.get(AUTHORITY, "/cac-truong/truong-1/khai-giang/")
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], f"http://{SCHOOL_A}/khai-giang/")

    # The authority aggregates the schools' news ------------------------------------------------------

    def test_the_authoritys_home_lists_both_schools_news_on_their_own_hosts(self):
        html = self.get(AUTHORITY, "/").content.decode()
        self.assertIn(f'href="http://{SCHOOL_A}/khai-giang/"', html)
        self.assertIn(f'href="http://{SCHOOL_B}/hoi-khoe/"', html)
        self.assertIn('href="/tin-tuc/tin-cua-so/"', html)

    def test_a_schools_home_links_its_news_relatively_and_not_the_others(self):
        html = self.get(SCHOOL_A, "/").content.decode()
        self.assertIn('href="/khai-giang/"', html)
        self.assertNotIn("hoi-khoe", html)

    def test_the_site_map_links_school_sites_on_their_own_hosts(self):
        html = self.get(AUTHORITY, "/so-do-trang/").content.decode()
        self.assertIn(f'href="http://{SCHOOL_A}/"', html)
        self.assertIn(f'href="http://{SCHOOL_B}/"', html)
        self.assertNotIn('href="/truong-hoc/truong-1/"', html)
        school_map = self.get(SCHOOL_A, "/so-do-trang/").content.decode()
        self.assertIn('href="/khai-giang/"', school_map)
        self.assertNotIn("Bình Minh", school_map)

    # Sitemaps and robots.txt ------------------------------------------------------------------------

    def sitemap(self, host):
        """Every address the host's sitemap index leads to; its pages are on the same host."""
        response = self.get(host, "/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        pages = [loc.text for loc in ET.fromstring(response.content).findall("s:sitemap/s:loc", SITEMAP_NS)]
        self.assertTrue(pages)
        found = set()
        for page in pages:
            self.assertTrue(page.startswith(f"http://{host}/sitemap-"), page)
            response = self.get(host, page.removeprefix(f"http://{host}"))
            self.assertEqual(response.status_code, 200)
            found |= {loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", SITEMAP_NS)}
        return found

    def test_each_page_is_in_exactly_one_sitemap_on_its_own_host(self):
        authority, school_a, school_b = (
            self.sitemap(AUTHORITY),
            self.sitemap(SCHOOL_A),
            self.sitemap(SCHOOL_B),
        )
        self.assertIn("http://localhost/tin-tuc/tin-cua-so/", authority)
        self.assertIn("http://localhost/truong-hoc/", authority)
        self.assertEqual(school_a, {f"http://{SCHOOL_A}/", f"http://{SCHOOL_A}/khai-giang/"})
        self.assertEqual(school_b, {f"http://{SCHOOL_B}/", f"http://{SCHOOL_B}/hoi-khoe/"})
        self.assertFalse(authority & school_a or authority & school_b)
        self.assertFalse([url for url in authority if "truong-1" in url or "truong-2" in url])

    def test_the_authoritys_sitemap_does_not_read_the_school_sites_pages(self):
        request = self.get(AUTHORITY, "/").wsgi_request
        listed = {page.pk for page in SiteSitemap(request).items()}
        self.assertIn(self.office_news.pk, listed)
        self.assertIn(self.sections["schools"].pk, listed)
        self.assertFalse({self.school_a.pk, self.news_a.pk, self.school_b.pk, self.news_b.pk} & listed)

    def test_robots_names_the_sitemap_of_the_host_asked(self):
        for host in (AUTHORITY, SCHOOL_A, SCHOOL_B):
            with self.subTest(host=host):
                text = self.get(host, "/robots.txt").content.decode()
                self.assertIn(f"Sitemap: http://{host}/sitemap.xml", text)
                for path in ("/admin/", "/tim-kiem/", "/xem-truoc/"):
                    self.assertIn(f"Disallow: {path}", text)

    # Feeds -------------------------------------------------------------------------------------------

    def test_a_schools_feed_lists_its_news_with_its_own_addresses(self):
        response = self.get(SCHOOL_A, "/rss/")
        self.assertEqual(response.status_code, 200)
        channel = ET.fromstring(response.content).find("channel")
        self.assertEqual(channel.findtext("link"), f"http://{SCHOOL_A}/")
        self.assertEqual(
            [item.findtext("link") for item in channel.findall("item")], [f"http://{SCHOOL_A}/khai-giang/"]
        )
        self.assertIn("Trường THCS Ánh Dương", channel.findtext("title"))
        atom = self.get(SCHOOL_B, "/atom/").content.decode()
        self.assertIn(f'href="http://{SCHOOL_B}/atom/" rel="self"', atom)
        self.assertIn(f'href="http://{SCHOOL_B}/hoi-khoe/"', atom)
        self.assertNotIn("khai-giang", atom)

    def test_the_authoritys_school_news_feed_links_each_article_on_its_schools_host(self):
        response = self.get(AUTHORITY, "/tin-tuc/rss/?loai=cac-truong")
        self.assertEqual(response.status_code, 200)
        links = {item.findtext("link") for item in ET.fromstring(response.content).iter("item")}
        self.assertEqual(links, {f"http://{SCHOOL_A}/khai-giang/", f"http://{SCHOOL_B}/hoi-khoe/"})

    # Search ------------------------------------------------------------------------------------------

    def results(self, host, query):
        response = self.get(host, "/tim-kiem/", data=query)
        self.assertEqual(response.status_code, 200)
        return response, [item["page"].pk for item in response.context["results"]]

    def test_a_schools_search_covers_its_own_site_by_default(self):
        response, found = self.results(SCHOOL_A, {"q": "khai giảng"})
        self.assertEqual(found, [self.news_a.pk])
        html = response.content.decode()
        self.assertIn('href="/khai-giang/"', html)
        self.assertIn("Tìm trong toàn bộ các trang của ngành", html)
        self.assertRegex(html, r'<input type="radio" name="pham-vi" value="trang-nay"[^>]* checked')
        _response, found = self.results(SCHOOL_A, {"q": "hội khoẻ"})
        self.assertEqual(found, [])

    def test_the_whole_authority_option_searches_every_site_with_canonical_links(self):
        response, found = self.results(SCHOOL_A, {"q": "hội khoẻ", "pham-vi": "toan-nganh"})
        self.assertEqual(found, [self.news_b.pk])
        self.assertIn(f'href="http://{SCHOOL_B}/hoi-khoe/"', response.content.decode())

    def test_the_authoritys_search_covers_every_site_and_offers_no_scope(self):
        response, found = self.results(AUTHORITY, {"q": "khai giảng"})
        self.assertEqual(found, [self.news_a.pk])
        html = response.content.decode()
        self.assertIn(f'href="http://{SCHOOL_A}/khai-giang/"', html)
        self.assertNotIn("pham-vi", html)

    def test_a_bad_scope_gets_a_vietnamese_message_not_an_error(self):
        response = self.get(SCHOOL_A, "/tim-kiem/", data={"q": "khai giảng", "pham-vi": "<script>"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Một vài bộ lọc chưa hợp lệ", response.content.decode())


def add_bulk_sites(parent, count):
    """``count`` Sites on as many new pages under ``parent``, made with two bulk inserts (tree
    paths computed as treebeard does): what a thousand member sites look like to the router."""
    start = parent.numchild
    pages = Page.objects.bulk_create(
        [
            Page(
                title=f"Đơn vị {number}",
                draft_title=f"Đơn vị {number}",
                slug=f"don-vi-{number}",
                path=Page._get_path(parent.path, parent.depth + 1, number),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}don-vi-{number}/",
                live=True,
                locale_id=parent.locale_id,
                content_type=ContentType.objects.get_for_model(Page),
            )
            for number in range(start + 1, start + count + 1)
        ]
    )
    Page.objects.filter(pk=parent.pk).update(numchild=start + count)
    Site.objects.bulk_create(
        [Site(hostname=f"don-vi-{page.slug[7:]}.test", port=80, root_page=page) for page in pages]
    )
    # bulk_create sends no signals: clear what Site.save would have cleared.
    Site.clear_site_root_paths_cache()
    forget_sites()


class SiteCountTests(TestCase):
    """Issue 16.9: a school's home page and article cost the same SQL queries with 3 Sites as
    with 300 (site lookup, settings, menus, links: nothing per Site)."""

    @classmethod
    def setUpTestData(cls):
        for key, value in build_three_sites().items():
            setattr(cls, key, value)

    def queries(self, host, path):
        self.client.get(path, HTTP_HOST=host)  # warm the caches a running site has warm
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(path, HTTP_HOST=host)
        self.assertEqual(response.status_code, 200)
        return [query["sql"] for query in captured.captured_queries]

    def test_a_school_home_and_article_cost_the_same_with_300_sites(self):
        paths = [(SCHOOL_A, "/"), (SCHOOL_A, "/khai-giang/"), (AUTHORITY, "/")]
        self.assertEqual(Site.objects.count(), 3)
        with_three = {path: self.queries(*path) for path in paths}
        add_bulk_sites(Page.objects.get(pk=self.sections["schools"].pk), 297)
        self.assertEqual(Site.objects.count(), 300)
        for host, path in paths:
            self.client.get(path, HTTP_HOST=host)  # the caches bulk_create left cold, warm again
            with self.subTest(path=path), self.assertNumQueries(len(with_three[(host, path)])):
                response = self.client.get(path, HTTP_HOST=host)
            self.assertEqual(response.status_code, 200)
        # ... and the same statements, not just as many (the menu, settings and route queries).
        self.assertEqual(self.queries(SCHOOL_A, "/khai-giang/"), with_three[(SCHOOL_A, "/khai-giang/")])
        # The bulk Sites are real: one answers on its own host, and links resolve to it.
        self.assertEqual(self.client.get("/", HTTP_HOST="don-vi-150.test").status_code, 200)
        response = self.client.get("/", HTTP_HOST=AUTHORITY)
        self.assertContains(response, f'href="http://{SCHOOL_A}/khai-giang/"')
