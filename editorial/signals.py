"""Keep school groups in step with the tree, and tell approvers when a page reaches them."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Site
from wagtail.signals import post_page_move, task_submitted

from schools.models import SchoolPage
from site_kb.background import after_commit

from . import tasks
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


def queue_approver_notices(sender, instance, user=None, **kwargs):
    """A page reached a step: its approvers are e-mailed by a background task after the commit
    (editorial.tasks, issue 17.6), not while the editor waits for the mail server."""
    after_commit(tasks.send_approver_notices, instance.pk, user.pk if user is not None else None)


def connect_notifications():
    task_submitted.connect(
        queue_approver_notices, sender=EditorialTaskState, dispatch_uid="editorial_notify_approvers"
    )
