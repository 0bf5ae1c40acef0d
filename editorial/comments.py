"""Leadership gives its opinion in Wagtail's comments without editing the page (Điều 13.2c; issue 15.10).

At the leadership step the page is locked for everyone but superusers
(``LeadershipApprovalTask.locked_for_user``): Wagtail's editor then refuses to save, so an edit
there can never be published by the approval that follows. Wagtail's comments are part of the
editor's form and are stored only by a save, which makes a new revision; so a leader's
"Lưu ý kiến" button sends the form and this module stores the comments formset alone, as Wagtail's
save does (the same formset, logging and e-mails to subscribers), with no revision and no change
to the page.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.views.pages.edit import EditView

SAVE_COMMENTS = "action-save-comments"


def comments_only_step(page, user):
    """The task ``page`` waits at, if ``user`` reviews there by comments only (else None)."""
    task = page.current_workflow_task if page is not None else None
    if task is None:
        return None
    task = task.specific
    if getattr(task, "comments_without_edit", False) and task.can_moderate(page, user):
        return task
    return None


class SaveCommentsMenuItem(ActionMenuItem):
    """The leader's save button in a locked editor: it stores comments and replies only."""

    label = gettext_lazy("Lưu ý kiến")
    name = SAVE_COMMENTS
    icon_name = "comment"
    order = 5  # first: the primary button, where "Lưu nháp" is for those who edit

    def is_shown(self, context):
        return (
            context["view"] == "edit"
            and context.get("locked_for_user", False)
            and comments_only_step(context.get("page"), context["request"].user) is not None
        )


def save_comments(request, page):
    """Store the comments and replies of the posted editor form; the page itself is untouched."""
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form_class = page.specific_class.get_edit_handler().get_form_class()
    form = form_class(
        request.POST, request.FILES, instance=page, parent_page=page.get_parent(), for_user=request.user
    )
    comments = form.formsets.get("comments")
    if comments is None or not comments.management_form.is_valid() or not comments.is_valid():
        messages.error(
            request,
            _(
                "Chưa lưu được ý kiến: chỉ sửa hoặc xoá được bình luận của chính mình. Hãy tải lại trang rồi thử lại."
            ),
        )
        return redirect(edit_url)
    with transaction.atomic():
        comments.save()
    # Wagtail's editor logs each change and e-mails the page's subscribers; the same code here.
    view = EditView()
    view.request, view.form, view.page = request, form, page
    changes = view.get_commenting_changes()
    view.log_commenting_changes(changes, None)
    view.send_commenting_notifications(changes)
    messages.success(
        request,
        _("Đã lưu ý kiến của bạn về trang “%(title)s”. Nội dung trang không thay đổi.")
        % {"title": page.get_admin_display_title()},
    )
    return redirect(edit_url)
