"""School sections (Điều 8, 11): one section per school, edited by that school."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from news.models import FeedRoutesMixin, NewsCategory, NewsPage, news_listing
from site_kb.blocks import BodyStreamBlock
from site_kb.collation import sorted_vietnamese
from site_kb.contact import ContactFields
from site_kb.models import paginate
from site_kb.pages import INTRO_HELP, BasePage, SectionIndexPage
from site_kb.urlparams import PublicParam


class SchoolLevel(models.TextChoices):
    KINDERGARTEN = "mam-non", _("Mầm non")
    PRIMARY = "tieu-hoc", _("Tiểu học")
    LOWER_SECONDARY = "thcs", _("Trung học cơ sở")


# A school's news is filed under its level's category (Điều 7): ``SchoolPage.news_category``.
LEVEL_NEWS_CATEGORIES = {
    SchoolLevel.KINDERGARTEN: NewsCategory.SCHOOL_KINDERGARTEN,
    SchoolLevel.PRIMARY: NewsCategory.SCHOOL_PRIMARY,
    SchoolLevel.LOWER_SECONDARY: NewsCategory.SCHOOL_LOWER_SECONDARY,
}


# ``?cap=thcs`` (issue 15.12); ``?level=`` of old links redirects (site_kb.urlparams).
LEVEL_PARAM = PublicParam("cap", {value: value for value in SchoolLevel.values}, legacy_names=("level",))


class SchoolIndexPage(SectionIndexPage):
    """The list of schools the office manages, grouped by level, in Vietnamese alphabetical
    order (site_kb.collation: "Dương" before "Đồng Hóa", "Ba Sao" before "Bắc")."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["schools.SchoolPage"]
    public_params = (LEVEL_PARAM,)
    site_map_sorts_children = True  # Sơ đồ trang lists the schools in the same order (site_kb.site_map)

    class Meta:
        verbose_name = _("danh sách trường học")
        verbose_name_plural = _("danh sách trường học")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        schools = SchoolPage.objects.child_of(self).live().public()
        level = LEVEL_PARAM.read(request.GET)
        if level:
            schools = schools.filter(level=level)
        by_level = {value: [] for value in SchoolLevel.values}
        for school in sorted_vietnamese(schools, key=lambda school: school.title):
            by_level[school.level].append(school)
        context["school_groups"] = [
            (value, label, by_level[value]) for value, label in SchoolLevel.choices if by_level[value]
        ]
        context["levels"] = LEVEL_PARAM.choices(SchoolLevel.choices)
        context["selected_level"] = LEVEL_PARAM.slug(level)
        return context


class SchoolPage(FeedRoutesMixin, ContactFields, BasePage):
    """A school's own section: its contact details and, beneath it, its news, also as
    RSS and Atom feeds (news.feeds, news.models.FeedRoutesMixin)."""

    level = models.CharField(_("cấp học"), max_length=10, choices=SchoolLevel.choices)
    commune = models.CharField(_("xã / thị trấn"), max_length=100)
    principal_name = models.CharField(_("hiệu trưởng"), max_length=100, blank=True)
    contact_name = models.CharField(
        _("cán bộ đầu mối"),
        max_length=100,
        blank=True,
        help_text=_("Người được cử làm đầu mối cung cấp thông tin của trường (Điều 11.3)."),
    )
    intro = models.TextField(_("giới thiệu ngắn"), blank=True, help_text=INTRO_HELP)
    body = StreamField(BodyStreamBlock(), verbose_name=_("giới thiệu chi tiết"), blank=True)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel([FieldPanel("level"), FieldPanel("commune")], heading=_("Trường")),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("principal_name"),
                FieldPanel("contact_name"),
            ],
            heading=_("Liên hệ"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("commune"),
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("principal_name"),
        index.FilterField("level"),
    ]

    parent_page_types = ["schools.SchoolIndexPage"]
    subpage_types = ["news.NewsPage"]

    per_page = 10

    class Meta:
        verbose_name = _("trang trường")
        verbose_name_plural = _("trang trường")

    @property
    def news_category(self):
        """The category of this school's news (Điều 7): its level's, office news for an unknown
        level. NewsPage, its admin form and the Word import all ask this (one rule)."""
        return LEVEL_NEWS_CATEGORIES.get(self.level, NewsCategory.OFFICE).value

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = paginate(request, news_listing(NewsPage.objects.child_of(self)), self.per_page)
        context["feeds"] = self.feed_urls(request)
        return context
