"""The authority's side of member sites (issue 16; Circular 37/2020/TT-BGDĐT Art. 3; Điều 11, 13).

- "Trường thành viên" (menu *Cài đặt*): per school, how its pages go up (WorkflowMode) and
  whether the board may refuse them. Only holders of ``editorial.change_schoolaccess`` (the
  authority's IT officer, editorial.roles) open it; a school never changes its own mode. There is
  no add or delete: a school's row comes with its SchoolPage (editorial.roles.sync_school_access).
- "Tin chờ duyệt của các trường" (menu *Báo cáo*): the board's one queue across every school,
  each page waiting in a workflow with its step, school, sender and since when, filterable by
  school and level, with Wagtail's CSV and XLSX export. A fixed number of queries per page of
  results, whatever its length.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, F, OuterRef, Subquery
from django.db.models.functions import Cast, Length, Substr
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn, UserColumn
from wagtail.admin.views import generic
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page, Site, TaskState, WorkflowState
from wagtail.permission_policies import ModelPermissionPolicy

import django_filters

from schools.models import SchoolLevel, SchoolPage
from site_kb.admin_ui import VietnameseSpreadsheetMixin, local_time

from .models import SchoolAccess, WorkflowMode
from .roles import apply_workflow_mode

QUEUE_PERMISSION = "editorial.view_school_queue"


# --- Trường thành viên ----------------------------------------------------------------------


class SchoolAccessPermissionPolicy(ModelPermissionPolicy):
    """Nobody adds or deletes a row here, superusers included: rows come and go with their
    schools (editorial.signals), and a row made by hand would have no groups."""

    FIXED = ("add", "delete")

    def user_has_permission(self, user, action):
        return action not in self.FIXED and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([action for action in actions if action not in self.FIXED])


class SchoolAccessFilterSet(WagtailFilterSet):
    workflow_mode = django_filters.ChoiceFilter(
        label=_("Quy trình duyệt tin"), choices=WorkflowMode.choices, empty_label=_("Tất cả")
    )
    level = django_filters.ChoiceFilter(
        label=_("Cấp học"), field_name="school__level", choices=SchoolLevel.choices, empty_label=_("Tất cả")
    )

    class Meta:
        model = SchoolAccess
        fields = ["workflow_mode", "level"]


class SchoolAccessIndexView(generic.IndexView):
    def get_base_queryset(self):
        own_site = Site.objects.filter(root_page_id=OuterRef("school_id")).order_by("pk").values("hostname")
        return super().get_base_queryset().select_related("school").annotate(hostname=Subquery(own_site[:1]))

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "school",
                label=_("Trường"),
                accessor=lambda access: access.school.title,
                sort_key="school__title",
                get_url=lambda access: self.get_edit_url(access),
            ),
            Column("level", label=_("Cấp học"), accessor=lambda access: access.school.get_level_display()),
            Column(
                "commune",
                label=capfirst(SchoolPage._meta.get_field("commune").verbose_name),
                accessor=lambda access: access.school.commune,
            ),
            Column("hostname", label=_("Địa chỉ riêng"), accessor=lambda access: access.hostname or "—"),
            Column("workflow_mode", label=_("Quy trình duyệt tin"), accessor="get_workflow_mode_display"),
            BooleanColumn("board_may_refuse", label=_("Ban biên tập được từ chối")),
        ]


class SchoolAccessEditView(generic.EditView):
    def get_page_subtitle(self):
        return self.object.school.title

    def save_instance(self):
        """The form stores the choice; the school page gets the matching workflow at once."""
        instance = super().save_instance()
        apply_workflow_mode(instance)
        return instance


class SchoolAccessViewSet(ModelViewSet):
    """Trường thành viên: the authority's IT officer picks each school's workflow."""

    model = SchoolAccess
    name = "member_schools"
    url_prefix = "truong-thanh-vien"
    icon = "group"
    menu_label = _("Trường thành viên")
    add_to_settings_menu = True
    menu_order = 350
    index_view_class = SchoolAccessIndexView
    edit_view_class = SchoolAccessEditView
    filterset_class = SchoolAccessFilterSet
    search_fields = ["school__title", "school__commune"]
    search_backend_name = None  # the database's icontains: SchoolAccess is not in the search index
    ordering = "school__title"
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False


# --- Tin chờ duyệt của các trường -------------------------------------------------------------


def schools_holding(schools):
    """An Exists() true for a Page lying in the subtree of one of ``schools`` (the school included)."""
    return Exists(
        schools.annotate(prefix=Substr(OuterRef("path"), 1, Length("path"))).filter(prefix=F("path"))
    )


def page_ids_text(pages):
    """``pages``' ids as text, the type of WorkflowState.object_id."""
    return pages.annotate(pk_text=Cast("pk", CharField())).values("pk_text")


def waiting_pages():
    """Pages in progress in a workflow: few, so the school conditions below look at these only.

    One query; ids are read here rather than cast in SQL, where a snippet's object_id (text, not
    always a number) could meet the cast before the content type filter.
    """
    object_ids = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS,
        base_content_type=ContentType.objects.get_for_model(Page),
    ).values_list("object_id", flat=True)
    return Page.objects.filter(pk__in=[int(pk) for pk in object_ids if pk.isdigit()])


def school_queue():
    """The current step of every page in progress in a workflow, inside a school's subtree."""
    in_schools = waiting_pages().filter(schools_holding(SchoolPage.objects.all()))
    return TaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS,
        workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
        workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
        workflow_state__current_task_state=F("pk"),
        workflow_state__object_id__in=page_ids_text(in_schools),
    ).select_related("task", "workflow_state__requested_by__wagtail_userprofile", "workflow_state__workflow")


def schools_in_queue(request=None):
    return SchoolPage.objects.order_by("title")


class SchoolQueueFilterSet(WagtailFilterSet):
    school = django_filters.ModelChoiceFilter(
        label=_("Trường"), queryset=schools_in_queue, empty_label=_("Tất cả"), method="filter_school"
    )
    level = django_filters.ChoiceFilter(
        label=_("Cấp học"), choices=SchoolLevel.choices, empty_label=_("Tất cả"), method="filter_level"
    )

    class Meta:
        model = TaskState
        fields = ["school", "level"]

    def filter_school(self, queryset, name, value):
        if not value:
            return queryset
        pages = waiting_pages().filter(path__startswith=value.path)
        return queryset.filter(workflow_state__object_id__in=page_ids_text(pages))

    def filter_level(self, queryset, name, value):
        if not value:
            return queryset
        pages = waiting_pages().filter(schools_holding(SchoolPage.objects.filter(level=value)))
        return queryset.filter(workflow_state__object_id__in=page_ids_text(pages))


class SchoolQueueReportView(VietnameseSpreadsheetMixin, ReportView):
    """Every school page waiting in a workflow (Điều 11, 13), oldest first; see the module docstring."""

    page_title = _("Tin chờ duyệt của các trường")
    header_icon = "tasks"
    filterset_class = SchoolQueueFilterSet
    index_url_name = "editorial_queue:index"
    index_results_url_name = "editorial_queue:results"
    export_filename = "tin-cho-duyet-cac-truong"
    list_export = ["title", "school_title", "school_level", "step", "requested_by_name", "submitted", "since"]
    export_headings = {
        "title": _("Trang"),
        "school_title": _("Trường"),
        "school_level": _("Cấp học"),
        "step": _("Đang chờ bước"),
        "requested_by_name": _("Người gửi duyệt"),
        "submitted": _("Gửi duyệt lúc"),
        "since": _("Chờ ở bước này từ"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(QUEUE_PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Trang"),
                get_url=lambda row: reverse("wagtailadmin_pages:edit", args=[row.page_id]),
            ),
            Column("school_title", label=_("Trường")),
            Column("school_level", label=_("Cấp học")),
            Column("step", label=_("Đang chờ bước")),
            UserColumn("requested_by", label=_("Người gửi duyệt"), accessor="workflow_state.requested_by"),
            Column("submitted", label=_("Gửi duyệt lúc")),
            Column("since", label=_("Chờ ở bước này từ")),
        ]

    def get_queryset(self):
        return school_queue().order_by("started_at", "pk")

    def get_filename(self):
        return self.export_filename

    def decorate_paginated_queryset(self, object_list):
        """Each row's page and school, in two queries for the whole page of results."""
        rows = list(object_list)
        page_ids = {int(row.workflow_state.object_id) for row in rows}
        pages = {
            page.pk: page
            for page in Page.objects.filter(pk__in=page_ids).only("title", "draft_title", "path")
        }
        prefixes = {
            page.path[:end]
            for page in pages.values()
            for end in range(Page.steplen, len(page.path) + 1, Page.steplen)
        }
        schools = {
            school.path: school
            for school in SchoolPage.objects.filter(path__in=prefixes).only("title", "path", "level")
        }
        for row in rows:
            row.page_id = int(row.workflow_state.object_id)
            page = pages.get(row.page_id)
            school = None
            if page is not None:
                row.title = page.draft_title or page.title
                school = next(
                    (
                        schools[page.path[:end]]
                        for end in range(len(page.path), 0, -Page.steplen)
                        if page.path[:end] in schools
                    ),
                    None,
                )
            else:
                row.title = gettext("(trang đã xoá)")
            row.school_title = school.title if school else ""
            row.school_level = school.get_level_display() if school else ""
            row.step = row.task.name
            requested_by = row.workflow_state.requested_by
            row.requested_by_name = (
                (requested_by.get_full_name() or requested_by.get_username()) if requested_by else ""
            )
            row.submitted = local_time(row.workflow_state.created_at)
            row.since = local_time(row.started_at)
        return rows


def queue_urls():
    patterns = [
        path("", SchoolQueueReportView.as_view(), name="index"),
        path("results/", SchoolQueueReportView.as_view(results_only=True), name="results"),
    ]
    return [path("bao-cao/tin-cho-duyet-cac-truong/", include((patterns, "editorial_queue")))]
