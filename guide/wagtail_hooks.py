"""The guide in the admin menu, in place of Wagtail's English help links (issue 15.12).

Wagtail's help menu offers "What's new in Wagtail" and its "Editor Guide" on guide.wagtail.org,
in English; our users get our Vietnamese guide there and as a menu item of its own. The
dashboard's guide link is replaced in templates/wagtailadmin/home/account_summary.html, the
content checks' link in templates/wagtailadmin/shared/side_panels/checks.html.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls

# Wagtail's help menu items that open guide.wagtail.org.
WAGTAIL_GUIDE_ITEMS = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("huong-dan/", include(admin_urls))]


def guide_menu_item(order):
    return MenuItem(
        _("Hướng dẫn sử dụng"), reverse("guide:index"), name="guide", icon_name="help", order=order
    )


@hooks.register("register_admin_menu_item")
def register_guide_menu_item():
    return guide_menu_item(10900)


@hooks.register("register_help_menu_item")
def register_guide_help_item():
    return guide_menu_item(900)


@hooks.register("construct_help_menu")
def remove_wagtail_guide_links(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(WAGTAIL_GUIDE_ITEMS)]
