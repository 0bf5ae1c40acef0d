"""The "Nhuận bút, thù lao" admin report (menu "Báo cáo", Điều 10), with Wagtail's CSV and
XLSX export: who wrote, edited or collected which published work in a period (default: the
previous calendar month), for the royalty sheet of the internal spending rules.

The timeliness report (Điều 12) is in ``editorial.reports``.

Visible to those holding the royalty permission (the board and the IT officer,
editorial.roles). It runs a fixed number of queries whatever its length.
"""

from django.contrib.contenttypes.models import ContentType
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn

import django_filters

from site_kb.admin_ui import ExportingReportView, local_naive, local_time, previous_month

from .models import Contributor, PageContributor, WorkRole


def page_type_label(page):
    model = ContentType.objects.get_for_id(page.content_type_id).model_class()
    return model._meta.verbose_name if model else ""


# --- Nhuận bút, thù lao (Điều 10) ------------------------------------------------------------


class RoyaltyFilterSet(WagtailFilterSet):
    published = django_filters.DateFromToRangeFilter(
        field_name="page__first_published_at",
        label=_("Đăng lần đầu trong khoảng"),
        widget=DateRangePickerWidget,
    )
    contributor = django_filters.ModelChoiceFilter(
        label=_("Người thực hiện"), queryset=Contributor.objects.all(), empty_label=_("Tất cả")
    )
    role = django_filters.ChoiceFilter(
        label=_("Vai trò trong tin bài"), choices=WorkRole.choices, empty_label=_("Tất cả")
    )

    class Meta:
        model = PageContributor
        fields = ["published", "contributor", "role"]


class RoyaltyReportView(ExportingReportView):
    """Published works per contributor in a period, for the royalty sheet (Điều 10)."""

    page_title = _("Nhuận bút, thù lao")
    header_icon = "group"
    permission = "contributors.view_royalty_report"
    filterset_class = RoyaltyFilterSet
    range_filter = "published"
    default_range = staticmethod(previous_month)
    index_url_name = "contributors_reports:royalties"
    index_results_url_name = "contributors_reports:royalties_results"
    export_filename = "nhuan-but"
    list_export = ["contributor_name", "workplace", "role_label", "page_title", "page_type", "published_at"]
    export_headings = {
        "contributor_name": _("Người thực hiện"),
        "workplace": _("Đơn vị"),
        "role_label": _("Vai trò"),
        "page_title": _("Tin bài, văn bản"),
        "page_type": _("Loại"),
        "published_at": _("Đăng lần đầu"),
    }
    custom_field_preprocess = {
        "published_at": {
            ExportingReportView.FORMAT_CSV: local_time,
            ExportingReportView.FORMAT_XLSX: local_naive,
        },
    }

    @cached_property
    def columns(self):
        return [
            Column("contributor_name", label=_("Người thực hiện")),
            Column("workplace", label=_("Đơn vị")),
            Column("role_label", label=_("Vai trò")),
            TitleColumn(
                "page_title",
                label=_("Tin bài, văn bản"),
                get_url=lambda row: reverse("wagtailadmin_pages:edit", args=[row.page_id]),
            ),
            Column("page_type", label=_("Loại")),
            Column("published_display", label=_("Đăng lần đầu")),
        ]

    def get_queryset(self):
        self.queryset = (
            PageContributor.objects.filter(page__live=True, page__first_published_at__isnull=False)
            .select_related("contributor__school", "page")
            .order_by("contributor__name", "contributor_id", "page__first_published_at", "sort_order", "pk")
        )
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list):
        rows = list(object_list)
        for row in rows:
            row.contributor_name = row.contributor.name
            row.workplace = row.contributor.workplace
            row.role_label = row.get_role_display()
            row.page_title = row.page.title
            row.page_type = page_type_label(row.page)
            row.published_at = row.page.first_published_at
            row.published_display = local_time(row.published_at)
        return rows


def report_urls():
    patterns = [
        path("nhuan-but/", RoyaltyReportView.as_view(), name="royalties"),
        path("nhuan-but/results/", RoyaltyReportView.as_view(results_only=True), name="royalties_results"),
    ]
    return [path("bao-cao/", include((patterns, "contributors_reports")))]
