"""E-mails to the reader. The item is always stored first; a failing mail server only
marks it for ``manage.py retry_feedback_mail`` (Điều 14: nothing is lost).

The mails are plain text: their templates turn autoescaping off, or a reader named
"D'Arc" would be greeted as "D&#x27;Arc". What a reader typed reaches a header only
through the subject, which ``header_text`` reduces to one line of printable characters.
"""

import logging
import unicodedata

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from .records import FeedbackEvent

logger = logging.getLogger(__name__)

KINDS = {
    "confirmation": (
        "feedback/mail/confirmation_subject.txt",
        "feedback/mail/confirmation.txt",
        "confirmation_sent_at",
    ),
    "answer": ("feedback/mail/answer_subject.txt", "feedback/mail/answer.txt", "answer_sent_at"),
}
SUBJECT_MAX_CHARS = 200


def header_text(text, limit=SUBJECT_MAX_CHARS):
    """One line without control, format or separator characters: nothing a reader types can
    add a header (CR/LF) or make Django refuse the message (BadHeaderError)."""
    kept = "".join(
        " " if unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"} else char
        for char in str(text)
    )
    return " ".join(kept.split())[:limit]


def send(feedback, kind, user=None):
    """Send one kind of e-mail; True when sent, False when it failed or there is no address.

    Every failure (refused, timed out, connection reset, a bad template) leaves the item marked
    with ``mail_pending`` and a MAIL_FAILED line in its history, for the retry command.
    """
    if not feedback.email:
        return False
    subject_template, body_template, sent_field = KINDS[kind]
    context = {"feedback": feedback}
    try:
        subject = header_text(render_to_string(subject_template, context))
        send_mail(subject, render_to_string(body_template, context), None, [feedback.email])
    except Exception as error:  # any failure at all: keep the item, retry later
        logger.warning("Feedback %s: %s e-mail failed: %r", feedback.tracking_code, kind, error)
        feedback.mail_pending = kind
        feedback.save(update_fields=["mail_pending"])
        feedback.log(FeedbackEvent.Action.MAIL_FAILED, user, f"{kind}: {error!r}"[:255])
        return False
    setattr(feedback, sent_field, timezone.now())
    feedback.mail_pending = "" if feedback.mail_pending == kind else feedback.mail_pending
    feedback.save(update_fields=[sent_field, "mail_pending"])
    feedback.log(FeedbackEvent.Action.MAILED, user, kind)
    return True


def confirmation_state(feedback):
    """What the confirmation page may truthfully say about the confirmation e-mail."""
    if feedback.is_held:
        return "held"
    if not feedback.email:
        return "no_email"
    if feedback.confirmation_sent_at:
        return "sent"
    if feedback.events.filter(action=FeedbackEvent.Action.MAIL_FAILED).exists():
        return "failed"
    return "sending"
