"""School sections (Điều 8, 11): one section per school, edited by that school; a school's section
is its member site (Circular 37/2020/TT-BGDĐT Art. 3), so it carries the pages Art. 9 asks of a
school site: admissions, the public-disclosure section and a news listing of its own."""

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from directives.models import DirectivePage, newest_directives
from news.feeds import SectionAtomFeed, SectionNewsFeed, absolute_url
from news.models import (
    ALL_SCHOOL_NEWS_LABEL,
    FeedRoutesMixin,
    NewsCategory,
    NewsListing,
    NewsPage,
    news_of_sections,
)
from site_kb.blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from site_kb.cache_tags import add_tags, children_tag, listing_tag, tag_listing
from site_kb.collation import sorted_vietnamese
from site_kb.contact import ContactFields
from site_kb.id_lists import id_in
from site_kb.models import paginate
from site_kb.pages import INTRO_HELP, BasePage, SectionIndexPage
from site_kb.sites import public_pages
from site_kb.slugs import ascii_slug
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


# The authority's listing of its schools' news (``tin-cac-truong/``) filters by school and commune
# by their folded names (``?truong=truong-thcs-ba-sao``, ``?xa=ba-sao``) and by level (``?cap=``).
SCHOOL_NEWS_ROUTE = "tin-cac-truong/"
SCHOOL_FILTER = "truong"
COMMUNE_FILTER = "xa"


class SchoolNewsFilters:
    """The published news of the schools under one SchoolIndexPage, narrowed by school, level and
    commune (issue 16.7: the authority's site aggregates its schools' news).

    A fixed number of queries whatever the number of schools or articles: the schools (their names
    for the filters and for each article's school), then the listing's bounded count, its page of
    keys and those articles (news.models.NewsListing, with the thumbnail prefetches). The school of
    an article is read from its path."""

    def __init__(self, index, query):
        self.index = index
        add_tags(None, children_tag(index), listing_tag(index, NewsPage))  # issue 17: the response's tags
        self.schools = index.live_schools()
        self.by_slug = {school.slug: school for school in self.schools}
        self.by_path = {school.path: school for school in self.schools}
        self.communes = {}  # slug → the commune's name as first written
        self.commune_names = {}  # slug → every spelling that folds to it ("Ba Sao", "Ba sao")
        for school in self.schools:
            slug = ascii_slug(school.commune)
            self.communes.setdefault(slug, school.commune)
            self.commune_names.setdefault(slug, set()).add(school.commune)
        self.school = self.by_slug.get(query.get(SCHOOL_FILTER, ""))
        self.level = LEVEL_PARAM.read(query)
        commune = query.get(COMMUNE_FILTER, "")
        self.commune = commune if commune in self.communes else ""

    @property
    def is_filtered(self):
        return bool(self.school or self.level or self.commune)

    def matching_schools(self):
        """The live, public schools the filters keep (from the list read once, no query)."""
        schools = [self.school] if self.school is not None else self.schools
        if self.level:
            schools = [school for school in schools if school.level == self.level]
        if self.commune:
            schools = [school for school in schools if school.commune in self.commune_names[self.commune]]
        return schools

    def news(self):
        """Live, public news of the live, public schools that match, newest first (a NewsListing:
        their ids, so PostgreSQL walks the news date index, issue 17), a thousand at an authority's
        scale: one array parameter (site_kb.id_lists), not one each."""
        return NewsListing(models.Q(id_in("section_id", [school.pk for school in self.matching_schools()])))

    def articles(self):
        return self.news().articles()

    def school_of(self, article):
        return self.by_path.get(article.path[: len(self.index.path) + self.index.steplen])

    def query(self):
        """The filters as a query string (kept by the feed links)."""
        pairs = []
        if self.school is not None:
            pairs.append((SCHOOL_FILTER, self.school.slug))
        if self.level:
            pairs.append((LEVEL_PARAM.name, LEVEL_PARAM.slug(self.level)))
        if self.commune:
            pairs.append((COMMUNE_FILTER, self.commune))
        return urlencode(pairs)

    def label(self):
        parts = [self.school.title] if self.school is not None else []
        if self.level:
            parts.append(str(SchoolLevel(self.level).label))
        if self.commune:
            parts.append(self.communes[self.commune])
        return ", ".join(parts)


class SchoolNewsFeedSource:
    """What news.feeds asks of a section, for the aggregated school news and its filters."""

    def __init__(self, index, request):
        self.index = index
        self.filters = SchoolNewsFilters(index, request.GET)
        self.title = f"{index.title}: {ALL_SCHOOL_NEWS_LABEL}"
        self.intro = ""

    def get_url(self, request=None):
        return self.index.get_url(request) + self.index.reverse_subpage("school_news")

    def feed_category(self, request):
        return "filtered" if self.filters.is_filtered else ""

    def feed_category_label(self, category):
        return self.filters.label()

    def feed_articles(self, category=""):
        return self.filters.articles().prefetch_related("tags")

    def feed_urls(self, request, category=""):
        base = absolute_url(request, self.index)
        query = self.filters.query()
        suffix = f"?{query}" if query else ""
        return {
            "rss": f"{base}{self.index.reverse_subpage('school_news_rss')}{suffix}",
            "atom": f"{base}{self.index.reverse_subpage('school_news_atom')}{suffix}",
        }


class SchoolIndexPage(RoutablePageMixin, SectionIndexPage):
    """The list of schools the office manages, grouped by level, in Vietnamese alphabetical
    order (site_kb.collation: "Dương" before "Đồng Hóa", "Ba Sao" before "Bắc"); at
    ``tin-cac-truong/`` the published news of every school, filterable by school, level and
    commune, each article linking to its school's own address, with RSS and Atom feeds."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["schools.SchoolPage"]
    public_params = (LEVEL_PARAM,)
    news_per_page = 12
    site_map_sorts_children = True  # Sơ đồ trang lists the schools in the same order (site_kb.site_map)

    class Meta:
        verbose_name = _("danh sách trường học")
        verbose_name_plural = _("danh sách trường học")

    def live_schools(self):
        """The live, public schools of this list in Vietnamese alphabetical order, read once per
        instance (the page, its news route and its feed links share it).

        Two queries: the schools' ids from the page table by their content type, then the schools
        by id. ``SchoolPage.objects.child_of(self)`` in one query made PostgreSQL merge-join the
        page table in id order until its end, 60 to 100 ms at 50,000 news (issue 17)."""
        if getattr(self, "_live_schools", None) is None:
            ids = public_pages(Page.objects.child_of(self).type(SchoolPage).live()).values_list(
                "pk", flat=True
            )
            schools = SchoolPage.objects.filter(pk__in=list(ids))
            self._live_schools = sorted_vietnamese(schools, key=lambda school: school.title)
        return self._live_schools

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        tag_listing(request, self)
        level = LEVEL_PARAM.read(request.GET)
        by_level = {value: [] for value in SchoolLevel.values}
        for school in self.live_schools():
            if not level or school.level == level:
                by_level[school.level].append(school)
        context["school_groups"] = [
            (value, label, by_level[value]) for value, label in SchoolLevel.choices if by_level[value]
        ]
        context["levels"] = LEVEL_PARAM.choices(SchoolLevel.choices)
        context["selected_level"] = LEVEL_PARAM.slug(level)
        context["school_news_url"] = self.reverse_subpage("school_news")
        return context

    @path(SCHOOL_NEWS_ROUTE, name="school_news")
    def school_news(self, request):
        filters = SchoolNewsFilters(self, request.GET)
        articles = filters.news().page(request, self.news_per_page)
        for article in articles:
            article.school = filters.school_of(article)
        return self.render(
            request,
            context_overrides={
                "articles": articles,
                "filters": filters,
                "listing_url": self.get_url(request) + self.reverse_subpage("school_news"),
                "levels": LEVEL_PARAM.choices(SchoolLevel.choices),
                "level_param": LEVEL_PARAM.name,
                "school_filter": SCHOOL_FILTER,
                "commune_filter": COMMUNE_FILTER,
                "selected_level": LEVEL_PARAM.slug(filters.level),
                "communes": sorted_vietnamese(filters.communes.items(), key=lambda item: item[1]),
                "feeds": SchoolNewsFeedSource(self, request).feed_urls(request),
            },
            template="schools/school_news_listing.html",
        )

    @path(f"{SCHOOL_NEWS_ROUTE}rss/", name="school_news_rss")
    def school_news_rss(self, request):
        return SectionNewsFeed()(request, section=SchoolNewsFeedSource(self, request))

    @path(f"{SCHOOL_NEWS_ROUTE}atom/", name="school_news_atom")
    def school_news_atom(self, request):
        return SectionAtomFeed()(request, section=SchoolNewsFeedSource(self, request))


class SchoolPage(FeedRoutesMixin, ContactFields, BasePage):
    """A school's own section: its contact details and, beneath it, its news, also as
    RSS and Atom feeds (news.feeds, news.models.FeedRoutesMixin)."""

    level = models.CharField(_("cấp học"), max_length=10, choices=SchoolLevel.choices)
    commune = models.CharField(_("xã / phường"), max_length=100)
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
    # Its news, and the sections Circular 37/2020/TT-BGDĐT Art. 9 asks of a school site (units.art9).
    subpage_types = [
        "news.NewsPage",
        "schools.SchoolNewsIndexPage",
        "org.OrgIndexPage",
        "feedback.FeedbackPage",
        "directives.DirectiveIndexPage",
        "schools.AdmissionsPage",
        "consultations.ConsultationIndexPage",
        "schools.DisclosureIndexPage",
    ]

    per_page = 10
    # News tagged "Thông báo" are the school's announcements; taggit keeps the tag's slug in
    # Unicode ("thông-báo"), a tag typed without marks folds to "thong-bao".
    announcement_tag_slugs = ("thông-báo", "thong-bao")
    announcement_count = 5
    document_count = 5

    class Meta:
        verbose_name = _("trang trường")
        verbose_name_plural = _("trang trường")

    @property
    def news_category(self):
        """The category of this school's news (Điều 7): its level's, office news for an unknown
        level. NewsPage, its admin form and the Word import all ask this (one rule)."""
        return LEVEL_NEWS_CATEGORIES.get(self.level, NewsCategory.OFFICE).value

    def get_context(self, request, *args, **kwargs):
        """The school's home (issue 16.1), the same whether the school is its own site's root or
        reached through the authority's site: latest news, announcements, documents, contact and
        links to its Art. 9 sections. A fixed number of queries whatever the number of news."""
        context = super().get_context(request, *args, **kwargs)
        add_tags(request, children_tag(self), listing_tag(self, NewsPage), listing_tag(self, DirectivePage))
        news = self.news()  # by section_id through news_listed_section (issue 17)
        context["articles"] = news.page(request, self.per_page)
        # Keys first, the rows only when their fragment must be rendered again (KeyedObjects): the
        # announcements and documents show a title, number, date and summary, nothing joined.
        context["announcements"] = news.filter(tags__slug__in=self.announcement_tag_slugs).latest_keyed(
            self.announcement_count
        )
        context["latest_documents"] = newest_directives(
            DirectivePage.objects.descendant_of(self), self.document_count
        )
        sections = list(public_pages(Page.objects.child_of(self).live()).not_type(NewsPage).order_by("path"))
        context["sections"] = [section for section in sections if section.show_in_menus]
        context["news_page"] = next(
            (section for section in sections if section.specific_class is SchoolNewsIndexPage), None
        )
        admissions = next((section for section in sections if section.specific_class is AdmissionsPage), None)
        context["admissions"] = admissions.specific if admissions is not None else None
        context["feeds"] = self.feed_urls(request)
        return context


class SchoolNewsIndexPage(BasePage):
    """'Tin tức' in a school's menu: every news article of the school, newest first, paginated.
    The articles stay children of the school's page (the principal's approval and the level's
    news category rely on that parent, Điều 7, 13), so this page only lists them."""

    intro = models.TextField(_("giới thiệu"), blank=True, help_text=INTRO_HELP)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["schools.SchoolPage"]
    subpage_types = []
    max_count_per_parent = 1
    site_map_lists_children = False

    per_page = 12

    class Meta:
        verbose_name = _("danh sách tin của trường")
        verbose_name_plural = _("danh sách tin của trường")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        school = SchoolPage.objects.parent_of(self).first()
        if school is None:  # moved out of a school: nothing of its own to list
            context["articles"] = paginate(request, NewsPage.objects.none(), self.per_page)
            return context
        context["school"] = school
        tag_listing(request, school, NewsPage)
        context["articles"] = news_of_sections([school]).page(request, self.per_page)
        context["feeds"] = school.feed_urls(request)
        return context


def validate_registration_url(value):
    """An online registration link is an http(s) address: a ``javascript:`` or ``data:`` link
    would run in the reader's browser from the school's own site."""
    URLValidator(
        schemes=["http", "https"],
        message=_(
            "Liên kết đăng ký trực tuyến phải là một địa chỉ web bắt đầu bằng http:// hoặc https:// "
            "(ví dụ: https://tuyensinh.ninhbinh.edu.vn/)."
        ),
    )(value)


class AdmissionsPage(BasePage):
    """'Tuyển sinh' (Circular 37/2020/TT-BGDĐT Art. 9): the admissions plan, the notice, the lists
    of candidates and the link to online registration with its period."""

    intro = models.TextField(_("giới thiệu"), blank=True, help_text=INTRO_HELP)
    plan = RichTextField(
        _("kế hoạch tuyển sinh"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Chỉ tiêu, đối tượng, địa bàn, phương thức tuyển sinh của năm học."),
    )
    notice = StreamField(BodyStreamBlock(), verbose_name=_("thông báo tuyển sinh"), blank=True)
    # A CharField with its own validator: Django's URLField would answer a ``javascript:`` address
    # with its generic message before this one (the form field validates first).
    registration_url = models.CharField(
        _("liên kết đăng ký trực tuyến"),
        max_length=500,
        blank=True,
        validators=[validate_registration_url],
        help_text=_("Địa chỉ trang đăng ký tuyển sinh trực tuyến, hiện thành nút nổi bật trên trang."),
    )
    registration_opens = models.DateField(_("nhận hồ sơ từ ngày"), null=True, blank=True)
    registration_closes = models.DateField(_("nhận hồ sơ đến hết ngày"), null=True, blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("registration_url", widget=forms.URLInput),
                FieldPanel("registration_opens"),
                FieldPanel("registration_closes"),
            ],
            heading=_("Đăng ký trực tuyến"),
        ),
        FieldPanel("plan"),
        FieldPanel("notice"),
        InlinePanel("candidate_lists", label=_("Danh sách học sinh")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("plan"),
        index.SearchField("notice"),
    ]

    parent_page_types = ["schools.SchoolPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("trang tuyển sinh")
        verbose_name_plural = _("trang tuyển sinh")

    def clean(self):
        super().clean()
        if self.registration_opens and self.registration_closes:
            if self.registration_closes < self.registration_opens:
                raise ValidationError(
                    {
                        "registration_closes": _(
                            "Ngày hết hạn nhận hồ sơ phải từ ngày bắt đầu nhận hồ sơ trở đi."
                        )
                    }
                )

    def registration_state(self, today=None):
        """ "open", "upcoming", "closed", or None when no period is given."""
        if not (self.registration_opens or self.registration_closes):
            return None
        today = today or timezone.localdate()
        if self.registration_opens and today < self.registration_opens:
            return "upcoming"
        if self.registration_closes and today > self.registration_closes:
            return "closed"
        return "open"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["candidate_lists"] = self.candidate_lists.select_related("document")
        context["registration_state"] = self.registration_state()
        return context


class AdmissionsDocument(Orderable):
    """A list published for admissions (candidates admitted, waiting lists…), as a document."""

    page = ParentalKey(AdmissionsPage, related_name="candidate_lists", on_delete=models.CASCADE)
    label = models.CharField(
        _("tên danh sách"), max_length=200, help_text=_("Ví dụ: Danh sách học sinh trúng tuyển lớp 6.")
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("tệp"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("label"), FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("danh sách học sinh")
        verbose_name_plural = _("danh sách học sinh")

    def __str__(self):
        return self.label


DISCLOSURE_CIRCULAR = "Thông tư 09/2024/TT-BGDĐT"


class DisclosureIndexPage(SectionIndexPage):
    """'Công khai': the section where a school publishes what Thông tư 09/2024/TT-BGDĐT (public
    disclosure by education institutions) requires. Created empty with every school (Circular
    37/2020/TT-BGDĐT Art. 9); the disclosure issue adds the page types that fill it."""

    parent_page_types = ["schools.SchoolPage"]
    subpage_types = []  # the disclosure issue adds its report pages here
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("chuyên mục công khai")
        verbose_name_plural = _("chuyên mục công khai")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        tag_listing(request, self)
        context["disclosures"] = public_pages(self.get_children().live())
        context["circular"] = DISCLOSURE_CIRCULAR
        return context
