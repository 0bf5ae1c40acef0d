"""E-mails to the reader. The item is always stored first; a failing mail server only
marks it for ``manage.py retry_feedback_mail`` (Điều 14: nothing is lost)."""

import logging

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from .models import FeedbackEvent

logger = logging.getLogger(__name__)

KINDS = {
    "confirmation": (
        "feedback/mail/confirmation_subject.txt",
        "feedback/mail/confirmation.txt",
        "confirmation_sent_at",
    ),
    "answer": ("feedback/mail/answer_subject.txt", "feedback/mail/answer.txt", "answer_sent_at"),
}


def send(feedback, kind, user=None):
    """Send one kind of e-mail; True when sent, False when it failed or there is no address."""
    if not feedback.email:
        return False
    subject_template, body_template, sent_field = KINDS[kind]
    context = {"feedback": feedback}
    subject = " ".join(render_to_string(subject_template, context).split())
    try:
        send_mail(subject, render_to_string(body_template, context), None, [feedback.email])
    except Exception as error:  # any transport failure: keep the item, retry later
        logger.warning("Feedback %s: %s e-mail failed: %s", feedback.tracking_code, kind, error)
        feedback.mail_pending = kind
        feedback.save(update_fields=["mail_pending"])
        feedback.log(FeedbackEvent.Action.MAIL_FAILED, user, f"{kind}: {error}"[:255])
        return False
    setattr(feedback, sent_field, timezone.now())
    feedback.mail_pending = "" if feedback.mail_pending == kind else feedback.mail_pending
    feedback.save(update_fields=[sent_field, "mail_pending"])
    feedback.log(FeedbackEvent.Action.MAILED, user, kind)
    return True
