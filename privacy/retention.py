"""Erasing readers' identities (Luật 91/2025/QH15): when the retention period is over
(``manage.py purge_personal_data``) or at the reader's request (admin *Dữ liệu cá nhân của bạn đọc*).

What goes: the name (replaced by ``MARKER``), e-mail, phone, the sender's key or IP address, the
attachment (its file deleted from private storage) and the address echoed in old mail-failure notes.
What stays: the question and the answer (the office's record of its work under Điều 14, and the
published Q&A, whose public text the board writes free of personal data), a draft comment's unit
and text (the consultation's record, Điều 6.3), and the consent's time and notice version.
On a reader's request the text of an unpublished question goes too: nothing needs it any more.

When the period starts:
- a question: when it was last answered or closed (its history), for items answered or closed
  only. New, classified, assigned (open) and held items are never touched;
- a draft comment: when the draft's comment window closed (while it is open, never), or when the
  comment was sent if the draft no longer has a window.
"""

import dataclasses
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dateutil.relativedelta import relativedelta

from consultations.models import DraftComment
from feedback.records import Feedback, FeedbackEvent, Status

logger = logging.getLogger(__name__)

MARKER = gettext_lazy("(đã xoá)")
FINISHED_STATUSES = [Status.ANSWERED, Status.CLOSED]
FINISHING_ACTIONS = [FeedbackEvent.Action.ANSWERED, FeedbackEvent.Action.CLOSED]


@dataclasses.dataclass
class Counts:
    feedback: int = 0
    comments: int = 0
    attachments: int = 0

    def __bool__(self):
        return bool(self.feedback or self.comments)


def cutoff(now=None):
    """Items finished before this moment have outlived ``PERSONAL_DATA_RETENTION_MONTHS``."""
    return (now or timezone.now()) - relativedelta(months=settings.PERSONAL_DATA_RETENTION_MONTHS)


def expired_feedback(now=None):
    """Answered or closed questions, not yet anonymised, last answered or closed before the cutoff."""
    finished = (
        FeedbackEvent.objects.filter(feedback=OuterRef("pk"), action__in=FINISHING_ACTIONS)
        .order_by("-at")
        .values("at")[:1]
    )
    return (
        Feedback.objects.filter(status__in=FINISHED_STATUSES, anonymised_at__isnull=True)
        .annotate(
            finished_at=Coalesce(
                Subquery(finished, output_field=DateTimeField()), "answered_at", "received_at"
            )
        )
        .filter(finished_at__lt=cutoff(now))
        .order_by("pk")
    )


def expired_comments(now=None):
    """Comments not yet anonymised on drafts whose comment window closed before the cutoff."""
    return (
        DraftComment.objects.filter(anonymised_at__isnull=True)
        .annotate(ended_at=Coalesce("page__comment_closes", "submitted_at"))
        .filter(ended_at__lt=cutoff(now))
        .select_related("page")
        .order_by("pk")
    )


def delete_file(field, what):
    """Delete an attachment's file; False (logged without the file's name) when it could not be."""
    try:
        field.storage.delete(field.name)
    except OSError:
        logger.warning("%s: could not delete its attachment from private storage", what)
        return False
    return True


def anonymise_feedback(feedback, note, user=None, erase_text=False):
    """Erase the reader's identity on ``feedback`` now; True when an attachment file was deleted.

    The row and its history line are committed first, the file deleted afterwards, so a failed
    save never leaves a row pointing at a deleted file.
    """
    attachment = feedback.attachment if feedback.attachment else None
    with transaction.atomic():
        feedback.name = str(MARKER)
        feedback.email = ""
        feedback.phone = ""
        feedback.sender_key = ""
        feedback.mail_pending = ""
        feedback.attachment = ""
        feedback.anonymised_at = timezone.now()
        fields = ["name", "email", "phone", "sender_key", "mail_pending", "attachment", "anonymised_at"]
        if erase_text and not feedback.is_published:
            feedback.content = str(MARKER)
            fields.append("content")
        feedback.save(update_fields=fields)
        # Notes written before mail errors were logged by class only may repeat the address.
        for event in feedback.events.filter(action=FeedbackEvent.Action.MAIL_FAILED):
            event.note = event.note.split(":", 1)[0]
            event.save(update_fields=["note"])
        feedback.log(FeedbackEvent.Action.ANONYMISED, user, note[:255])
    return attachment is not None and delete_file(attachment, f"Feedback {feedback.tracking_code}")


def anonymise_comment(comment):
    comment.name = str(MARKER)
    comment.email = ""
    comment.ip_address = None
    comment.anonymised_at = timezone.now()
    comment.save(update_fields=["name", "email", "ip_address", "anonymised_at"])


def retention_note():
    return _("Hết thời hạn lưu %(months)s tháng (Luật 91/2025/QH15)") % {
        "months": settings.PERSONAL_DATA_RETENTION_MONTHS
    }


def purge(feedback_items, comments, progress=None):
    """Anonymise the expired ``feedback_items`` and ``comments`` (lists); ``progress(done, total)``
    after each one. Returns the Counts."""
    counts = Counts()
    total = len(feedback_items) + len(comments)
    note = retention_note()
    for feedback in feedback_items:
        counts.attachments += anonymise_feedback(feedback, note)
        counts.feedback += 1
        if progress:
            progress(counts.feedback, total)
    for comment in comments:
        anonymise_comment(comment)
        counts.comments += 1
        if progress:
            progress(counts.feedback + counts.comments, total)
    return counts
