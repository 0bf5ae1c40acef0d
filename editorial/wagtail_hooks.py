"""Admin hooks: the submitter sees why the board sent a page back (Điều 13.3), editors are
warned about content that repeats published pages (Điều 13.3d), and a forged approval from the
editor is refused before anything is saved (issue 12)."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem, SubmitForModerationMenuItem
from wagtail.models import WorkflowState
from wagtail.permissions import register_permission_policy

from editorial import admin_views, comments, duplicates, reports, views
from editorial.models import EditorialTaskMixin, SchoolAccess, is_board_member
from site_kb.admin_ui import PermissionMenuItem

# Wagtail's editor buttons that end a running workflow at one click (issue 15.8).
WORKFLOW_ENDING_ACTIONS = ("action-cancel-workflow", "action-restart-workflow")


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


register_permission_policy(SchoolAccess, admin_views.SchoolAccessPermissionPolicy(SchoolAccess))


@hooks.register("register_admin_viewset")
def register_member_schools_viewset():
    return admin_views.SchoolAccessViewSet()


@hooks.register("register_admin_urls")
def register_school_queue_urls():
    return admin_views.queue_urls()


@hooks.register("register_reports_menu_item")
def register_school_queue_menu_item():
    return PermissionMenuItem(
        gettext_lazy("Tin chờ duyệt của các trường"),
        reverse("editorial_queue:index"),
        name="school-queue",
        icon_name="tasks",
        order=1300,
        permission=admin_views.QUEUE_PERMISSION,
    )


class CancelWorkflowMenuItem(ActionMenuItem):
    """ "Huỷ quy trình duyệt…": a link to the confirmation page, for the board only (issue 15.8)."""

    label = gettext_lazy("Huỷ quy trình duyệt…")
    name = "action-confirm-cancel-workflow"
    icon_name = "error"
    order = 40

    def is_shown(self, context):
        return (
            context["view"] == "edit"
            and context["page"].current_workflow_state is not None
            and is_board_member(context["request"].user)
        )

    def get_url(self, context):
        return reverse("editorial_cancel_workflow", args=[context["page"].pk])


@hooks.register("register_page_action_menu_item")
def register_cancel_workflow_menu_item():
    return CancelWorkflowMenuItem()


class ResubmitFromTheFirstStepMenuItem(SubmitForModerationMenuItem):
    """After a refusal Wagtail's button names the step that refused ("Resubmit to Ban biên tập
    duyệt"), but the fixed page starts again at the first step that has not approved it
    (EditorialTaskMixin.start): a school's fix goes to its principal first. The button says so."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = context.get("page")
        state = page.current_workflow_state if page else None
        if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            first = state.workflow.tasks.first()
            if first is not None:
                context["label"] = _("Gửi duyệt lại từ bước «%(task)s»") % {"task": first.name}
        return context


@hooks.register("construct_page_action_menu")
def remove_one_click_workflow_endings(menu_items, request, context):
    """Wagtail's "Cancel workflow" and "Restart workflow" end the workflow at one click, offered to
    the submitter, the owner and every reviewer; the board's confirmed cancel replaces them."""
    menu_items[:] = [
        ResubmitFromTheFirstStepMenuItem(order=item.order)
        if type(item) is SubmitForModerationMenuItem
        else item
        for item in menu_items
        if item.name not in WORKFLOW_ENDING_ACTIONS
    ]
    # Never the primary button (a locked page has no other): it waits in the "more" menu.
    if len(menu_items) > 1 and menu_items[0].name == CancelWorkflowMenuItem.name:
        menu_items.append(menu_items.pop(0))


@hooks.register("before_edit_page")
def refuse_one_click_workflow_ending(request, page):
    """A POST of Wagtail's cancel or restart buttons (forged: the editor no longer shows them) ends
    nothing and saves nothing: the board is sent to the confirmation page, anyone else refused."""
    if request.method != "POST" or not any(request.POST.get(name) for name in WORKFLOW_ENDING_ACTIONS):
        return None
    if is_board_member(request.user) and page.current_workflow_state is not None:
        return redirect("editorial_cancel_workflow", page.pk)
    messages.error(request, _("Chỉ Ban biên tập được huỷ quy trình duyệt; trang chưa được lưu."))
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("register_admin_urls")
def register_cancel_workflow_url():
    return [
        path(
            "editorial/pages/<int:page_id>/huy-quy-trinh-duyet/",
            views.cancel_workflow,
            name="editorial_cancel_workflow",
        )
    ]


@hooks.register("register_page_action_menu_item")
def register_save_comments_menu_item():
    return comments.SaveCommentsMenuItem()


@hooks.register("before_edit_page")
def save_reviewer_comments(request, page):
    """A leader's "Lưu ý kiến" stores their comments only (editorial.comments); any other POST from
    them goes on to Wagtail, which refuses it because the page is locked for them."""
    if request.method != "POST" or not request.POST.get(comments.SAVE_COMMENTS):
        return None
    if comments.comments_only_step(page, request.user) is None:
        return None
    return comments.save_comments(request, page)
