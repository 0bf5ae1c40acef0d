"""Admin menu, page-explorer button, addresses and audit-log entry for the Word import (Điều 11.4)."""

from django.urls import include, path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter

from news.models import NewsIndexPage
from schools.models import SchoolPage

from . import admin_urls
from .importer import IMPORT_ACTION
from .sections import can_add_news_under, can_import

MENU_LABEL = _("Nhập từ tệp Word")


class WordImportMenuItem(MenuItem):
    """Shown only to users who may add a NewsPage somewhere (office staff, school contacts, the board)."""

    def is_shown(self, request):
        return can_import(request.user)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("intake/", include(admin_urls))]


@hooks.register("register_admin_menu_item")
def register_word_import_menu_item():
    return WordImportMenuItem(
        MENU_LABEL, reverse("intake:word_import"), name="intake-word-import", icon_name="doc-full", order=150
    )


@hooks.register("register_page_header_buttons")
def word_import_header_button(page, user, view_name, next_url=None):
    """On a news section or a school, "Nhập từ tệp Word" opens the import with that section chosen."""
    if issubclass(page.specific_class or object, (NewsIndexPage, SchoolPage)) and can_add_news_under(
        user, page
    ):
        url = f"{reverse('intake:word_import')}?{urlencode({'section': page.pk})}"
        yield Button(MENU_LABEL, url, icon_name="doc-full", priority=16)


@hooks.register("register_log_actions")
def register_word_import_log_action(actions):
    @actions.register_action(IMPORT_ACTION)
    class WordImportFormatter(LogFormatter):
        label = _("Nhập từ tệp Word")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Tạo bản nháp từ tệp Word «%(filename)s» (%(images)s ảnh, %(tables)s bảng)") % {
                "filename": data.get("filename", ""),
                "images": data.get("images", 0),
                "tables": data.get("tables", 0),
            }
