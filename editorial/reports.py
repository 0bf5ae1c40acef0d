"""The "Thời hạn đưa tin (Điều 12)" admin report (menu "Báo cáo"), with Wagtail's CSV and
XLSX export: when each published news article or document reached the site against its
deadline. The rules, as applied:

- event news (``event_date`` set, Điều 12.1): published at most 24 hours after the event;
- other news (Điều 12.2): published at most 14 days after it was first sent for approval
  (``submitted_at``); an article published directly, never sent for approval, has no
  submission time and is not judged;
- documents (Điều 12.3, "ngay sau khi ký"): published by the end of the day after the
  signing day, local time. The regulation gives no hours; a document signed in the
  afternoon is often stamped, scanned and sent the next morning, so one following
  calendar day is the tolerance, weekends included.

Visible to those holding ``contributors.view_timeliness_report`` (the board and the IT
officer, editorial.roles; the permission keeps its historical home on the contributor model so
existing group grants stay). It runs a fixed number of queries whatever its length.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Case, DateTimeField, ExpressionWrapper, F, Value, When
from django.db.models.functions import Cast
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.models import Page

import django_filters

from directives.models import DirectiveIndexPage, DirectivePage
from news.models import NewsIndexPage, NewsPage
from schools.models import SchoolIndexPage
from site_kb.admin_ui import ExportingReportView, local_naive, local_time, previous_month

EVENT_NEWS_LIMIT = datetime.timedelta(hours=24)
OTHER_NEWS_LIMIT = datetime.timedelta(days=14)
DIRECTIVE_DAYS = 2  # the signing day and the next calendar day


def describe_delay(delay):
    """ "1 ngày 3 giờ", "5 giờ 20 phút", "sớm 2 giờ" for a timedelta."""
    if delay is None:
        return ""
    early = delay < datetime.timedelta(0)
    minutes = int(abs(delay).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        text = gettext("%(days)s ngày %(hours)s giờ") % {"days": days, "hours": hours}
    else:
        text = gettext("%(hours)s giờ %(minutes)s phút") % {"hours": hours, "minutes": minutes}
    return gettext("sớm %(delay)s") % {"delay": text} if early else text


# --- Thời hạn đưa tin (Điều 12) --------------------------------------------------------------


def section_pages(request=None):
    return Page.objects.type(NewsIndexPage, DirectiveIndexPage, SchoolIndexPage).order_by("path")


def timeliness_queryset():
    """Live news and documents with their reference time, deadline and lateness, in SQL."""
    kinds = ContentType.objects.get_for_models(NewsPage, DirectivePage)
    # Midnight (local time) starting the signing day, then the days of tolerance.
    offset = timezone.localtime().utcoffset() or datetime.timedelta(0)
    signed_midnight = ExpressionWrapper(
        Cast("directivepage__signed_date", DateTimeField()) - Value(offset), output_field=DateTimeField()
    )
    reference = Case(
        When(newspage__event_date__isnull=False, then=F("newspage__event_date")),
        When(newspage__isnull=False, then=F("newspage__submitted_at")),
        default=signed_midnight,
        output_field=DateTimeField(),
    )
    deadline = Case(
        When(newspage__event_date__isnull=False, then=F("newspage__event_date") + Value(EVENT_NEWS_LIMIT)),
        When(newspage__isnull=False, then=F("newspage__submitted_at") + Value(OTHER_NEWS_LIMIT)),
        default=ExpressionWrapper(
            signed_midnight + Value(datetime.timedelta(days=DIRECTIVE_DAYS)), output_field=DateTimeField()
        ),
        output_field=DateTimeField(),
    )
    return (
        Page.objects.live()
        .filter(content_type__in=kinds.values(), first_published_at__isnull=False)
        .annotate(
            event_at=F("newspage__event_date"),
            news_submitted_at=F("newspage__submitted_at"),
            signed_on=F("directivepage__signed_date"),
            directive_submitted_at=F("directivepage__submitted_at"),
            reference_at=reference,
            deadline=deadline,
        )
        .annotate(
            is_late=Case(
                When(deadline__isnull=False, first_published_at__gt=F("deadline"), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


class TimelinessFilterSet(WagtailFilterSet):
    published = django_filters.DateFromToRangeFilter(
        field_name="first_published_at", label=_("Đăng trong khoảng"), widget=DateRangePickerWidget
    )
    section = django_filters.ModelChoiceFilter(
        label=_("Chuyên mục"), queryset=section_pages, empty_label=_("Tất cả"), method="filter_section"
    )
    late_only = django_filters.BooleanFilter(
        label=_("Chỉ tin chậm"),
        method="filter_late",
        widget=django_filters.widgets.BooleanWidget,
    )

    class Meta:
        model = Page
        fields = ["published", "section", "late_only"]

    def filter_section(self, queryset, name, value):
        return queryset.filter(path__startswith=value.path) if value else queryset

    def filter_late(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(is_late=value)


class TimelinessReportView(ExportingReportView):
    """Each published article and document against its deadline (Điều 12); see the module docstring."""

    page_title = _("Thời hạn đưa tin (Điều 12)")
    header_icon = "time"
    permission = "contributors.view_timeliness_report"
    filterset_class = TimelinessFilterSet
    range_filter = "published"
    index_url_name = "editorial_reports:timeliness"
    index_results_url_name = "editorial_reports:timeliness_results"
    export_filename = "thoi-han-dua-tin"
    list_export = [
        "title",
        "kind",
        "reference_label",
        "reference_time",
        "submitted_time",
        "first_published_at",
        "delay",
        "late_label",
    ]
    export_headings = {
        "title": _("Tin bài, văn bản"),
        "kind": _("Loại"),
        "reference_label": _("Tính từ"),
        "reference_time": _("Thời điểm sự kiện, ký"),
        "submitted_time": _("Gửi duyệt lúc"),
        "first_published_at": _("Đăng lần đầu"),
        "delay": _("Thời gian đưa tin"),
        "late_label": _("Đúng hạn"),
    }
    custom_field_preprocess = {
        field: {ExportingReportView.FORMAT_CSV: local_time, ExportingReportView.FORMAT_XLSX: local_naive}
        for field in ("reference_time", "submitted_time", "first_published_at")
    }

    @staticmethod
    def default_range():
        """From the first day of the previous month to today."""
        return previous_month()[0], timezone.localdate()

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Tin bài, văn bản"),
                get_url=lambda page: reverse("wagtailadmin_pages:edit", args=[page.pk]),
            ),
            Column("kind", label=_("Loại")),
            Column("reference_display", label=_("Sự kiện, ký hoặc gửi duyệt")),
            Column("submitted_display", label=_("Gửi duyệt lúc")),
            Column("published_display", label=_("Đăng lần đầu")),
            Column("delay", label=_("Thời gian đưa tin")),
            BooleanColumn("on_time", label=_("Đúng hạn")),
        ]

    def get_queryset(self):
        self.queryset = timeliness_queryset().order_by("-first_published_at", "-pk")
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list):
        rows = list(object_list)
        news_type = ContentType.objects.get_for_model(NewsPage).pk
        for page in rows:
            is_news = page.content_type_id == news_type
            page.submitted_time = page.news_submitted_at if is_news else page.directive_submitted_at
            if not is_news:
                page.kind = gettext("Văn bản")
                page.reference_label = gettext("Ngày ký (Điều 12.3)")
                page.reference_time = page.reference_at
                page.reference_display = date_format(page.signed_on, "d/m/Y")
            elif page.event_at is not None:
                page.kind = gettext("Tin sự kiện")
                page.reference_label = gettext("Sự kiện, hạn 24 giờ (Điều 12.1)")
                page.reference_time = page.event_at
                page.reference_display = local_time(page.event_at)
            else:
                page.kind = gettext("Tin, bài khác")
                page.reference_label = gettext("Gửi duyệt, hạn 14 ngày (Điều 12.2)")
                page.reference_time = page.news_submitted_at
                page.reference_display = local_time(page.news_submitted_at) or gettext(
                    "đăng trực tiếp, không tính hạn"
                )
            delay = page.first_published_at - page.reference_at if page.reference_at else None
            page.delay = describe_delay(delay)
            page.on_time = None if page.deadline is None else not page.is_late
            page.late_label = {None: "", True: gettext("Đúng hạn"), False: gettext("Chậm")}[page.on_time]
            page.submitted_display = local_time(page.submitted_time)
            page.published_display = local_time(page.first_published_at)
        return rows


def report_urls():
    patterns = [
        path("thoi-han-dua-tin/", TimelinessReportView.as_view(), name="timeliness"),
        path(
            "thoi-han-dua-tin/results/",
            TimelinessReportView.as_view(results_only=True),
            name="timeliness_results",
        ),
    ]
    return [path("bao-cao/", include((patterns, "editorial_reports")))]
