"""The link directory's snippets (Điều 7) in the admin, through Wagtail's SnippetViewSet so the
list shows what ``manage.py check_links`` found and filters the broken links."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ExternalLink, LinkCategory


class LinkCategoryViewSet(SnippetViewSet):
    model = LinkCategory
    icon = "folder-open-inverse"
    list_display = ["name", "sort_order"]
    ordering = ["sort_order", "name"]


class ExternalLinkViewSet(SnippetViewSet):
    model = ExternalLink
    icon = "link"
    list_display = [
        "title",
        "category",
        Column("url", label=_("địa chỉ"), sort_key="url"),
        Column(
            "active",
            label=_("đang hiển thị"),
            accessor=lambda link: _("Có") if link.active else _("Không"),
            sort_key="active",
        ),
        Column("is_broken", label=_("tình trạng"), accessor="check_state_label", sort_key="is_broken"),
        Column("last_status", label=_("kết quả kiểm tra")),
        DateColumn("last_checked_at", label=_("kiểm tra lần cuối"), sort_key="last_checked_at"),
    ]
    list_filter = ["is_broken", "active", "category"]
    list_per_page = 50

    def get_queryset(self, request):
        return ExternalLink.objects.select_related("category")


register_snippet(LinkCategoryViewSet)
register_snippet(ExternalLinkViewSet)
