"""Admin hooks: the submitter sees why the board sent a page back (Điều 13.3), editors are
warned about content that repeats published pages (Điều 13.3d), and a forged approval from the
editor is refused before anything is saved (issue 12)."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.models import WorkflowState

from editorial import duplicates, reports
from editorial.models import EditorialTaskMixin
from site_kb.admin_ui import PermissionMenuItem


@hooks.register("before_edit_page")
def refuse_forged_workflow_action(request, page):
    """Check the data the editor sends with "approve/refuse while editing" before Wagtail uses it.

    Wagtail passes ``json.loads`` of ``workflow-action-extra-data`` as keyword arguments to
    the task: text that is not JSON, JSON that is not an object, or a key such as ``user``
    ends in a server error, and any value reaches ``on_action``. The admin's own modal always
    sends the fields of the action's form, checked; so keys outside that form are dropped,
    and anything the form refuses is a forged request: nothing is saved, the editor reopens.
    """
    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return None
    task = page.current_workflow_task
    action = request.POST.get("workflow-action-name")
    if task is None or action not in [name for name, _label, _modal in task.get_actions(page, request.user)]:
        return None  # Wagtail treats the request as a plain save.
    form_class = task.get_form_for_action(action)
    fields = form_class.base_fields if form_class else {}
    try:
        data = json.loads(request.POST.get("workflow-action-extra-data", "{}"))
        if not isinstance(data, dict):
            raise ValueError
        data = {key: value for key, value in data.items() if key in fields}
        if isinstance(task, EditorialTaskMixin):
            task.clean_action_data(action, data)
    except (ValueError, PermissionDenied):
        messages.error(
            request,
            _(
                "Dữ liệu gửi kèm thao tác duyệt không hợp lệ nên trang chưa được lưu và chưa được "
                "duyệt. Hãy tải lại trang rồi thao tác lại."
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    post = request.POST.copy()
    post["workflow-action-extra-data"] = json.dumps(data)
    request.POST = post
    return None


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


@hooks.register("register_admin_urls")
def register_timeliness_report_urls():
    return reports.report_urls()


@hooks.register("register_reports_menu_item")
def register_timeliness_report_menu_item():
    return PermissionMenuItem(
        gettext_lazy("Thời hạn đưa tin (Điều 12)"),
        reverse("editorial_reports:timeliness"),
        name="timeliness",
        icon_name="time",
        order=1310,
        permission="contributors.view_timeliness_report",
    )
