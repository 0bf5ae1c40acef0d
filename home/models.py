"""The site root: latest office news, school news, directives and the link directory."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from directives.models import DirectiveIndexPage, DirectivePage, directive_listing
from news.models import SCHOOL_NEWS_QUERY, NewsIndexPage, NewsPage, news_listing
from schools.models import SCHOOL_NEWS_ROUTE, SchoolIndexPage
from site_kb.cache_tags import add_tags, children_tag, listing_tag
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
        context["office_news"] = self._latest_news(news_sections, self.news_count)
        context["school_news"] = self._latest_news(school_sections, self.school_news_count)
        context["latest_directives"] = directive_listing(DirectivePage.objects.descendant_of(self))[
            : self.directive_count
        ]
        context["news_index"] = next(iter(news_sections), None)
        context["school_index"] = next(iter(school_sections), None)
        context["school_news_query"] = SCHOOL_NEWS_QUERY  # the news index's listing of every school's news
        # "Tin các trường → Xem tất cả": the schools list's aggregation, with its school, level and
        # commune filters (schools.SchoolIndexPage, issue 16.7); the news index's filter otherwise.
        context["school_news_route"] = SCHOOL_NEWS_ROUTE
        context["directive_index"] = next(iter(directive_sections), None)
        return context

    @staticmethod
    def _latest_news(sections, count):
        if not sections:
            return NewsPage.objects.none()
        condition = models.Q()
        for section in sections:
            condition |= models.Q(path__startswith=section.path, depth__gt=section.depth)
        return news_listing(NewsPage.objects.filter(condition))[:count]
