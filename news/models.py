"""News (Điều 7): office activity, school activity, organisations, professional articles."""

import datetime
from urllib.parse import urlencode

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.search import index

from news.feeds import SectionAtomFeed, SectionNewsFeed, absolute_url
from news.forms import NewsPageForm
from site_kb.blocks import BodyStreamBlock
from site_kb.cache_tags import tag_listing
from site_kb.mixins import CitationMixin, SubmissionMixin, contributors_panel, credits_for
from site_kb.models import paginate
from site_kb.pages import BasePage, SectionIndexPage
from site_kb.urlparams import PublicParam

LISTING_IMAGE_SPEC = "fill-480x300"


class NewsCategory(models.TextChoices):
    """The kinds of news Điều 7 lists, school activity split by the levels it names."""

    OFFICE = "office", _("Hoạt động của Phòng")
    SCHOOL_KINDERGARTEN = "school-mam-non", _("Hoạt động trường mầm non")
    SCHOOL_PRIMARY = "school-tieu-hoc", _("Hoạt động trường tiểu học")
    SCHOOL_LOWER_SECONDARY = "school-thcs", _("Hoạt động trường THCS")
    ORGANISATION = "organisation", _("Tổ chức chính trị - xã hội, đoàn thể")
    PROFESSIONAL = "professional", _("Chuyên môn, nghiệp vụ")


# The news of every school level: what the news index lists as "Tin các trường" (a filter of its
# own, not a category an article is filed under; "school" was the one category before the split).
ALL_SCHOOL_NEWS = "school"
SCHOOL_CATEGORIES = (
    NewsCategory.SCHOOL_KINDERGARTEN,
    NewsCategory.SCHOOL_PRIMARY,
    NewsCategory.SCHOOL_LOWER_SECONDARY,
)
# ``?loai=`` in Vietnamese (issue 15.12); ``?category=office`` and the like from old links redirect.
CATEGORY_PARAM = PublicParam(
    "loai",
    {
        NewsCategory.OFFICE: "hoat-dong-phong",
        ALL_SCHOOL_NEWS: "cac-truong",
        NewsCategory.SCHOOL_KINDERGARTEN: "truong-mam-non",
        NewsCategory.SCHOOL_PRIMARY: "truong-tieu-hoc",
        NewsCategory.SCHOOL_LOWER_SECONDARY: "truong-thcs",
        NewsCategory.ORGANISATION: "doan-the",
        NewsCategory.PROFESSIONAL: "chuyen-mon",
    },
    legacy_names=("category",),
)
ALL_SCHOOL_NEWS_LABEL = _("Tin các trường")
# The news index's query that lists every school's news ("Tin các trường → Xem tất cả" on the home page).
SCHOOL_NEWS_QUERY = urlencode({CATEGORY_PARAM.name: CATEGORY_PARAM.slug(ALL_SCHOOL_NEWS)})


def news_listing(queryset):
    """A NewsPage queryset ready for a listing: newest first, thumbnails fetched in bulk.

    The listing image and its rendition come from two prefetch queries, so a
    listing costs the same number of queries whatever its length.
    """
    images = get_image_model().objects.prefetch_renditions(LISTING_IMAGE_SPEC)
    return (
        queryset.live()
        .public()
        .order_by("-date", "-pk")
        .prefetch_related(Prefetch("listing_image", queryset=images))
    )


class FeedRoutesMixin(RoutablePageMixin):
    """Adds ``rss/`` and ``atom/`` to a page that has news beneath it (feeds: news.feeds)."""

    public_params = (CATEGORY_PARAM,)  # old English filters redirect (site_kb.urlparams)

    def get_route_paths(self):
        """The feeds too: a renamed, moved or merged section's old ``rss/`` and ``atom/`` addresses,
        which readers' feed apps keep for years, get their permanent redirects (Wagtail's automatic
        ones and units.reorganise's) with the page's own (issue 16.5)."""
        return ["/", "/rss/", "/atom/"]

    def feed_category(self, request):
        """The category (or ALL_SCHOOL_NEWS) that ``?loai=`` names, else ""."""
        return CATEGORY_PARAM.read(request.GET)

    @staticmethod
    def feed_category_label(category):
        return ALL_SCHOOL_NEWS_LABEL if category == ALL_SCHOOL_NEWS else NewsCategory(category).label

    def listed_articles(self, category=""):
        """The live, public news beneath this page, newest first, of ``category`` if given."""
        tag_listing(None, self, NewsPage)  # the response showing it (site_kb.cache_tags, issue 17)
        articles = news_listing(NewsPage.objects.child_of(self))
        if category == ALL_SCHOOL_NEWS:
            return articles.filter(category__in=SCHOOL_CATEGORIES)
        return articles.filter(category=category) if category else articles

    def feed_articles(self, category=""):
        return self.listed_articles(category).prefetch_related("tags")

    def feed_urls(self, request, category=""):
        """Absolute addresses of the page's feeds, keeping a category filter."""
        base = absolute_url(request, self)
        query = f"?{urlencode({CATEGORY_PARAM.name: CATEGORY_PARAM.slug(category)})}" if category else ""
        return {
            "rss": f"{base}{self.reverse_subpage('rss_feed')}{query}",
            "atom": f"{base}{self.reverse_subpage('atom_feed')}{query}",
        }

    @path("rss/", name="rss_feed")
    def rss_feed(self, request):
        return SectionNewsFeed()(request, section=self)

    @path("atom/", name="atom_feed")
    def atom_feed(self, request):
        return SectionAtomFeed()(request, section=self)


class NewsIndexPage(FeedRoutesMixin, SectionIndexPage):
    """A news section (e.g. office news, professional articles), listing its articles,
    with RSS and Atom feeds of them (news.feeds)."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]

    per_page = 12
    site_map_lists_children = False  # its articles are listed here, not in Sơ đồ trang

    class Meta:
        verbose_name = _("chuyên mục tin tức")
        verbose_name_plural = _("chuyên mục tin tức")

    def listed_articles(self, category=""):
        """This section's news; for school news (one level's, or ALL_SCHOOL_NEWS) the news of the
        schools on the same site, which live under each school's page, not here (Điều 7)."""
        if category != ALL_SCHOOL_NEWS and category not in SCHOOL_CATEGORIES:
            return super().listed_articles(category)
        # The site's pages are those under this section's parent (the home page): its path, no query.
        tag_listing(None, self.path[: -self.steplen], NewsPage)
        site_news = NewsPage.objects.filter(path__startswith=self.path[: -self.steplen], depth__gt=self.depth)
        categories = SCHOOL_CATEGORIES if category == ALL_SCHOOL_NEWS else (category,)
        return news_listing(site_news).filter(category__in=categories)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        category = self.feed_category(request)
        context["articles"] = paginate(request, self.listed_articles(category), self.per_page)
        context["categories"] = CATEGORY_PARAM.choices(
            [
                (NewsCategory.OFFICE, NewsCategory.OFFICE.label),
                (ALL_SCHOOL_NEWS, ALL_SCHOOL_NEWS_LABEL),
                *NewsCategory.choices[1:],
            ]
        )
        context["category_param"] = CATEGORY_PARAM.name
        context["selected_category"] = CATEGORY_PARAM.slug(category)
        context["feeds"] = self.feed_urls(request, category)
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("news.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsPage(CitationMixin, SubmissionMixin, BasePage):
    """One article. ``date`` orders listings; ``event_date`` records when the event happened
    so the 24-hour rule of Điều 12.1 can be checked against publication; ``submitted_at``
    (SubmissionMixin) starts the two weeks of Điều 12.2. Authors and editors (Điều 10) and
    the source of cited content (Điều 9) come from the contributors app."""

    date = models.DateField(_("ngày đăng tin"), default=datetime.date.today)
    event_date = models.DateTimeField(
        _("thời điểm diễn ra sự kiện"),
        null=True,
        blank=True,
        help_text=_("Với tin sự kiện: tin phải lên trang trong vòng 24 giờ kể từ thời điểm này (Điều 12)."),
    )
    lead = models.TextField(
        _("sa pô (tóm tắt)"),
        help_text=_("Một hai câu tóm tắt, hiện trong danh sách tin và đầu bài."),
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Ảnh nhỏ hiện trong danh sách tin."),
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("nội dung"))
    category = models.CharField(
        _("loại tin"),
        max_length=20,
        choices=NewsCategory.choices,
        default=NewsCategory.OFFICE,
        help_text=_("Tin đăng trong trang của một trường tự động thuộc loại tin của cấp học trường đó."),
    )
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("từ khoá"))

    base_form_class = NewsPageForm
    content_panels = BasePage.content_panels + [
        FieldPanel("lead"),
        FieldPanel("listing_image"),
        FieldPanel("body"),
        contributors_panel(),
        CitationMixin.citation_panel(),
    ]
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("event_date"),
                SubmissionMixin.submitted_panel(),
                FieldPanel("category"),
                FieldPanel("tags"),
            ],
            heading=_("Phân loại và thời gian"),
        ),
    ] + BasePage.promote_panels

    search_fields = BasePage.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.FilterField("category"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["news.NewsIndexPage", "schools.SchoolPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_articles"] = news_listing(NewsPage.objects.sibling_of(self, inclusive=False))[:4]
        context["credits"] = credits_for(self)
        return context

    def section_category(self):
        """The category the section this article sits in files its news under, or None.

        A section that does so (a school: ``SchoolPage.news_category``, Điều 7) defines
        ``news_category``; the rule lives there, and the admin form and the Word import ask it
        too. None when the article is not in the tree yet or its section has no such rule."""
        if not self.path or self.depth is None or self.depth < 2:
            return None
        parent = self.get_parent(update=True)  # a moved article asks its new section
        if parent is None or not hasattr(parent.specific_class, "news_category"):
            return None
        return parent.specific.news_category

    def file_under_school(self):
        """A school's news always carries its school's level category (Điều 7); editors cannot mis-file it."""
        category = self.section_category()
        if category is not None:
            self.category = category

    def clean(self):
        self.file_under_school()
        super().clean()

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is None:  # full saves: creation in the tree, publishing
            self.file_under_school()
        super().save(*args, **kwargs)

    def listing_rendition(self):
        """The listing image at LISTING_IMAGE_SPEC (prefetched by news_listing), or None."""
        return self.listing_image.get_rendition(LISTING_IMAGE_SPEC) if self.listing_image else None

    @property
    def published_on(self):
        """When readers first saw it, in local time (Điều 12)."""
        if self.first_published_at:
            return timezone.localtime(self.first_published_at)
        return None
