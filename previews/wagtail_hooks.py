"""Admin menu and addresses for draft previews (Điều 13.2c)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from site_kb.admin_ui import PermissionMenuItem

from . import admin_urls, admin_views


@hooks.register("register_admin_viewset")
def register_preview_links_viewset():
    return admin_views.preview_links_viewset


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("previews/", include(admin_urls))]


@hooks.register("register_admin_menu_item")
def register_drafts_menu_item():
    return PermissionMenuItem(
        _("Bản nháp chờ xuất bản"),
        reverse("previews_admin:drafts"),
        name="previews-drafts",
        icon_name="doc-empty-inverse",
        order=250,
        permission="previews.view_drafts",
    )


@hooks.register("register_admin_menu_item")
def register_links_menu_item():
    return PermissionMenuItem(
        _("Liên kết xem trước"),
        reverse("preview_links:index"),
        name="previews-links",
        icon_name="link",
        order=251,
        permission="previews.add_previewlink",
    )
