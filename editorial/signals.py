"""Keep school groups in step with the tree, and tell approvers when a page reaches them."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.admin.mail import EmailNotificationMixin, Notifier
from wagtail.models import Site, TaskState
from wagtail.signals import post_page_move, task_submitted

from schools.models import SchoolPage

from .models import EditorialTaskState, SchoolAccess
from .roles import remove_school_access, sync_school_access, sync_site


@receiver(post_save, sender=SchoolPage)
def school_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """A new school gets its groups; a renamed one gets them renamed (a draft save keeps the live title)."""
    if raw:
        return
    if created or update_fields is None or "title" in update_fields:
        sync_school_access(instance)


@receiver(post_page_move)
def school_moved(sender, instance, **kwargs):
    if isinstance(instance.specific_deferred, SchoolPage):
        sync_school_access(instance.specific)


@receiver(post_save, sender=Site)
def site_saved(sender, instance, raw=False, **kwargs):
    """A school's Site may be made after the school (create_unit): its IT officer gets the
    Site's settings right then; a Site re-rooted elsewhere takes the right from the old school."""
    if not raw:
        sync_site(instance)


@receiver(post_delete, sender=SchoolAccess)
def school_deleted(sender, instance, **kwargs):
    remove_school_access(instance)


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


def connect_notifications():
    task_submitted.connect(
        notify_approvers, sender=EditorialTaskState, dispatch_uid="editorial_notify_approvers"
    )
