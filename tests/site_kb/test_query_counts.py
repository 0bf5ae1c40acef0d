"""A listing never runs a query per item: every public page type costs the same number of
SQL queries whether it lists 2 or 21 news items, schools, documents or units.

21 is the smallest size that fills every listing's first page (the registry shows 20) and
leaves a second one, so the large site shows more items on every page than the small one."""

from django.test import TestCase

from wagtail.models import Page, Site

from directives.models import DirectiveIndexPage
from home.models import HomePage
from news.models import NewsIndexPage
from org.models import OrgIndexPage
from schools.models import SchoolIndexPage

from ..builders import make_directive, make_image, make_news, make_org_unit, make_school
from ..query_counts import SameQueryCountMixin

SMALL, LARGE = 2, 21


def build_site(hostname, size, images):
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=f"Trang chủ {hostname}", slug=hostname.replace(".", "-")))
    Site.objects.create(hostname=hostname, port=80, root_page=home, site_name=hostname)
    news = home.add_child(instance=NewsIndexPage(title="Tin tức", slug="tin-tuc", show_in_menus=True))
    schools = home.add_child(
        instance=SchoolIndexPage(title="Trường học", slug="truong-hoc", show_in_menus=True)
    )
    directives = home.add_child(
        instance=DirectiveIndexPage(title="Văn bản", slug="van-ban", show_in_menus=True)
    )
    org = home.add_child(instance=OrgIndexPage(title="Giới thiệu", slug="gioi-thieu", show_in_menus=True))
    levels = ["mam-non", "tieu-hoc", "thcs"]
    school_pages = [make_school(schools, i, levels[i % 3]) for i in range(size)]
    for i in range(size):
        make_news(news, 1, image=images[i % len(images)], prefix=f"tin-phong-{i}")
        make_news(school_pages[0], 1, image=images[i % len(images)], prefix=f"tin-truong-{i}")
        make_directive(directives, i + 1)
        make_org_unit(org, i + 1, kind=["office", "unit", "organisation"][i % 3])
    first_news = news.get_children().first()
    first_directive = directives.get_children().first()
    first_unit = org.get_children().first()
    return [
        "/",
        "/tin-tuc/",
        f"/tin-tuc/{first_news.slug}/",
        "/truong-hoc/",
        f"/truong-hoc/{school_pages[0].slug}/",
        "/van-ban/",
        f"/van-ban/{first_directive.slug}/",
        "/gioi-thieu/",
        f"/gioi-thieu/{first_unit.slug}/",
        "/tim-kiem/?q=gi%C3%A1o+d%E1%BB%A5c",
    ]


class QueryCountTests(SameQueryCountMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        images = [make_image(f"Ảnh {i}", (40 * i, 90, 160)) for i in range(3)]
        cls.small_urls = build_site("small.test", SMALL, images)
        cls.large_urls = build_site("large.test", LARGE, images)

    def test_same_query_count_with_few_and_many_items(self):
        self.assert_same_query_counts(SMALL, LARGE)

    def test_listings_really_list_the_items(self):
        response = self.client.get("/truong-hoc/", HTTP_HOST="large.test")
        self.assertContains(response, f"Trường số {LARGE - 1}")
        response = self.client.get("/tin-tuc/", HTTP_HOST="large.test")
        self.assertContains(response, "Tin số 0 về hoạt động giáo dục")
        self.assertContains(response, "?page=2")
