"""The IT officer's view of login protection (issue 14, Điều 4): lockouts and failed logins.

Axes keeps one record per account, address and browser (``AccessAttempt``) while failures count,
and every failure (``AccessFailureLog``). The IT officer (``axes.view_*`` in editorial.roles)
lists and filters both, and unlocks by deleting the record (axes' database handler counts the
records, so the account or address may try again at once); every unlock is in the audit log.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

import django_filters
from axes.models import AccessAttempt, AccessFailureLog

from .audit import account_named


class AttemptFilterSet(WagtailFilterSet):
    username = django_filters.CharFilter(label=gettext_lazy("Tên đăng nhập"), lookup_expr="icontains")
    ip_address = django_filters.CharFilter(label=gettext_lazy("Địa chỉ IP"), lookup_expr="exact")
    attempt_time = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Thời điểm"), widget=DateRangePickerWidget
    )

    class Meta:
        model = AccessAttempt
        fields = ["username", "ip_address", "attempt_time"]


class FailureFilterSet(AttemptFilterSet):
    locked_out = django_filters.BooleanFilter(label=gettext_lazy("Dẫn tới khoá"))

    class Meta:
        model = AccessFailureLog
        fields = ["username", "ip_address", "locked_out", "attempt_time"]


def is_locked(attempt):
    return attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT


class UnlockView(generic.DeleteView):
    """Deleting an attempt record is axes' unlock; logged against the account when it exists."""

    page_title = gettext_lazy("Mở khoá đăng nhập")
    success_message = gettext_lazy("Đã mở khoá cho “%(object)s”.")

    def delete_action(self):
        attempt = self.object
        data = {"username": attempt.username or "", "ip_address": attempt.ip_address or ""}
        log(
            account_named(attempt.username) or attempt, "accounts.unlocked", user=self.request.user, data=data
        )
        attempt.delete()

    @property
    def confirmation_message(self):
        return _(
            "Xoá bản ghi này để tài khoản hoặc địa chỉ đăng nhập lại được ngay? Việc mở khoá được ghi vào "
            "nhật ký."
        )

    def get_page_subtitle(self):
        return self.object.username or self.object.ip_address or ""

    def get_usage_url(self):
        return None  # nothing refers to an attempt record: no "used in" summary to show

    def get_success_message(self):
        return self.success_message % {"object": self.object.username or self.object.ip_address}


class AttemptViewSet(ModelViewSet):
    model = AccessAttempt
    icon = "lock"
    menu_label = gettext_lazy("Khoá đăng nhập")
    name = "login_lockouts"
    url_prefix = "dang-nhap/khoa"
    filterset_class = AttemptFilterSet
    delete_view_class = UnlockView
    copy_view_enabled = False
    add_to_reference_index = False
    form_fields = ["username"]  # no add or edit is allowed (the policy); Wagtail still builds the views
    list_per_page = 50
    list_display = [
        Column("username", label=gettext_lazy("Tên đăng nhập"), accessor=lambda a: a.username or "—"),
        Column("ip_address", label=gettext_lazy("Địa chỉ IP"), accessor=lambda a: a.ip_address or "—"),
        Column("failures_since_start", label=gettext_lazy("Số lần sai"), sort_key="failures_since_start"),
        BooleanColumn("locked", label=gettext_lazy("Đang bị khoá"), accessor=is_locked),
        DateColumn("attempt_time", label=gettext_lazy("Lần sai gần nhất"), sort_key="attempt_time"),
        Column("user_agent", label=gettext_lazy("Trình duyệt")),
    ]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(page_title=self.menu_label, **kwargs)


class FailureViewSet(ModelViewSet):
    model = AccessFailureLog
    icon = "warning"
    menu_label = gettext_lazy("Đăng nhập sai")
    name = "login_failures"
    url_prefix = "dang-nhap/sai"
    filterset_class = FailureFilterSet
    copy_view_enabled = False
    add_to_reference_index = False
    form_fields = ["username"]  # no add or edit is allowed (the policy); Wagtail still builds the views
    list_per_page = 50
    list_display = [
        Column("username", label=gettext_lazy("Tên đăng nhập"), accessor=lambda a: a.username or "—"),
        Column("ip_address", label=gettext_lazy("Địa chỉ IP"), accessor=lambda a: a.ip_address or "—"),
        BooleanColumn("locked_out", label=gettext_lazy("Dẫn tới khoá")),
        DateColumn("attempt_time", label=gettext_lazy("Thời điểm"), sort_key="attempt_time"),
        Column("path_info", label=gettext_lazy("Trang")),
        Column("user_agent", label=gettext_lazy("Trình duyệt")),
    ]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(page_title=self.menu_label, **kwargs)


class LoginProtectionGroup(ViewSetGroup):
    menu_label = gettext_lazy("Bảo vệ đăng nhập")
    menu_icon = "lock"
    menu_order = 850
    items = (AttemptViewSet, FailureViewSet)


login_protection = LoginProtectionGroup()
