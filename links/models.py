"""Link directory (Điều 7: links to other websites), shown on the home page and in the footer."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from site_kb.cache_tags import add_tags, model_tag
from site_kb.forms import NFCAdminModelForm


class LinkCategory(index.Indexed, models.Model):
    """A heading that groups links, e.g. 'Cơ quan cấp trên' or 'Cổng dịch vụ công'."""

    name = models.CharField(_("tên nhóm"), max_length=100)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    base_form_class = NFCAdminModelForm  # NFC before length checks (site_kb.forms)
    panels = [FieldPanel("name"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("nhóm liên kết")
        verbose_name_plural = _("nhóm liên kết")

    def __str__(self):
        return self.name


class ExternalLink(index.Indexed, models.Model):
    """A link to another website; inactive links stay in the admin but leave the site.

    ``manage.py check_links`` records whether the address still answers (Điều 7 keeps the
    directory useful); a broken link stays on the site unless the board hides it.
    """

    category = models.ForeignKey(
        LinkCategory, verbose_name=_("nhóm"), on_delete=models.PROTECT, related_name="links"
    )
    title = models.CharField(_("tên website"), max_length=150)
    url = models.URLField(_("địa chỉ"))
    description = models.CharField(_("mô tả"), max_length=255, blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang hiển thị"), default=True)
    last_checked_at = models.DateTimeField(_("kiểm tra lần cuối"), null=True, blank=True, editable=False)
    last_status = models.CharField(_("kết quả kiểm tra"), max_length=255, blank=True, editable=False)
    is_broken = models.BooleanField(
        _("liên kết hỏng"),
        default=False,
        editable=False,
        help_text=_("Lần kiểm tra gần nhất (lệnh check_links) không mở được địa chỉ này."),
    )

    base_form_class = NFCAdminModelForm
    panels = [
        FieldPanel("category"),
        FieldPanel("title"),
        FieldPanel("url"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
        FieldPanel("active"),
        MultiFieldPanel(
            [FieldPanel("last_checked_at", read_only=True), FieldPanel("last_status", read_only=True)],
            heading=_("Kiểm tra liên kết"),
        ),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("description")]

    class Meta:
        ordering = ["category__sort_order", "category__name", "sort_order", "title"]
        verbose_name = _("liên kết website")
        verbose_name_plural = _("liên kết website")

    def __str__(self):
        return self.title

    def check_state_label(self):
        """The last check's verdict in a word, for the admin list."""
        if self.last_checked_at is None:
            return _("Chưa kiểm tra")
        return _("Hỏng") if self.is_broken else _("Hoạt động")


def active_link_groups():
    """Active links grouped by category, from one query; the response showing them is tagged (issue 17)."""
    add_tags(None, model_tag(ExternalLink), model_tag(LinkCategory))
    groups = {}
    for link in ExternalLink.objects.filter(active=True).select_related("category"):
        groups.setdefault(link.category, []).append(link)
    return list(groups.items())
