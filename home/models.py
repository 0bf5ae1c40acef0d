"""The site root: latest office news, school news, directives and the link directory."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from directives.models import DirectiveIndexPage, DirectivePage, newest_directives
from news.models import SCHOOL_NEWS_QUERY, NewsIndexPage, NewsListing, NewsPage, news_of_sections
from schools.models import SCHOOL_NEWS_ROUTE, SchoolIndexPage, SchoolPage
from site_kb.cache_tags import add_tags, children_tag, listing_tag
from site_kb.id_lists import id_in
from site_kb.pages import INTRO_HELP, BasePage


class HomePage(BasePage):
    """One per Site: its tree holds the organisation, directives, news and schools sections."""

    intro = models.TextField(_("lời giới thiệu"), blank=True, help_text=INTRO_HELP)
    news_count = models.PositiveSmallIntegerField(_("số tin của Phòng hiện trên trang chủ"), default=6)
    school_news_count = models.PositiveSmallIntegerField(
        _("số tin các trường hiện trên trang chủ"), default=6
    )
    directive_count = models.PositiveSmallIntegerField(_("số văn bản hiện trên trang chủ"), default=5)

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("news_count"),
        FieldPanel("school_news_count"),
        FieldPanel("directive_count"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "org.OrgIndexPage",
        "directives.DirectiveIndexPage",
        "news.NewsIndexPage",
        "schools.SchoolIndexPage",
        "feedback.FeedbackPage",
        "schedule.WorkSchedulePage",
        "org.ProceduresPage",
        "consultations.ConsultationIndexPage",
    ]

    class Meta:
        verbose_name = _("trang chủ")
        verbose_name_plural = _("trang chủ")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        add_tags(request, children_tag(self), listing_tag(self, NewsPage), listing_tag(self, DirectivePage))
        sections = list(
            Page.objects.child_of(self).live().type(NewsIndexPage, SchoolIndexPage, DirectiveIndexPage)
        )
        news_sections = [s for s in sections if s.specific_class is NewsIndexPage]
        school_sections = [s for s in sections if s.specific_class is SchoolIndexPage]
        directive_sections = [s for s in sections if s.specific_class is DirectiveIndexPage]
        # Each walks news_listed_date newest first and stops at its count (issue 17): the office news
        # by the sections' ids, the schools' by the ids of the schools under the schools list, a
        # thousand at an authority's scale: one array parameter (site_kb.id_lists), not one each.
        # Their keys alone (index-only scans): the cards come from the fragment cache, and the
        # articles are read only when the cards must be rendered again (KeyedObjects).
        context["office_news"] = news_of_sections(news_sections).latest_keyed(self.news_count)
        school_ids = self._schools_in(school_sections)
        context["school_news"] = NewsListing(models.Q(id_in("section_id", school_ids))).latest_keyed(
            self.school_news_count
        )
        # The same for the newest documents (their number, date and summary only).
        context["latest_directives"] = newest_directives(
            DirectivePage.objects.descendant_of(self), self.directive_count
        )
        context["news_index"] = next(iter(news_sections), None)
        context["school_index"] = next(iter(school_sections), None)
        context["school_news_query"] = SCHOOL_NEWS_QUERY  # the news index's listing of every school's news
        # "Tin các trường → Xem tất cả": the schools list's aggregation, with its school, level and
        # commune filters (schools.SchoolIndexPage, issue 16.7); the news index's filter otherwise.
        context["school_news_route"] = SCHOOL_NEWS_ROUTE
        context["directive_index"] = next(iter(directive_sections), None)
        return context

    @staticmethod
    def _schools_in(school_sections):
        """The ids of the schools of these schools lists: one query (none without a list), by the
        schools' content type, which PostgreSQL estimates well (their path and depth it does not)."""
        condition = models.Q()
        for section in school_sections:
            condition |= models.Q(path__startswith=section.path, depth=section.depth + 1)
        if not condition:
            return []
        return list(Page.objects.filter(condition).type(SchoolPage).values_list("pk", flat=True))
