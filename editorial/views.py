"""Wagtail's page workflow views, held to the page in their address (issue 12; Điều 11, 13).

Wagtail checks the reviewer's rights on the page in the URL and then acts on the task state
in the URL without checking that it belongs to that page, so a principal with one page of
their own school waiting could approve or refuse another school's page (Điều 11.1). These
subclasses accept only the step the page in the URL is waiting at; ``site_kb/urls.py`` routes
Wagtail's own addresses to them, so ``reverse("wagtailadmin_pages:…")`` is unchanged.
EditorialTaskMixin.on_action checks the same again, whichever view calls it.
"""

import functools

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.defaults import page_not_found
from django.views.generic import TemplateView

from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages import workflow
from wagtail.models import Page, TaskState, WorkflowState

from .models import is_board_member


def is_current_step(page, task_state):
    """Whether ``task_state`` is the in-progress step of the in-progress workflow on ``page``."""
    workflow_state = page.current_workflow_state
    return (
        workflow_state is not None
        and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
        and workflow_state.current_task_state_id == task_state.pk
        and task_state.status == TaskState.STATUS_IN_PROGRESS
    )


class CurrentStepMixin:
    """Only a task state of the page in the URL, and only its current step (else 404)."""

    def get_task_state(self):
        page = self.object
        task_state = get_object_or_404(
            TaskState.objects.filter(
                workflow_state__base_content_type=page.get_base_content_type(),
                workflow_state__object_id=str(page.pk),
            ),
            pk=self.task_state_id,
        )
        return task_state.specific

    def dispatch(self, request, *args, **kwargs):
        # A page no longer in moderation keeps Wagtail's message and redirect.
        if self.object.workflow_in_progress and not is_current_step(self.object, self.task_state):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class WorkflowActionView(CurrentStepMixin, workflow.WorkflowActionView):
    """Approving or refusing from the dashboard ends with a message saying what happened
    (issue 15.9): Wagtail's view redirects without one, so a reviewer could not tell."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        done = TaskState.objects.filter(pk=self.task_state.pk, finished_by=request.user).first()
        if done is not None:
            message = outcome_message(self.object, done.specific)
            if message:
                messages.success(request, message)
        return response


def outcome_message(page, task_state):
    """What a reviewer's approval or refusal of ``page`` at ``task_state`` led to, in a sentence."""
    page = Page.objects.get(pk=page.pk).specific
    values = {"title": page.get_admin_display_title(), "task": task_state.task.name}
    if task_state.status == TaskState.STATUS_REJECTED:
        return _("Đã từ chối “%(title)s” ở bước «%(task)s» và trả lại người soạn để sửa. %(reason)s") % {
            **values,
            "reason": task_state.get_comment(),
        }
    if task_state.status != TaskState.STATUS_APPROVED:
        return ""
    text = _("Đã duyệt “%(title)s” ở bước «%(task)s».") % values
    workflow_state = page.current_workflow_state
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        return f"{text} " + _("Trang chuyển sang bước «%(next)s».") % {
            "next": workflow_state.current_task_state.task.name
        }
    if page.approved_schedule and page.scheduled_revision:
        go_live = timezone.localtime(page.scheduled_revision.approved_go_live_at)
        return f"{text} " + _("Trang sẽ tự xuất bản lúc %(time)s.") % {
            "time": go_live.strftime("%H:%M %d/%m/%Y")
        }
    if page.live and not page.has_unpublished_changes:
        return f"{text} " + _("Trang đã được xuất bản.")
    return text


class CollectWorkflowActionDataView(CurrentStepMixin, workflow.CollectWorkflowActionDataView):
    pass


class PreviewRevisionForTaskView(workflow.PreviewRevisionForTaskView):
    """The revision of the step the page is waiting at, and only if that step is the task in the URL."""

    def get_task_state(self):
        task_state = self.object.current_workflow_task_state
        if (
            task_state is None
            or task_state.task_id != self.task.pk
            or not is_current_step(self.object, task_state)
        ):
            return None
        return task_state


def admin_404(view_func):
    """The admin's own 404 page, as Wagtail's admin URLs give."""

    @functools.wraps(view_func)
    def wrapper(request, *args, **kwargs):
        try:
            return view_func(request, *args, **kwargs)
        except Http404:
            return page_not_found(request, "", template_name="wagtailadmin/404.html")

    return wrapper


def admin_view(view_class):
    """``view_class`` wrapped as Wagtail's admin URLs wrap theirs: admin login, admin 404, no caching."""
    return never_cache(admin_404(require_admin_access(view_class.as_view())))


workflow_action = admin_view(WorkflowActionView)
collect_workflow_action_data = admin_view(CollectWorkflowActionDataView)
workflow_preview = admin_view(PreviewRevisionForTaskView)


class CancelWorkflowView(WagtailAdminTemplateMixin, TemplateView):
    """Ask, then end the workflow a page is in: the board only (issue 15.8; Điều 11, 13).

    Wagtail offers "Cancel workflow" beside the review actions to the submitter, the page's
    owner and the step's reviewers, and one click ends it; a school's page then starts again at
    its principal. Here the board confirms on a page of its own, and nothing of the editor's
    unsaved form is stored (Wagtail's button also saved the form as a new revision).
    """

    template_name = "editorial/confirm_cancel_workflow.html"
    page_title = gettext_lazy("Huỷ quy trình duyệt")
    header_icon = "error"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        self.edit_url = reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        if not is_board_member(request.user) or not self.page.permissions_for_user(request.user).can_edit():
            return HttpResponseForbidden(
                _("Chỉ Ban biên tập được huỷ quy trình duyệt."), content_type="text/plain; charset=utf-8"
            )
        self.workflow_state = self.page.current_workflow_state
        if self.workflow_state is None:
            messages.error(
                request,
                _("Trang “%(title)s” không ở trong quy trình duyệt nào.")
                % {"title": self.page.get_admin_display_title()},
            )
            return redirect(self.edit_url)
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        task_state = self.workflow_state.current_task_state
        context.update(
            page=self.page,
            workflow=self.workflow_state.workflow,
            task_name=task_state.task.name if task_state else "",
            needs_changes=self.workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES,
            edit_url=self.edit_url,
            cancel_url=self.request.path,
        )
        return context

    def post(self, request, page_id):
        with transaction.atomic():
            state = WorkflowState.objects.select_for_update().get(pk=self.workflow_state.pk)
            if state.status not in (WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES):
                return redirect(self.edit_url)
            state.cancel(user=request.user)
        messages.success(
            request,
            _(
                "Đã huỷ quy trình duyệt của trang “%(title)s”. Trang trở về bản nháp; muốn đăng, "
                "người soạn phải gửi duyệt lại từ bước đầu."
            )
            % {"title": self.page.get_admin_display_title()},
        )
        return redirect(self.edit_url)


cancel_workflow = admin_view(CancelWorkflowView)
