"""Small admin parts shared by the apps: a permission-gated menu item and spreadsheet
exports that Excel opens correctly for Vietnamese text."""

from django.utils import timezone
from django.utils.formats import date_format

from wagtail.admin.menu import MenuItem

XLSX_DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
# Cells a spreadsheet program would run as a formula when it opens a CSV file.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def local_time(value):
    """``value`` as "dd/mm/yyyy hh:mm" in local time, "" for None."""
    return date_format(timezone.localtime(value), "d/m/Y H:i") if value else ""


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
