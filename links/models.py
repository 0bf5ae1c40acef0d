"""Link directory (Điều 7: links to other websites), shown on the home page and in the footer."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet


@register_snippet
class LinkCategory(index.Indexed, models.Model):
    """A heading that groups links, e.g. 'Cơ quan cấp trên' or 'Cổng dịch vụ công'."""

    name = models.CharField(_("tên nhóm"), max_length=100)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    panels = [FieldPanel("name"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("nhóm liên kết")
        verbose_name_plural = _("nhóm liên kết")

    def __str__(self):
        return self.name


@register_snippet
class ExternalLink(index.Indexed, models.Model):
    """A link to another website; inactive links stay in the admin but leave the site."""

    category = models.ForeignKey(
        LinkCategory, verbose_name=_("nhóm"), on_delete=models.PROTECT, related_name="links"
    )
    title = models.CharField(_("tên website"), max_length=150)
    url = models.URLField(_("địa chỉ"))
    description = models.CharField(_("mô tả"), max_length=255, blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang hiển thị"), default=True)

    panels = [
        FieldPanel("category"),
        FieldPanel("title"),
        FieldPanel("url"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
        FieldPanel("active"),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("description")]

    class Meta:
        ordering = ["category__sort_order", "category__name", "sort_order", "title"]
        verbose_name = _("liên kết website")
        verbose_name_plural = _("liên kết website")

    def __str__(self):
        return self.title


def active_link_groups():
    """Active links grouped by category, from one query."""
    groups = {}
    for link in ExternalLink.objects.filter(active=True).select_related("category"):
        groups.setdefault(link.category, []).append(link)
    return list(groups.items())
