"""Page-type rules: each section only takes the page types the regulation puts there (Điều 5–8)."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from consultations.models import ConsultationIndexPage
from directives.models import DirectiveIndexPage, DirectivePage
from feedback.models import FeedbackPage
from home.models import HomePage
from news.models import NewsIndexPage, NewsPage
from org.models import OrgIndexPage, OrgUnitPage, ProceduresPage
from schedule.models import WorkSchedulePage
from schools.models import (
    AdmissionsPage,
    DisclosureIndexPage,
    SchoolIndexPage,
    SchoolNewsIndexPage,
    SchoolPage,
)


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
                ProceduresPage,  # Circular 37/2020/TT-BGDĐT Art. 9 (issue 16.2)
                ConsultationIndexPage,
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
        # A school's site: its news and the sections Circular 37/2020/TT-BGDĐT Art. 9 asks of it.
        self.assertAllowedSubpageTypes(
            SchoolPage,
            {
                NewsPage,
                SchoolNewsIndexPage,
                OrgIndexPage,
                FeedbackPage,
                DirectiveIndexPage,
                AdmissionsPage,
                ConsultationIndexPage,
                DisclosureIndexPage,
            },
        )
        for section in (AdmissionsPage, DisclosureIndexPage, SchoolNewsIndexPage):
            self.assertAllowedParentPageTypes(section, {SchoolPage})

    def test_leaf_pages_take_no_children(self):
        for leaf in (OrgUnitPage, DirectivePage, NewsPage):
            self.assertAllowedSubpageTypes(leaf, set())

    def test_items_cannot_be_placed_in_the_wrong_section(self):
        self.assertCanNotCreateAt(NewsIndexPage, DirectivePage)
        self.assertCanNotCreateAt(NewsIndexPage, SchoolPage)
        self.assertCanNotCreateAt(SchoolIndexPage, OrgUnitPage)
        self.assertCanNotCreateAt(HomePage, SchoolPage)
        self.assertCanNotCreateAt(Page, NewsIndexPage)
