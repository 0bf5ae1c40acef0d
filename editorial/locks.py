"""The lock of a step whose reviewers only read, comment and approve or refuse (Điều 13.2c; issue 15.10).

Wagtail's WorkflowLock says "Only reviewers for this task can edit" even to those reviewers; here
the leader is told what to do instead, in Vietnamese (editorial.comments stores their comments).
"""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from wagtail.locks import WorkflowLock


class ReviewOnlyLock(WorkflowLock):
    """The lock of a step whose reviewers read, comment and approve or refuse, in Vietnamese."""

    def get_message(self, user):
        if not self.for_user(user):
            return None
        if self.task.can_moderate(self.object, user):
            return format_html(
                _(
                    "Trang đang chờ bạn cho ý kiến ở bước «{task}». Lãnh đạo xem, bình luận (nút "
                    '«Lưu ý kiến»), rồi duyệt hoặc từ chối ở <a href="{dashboard}">Bảng điều khiển</a>, '
                    "mục «Đang chờ bạn duyệt»; không sửa nội dung trang (Điều 13.2c)."
                ),
                task=self.task.name,
                dashboard=reverse("wagtailadmin_home"),
            )
        return format_html(
            _(
                "Trang đang chờ lãnh đạo cho ý kiến ở bước «{task}»: chưa ai sửa được nội dung cho đến "
                "khi lãnh đạo duyệt hoặc từ chối."
            ),
            task=self.task.name,
        )

    def get_locked_by(self, user, can_lock=False):
        return _("Khoá khi chờ lãnh đạo cho ý kiến")

    def get_description(self, user, can_lock=False):
        return _("Lãnh đạo xem, bình luận và duyệt hoặc từ chối; không ai sửa nội dung ở bước này.")
