"""Wagtail's page workflow views, held to the page in their address (issue 12; Điều 11, 13).

Wagtail checks the reviewer's rights on the page in the URL and then acts on the task state
in the URL without checking that it belongs to that page, so a principal with one page of
their own school waiting could approve or refuse another school's page (Điều 11.1). These
subclasses accept only the step the page in the URL is waiting at; ``site_kb/urls.py`` routes
Wagtail's own addresses to them, so ``reverse("wagtailadmin_pages:…")`` is unchanged.
EditorialTaskMixin.on_action checks the same again, whichever view calls it.
"""

import functools

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.defaults import page_not_found

from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.pages import workflow
from wagtail.models import TaskState, WorkflowState


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
    pass


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
