"""The board's registry listing (Điều 6): the published documents, filtered like the public
registry (``RegistryFilterSet``), exported to CSV and XLSX (``?export=csv`` / ``?export=xlsx``)
with formula-like cells defused (site_kb.admin_ui). The public registry's "Tải danh mục" link
points here with the reader's filters."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.coreutils import multigetattr

import django_filters

from site_kb.admin_ui import VietnameseSpreadsheetMixin, local_time

from .forms import RegistryFilterSet
from .models import DirectiveIndexPage, DirectivePage, can_export_registry, directive_listing, search_registry


def _date(value):
    return value.strftime("%d/%m/%Y") if value else ""


class BoardRegistryFilterSet(RegistryFilterSet):
    """The shared filters, plus the registry (one per site) the public link came from."""

    danh_muc = django_filters.ModelChoiceFilter(
        label=_("Danh mục"),
        queryset=DirectiveIndexPage.objects.all(),
        method="filter_registry",
        empty_label=_("Tất cả"),
    )

    def filter_registry(self, queryset, name, value):
        return queryset.child_of(value) if value else queryset


class RegistryIndexView(VietnameseSpreadsheetMixin, IndexView):
    default_ordering = "-signed_date"
    export_filename = "danh-muc-van-ban"

    def dispatch(self, request, *args, **kwargs):
        if not can_export_registry(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        # The registry as readers see it: live and public, newest signed first.
        return directive_listing(super().get_base_queryset()).prefetch_related("subjects")

    def get_ordering(self):
        # The public registry's "oldest signed first", when the link came from there.
        if "ordering" not in self.request.GET and self.request.GET.get("sap_xep") == "cu":
            return "signed_date"
        return super().get_ordering()

    def get_valid_orderings(self):
        return [*super().get_valid_orderings(), "signed_date", "-signed_date"]

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "-id")

    def search_queryset(self, queryset):
        """The public registry's search: an exact document number wins outright."""
        return search_registry(queryset, self.search_query) if self.is_searching else queryset

    def get_filename(self):
        return f"{self.export_filename}-{timezone.localdate():%Y%m%d}"

    @cached_property
    def columns(self):
        return [
            *[column for column in self.base_columns if column.name in ("bulk_actions", "title")],
            Column("number", label=_("Số, ký hiệu")),
            Column("doc_type", label=_("Loại"), accessor="doc_type.name"),
            DateColumn("signed_date", label=_("Ngày ký"), sort_key="signed_date"),
            Column("status", label=_("Hiệu lực"), accessor="get_status_display"),
        ]

    list_export = [
        "number",
        "title",
        "doc_type.name",
        "issuing_body.name",
        "group",
        "signed_date",
        "signer",
        "effective_date",
        "get_status_display",
        "summary",
        "subject_names",
        "first_published_at",
        "full_url",
    ]
    export_headings = {
        "number": _("Số, ký hiệu"),
        "title": _("Tiêu đề"),
        "doc_type.name": _("Loại"),
        "issuing_body.name": _("Cơ quan ban hành"),
        "group": _("Nhóm"),
        "signed_date": _("Ngày ký"),
        "signer": _("Người ký"),
        "effective_date": _("Ngày hiệu lực"),
        "get_status_display": _("Hiệu lực"),
        "summary": _("Trích yếu"),
        "subject_names": _("Lĩnh vực"),
        "first_published_at": _("Đăng lần đầu"),
        "full_url": _("Địa chỉ"),
    }
    custom_field_preprocess = {
        "group": {
            SpreadsheetExportMixin.FORMAT_CSV: lambda value: value or "",
            SpreadsheetExportMixin.FORMAT_XLSX: lambda value: value or "",
        },
        "signed_date": {SpreadsheetExportMixin.FORMAT_CSV: _date},
        "effective_date": {SpreadsheetExportMixin.FORMAT_CSV: _date},
        "first_published_at": {
            SpreadsheetExportMixin.FORMAT_CSV: local_time,
            SpreadsheetExportMixin.FORMAT_XLSX: lambda value: (
                timezone.localtime(value).replace(tzinfo=None) if value else None
            ),
        },
    }

    def to_row_dict(self, item):
        computed = {
            "subject_names": lambda: "; ".join(subject.name for subject in item.subjects.all()),
            "full_url": lambda: item.get_full_url(self.request),
        }
        return {
            field: computed[field]() if field in computed else multigetattr(item, field)
            for field in self.list_export
        }


class RegistryViewSet(PageListingViewSet):
    model = DirectivePage
    index_view_class = RegistryIndexView
    filterset_class = BoardRegistryFilterSet
    icon = "doc-full"
    menu_label = _("Danh mục văn bản")
    name = "directive_registry"
    export_filename = "danh-muc-van-ban"


registry_viewset = RegistryViewSet()
