"""The failed Varnish purges, for the IT officer (issue 17): a report under Báo cáo, and a red
dashboard panel while a failure of the last 24 hours exists.

A failed purge never stopped a publish (``site_kb.frontend_cache``); what it leaves is a page that
Varnish may keep serving stale until it expires (``PAGE_CACHE_SECONDS``). The IT officer keeps the
site running (Điều 3.3 of the regulation) and holds ``site_kb.view_cachepurgefailure``
(editorial.roles); editors and schools hold nothing here and are refused.
"""

from datetime import timedelta

from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column

from .admin_ui import ExportingReportView, local_time
from .models import CachePurgeFailure

PERMISSION = "site_kb.view_cachepurgefailure"
RECENT = timedelta(hours=24)


def can_see_failures(user):
    return user.is_active and user.has_perm(PERMISSION)


def recent_failures():
    return CachePurgeFailure.objects.filter(created_at__gte=timezone.now() - RECENT)


class PurgeFailureReportView(ExportingReportView):
    """Every recorded failure, newest first (they are kept 90 days); the project's report base
    refuses anyone without the right and writes the spreadsheets Excel reads in Vietnamese."""

    permission = PERMISSION

    page_title = _("Lỗi xoá bộ nhớ đệm")
    header_icon = "warning"
    index_url_name = "site_kb_purge_failures:index"
    index_results_url_name = "site_kb_purge_failures:results"
    export_filename = "loi-xoa-bo-nho-dem"
    list_export = ["created_at", "location", "tags", "url", "error", "attempts"]
    export_headings = {
        "created_at": _("Thời điểm"),
        "location": _("Máy chủ bộ nhớ đệm"),
        "tags": _("Thẻ cần xoá"),
        "url": _("Địa chỉ cần xoá"),
        "error": _("Lỗi"),
        "attempts": _("Số lần thử"),
    }

    @cached_property
    def columns(self):
        return [
            Column("when", label=_("Thời điểm")),
            Column("location", label=_("Máy chủ bộ nhớ đệm")),
            Column("what", label=_("Cần xoá")),
            Column("error", label=_("Lỗi")),
            Column("attempts", label=_("Số lần thử")),
        ]

    def get_queryset(self):
        return CachePurgeFailure.objects.order_by("-created_at", "-pk")

    def decorate_paginated_queryset(self, object_list):
        rows = list(object_list)
        for row in rows:
            row.when = local_time(row.created_at)
            row.what = row.url or " ".join(row.tags.split()[:20]) + (
                " …" if len(row.tags.split()) > 20 else ""
            )
        return rows


class PurgeFailurePanel(Component):
    """On the dashboard while a purge failed in the last 24 hours: how many, the last one, the fix."""

    name = "cache_purge_failures"
    order = 45
    template_name = "site_kb/purge_failures_panel.html"

    def __init__(self, count, last):
        self.count, self.last = count, last

    def get_context_data(self, parent_context=None):
        return {
            "count": self.count,
            "last": self.last,
            "last_time": local_time(self.last.created_at),
            "report_url": reverse("site_kb_purge_failures:index"),
        }


def dashboard_panel(user):
    """The panel for ``user``, or None (no right, or no failure in the last 24 hours): one query
    when there is nothing to show, none for those who may not see it."""
    if not can_see_failures(user):
        return None
    last = recent_failures().order_by("-created_at", "-pk").first()
    return PurgeFailurePanel(recent_failures().count(), last) if last else None


def report_urls():
    patterns = [
        path("", PurgeFailureReportView.as_view(), name="index"),
        path("results/", PurgeFailureReportView.as_view(results_only=True), name="results"),
    ]
    return [path("bao-cao/loi-xoa-bo-nho-dem/", include((patterns, "site_kb_purge_failures")))]
