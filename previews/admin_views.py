"""Admin screens for leadership and the editorial board (Điều 13.2c).

Leadership (``previews.view_drafts``) sees every draft waiting to be published
and opens it as readers will see it, without any right to edit pages. Leadership and
the editorial board (``previews.add_previewlink`` / ``change_previewlink``) also make
and revoke the secret, expiring links they send to someone without an account.
"""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponseForbidden
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.tables import Column
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.reports import PageReportView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page, WorkflowState
from wagtail.permissions import policy_registry

from site_kb.admin_ui import local_time

from .forms import PreviewLinkForm
from .models import PreviewLink
from .permissions import ADD_LINK
from .views import render_preview

PER_PAGE = 25
VIEW_DRAFTS = "previews.view_drafts"


def forbidden():
    """A plain 403 for a POST without the permission.

    Raising ``PermissionDenied`` would not do: Wagtail's admin turns it into a
    redirect to the dashboard, which hides the refusal from scripts and tests.
    """
    return HttpResponseForbidden(
        _("Bạn không có quyền thực hiện thao tác này."), content_type="text/plain; charset=utf-8"
    )


@dataclass
class DraftRow:
    page: Page
    title: str
    type_name: str
    author: str
    updated_at: datetime.datetime | None
    review_status: str

    @property
    def pk(self):
        return self.page.pk


def review_statuses(pages):
    """The moderation status of each listed page, from ONE query whatever the number of rows."""
    states = (
        WorkflowState.objects.active()
        .filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(page.pk) for page in pages],
        )
        .select_related("current_task_state__task")
    )
    labels = {}
    for state in states:
        task_state = state.current_task_state
        task_name = task_state.task.name if task_state and task_state.task_id else ""
        if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            label = _("Bị trả lại, cần chỉnh sửa")
        elif task_name:
            label = _("Đang chờ duyệt: %(task)s") % {"task": task_name}
        else:
            label = _("Đang chờ duyệt")
        labels[state.object_id] = label
    return labels


def draft_rows(pages):
    labels = review_statuses(pages)
    rows = []
    for page in pages:
        revision = page.latest_revision
        author = revision.user if revision and revision.user_id else page.owner
        rows.append(
            DraftRow(
                page=page,
                title=page.get_admin_display_title(),
                type_name=page.page_type_display_name,
                author=get_user_display_name(author) if author else "",
                updated_at=page.latest_revision_created_at,
                review_status=labels.get(str(page.pk), _("Chưa gửi duyệt")),
            )
        )
    return rows


class DraftCellColumn(Column):
    """A drafts-list column drawn by its own cell template (the review step, the actions)."""

    def __init__(self, name, template, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = f"previews/admin/drafts/{template}.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["can_add_link"] = request is not None and request.user.has_perm(ADD_LINK)
        context["days_field"] = PreviewLinkForm()["days"]
        # A cell is rendered from a plain dict, without the request's context processors: the
        # link form's {% csrf_token %} needs the token handed on, or every post is refused (403).
        context["csrf_token"] = get_token(request) if request is not None else ""
        return context


class DraftsReportView(PageReportView):
    """Every page whose latest changes are not published yet, newest change first (Wagtail's page
    report, as consumerfinance.gov's draft report): title, type, author, time, review step, and
    the preview and link actions."""

    page_title = gettext_lazy("Bản nháp chờ xuất bản")
    header_icon = "doc-empty-inverse"
    index_url_name = "previews_admin:drafts"
    index_results_url_name = "previews_admin:drafts_results"
    results_template_name = "previews/admin/drafts_results.html"
    template_name = "previews/admin/drafts.html"
    paginate_by = PER_PAGE
    list_export = []

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_DRAFTS):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            Page.objects.filter(has_unpublished_changes=True)
            .select_related("latest_revision", "latest_revision__user", "owner", "content_type")
            .order_by("-latest_revision_created_at", "-pk")
        )

    @cached_property
    def columns(self):
        return [
            Column("title", label=gettext_lazy("Tiêu đề"), accessor="title"),
            Column("type_name", label=gettext_lazy("Loại trang")),
            Column("author", label=gettext_lazy("Người soạn"), accessor=lambda row: row.author or "—"),
            Column(
                "updated_at",
                label=gettext_lazy("Cập nhật lúc"),
                accessor=lambda row: local_time(row.updated_at) if row.updated_at else "—",
            ),
            DraftCellColumn("review_status", "review_status", label=gettext_lazy("Trạng thái duyệt")),
            DraftCellColumn("actions", "actions", label=gettext_lazy("Thao tác")),
        ]

    def get_table(self, object_list):
        # The rows of this page of the listing, their review steps from one query (draft_rows).
        self.rows = draft_rows(list(object_list))
        return super().get_table(self.rows)

    def render_to_response(self, context, **response_kwargs):
        context["rows"] = getattr(self, "rows", [])
        return super().render_to_response(context, **response_kwargs)


drafts = DraftsReportView.as_view()
drafts_results = DraftsReportView.as_view(results_only=True)


@require_safe
def draft_preview(request, page_id):
    """The page's latest revision, as readers will see it once published."""
    if not request.user.has_perm(VIEW_DRAFTS):
        return permission_denied(request)
    page = get_object_or_404(Page.objects.select_related("latest_revision"), pk=page_id)
    revision = page.latest_revision or page.get_latest_revision()
    obj = revision.as_object() if revision else page.specific
    response = render_preview(request, obj)
    if response is None:
        raise Http404
    return response


@require_POST
def create_link(request, page_id):
    """Make a link to the page's latest revision; bad input makes nothing and says why."""
    if not request.user.has_perm(ADD_LINK):
        return forbidden()
    page = get_object_or_404(Page.objects.select_related("latest_revision"), pk=page_id)
    form = PreviewLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chưa tạo liên kết xem trước. %(errors)s") % {"errors": form.error_text()})
        return redirect("previews_admin:drafts")
    revision = page.latest_revision or page.get_latest_revision()
    if revision is None:
        messages.error(
            request,
            _("Chưa tạo liên kết xem trước: trang “%(title)s” chưa có bản lưu nào.")
            % {"title": page.get_admin_display_title()},
        )
        return redirect("previews_admin:drafts")
    link = PreviewLink.objects.create(
        page=page,
        revision=revision,
        note=form.cleaned_data["note"],
        created_by=request.user,
        expires_at=timezone.now() + datetime.timedelta(days=form.cleaned_data["days"]),
    )
    messages.success(
        request,
        _("Đã tạo liên kết xem trước cho trang “%(title)s”, hiệu lực đến %(expires)s: %(url)s")
        % {
            "title": page.get_admin_display_title(),
            "expires": local_time(link.expires_at),
            "url": request.build_absolute_uri(link.get_absolute_url()),
        },
    )
    return redirect("preview_links:index")


def links_policy():
    return policy_registry.get_by_type(PreviewLink)


class LinkCellColumn(Column):
    """A column drawn by its own cell template, with the link's full address at hand."""

    def __init__(self, name, template, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = f"previews/admin/links/{template}.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["link"] = instance
        context["url"] = request.build_absolute_uri(instance.get_absolute_url()) if request else ""
        context["can_revoke"] = request is not None and links_policy().user_has_permission(
            request.user, "revoke"
        )
        context["csrf_token"] = get_token(request) if request is not None else ""  # the revoke form, as above
        return context


class PreviewLinkIndexView(IndexView):
    template_name = "previews/admin/links/index.html"
    paginate_by = PER_PAGE

    def get_base_queryset(self):
        return (
            PreviewLink.objects.select_related("page", "revision", "created_by", "revoked_by")
            .defer("revision__content")
            .order_by("-created_at", "-pk")
        )

    @cached_property
    def columns(self):
        return [
            LinkCellColumn("page", "page", label=gettext_lazy("Trang")),
            Column("note", label=gettext_lazy("Ghi chú"), accessor=lambda link: link.note or "—"),
            Column(
                "created",
                label=gettext_lazy("Người tạo, lúc"),
                accessor=lambda link: ", ".join(
                    part
                    for part in (
                        get_user_display_name(link.created_by) if link.created_by else "—",
                        local_time(link.created_at),
                    )
                ),
            ),
            Column(
                "expires_at",
                label=gettext_lazy("Hết hạn lúc"),
                accessor=lambda link: local_time(link.expires_at),
            ),
            LinkCellColumn("status", "status", label=gettext_lazy("Trạng thái")),
            LinkCellColumn("url", "url", label=gettext_lazy("Địa chỉ liên kết")),
            LinkCellColumn("actions", "actions", label=gettext_lazy("Thao tác")),
        ]


class PreviewLinkViewSet(ModelViewSet):
    model = PreviewLink
    name = "preview_links"
    url_prefix = "previews/links"
    icon = "link"
    index_view_class = PreviewLinkIndexView
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    exclude_form_fields = []

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/revoke/", revoke_link, name="revoke"),
        ]


@require_POST
def revoke_link(request, pk):
    """Stop a link at once, e.g. when it was sent to the wrong person."""
    if not links_policy().user_has_permission(request.user, "revoke"):
        return forbidden()
    link = get_object_or_404(PreviewLink.objects.select_related("page"), pk=pk)
    link.revoke(request.user)
    messages.success(
        request,
        _("Đã thu hồi liên kết xem trước của trang “%(title)s”.")
        % {"title": link.page.get_admin_display_title()},
    )
    return redirect("preview_links:index")


preview_links_viewset = PreviewLinkViewSet()
