"""News (Điều 7): office activity, school activity, organisations, professional articles."""

import datetime

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.search import index

from site_kb.blocks import BodyStreamBlock
from site_kb.models import paginate
from site_kb.pages import BasePage, SectionIndexPage

LISTING_IMAGE_SPEC = "fill-480x300"


class NewsCategory(models.TextChoices):
    """The kinds of news Điều 7 lists."""

    OFFICE = "office", _("Hoạt động của Phòng")
    SCHOOL = "school", _("Hoạt động các trường")
    ORGANISATION = "organisation", _("Tổ chức chính trị - xã hội, đoàn thể")
    PROFESSIONAL = "professional", _("Chuyên môn, nghiệp vụ")


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


class NewsIndexPage(SectionIndexPage):
    """A news section (e.g. office news, professional articles), listing its articles."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]

    per_page = 12

    class Meta:
        verbose_name = _("chuyên mục tin tức")
        verbose_name_plural = _("chuyên mục tin tức")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = news_listing(NewsPage.objects.child_of(self))
        category = request.GET.get("category", "")
        if category in NewsCategory.values:
            articles = articles.filter(category=category)
        else:
            category = ""
        context["articles"] = paginate(request, articles, self.per_page)
        context["categories"] = NewsCategory.choices
        context["selected_category"] = category
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("news.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsPage(BasePage):
    """One article. ``date`` orders listings; ``event_date`` records when the event happened
    so the 24-hour rule of Điều 12.1 can be checked against publication."""

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
    )
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("từ khoá"))

    content_panels = BasePage.content_panels + [
        FieldPanel("lead"),
        FieldPanel("listing_image"),
        FieldPanel("body"),
    ]
    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("event_date"), FieldPanel("category"), FieldPanel("tags")],
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
        return context

    @property
    def published_on(self):
        """When readers first saw it, in local time (Điều 12)."""
        if self.first_published_at:
            return timezone.localtime(self.first_published_at)
        return None
