"""Small admin parts shared by the apps: a permission-gated menu item, spreadsheet exports
that Excel opens correctly for Vietnamese text, and the base of the permission-gated reports."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format

from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView

XLSX_DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
# Cells a spreadsheet program would run as a formula when it opens a CSV file.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def local_time(value):
    """``value`` as "dd/mm/yyyy hh:mm" in local time, "" for None."""
    return date_format(timezone.localtime(value), "d/m/Y H:i") if value else ""


def local_naive(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def previous_month(today=None):
    """(first day, last day) of the month before ``today``."""
    today = today or timezone.localdate()
    last = today.replace(day=1) - datetime.timedelta(days=1)
    return last.replace(day=1), last


class PermissionMenuItem(MenuItem):
    """A menu item shown only to users holding ``permission`` (superusers hold every permission)."""

    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class VietnameseSpreadsheetMixin:
    """For a view using Wagtail's SpreadsheetExportMixin: CSV in UTF-8 with a byte order mark (so
    Excel shows Vietnamese letters), formula-like cells defused, local date-times in XLSX."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
            return "'" + value
        return value

    def stream_csv(self, queryset):
        yield "\ufeff"
        yield from super().stream_csv(queryset)

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        return super().generate_xlsx_row(worksheet, row_dict, date_format=XLSX_DATETIME_FORMAT)


class ExportingReportView(VietnameseSpreadsheetMixin, ReportView):
    """A report for one permission, with spreadsheet exports Excel opens correctly."""

    permission = None  # "app_label.codename"
    default_range = None  # a function returning (from, to) dates
    range_filter = None  # the filter's name, e.g. "published"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_filterset_kwargs(self):
        """Without a period in the URL, the report shows its default period."""
        kwargs = super().get_filterset_kwargs()
        name = self.range_filter
        data = kwargs["data"]
        if name and not data.get(f"{name}_from") and not data.get(f"{name}_to"):
            data = data.copy()
            start, end = self.default_range()
            data[f"{name}_from"] = start.isoformat()
            data[f"{name}_to"] = end.isoformat()
            kwargs["data"] = data
        return kwargs

    def get_filename(self):
        return f"{self.export_filename}-{timezone.localdate():%Y%m%d}"
