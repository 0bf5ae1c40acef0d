"""Admin for member sites (Circular 37/2020/TT-BGDĐT Art. 3, 9): the "Trang thành viên" menu and
what each part of issue 16 puts in it. Each part keeps its hooks in its own section below.

The menu is a Wagtail ``Menu`` filled through the ``register_member_sites_menu_item`` hook:
register a ``MenuItem`` (e.g. ``site_kb.admin_ui.PermissionMenuItem``) there; the menu shows only
the items the user may open, and disappears when there are none (a school's users).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.log_actions import LogFormatter

from site_kb.admin_ui import PermissionMenuItem

from .admin_views import admin_urls as unit_admin_urls
from .admin_views import can_create_units
from .reorganise import HOSTNAME_ACTION, MERGE_ACTION, MOVE_ACTION, RENAME_ACTION
from .reports import REPORT_PERMISSION, MemberSitesAttentionPanel, can_see_report, report_urls
from .services import UNIT_COMPLETED, UNIT_CREATED

# --- The "Trang thành viên" menu (shared) ------------------------------------------------------

MEMBER_SITES_MENU_HOOK = "register_member_sites_menu_item"
member_sites_menu = Menu(
    register_hook_name=MEMBER_SITES_MENU_HOOK, construct_hook_name="construct_member_sites_menu"
)


@hooks.register("register_admin_menu_item")
def register_member_sites_menu():
    return SubmenuMenuItem(
        _("Trang thành viên"), member_sites_menu, icon_name="site", name="member-sites", order=850
    )


# --- Member-sites report, dashboard count (issue 16.6) -----------------------------------------


@hooks.register("register_admin_urls")
def register_member_sites_report_urls():
    return report_urls()


@hooks.register(MEMBER_SITES_MENU_HOOK)
def register_member_sites_report_menu_item():
    return PermissionMenuItem(
        _("Báo cáo trang thành viên"),
        reverse("units_reports:member_sites"),
        name="member-sites-report",
        icon_name="site",
        order=100,
        permission=REPORT_PERMISSION,
    )


@hooks.register(MEMBER_SITES_MENU_HOOK)
def register_member_site_policy_menu_item():
    """The authority's minimum (MemberSitePolicy), also under Settings, for its IT officer."""
    return PermissionMenuItem(
        _("Quy định trang thành viên"),
        reverse("wagtailsettings:edit", args=["units", "membersitepolicy"]),
        name="member-site-policy",
        icon_name="cog",
        order=900,
        permission="units.change_membersitepolicy",
    )


@hooks.register("register_reports_menu_item")
def register_member_sites_report_in_reports_menu():
    return PermissionMenuItem(
        _("Trang thành viên"),
        reverse("units_reports:member_sites"),
        name="member-sites",
        icon_name="site",
        order=1400,
        permission=REPORT_PERMISSION,
    )


@hooks.register("construct_homepage_panels")
def add_member_sites_attention_panel(request, panels):
    if can_see_report(request.user):
        panels.append(MemberSitesAttentionPanel())


# --- Reorganisation: audit-log actions (issue 16.5, units.reorganise) --------------------------


@hooks.register("register_log_actions")
def register_reorganisation_log_actions(actions):
    """What ``units.reorganise`` writes in the audit log, in Vietnamese (page history, Nhật ký)."""

    @actions.register_action(RENAME_ACTION)
    class RenameFormatter(LogFormatter):
        label = _("Đổi tên đơn vị")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Đổi tên «%(old)s» thành «%(new)s» (%(redirects)s chuyển hướng)") % {
                "old": data.get("old", ""),
                "new": data.get("new", ""),
                "redirects": data.get("redirects", 0),
            }

    @actions.register_action(MERGE_ACTION)
    class MergeFormatter(LogFormatter):
        label = _("Sáp nhập trường")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _(
                "Sáp nhập «%(source)s» vào «%(target)s» (%(moved)s trang chuyển, %(redirects)s chuyển hướng)"
            ) % {
                "source": (data.get("source") or {}).get("title", ""),
                "target": (data.get("target") or {}).get("title", ""),
                "moved": data.get("moved", 0),
                "redirects": data.get("redirects", 0),
            }

    @actions.register_action(MOVE_ACTION)
    class MoveFormatter(LogFormatter):
        label = _("Chuyển đơn vị")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            parts = []
            if "commune" in data:
                parts.append(_("xã «%(old)s» → «%(new)s»") % data["commune"])
            if "authority" in data:
                parts.append(_("cơ quan quản lý «%(old)s» → «%(new)s»") % data["authority"])
            return _("Chuyển đơn vị: %(changes)s") % {"changes": "; ".join(parts)}

    @actions.register_action(HOSTNAME_ACTION)
    class HostnameFormatter(LogFormatter):
        label = _("Đổi tên miền")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Đổi tên miền %(old)s → %(new)s") % {
                "old": data.get("old", ""),
                "new": data.get("new", ""),
            }


# --- Making member sites: one by a form, many from CSV (issue 16.4, part D) ---------------------


class UnitMenuItem(MenuItem):
    """Shown to whoever may make units: the authority's IT officer (``can_create_units``)."""

    def is_shown(self, request):
        return can_create_units(request.user)


@hooks.register("register_admin_urls")
def register_unit_admin_urls():
    return unit_admin_urls()


@hooks.register(MEMBER_SITES_MENU_HOOK)
def register_create_unit_menu_item():
    return UnitMenuItem(
        _("Tạo trường thành viên"),
        reverse("units_admin:create"),
        name="create-unit",
        icon_name="plus",
        order=200,
    )


@hooks.register(MEMBER_SITES_MENU_HOOK)
def register_import_units_menu_item():
    return UnitMenuItem(
        _("Tạo từ tệp CSV"), reverse("units_admin:import"), name="import-units", icon_name="upload", order=210
    )


@hooks.register("register_log_actions")
def register_unit_log_actions(actions):
    @actions.register_action(UNIT_CREATED)
    class UnitCreatedFormatter(LogFormatter):
        label = _("Tạo trường thành viên")

        def format_message(self, log_entry):
            return "; ".join((log_entry.data or {}).get("changes") or []) or self.label

    @actions.register_action(UNIT_COMPLETED)
    class UnitCompletedFormatter(LogFormatter):
        label = _("Bổ sung cho trường thành viên")

        def format_message(self, log_entry):
            return "; ".join((log_entry.data or {}).get("changes") or []) or self.label
