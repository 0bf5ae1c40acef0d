"""Admin hooks: the submitter sees why the board sent a page back (Điều 13.3)."""

from django.contrib import messages
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.models import WorkflowState


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
