"""The e-mail approvers get when a page reaches their step, as a background task (issue 17.6).

Wagtail 8 sends its workflow e-mails (wagtail.admin.mail) in the request, from signal handlers;
ours is queued after the commit instead (editorial.signals) and sent by the task worker. The
arguments are the step's id and the submitting user's id; the step is read again when the task
runs, so a step already approved or cancelled meanwhile notifies no one.
"""

from django.contrib.auth import get_user_model

from wagtail.admin.mail import EmailNotificationMixin, Notifier
from wagtail.models import TaskState

from django_tasks import task

from .models import EditorialTaskState


class ApproverNotifier(EmailNotificationMixin, Notifier):
    """E-mails the people who may approve a page at the step it has just reached, in Vietnamese.

    Wagtail's own notifier only knows fixed groups; ours asks the task, so a school's
    page goes to that school's principal only. Steps that pass by themselves notify no one.
    """

    notification = "submitted"

    def __init__(self):
        super().__init__((EditorialTaskState,))

    def can_handle(self, instance, **kwargs):
        return super().can_handle(instance, **kwargs) and instance.status == TaskState.STATUS_IN_PROGRESS

    def get_recipient_users(self, task_state, **kwargs):
        page = task_state.workflow_state.content_object.specific
        approvers = task_state.task.specific.approvers(page)
        triggering_user = kwargs.get("user")
        if triggering_user is not None:
            approvers = approvers.exclude(pk=triggering_user.pk)
        return set(approvers)

    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        page = task_state.workflow_state.content_object.specific
        context.update(
            task=task_state.task.specific,
            task_state=task_state,
            workflow=task_state.workflow_state.workflow,
            object=page,
            page=page,
            requested_by=task_state.workflow_state.requested_by,
        )
        return context


notify_approvers = ApproverNotifier()


@task()
def send_approver_notices(task_state_id, user_id=None):
    """E-mail the approvers of the step ``task_state_id``; True when every mail went (or none was due)."""
    task_state = EditorialTaskState.objects.filter(pk=task_state_id).first()
    if task_state is None:
        return False
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return bool(notify_approvers(instance=task_state, user=user))
