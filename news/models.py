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
from wagtail.models import Page
from wagtail.search import index

from news import listing
from news.feeds import SectionAtomFeed, SectionNewsFeed, absolute_url
from news.forms import NewsPageForm
from site_kb.blocks import BodyStreamBlock
from site_kb.cache_tags import tag_listing
from site_kb.mixins import CitationMixin, SubmissionMixin, contributors_panel, credits_for
from site_kb.models import KeyedObjects, paginate
from site_kb.pages import BasePage, SectionIndexPage
from site_kb.sites import public_pages
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
    """A NewsPage queryset ready for a listing: listed (live and public), newest first, thumbnails
    fetched in bulk.

    ``listed`` is the article's own copy of live-and-public (news.listing): with it and the order
    ``(date, id)``, PostgreSQL walks ``news_listed_date`` or ``news_listed_section`` and stops at
    the LIMIT instead of joining and sorting the whole news table (issue 17). ``live()`` and
    ``public()`` still check the page itself, for the few rows a listing shows. The listing image
    and its rendition come with it and from one prefetch query, so a listing costs the same number
    of queries whatever its length.

    A card shows the title, date, lead and thumbnail, never the body: the StreamFields are not read
    (``defer_streamfields``: no JSON decoded per article), and the listing image comes in the same
    row (``select_related``) with its rendition at LISTING_IMAGE_SPEC prefetched as Wagtail's
    ``prefetch_renditions`` does: one query fewer than prefetching the images too (issue 17).
    """
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=LISTING_IMAGE_SPEC)
    return (
        public_pages(queryset.filter(listed=True).live())
        .order_by(*NEWS_ORDER)
        .defer_streamfields()
        .select_related("listing_image")
        .prefetch_related(
            Prefetch("listing_image__renditions", queryset=renditions, to_attr="prefetched_renditions")
        )
    )


# Newest first; the listing indexes (NewsPage.Meta.indexes) hold exactly this order.
NEWS_ORDER = ("-date", "-pk")


class NewsListing:
    """The live, public news matching ``where``, a condition on ``news_newspage``'s own columns
    only (``section_id``, ``category``, ``pk``), so that the listing, its count and any page of it
    are read from the listing indexes without touching the page table (issue 17, part 7).

    ``latest(n)`` and ``articles()`` are one query each (plus the thumbnails' prefetches); ``page()``
    counts and slices the keys alone (an index-only scan even for ``?page=500``), then fetches the
    page's articles by key."""

    def __init__(self, where=None):
        self.where = where if where is not None else models.Q()

    def filter(self, *conditions, **fields):
        return NewsListing(self.where & models.Q(*conditions, **fields))

    def articles(self):
        return news_listing(NewsPage.objects.filter(self.where))

    def latest(self, count):
        return self.articles()[:count]

    def latest_keyed(self, count):
        """The ``count`` newest as ``KeyedObjects``: their keys now (an index-only scan), the
        articles only if their cards are rendered rather than read from the fragment cache."""
        return KeyedObjects(self.articles, self.keys()[:count])

    def keys(self):
        return (
            NewsPage.objects.filter(self.where, listed=True)
            .order_by(*NEWS_ORDER)
            .values_list("pk", flat=True)
        )

    def page(self, request, per_page):
        return paginate(request, self.articles, per_page, keys=self.keys())


def news_of_sections(sections):
    """The news directly under ``sections`` (pages or their ids: a list, so that PostgreSQL
    estimates the share of the news they hold from its statistics)."""
    return NewsListing(models.Q(section_id__in=[getattr(section, "pk", section) for section in sections]))


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

    def news(self, category=""):
        """The live, public news beneath this page (a NewsListing), of ``category`` if given."""
        tag_listing(None, self, NewsPage)  # the response showing it (site_kb.cache_tags, issue 17)
        articles = news_of_sections([self])
        if category == ALL_SCHOOL_NEWS:
            return articles.filter(category__in=SCHOOL_CATEGORIES)
        return articles.filter(category=category) if category else articles

    def listed_articles(self, category=""):
        """The live, public news beneath this page, newest first, of ``category`` if given."""
        return self.news(category).articles()

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

    def news(self, category=""):
        """This section's news; for school news (one level's, or ALL_SCHOOL_NEWS) the news of the
        schools on the same site, which live under each school's page, not here (Điều 7)."""
        if category != ALL_SCHOOL_NEWS and category not in SCHOOL_CATEGORIES:
            return super().news(category)
        # The site's pages are those under this section's parent (the home page): its path, no query.
        tag_listing(None, self.path[: -self.steplen], NewsPage)
        # The pages that hold news on this site (its news sections and schools: a few dozen, or a
        # thousand schools), read first: PostgreSQL estimates a list of ids from its statistics and
        # walks the date index; a subquery, estimated blind, made it sort 32,000 rows (issue 17).
        sections = list(
            Page.objects.filter(path__startswith=self.path[: -self.steplen], depth__gte=self.depth)
            .type(*NewsPage.allowed_parent_page_models())
            .values_list("pk", flat=True)
        )
        categories = SCHOOL_CATEGORIES if category == ALL_SCHOOL_NEWS else (category,)
        return news_of_sections(sections).filter(category__in=categories)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        category = self.feed_category(request)
        context["articles"] = self.news(category).page(request, self.per_page)
        # What the cards' fragment is named by (news_index_page.html), read before any card is.
        context["article_keys"] = context["articles"].object_list.keys
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
    # The listing columns (news.listing, issue 17): copies of live-and-public and of the parent
    # page's id, kept by save(), Wagtail's publish/unpublish/move signals and view restrictions.
    listed = models.BooleanField(default=False, editable=False)
    section_id = models.IntegerField(null=True, editable=False)

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

    # A copy's listing columns are computed when it is saved (news.listing).
    exclude_fields_in_copy = SubmissionMixin.exclude_fields_in_copy + ["listed", "section_id"]

    class Meta:
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")
        # Every public listing walks one of these newest first and stops at its LIMIT (issue 17):
        # a section's or a school's news, the site-wide ones (home page, schools' news, school
        # categories) or one category's, the section and category read from the index itself.
        indexes = [
            models.Index(
                fields=["section_id", "-date", "-page_ptr", "category"],
                condition=models.Q(listed=True),
                name="news_listed_section",
            ),
            models.Index(
                fields=["-date", "-page_ptr", "section_id", "category"],
                condition=models.Q(listed=True),
                name="news_listed_date",
            ),
            # One category across the site (?loai=truong-thcs): a fifth of the news or less.
            models.Index(
                fields=["category", "-date", "-page_ptr", "section_id"],
                condition=models.Q(listed=True),
                name="news_listed_category",
            ),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_articles"] = self.related_news().latest_keyed(4)
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
        update_fields = kwargs.get("update_fields")
        if self.path and (update_fields is None or {"live", "path"} & set(update_fields)):
            listing.refresh_article(self.pk)  # listed and section_id, read from the tree as saved

    def related_news(self):
        """The other news of the same section (its siblings), newest first. The section is found by
        the parent's path (a subquery, no extra query), so a preview of an article never saved or
        moved since its draft was written shows what publishing it would."""
        if not self.path:
            return NewsListing(models.Q(pk__in=[]))
        parent = Page.objects.filter(path=self.path[: -self.steplen]).values("pk")[:1]
        return NewsListing(models.Q(section_id=models.Subquery(parent)) & ~models.Q(pk=self.pk))

    def listing_rendition(self):
        """The listing image at LISTING_IMAGE_SPEC (prefetched by news_listing), or None.

        Through ``get_renditions``, which writes to Wagtail's rendition cache only what it did not
        find prefetched: ``get_rendition`` writes every rendition back, one Redis round trip per card
        of a listing even when the prefetch already had them all (issue 17)."""
        if not self.listing_image:
            return None
        return self.listing_image.get_renditions(LISTING_IMAGE_SPEC)[LISTING_IMAGE_SPEC]

    @property
    def published_on(self):
        """When readers first saw it, in local time (Điều 12)."""
        if self.first_published_at:
            return timezone.localtime(self.first_published_at)
        return None
