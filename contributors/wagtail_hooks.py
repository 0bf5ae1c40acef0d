"""Admin: the contributor register (snippet) and the royalty report (Điều 10)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from site_kb.admin_ui import PermissionMenuItem

from .models import Contributor
from .reports import report_urls


class ContributorViewSet(SnippetViewSet):
    """Người đóng góp: authors, editors and collaborators the board credits and pays (Điều 10)."""

    model = Contributor
    icon = "group"
    menu_label = _("Người đóng góp")
    menu_name = "contributors"
    menu_order = 275
    add_to_admin_menu = True
    list_display = [
        "name",
        Column("workplace", label=_("Đơn vị")),
        "role",
        "phone",
        "email",
        BooleanColumn("active", label=_("Còn cộng tác")),
    ]
    list_filter = ["role", "active", "school"]
    list_per_page = 50
    search_fields = ["name", "unit", "email", "phone"]
    search_backend_name = None  # the database's icontains: a short register, not in the search index
    ordering = ["name"]
    list_export = ["name", "workplace", "role", "phone", "email", "active"]
    export_headings = {"workplace": _("Đơn vị"), "active": _("Còn cộng tác")}
    export_filename = "nguoi-dong-gop"

    def get_queryset(self, request):
        """The unit column falls back to the school's name: schools come in the same query."""
        return Contributor.objects.select_related("school")


register_snippet(ContributorViewSet)


@hooks.register("register_admin_urls")
def register_report_urls():
    return report_urls()


@hooks.register("register_reports_menu_item")
def register_royalty_report_menu_item():
    return PermissionMenuItem(
        _("Nhuận bút, thù lao"),
        reverse("contributors_reports:royalties"),
        name="royalties",
        icon_name="group",
        order=1300,
        permission="contributors.view_royalty_report",
    )
