"""Record when a work is first sent for approval (Điều 12)."""

from django.dispatch import receiver
from django.utils import timezone

from wagtail.signals import workflow_submitted

from site_kb.mixins import SubmissionMixin


@receiver(workflow_submitted)
def record_first_submission(sender, instance, user=None, **kwargs):
    """Stamp ``submitted_at`` the first time; later resubmissions keep the first time."""
    model = instance.content_type.model_class()
    if model is None or not issubclass(model, SubmissionMixin):
        return
    model.objects.filter(pk=instance.object_id, submitted_at__isnull=True).update(submitted_at=timezone.now())
