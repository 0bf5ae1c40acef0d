"""Admin hooks: the submitter sees why the board sent a page back (Điều 13.3), editors are
warned about content that repeats published pages (Điều 13.3d)."""

from django.contrib import messages
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.models import WorkflowState

from editorial import (
    duplicates,
    uploads,  # noqa: F401 - registers web-safe renditions of scans (Điều 11.4)
)


@hooks.register("before_edit_page")
def show_refusal_reason(request, page):
    """On opening a page that was sent back, say by whom, at which step and why."""
    if request.method != "GET":
        return None
    workflow_state = page.current_workflow_state
    if workflow_state is None or workflow_state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    task_state = workflow_state.current_task_state.specific
    messages.warning(
        request,
        _("Trang này bị trả lại ở bước «%(task)s»%(by)s. %(reason)s Hãy sửa rồi gửi duyệt lại.")
        % {
            "task": task_state.task.name,
            "by": f" ({task_state.finished_by.get_full_name() or task_state.finished_by})"
            if task_state.finished_by
            else "",
            "reason": task_state.get_comment(),
        },
    )
    return None


def warn_about_duplicates(request, page):
    """Tell the editor which published pages this one may repeat (Điều 13.3d)."""
    matches = duplicates.find_duplicates(page)
    if matches:
        messages.warning(request, mark_safe(duplicates.warning_html(request, matches)))  # noqa: S308


@hooks.register("after_create_page")
def warn_duplicates_after_create(request, page):
    warn_about_duplicates(request, page)


@hooks.register("after_edit_page")
def warn_duplicates_after_edit(request, page):
    warn_about_duplicates(request, page)


@hooks.register("before_edit_page")
def warn_reviewer_about_duplicates(request, page):
    """A reviewer opening a page in moderation sees the same warning about the submitted revision."""
    if request.method == "GET" and page.workflow_in_progress:
        warn_about_duplicates(request, page.get_latest_revision_as_object())
