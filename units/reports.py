"""The authority's view of all its member sites (Circular 37/2020/TT-BGDĐT Art. 3, 9; issue 16.6):
the "Báo cáo trang thành viên" admin report, its CSV/XLSX export and the dashboard count.

One row per school (``SchoolPage``), with or without its own Site. How each figure is computed:

- *Tên miền, trạng thái*: the Wagtail ``Site`` rooted at the school's page, if any. "Đang hoạt
  động": a Site and a live page; "Chưa có trang riêng": live, served only under the authority's
  address; "Chưa xuất bản": the school's page is not live (a school merged away stays so).
- *Đăng gần nhất*: the latest ``last_published_at`` of a live page in the school's subtree.
- *Tin năm học*: live news articles of the subtree first published in the current school year
  (``MemberSitePolicy.school_year``), against the authority's yearly minimum.
- *Câu hỏi đang mở, quá hạn*: reader questions assigned to the school (``Feedback.assigned_to``)
  still open, and those of them past their due date (Điều 14).
- *Liên kết hỏng*: links from the school's live pages (rich text, choosers; Wagtail's reference
  index) to a page that is no longer live (unpublished or expired). The link
  directory checked by ``manage.py check_links`` is the authority's, shared by every site: its
  broken links are counted once, in the summary, not per school.
- *Trang bắt buộc còn thiếu*: the Art. 9 sections missing or not live, by the rule of
  ``units.art9.missing_pages`` (counted in the totals for live schools only).
- *Cần chú ý*: a live school whose site has been quiet for ``MemberSitePolicy.quiet_days`` days,
  is behind the even pace towards the yearly minimum, has overdue questions, broken links or
  missing mandatory pages, or whose own Site shows an unpublished page.

Every figure comes from a fixed number of grouped queries, whatever the number of schools.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, Exists, IntegerField, Max, OuterRef, Q, Subquery, When
from django.db.models.functions import Cast, Substr
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.models import Page, ReferenceIndex, Site

import django_filters

from feedback.records import OPEN_STATUSES, Feedback
from links.models import ExternalLink
from news.models import NewsPage
from schools.models import SchoolLevel, SchoolPage
from site_kb.admin_ui import ExportingReportView, local_naive, local_time
from site_kb.collation import sorted_vietnamese, vietnamese_sort_key

from .art9 import SCHOOL_SECTIONS
from .models import MemberSitePolicy

REPORT_PERMISSION = "units.view_member_sites_report"
STEPLEN = Page.steplen


def as_number(field_name):
    return Cast(field_name, IntegerField())


class SiteStatus:
    """The "Trạng thái" column (module docstring)."""

    LIVE = _("Đang hoạt động")
    NO_SITE = _("Chưa có trang riêng")
    NOT_LIVE = _("Chưa xuất bản")


@dataclass
class SchoolFigures:
    """What the report says of one school; filled by ``MemberSitesFigures``."""

    pk: int
    path: str
    title: str
    level: str
    commune: str
    live: bool
    site: Site | None = None
    last_published_at: datetime.datetime | None = None
    articles: int = 0
    open_questions: int = 0
    overdue_questions: int = 0
    broken_links: int = 0
    missing_pages: list = field(default_factory=list)
    reasons: list = field(default_factory=list)

    @property
    def needs_attention(self):
        return bool(self.reasons)


class MemberSitesFigures:
    """The figures of every school at once (module docstring), from a fixed number of queries."""

    def __init__(self, policy, today=None):
        self.policy = policy
        self.today = today or timezone.localdate()
        self.year_start, self.year_end = policy.school_year(self.today)
        self.expected = policy.expected_so_far(self.today)
        schools = [
            SchoolFigures(**row)
            for row in SchoolPage.objects.values("pk", "path", "title", "level", "commune", "live")
        ]
        self.by_pk = {school.pk: school for school in schools}
        self.by_path = {school.path: school for school in schools}
        if schools:
            self._sites()
            self._pages()
            self._questions()
            self._broken_links()
            self._missing_pages()
        for figures in self.by_pk.values():
            figures.reasons = self._reasons(figures)

    def _sites(self):
        for site in Site.objects.filter(root_page_id__in=SchoolPage.objects.values("pk")).order_by("-pk"):
            figures = self.by_pk.get(site.root_page_id)  # None: a school made since the first query
            if figures is not None:
                figures.site = site  # the oldest Site wins if a school has two

    def _subtree_groups(self):
        """(depth, Q) pairs: for each depth schools sit at, the subtrees of their parents."""
        parents = {}
        for school_path in self.by_path:
            parents.setdefault(len(school_path) // STEPLEN, set()).add(school_path[:-STEPLEN])
        for depth, parent_paths in parents.items():
            condition = Q()
            for parent_path in parent_paths:
                condition |= Q(path__startswith=parent_path)
            yield depth, condition & Q(depth__gte=depth)

    def _pages(self):
        """Latest publication and this school year's articles: one grouped query per school depth."""
        news_type = ContentType.objects.get_for_model(NewsPage)
        start = timezone.make_aware(datetime.datetime.combine(self.year_start, datetime.time.min))
        end = timezone.make_aware(
            datetime.datetime.combine(self.year_end, datetime.time.min)
        ) + datetime.timedelta(days=1)
        this_year = Q(content_type=news_type, first_published_at__gte=start, first_published_at__lt=end)
        for depth, subtrees in self._subtree_groups():
            rows = (
                Page.objects.filter(subtrees, live=True)
                .annotate(school_path=Substr("path", 1, depth * STEPLEN))
                .values("school_path")
                .annotate(last=Max("last_published_at"), articles=Count("pk", filter=this_year))
                .order_by()
            )
            for row in rows:
                figures = self.by_path.get(row["school_path"])
                if figures is not None:
                    figures.last_published_at = row["last"]
                    figures.articles = row["articles"]

    def _questions(self):
        assignments = Feedback.assigned_to.through.objects.filter(
            page_id__in=SchoolPage.objects.values("pk"), feedback__status__in=OPEN_STATUSES
        )
        rows = (
            assignments.values("page_id")
            .annotate(
                open=Count("feedback_id", distinct=True),
                overdue=Count("feedback_id", distinct=True, filter=Q(feedback__due_date__lt=self.today)),
            )
            .order_by()
        )
        for row in rows:
            figures = self.by_pk.get(row["page_id"])
            if figures is None:
                continue
            figures.open_questions = row["open"]
            figures.overdue_questions = row["overdue"]

    def _broken_links(self):
        """Links from the schools' live pages to a page that is not live: one query.

        Wagtail's reference index keeps every link and chooser of a page; it drops the references
        to an object when the object is deleted (after the admin has shown where it was used), so
        what it can tell is a link to a page unpublished or expired. The index keeps ids as text;
        they are read as numbers only for page rows (inside ``CASE``), so another model's text key
        never reaches the cast."""
        page_type = ContentType.objects.get_for_model(Page)
        in_schools = Q(pk__in=[])
        for _depth, subtree in self._subtree_groups():
            in_schools |= subtree
        references = ReferenceIndex.objects.filter(
            base_content_type=page_type, to_content_type=page_type
        ).annotate(
            source_pk=Case(When(base_content_type=page_type, then=as_number("object_id"))),
            target_pk=Case(When(to_content_type=page_type, then=as_number("to_object_id"))),
        )
        sources = Page.objects.filter(in_schools, pk=OuterRef("source_pk"), live=True)
        broken = (
            references.filter(~Exists(Page.objects.filter(pk=OuterRef("target_pk"), live=True)))
            .annotate(source_path=Subquery(sources.values("path")[:1]))
            .filter(source_path__isnull=False)
            .values_list("source_path", flat=True)
        )
        for source_path in broken:
            figures = self._school_of(source_path)
            if figures is not None:
                figures.broken_links += 1

    def _school_of(self, page_path):
        """The school whose subtree holds the page at ``page_path`` (the deepest, if nested)."""
        for depth in range(len(page_path) // STEPLEN, 0, -1):
            figures = self.by_path.get(page_path[: depth * STEPLEN])
            if figures is not None:
                return figures
        return None

    def _missing_pages(self):
        """The Art. 9 sections each school lacks, by the rule of ``units.art9.missing_pages`` (a live
        child of the section's type), for all schools in one query per school depth."""
        type_ids = {section.content_type_id(): section for section in SCHOOL_SECTIONS}
        present = {}
        for depth, subtrees in self._subtree_groups():
            children = (
                Page.objects.filter(subtrees, depth=depth + 1, live=True, content_type_id__in=list(type_ids))
                .annotate(school_path=Substr("path", 1, depth * STEPLEN))
                .values_list("school_path", "content_type_id")
                .distinct()
                .order_by()
            )
            for school_path, content_type_id in children:
                present.setdefault(school_path, set()).add(content_type_id)
        for school_path, figures in self.by_path.items():
            found = present.get(school_path, set())
            figures.missing_pages = [
                str(section.label) for type_id, section in type_ids.items() if type_id not in found
            ]

    def _reasons(self, figures):
        """Why a school needs the authority's attention (module docstring); [] when it does not."""
        if not figures.live:
            return [gettext("có tên miền riêng nhưng trang trường chưa xuất bản")] if figures.site else []
        reasons = []
        quiet_since = self.today - datetime.timedelta(days=self.policy.quiet_days)
        if figures.last_published_at is None or timezone.localdate(figures.last_published_at) < quiet_since:
            reasons.append(gettext("không có tin mới trong %(days)s ngày") % {"days": self.policy.quiet_days})
        if figures.articles < self.expected:
            reasons.append(
                gettext("chậm so với tiến độ (%(count)s/%(expected)s tin đến nay)")
                % {"count": figures.articles, "expected": self.expected}
            )
        if figures.overdue_questions:
            reasons.append(gettext("%(count)s câu hỏi quá hạn") % {"count": figures.overdue_questions})
        if figures.broken_links:
            reasons.append(gettext("%(count)s liên kết hỏng") % {"count": figures.broken_links})
        if figures.missing_pages:
            reasons.append(gettext("thiếu trang bắt buộc"))
        return reasons

    @cached_property
    def attention_ids(self):
        return [pk for pk, figures in self.by_pk.items() if figures.needs_attention]

    def totals(self, pks):
        """The summary of the schools ``pks`` (the report's filtered rows)."""
        rows = [self.by_pk[pk] for pk in pks if pk in self.by_pk]
        minimum = self.policy.min_articles_per_year
        return Totals(
            schools=len(rows),
            own_sites=sum(1 for row in rows if row.site is not None),
            live=sum(1 for row in rows if row.live),
            below_minimum=sum(1 for row in rows if row.live and row.articles < minimum),
            articles=sum(row.articles for row in rows),
            open_questions=sum(row.open_questions for row in rows),
            overdue_questions=sum(row.overdue_questions for row in rows),
            broken_links=sum(row.broken_links for row in rows),
            missing_schools=sum(1 for row in rows if row.live and row.missing_pages),
            missing_pages=sum(len(row.missing_pages) for row in rows if row.live),
            attention=sum(1 for row in rows if row.needs_attention),
        )


@dataclass
class Totals:
    schools: int
    own_sites: int
    live: int
    below_minimum: int
    articles: int
    open_questions: int
    overdue_questions: int
    broken_links: int
    missing_schools: int
    missing_pages: int
    attention: int


# --- Báo cáo trang thành viên -----------------------------------------------------------------


def commune_choices():
    communes = SchoolPage.objects.exclude(commune="").values_list("commune", flat=True).distinct().order_by()
    return [(commune, commune) for commune in sorted_vietnamese(set(communes))]


class MemberSitesFilterSet(WagtailFilterSet):
    level = django_filters.ChoiceFilter(
        label=_("Cấp học"), choices=SchoolLevel.choices, empty_label=_("Tất cả")
    )
    commune = django_filters.ChoiceFilter(
        label=_("Xã / phường"), choices=commune_choices, empty_label=_("Tất cả")
    )
    attention = django_filters.BooleanFilter(
        label=_("Cần chú ý"), method="filter_attention", widget=django_filters.widgets.BooleanWidget
    )

    class Meta:
        model = SchoolPage
        fields = ["level", "commune", "attention"]

    def __init__(self, *args, figures, **kwargs):
        super().__init__(*args, **kwargs)
        self.figures = figures

    def filter_attention(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.filter(pk__in=self.figures.attention_ids)
        return queryset.exclude(pk__in=self.figures.attention_ids)


class MemberSitesReportView(ExportingReportView):
    """One row per school with its site's figures and a summary (module docstring), for the
    authority's board and IT officer."""

    page_title = _("Báo cáo trang thành viên")
    header_icon = "site"
    permission = REPORT_PERMISSION
    filterset_class = MemberSitesFilterSet
    results_template_name = "units/report_results.html"
    index_url_name = "units_reports:member_sites"
    index_results_url_name = "units_reports:member_sites_results"
    export_filename = "trang-thanh-vien"
    list_export = [
        "title",
        "level_label",
        "commune",
        "hostname_display",
        "state_label",
        "last_published_at",
        "articles",
        "minimum",
        "open_questions",
        "overdue_questions",
        "broken_links",
        "missing_display",
        "attention_display",
    ]
    export_headings = {
        "title": _("Trường"),
        "level_label": _("Cấp học"),
        "commune": _("Xã / phường"),
        "hostname_display": _("Tên miền"),
        "state_label": _("Trạng thái"),
        "last_published_at": _("Đăng gần nhất"),
        "articles": _("Tin năm học"),
        "minimum": _("Tối thiểu"),
        "open_questions": _("Câu hỏi đang mở"),
        "overdue_questions": _("Câu hỏi quá hạn"),
        "broken_links": _("Liên kết hỏng"),
        "missing_display": _("Trang bắt buộc còn thiếu"),
        "attention_display": _("Cần chú ý"),
    }
    custom_field_preprocess = {
        "last_published_at": {
            ExportingReportView.FORMAT_CSV: local_time,
            ExportingReportView.FORMAT_XLSX: local_naive,
        },
    }

    @cached_property
    def policy(self):
        return MemberSitePolicy.load(request_or_site=self.request)

    @cached_property
    def figures(self):
        return MemberSitesFigures(self.policy)

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Trường"),
                get_url=lambda school: reverse("wagtailadmin_pages:edit", args=[school.pk]),
            ),
            Column("level_label", label=_("Cấp học")),
            Column("commune", label=_("Xã / phường")),
            Column("hostname_display", label=_("Tên miền")),
            Column("state_label", label=_("Trạng thái")),
            Column("last_published_display", label=_("Đăng gần nhất")),
            Column("articles_display", label=_("Tin năm học / tối thiểu")),
            Column("open_questions", label=_("Câu hỏi đang mở")),
            Column("overdue_questions", label=_("Quá hạn")),
            Column("broken_links", label=_("Liên kết hỏng")),
            Column("missing_display", label=_("Trang bắt buộc còn thiếu")),
            Column("attention_display", label=_("Cần chú ý")),
        ]

    def get_filterset_kwargs(self):
        return {**super(ExportingReportView, self).get_filterset_kwargs(), "figures": self.figures}

    @cached_property
    def ranks(self):
        """Each school's place in Vietnamese alphabetical order of the names."""
        schools = sorted(self.figures.by_pk.values(), key=lambda school: vietnamese_sort_key(school.title))
        return {school.pk: position for position, school in enumerate(schools)}

    def get_queryset(self):
        self.queryset = SchoolPage.objects.all()
        return super().get_queryset()

    def get_filtered_queryset(self):
        """The filtered schools in Vietnamese order of their names, as a list: the figures are
        already in memory (``MemberSitesFigures``), so the rows cost one query of their ids."""
        pks = [pk for pk in self.get_queryset().values_list("pk", flat=True) if pk in self.ranks]
        pks.sort(key=self.ranks.__getitem__)
        self.filtered_pks = pks
        return [self.figures.by_pk[pk] for pk in pks]

    def decorate_paginated_queryset(self, object_list):
        minimum = self.policy.min_articles_per_year
        level_labels = dict(SchoolLevel.choices)
        rows = list(object_list)
        for school in rows:
            site = school.site
            school.level_label = level_labels.get(school.level, school.level)
            if site is None:
                school.hostname_display = gettext("chưa có tên miền riêng")
            elif site.port in (80, 443):
                school.hostname_display = site.hostname
            else:
                school.hostname_display = f"{site.hostname}:{site.port}"
            if not school.live:
                school.state_label = SiteStatus.NOT_LIVE
            else:
                school.state_label = SiteStatus.LIVE if site else SiteStatus.NO_SITE
            school.last_published_display = local_time(school.last_published_at) or gettext("chưa đăng")
            school.minimum = minimum
            school.articles_display = f"{school.articles}/{minimum}"
            school.missing_display = ", ".join(school.missing_pages)
            school.attention_display = "; ".join(school.reasons)
        return rows

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["totals"] = self.figures.totals(self.filtered_pks)
        context["policy"] = self.policy
        context["year_start"] = self.figures.year_start
        context["year_end"] = self.figures.year_end
        context["expected"] = self.figures.expected
        context["directory"] = directory_links()
        return context

    def as_spreadsheet(self, queryset, spreadsheet_format):
        """The rows, then a "Tổng cộng" row with the sums."""
        totals = self.figures.totals(self.filtered_pks)
        total_row = SchoolFigures(pk=0, path="", title=gettext("Tổng cộng"), level="", commune="", live=True)
        total_row.level_label = ""
        total_row.hostname_display = gettext("%(count)s trường, %(sites)s có tên miền riêng") % {
            "count": totals.schools,
            "sites": totals.own_sites,
        }
        total_row.state_label = gettext("%(count)s đang xuất bản") % {"count": totals.live}
        total_row.articles = totals.articles
        total_row.minimum = gettext("%(count)s trường dưới mức tối thiểu") % {"count": totals.below_minimum}
        total_row.open_questions = totals.open_questions
        total_row.overdue_questions = totals.overdue_questions
        total_row.broken_links = totals.broken_links
        total_row.missing_display = gettext("%(schools)s trường thiếu %(pages)s trang") % {
            "schools": totals.missing_schools,
            "pages": totals.missing_pages,
        }
        total_row.attention_display = gettext("%(count)s trường cần chú ý") % {"count": totals.attention}
        return super().as_spreadsheet([*queryset, total_row], spreadsheet_format)


def directory_links():
    """The shared link directory's state from ``manage.py check_links``: broken active links and
    the last check (the directory is the authority's, shown on every site)."""
    links = ExternalLink.objects.filter(active=True).aggregate(
        broken=Count("pk", filter=Q(is_broken=True)), checked=Max("last_checked_at")
    )
    return links


def report_urls():
    patterns = [
        path("", MemberSitesReportView.as_view(), name="member_sites"),
        path("results/", MemberSitesReportView.as_view(results_only=True), name="member_sites_results"),
    ]
    return [path("trang-thanh-vien/bao-cao/", include((patterns, "units_reports")))]


class MemberSitesAttentionPanel(Component):
    """The dashboard's "Trang thành viên cần chú ý: N", linking to the report filtered to them."""

    name = "member_sites_attention"
    order = 60
    template_name = "units/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        figures = MemberSitesFigures(MemberSitePolicy.load(request_or_site=parent_context["request"]))
        url = reverse("units_reports:member_sites")
        return {"count": len(figures.attention_ids), "url": f"{url}?attention=true", "report_url": url}


def can_see_report(user):
    return user.is_active and user.has_perm(REPORT_PERMISSION)
