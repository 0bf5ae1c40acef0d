"""E-mails to the reader. The item is always stored first; a failing mail server only
marks it for ``manage.py retry_feedback_mail`` (Điều 14: nothing is lost).

Sent through the core's reader mail (site_kb.public_forms.send_reader_mail): plain text,
the subject reduced to one safe line.
"""

from django.utils import timezone

from site_kb.public_forms import mail_error_text, send_reader_mail

from . import workdays
from .records import FeedbackEvent

KINDS = {
    "confirmation": (
        "feedback/mail/confirmation_subject.txt",
        "feedback/mail/confirmation.txt",
        "confirmation_sent_at",
    ),
    "answer": ("feedback/mail/answer_subject.txt", "feedback/mail/answer.txt", "answer_sent_at"),
}


def send(feedback, kind, user=None):
    """Send one kind of e-mail; True when sent, False when it failed or there is no address.

    Every failure (refused, timed out, connection reset, a bad template) leaves the item marked
    with ``mail_pending`` and a MAIL_FAILED line in its history, for the retry command.
    """
    if not feedback.email:
        return False
    subject_template, body_template, sent_field = KINDS[kind]
    context = {
        "feedback": feedback,
        "answer_days": workdays.answer_days(),
        "complex_days": workdays.answer_days(is_complex=True),
    }
    what = f"Feedback {feedback.tracking_code} ({kind})"
    error = send_reader_mail(subject_template, body_template, context, feedback.email, what)
    if error is not None:  # keep the item, retry later
        feedback.mail_pending = kind
        feedback.save(update_fields=["mail_pending"])
        # The error class and code only: a refusal's text repeats the reader's address.
        feedback.log(FeedbackEvent.Action.MAIL_FAILED, user, f"{kind}: {mail_error_text(error)}"[:255])
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
