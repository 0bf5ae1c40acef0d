"""Admin wiring of the accounts app: log action labels, the two-factor pages, the IT officer's
lists and buttons (issue 14)."""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import include, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter

from . import admin_urls
from .admin_views import login_protection
from .views import RESET_PERMISSION


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [path("xac-thuc-hai-buoc/", include(admin_urls))]


@hooks.register("register_admin_viewset")
def register_login_protection():
    return login_protection


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("accounts_two_factor:enrol"),
        "label": _("Xác thực hai bước"),
        "help_text": _("Ứng dụng xác thực trên điện thoại và mã dự phòng cho lần đăng nhập."),
    }


@hooks.register("register_user_listing_buttons")
def two_factor_reset_button(user, request_user):
    if request_user.has_perm(RESET_PERMISSION) and (request_user.is_superuser or not user.is_superuser):
        yield Button(
            _("Đặt lại xác thực hai bước"),
            url=reverse("accounts_two_factor:reset", args=[user.pk]),
            icon_name="key",
            priority=60,
        )


def describe(data, key, label=str):
    return ", ".join(label(item) for item in data.get(key) or [])


# The default permissions, by the word their codename starts with ("news.add_newspage").
PERMISSION_VERBS = {
    "add": _("thêm"),
    "change": _("sửa"),
    "delete": _("xoá"),
    "view": _("xem"),
    "choose": _("chọn"),
}

# Models whose package has no Vietnamese names (django-axes), named as the admin menu names them.
MODEL_NAMES = {
    ("axes", "accessattempt"): _("bản ghi khoá đăng nhập"),
    ("axes", "accessfailurelog"): _("nhật ký đăng nhập sai"),
    ("axes", "accesslog"): _("nhật ký đăng nhập"),
}


def permission_label(dotted):
    """A permission as the log keeps it ("news.add_newspage", "wagtailadmin.access_admin"), as a
    person reads it ("thêm tin bài", "Có thể truy cập trang quản trị Wagtail"); the code if it is gone."""
    app_label, _dot, codename = dotted.partition(".")
    verb, _sep, model = codename.partition("_")
    if verb in PERMISSION_VERBS and (app_label, model) in MODEL_NAMES:
        return f"{PERMISSION_VERBS[verb]} {MODEL_NAMES[app_label, model]}"
    if verb in PERMISSION_VERBS:
        try:
            content_type = ContentType.objects.get_by_natural_key(app_label, model)
        except ContentType.DoesNotExist:
            content_type = None
        model_class = content_type.model_class() if content_type else None
        if model_class is not None:
            return f"{PERMISSION_VERBS[verb]} {model_class._meta.verbose_name}"
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    return gettext(permission.name) if permission else dotted


class WithAddress(LogFormatter):
    text = ""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        message = str(self.text)
        if data.get("username"):
            message += " — " + _("tên đăng nhập: %(name)s") % {"name": data["username"]}
        if data.get("ip_address"):
            message += " — " + _("địa chỉ: %(ip)s") % {"ip": data["ip_address"]}
        return message


class Changes(LogFormatter):
    added_text = ""
    removed_text = ""
    item_label = str

    def format_message(self, log_entry):
        data = log_entry.data or {}
        if data.get("added"):
            return str(self.added_text) % {"items": describe(data, "added", self.item_label)}
        return str(self.removed_text) % {"items": describe(data, "removed", self.item_label)}


def formatter(base, label, **texts):
    return type("Formatter", (base,), {"label": label, **texts})


@hooks.register("register_log_actions")
def register_account_actions(actions):
    """Vietnamese labels of the account events (Reports → Nhật ký trang web, Điều 4)."""
    address_events = {
        "accounts.login": (_("Đăng nhập"), _("Đăng nhập thành công")),
        "accounts.logout": (_("Đăng xuất"), _("Đăng xuất")),
        "accounts.login_failed": (_("Đăng nhập sai"), _("Đăng nhập sai mật khẩu hoặc tên đăng nhập")),
        "accounts.locked_out": (_("Khoá đăng nhập"), _("Tạm khoá do đăng nhập sai nhiều lần")),
        "accounts.unlocked": (_("Mở khoá đăng nhập"), _("Cán bộ quản trị mở khoá đăng nhập")),
    }
    for action, (label, text) in address_events.items():
        actions.register_action(action)(formatter(WithAddress, label, text=text))
    simple = {
        "accounts.two_factor_passed": (_("Xác thực hai bước"), _("Nhập đúng mã xác thực hai bước")),
        "accounts.two_factor_failed": (_("Sai mã hai bước"), _("Nhập sai mã xác thực hai bước")),
        "accounts.two_factor_enrolled": (_("Bật xác thực hai bước"), _("Đăng ký ứng dụng xác thực")),
        "accounts.two_factor_removed": (_("Tắt xác thực hai bước"), _("Tự tắt xác thực hai bước")),
        "accounts.two_factor_reset": (
            _("Đặt lại xác thực hai bước"),
            _("Cán bộ quản trị xoá xác thực hai bước của tài khoản"),
        ),
        "accounts.recovery_codes_renewed": (_("Tạo lại mã dự phòng"), _("Tạo lại mã dự phòng")),
        "accounts.user_created": (_("Tạo tài khoản"), _("Tạo tài khoản")),
        "accounts.user_deactivated": (_("Khoá tài khoản"), _("Tài khoản bị vô hiệu hoá")),
        "accounts.user_activated": (_("Kích hoạt tài khoản"), _("Tài khoản được kích hoạt lại")),
        "accounts.user_deleted": (_("Xoá tài khoản"), _("Xoá tài khoản")),
    }
    for action, (label, message) in simple.items():
        actions.register_action(action, label, message)
    actions.register_action("accounts.groups_changed")(
        formatter(
            Changes,
            _("Đổi nhóm người dùng"),
            added_text=_("Thêm vào nhóm: %(items)s"),
            removed_text=_("Rút khỏi nhóm: %(items)s"),
        )
    )
    actions.register_action("accounts.permissions_changed")(
        formatter(
            Changes,
            _("Đổi quyền của nhóm"),
            added_text=_("Cấp quyền: %(items)s"),
            removed_text=_("Thu hồi quyền: %(items)s"),
            item_label=staticmethod(permission_label),
        )
    )
