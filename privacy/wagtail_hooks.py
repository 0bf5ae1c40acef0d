"""Admin *Dữ liệu cá nhân của bạn đọc* (Settings menu, IT officer only) and the audit log's
wording for personal-data actions (Luật 91/2025/QH15): counts and a hash, never the contact."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.log_actions import LogFormatter

from .admin_views import ReaderDataMenuItem, ReaderDataViewSet


@hooks.register("register_admin_viewset")
def register_reader_data_viewset():
    return ReaderDataViewSet()


@hooks.register("register_settings_menu_item")
def register_reader_data_menu_item():
    return ReaderDataMenuItem(
        gettext_lazy("Dữ liệu cá nhân của bạn đọc"),
        reverse("privacy_reader_data:index"),
        icon_name="user",
        order=900,
        name="reader-personal-data",
    )


class PersonalDataFormatter(LogFormatter):
    def format_message(self, log_entry):
        data = log_entry.data or {}
        return self.message % {
            "reader": data.get("reader") or "–",
            "feedback": data.get("feedback", 0),
            "comments": data.get("comments", 0),
            "attachments": data.get("attachments", 0),
        }


@hooks.register("register_log_actions")
def register_personal_data_actions(actions):
    wording = {
        "privacy.search": (
            gettext_lazy("Tra cứu dữ liệu cá nhân của bạn đọc"),
            gettext_lazy(
                "Tra cứu dữ liệu của bạn đọc mã %(reader)s: %(feedback)s hỏi đáp – góp ý, %(comments)s góp ý dự thảo"
            ),
        ),
        "privacy.export": (
            gettext_lazy("Xuất dữ liệu cá nhân cho bạn đọc"),
            gettext_lazy(
                "Xuất dữ liệu của bạn đọc mã %(reader)s: %(feedback)s hỏi đáp – góp ý, %(comments)s góp ý dự thảo"
            ),
        ),
        "privacy.erase": (
            gettext_lazy("Xoá dữ liệu cá nhân theo yêu cầu của bạn đọc"),
            gettext_lazy(
                "Xoá dữ liệu của bạn đọc mã %(reader)s: %(feedback)s hỏi đáp – góp ý, %(comments)s góp ý dự thảo, "
                "%(attachments)s tệp đính kèm"
            ),
        ),
        "privacy.purge": (
            gettext_lazy("Xoá dữ liệu cá nhân hết thời hạn lưu"),
            gettext_lazy(
                "Xoá dữ liệu hết thời hạn lưu: %(feedback)s hỏi đáp – góp ý, %(comments)s góp ý dự thảo, "
                "%(attachments)s tệp đính kèm"
            ),
        ),
    }
    for action, (label, message) in wording.items():
        actions.register_action(action)(
            type("Formatter", (PersonalDataFormatter,), {"label": label, "message": message})
        )
