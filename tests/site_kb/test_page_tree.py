"""Page-type rules: each section only takes the page types the regulation puts there (Điều 5–8)."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from directives.models import DirectiveIndexPage, DirectivePage
from feedback.models import FeedbackPage
from home.models import HomePage
from news.models import NewsIndexPage, NewsPage
from org.models import OrgIndexPage, OrgUnitPage
from schedule.models import WorkSchedulePage
from schools.models import SchoolIndexPage, SchoolPage


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_takes_the_four_sections(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                OrgIndexPage,
                DirectiveIndexPage,
                NewsIndexPage,
                SchoolIndexPage,
                FeedbackPage,
                WorkSchedulePage,
            },
        )
        self.assertCanCreateAt(Page, HomePage)

    def test_news_lives_in_news_sections_and_school_sections_only(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage, SchoolPage})
        self.assertCanNotCreateAt(OrgIndexPage, NewsPage)
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(DirectiveIndexPage, NewsPage)
        self.assertCanNotCreateAt(SchoolIndexPage, NewsPage)

    def test_each_index_takes_only_its_own_items(self):
        self.assertAllowedSubpageTypes(OrgIndexPage, {OrgUnitPage})
        self.assertAllowedSubpageTypes(DirectiveIndexPage, {DirectivePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedSubpageTypes(SchoolIndexPage, {SchoolPage})
        self.assertAllowedSubpageTypes(SchoolPage, {NewsPage})

    def test_leaf_pages_take_no_children(self):
        for leaf in (OrgUnitPage, DirectivePage, NewsPage):
            self.assertAllowedSubpageTypes(leaf, set())

    def test_items_cannot_be_placed_in_the_wrong_section(self):
        self.assertCanNotCreateAt(NewsIndexPage, DirectivePage)
        self.assertCanNotCreateAt(NewsIndexPage, SchoolPage)
        self.assertCanNotCreateAt(SchoolIndexPage, OrgUnitPage)
        self.assertCanNotCreateAt(HomePage, SchoolPage)
        self.assertCanNotCreateAt(Page, NewsIndexPage)
