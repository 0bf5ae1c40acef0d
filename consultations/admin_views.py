"""Admin menu "Góp ý dự thảo": the board reads, filters and exports comments on drafts (Điều 6.3).

Comments are records of what units and staff sent: nobody adds or edits them here, only a
superuser may delete one (``DraftCommentPermissionPolicy``), and the sender's IP address is
shown only to those who may delete (it is for abuse handling). The listing exports to CSV
and XLSX (``?export=csv`` / ``?export=xlsx`` on the index URL), filtered like the list:
filter by draft for all the comments on one draft.
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permissions import policy_registry

import django_filters

from directives.models import DirectivePage
from site_kb.admin_ui import VietnameseSpreadsheetMixin, local_time
from site_kb.folding import fold

from .models import DraftComment


def drafts_with_comments(request=None):
    """Drafts offered in the filter: every draft for comment and any page that has comments."""
    return (
        DirectivePage.objects.filter(Q(comment_opens__isnull=False) | Q(draft_comments__isnull=False))
        .distinct()
        .order_by(F("comment_opens").desc(nulls_last=True), "title")
    )


class DraftCommentFilterSet(WagtailFilterSet):
    page = django_filters.ModelChoiceFilter(
        label=_("Dự thảo"),
        queryset=drafts_with_comments,
        empty_label=_("Tất cả"),
    )
    submitted_at = django_filters.DateFromToRangeFilter(
        label=_("Gửi trong khoảng"), widget=DateRangePickerWidget
    )

    class Meta:
        model = DraftComment
        fields = ["page", "submitted_at"]


class DraftCommentIndexView(VietnameseSpreadsheetMixin, IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("page")

    def order_queryset(self, queryset):
        """Ties broken by the time sent, so paging and exports are stable."""
        queryset = super().order_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "-submitted_at", "-pk")

    @cached_property
    def columns(self):
        title_column_class = self._get_title_column_class(TitleColumn)
        return [
            Column(
                "page",
                label=_("Dự thảo"),
                accessor=lambda comment: comment.page.title,
                sort_key="page__title",
            ),
            title_column_class(
                "name",
                label=_("Người góp ý"),
                sort_key="name",
                get_url=self.get_inspect_url,
            ),
            Column("unit", label=_("Đơn vị"), sort_key="unit"),
            Column("section", label=_("Điều, khoản"), sort_key="section"),
            Column(
                "excerpt",
                label=_("Nội dung"),
                accessor=lambda comment: Truncator(comment.comment).chars(80),
            ),
            Column(
                "submitted_at",
                label=_("Gửi lúc"),
                accessor=lambda comment: local_time(comment.submitted_at),
                sort_key="submitted_at",
            ),
        ]

    # Exports: Vietnamese headings, local times, one file name per draft.

    custom_field_preprocess = {
        "submitted_at": {
            SpreadsheetExportMixin.FORMAT_CSV: local_time,
            SpreadsheetExportMixin.FORMAT_XLSX: lambda value: timezone.localtime(value).replace(tzinfo=None),
        },
    }

    def filtered_page(self):
        filters = self.filters
        if filters is not None and filters.is_valid():
            return filters.form.cleaned_data.get("page")
        return None

    def get_filename(self):
        name = self.export_filename
        page = self.filtered_page()
        if page is not None:
            name = f"{name}-{slugify(fold(page.title))[:60].strip('-')}"
        return f"{name}-{timezone.localdate():%Y%m%d}"


class DraftCommentInspectView(InspectView):
    def get_fields(self):
        fields = super().get_fields()
        if not self.user_has_permission("delete"):
            fields = [field for field in fields if field != "ip_address"]
        return fields

    def get_page_display_value(self):
        page = self.object.page
        return format_html(
            '{} (<a href="{}">{}</a>)',
            page.title,
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            _("mở trang dự thảo"),
        )

    def get_comment_display_value(self):
        return mark_safe(linebreaks(self.object.comment, autoescape=True))  # noqa: S308 (escaped)

    def get_submitted_at_display_value(self):
        return local_time(self.object.submitted_at)

    def get_ip_address_display_value(self):
        return self.object.ip_address or "–"

    def get_consent_at_display_value(self):
        """When and to which notice version the sender consented (Luật 91/2025/QH15)."""
        if self.object.consent_at is None:
            return gettext("Gửi trước khi có thông báo")
        return gettext("%(time)s (thông báo phiên bản %(version)s)") % {
            "time": local_time(self.object.consent_at),
            "version": self.object.consent_version,
        }

    def get_anonymised_at_display_value(self):
        return local_time(self.object.anonymised_at) if self.object.anonymised_at else "–"


class DraftCommentViewSet(ModelViewSet):
    """Góp ý dự thảo: a read-only inbox with exports; no add, edit, copy or history views."""

    model = DraftComment
    icon = "comment"
    menu_label = _("Góp ý dự thảo")
    menu_name = "draft-comments"
    menu_order = 265
    add_to_admin_menu = True
    index_view_class = DraftCommentIndexView
    inspect_view_class = DraftCommentInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "page",
        "name",
        "unit",
        "email",
        "section",
        "comment",
        "submitted_at",
        "ip_address",
        "consent_at",
        "anonymised_at",
    ]
    copy_view_enabled = False
    add_to_reference_index = False
    filterset_class = DraftCommentFilterSet
    search_fields = ["name", "unit", "email", "section", "comment", "page__title"]
    search_backend_name = None  # the database's icontains: comments are not in the search index
    ordering = "-submitted_at"
    list_per_page = 50
    list_export = ["page.title", "page.number", "name", "unit", "email", "section", "comment", "submitted_at"]
    export_headings = {
        "page.title": _("Dự thảo"),
        "page.number": _("Số, ký hiệu"),
        "name": _("Người góp ý"),
        "unit": _("Đơn vị hoặc trường"),
        "email": _("Thư điện tử"),
        "section": _("Điều, khoản, mục"),
        "comment": _("Nội dung góp ý"),
        "submitted_at": _("Gửi lúc"),
    }
    export_filename = "gop-y-du-thao"

    REMOVED_VIEWS = {"add", "edit", "copy", "history", "history_results", "usage"}

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name not in self.REMOVED_VIEWS]

    def get_form_class(self, for_update=False):
        return None  # there is no add or edit view

    def get_permissions_to_register(self):
        """Only "view" appears in the group editor; deleting is for superusers."""
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(DraftComment), codename="view_draftcomment"
        )


def draft_comments_button(page, user):
    """ "Góp ý dự thảo (n)" on a draft's admin page, for those who may read the comments."""
    if page.specific_class is not DirectivePage:
        return None
    if not policy_registry.get_by_type(DraftComment).user_has_permission(user, "view"):
        return None
    count = DraftComment.objects.filter(page_id=page.pk).count()
    if not count and not DirectivePage.objects.filter(pk=page.pk, comment_opens__isnull=False).exists():
        return None
    return Button(
        gettext("Góp ý dự thảo (%(count)s)") % {"count": count},
        f"{reverse('draft_comments:index')}?page={page.pk}",
        icon_name="comment",
        priority=75,
    )
