"""The e-mails of readers' questions as background tasks (issue 17.6, Điều 14).

A request stores the question or the answer, then queues a task after the commit
(site_kb.background): the reader gets the redirect at once and a slow mail server costs the worker
its EMAIL_TIMEOUT, not the reader. The arguments are ids: the address is read from the item when
the task runs (an item anonymised meanwhile gets no mail). What the tasks send and how a failure is
kept for ``manage.py retry_feedback_mail`` is unchanged (feedback.mail, feedback.assignment).
"""

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.models import Page

from django_tasks import task

from site_kb.background import after_commit, outcome

from . import assignment, mail
from .records import Feedback


@task(takes_context=True)
def send_reader_mail(context, feedback_id, kind, user_id=None):
    """One kind of e-mail to the item's reader (feedback.mail.send); True when sent.

    Skipped when the retry command sent the same kind after this task was queued: a worker that
    was down for a while does not send the reader the same confirmation twice."""
    feedback = Feedback.objects.filter(pk=feedback_id).first()
    if feedback is None or kind not in mail.KINDS:
        return False
    sent_at = getattr(feedback, mail.KINDS[kind][2])
    queued_at = context.task_result.enqueued_at
    if sent_at is not None and queued_at is not None and sent_at >= queued_at:
        return True
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return mail.send(feedback, kind, user)


@task()
def send_unit_notices(feedback_id, unit_id, admin_url, kind="assigned"):
    """The notices to a unit's people (feedback.assignment): "assigned" when the IT officer or the
    board assigned the item, "question" when a reader sent it on the school's own page; [sent, total]."""
    feedback = Feedback.objects.filter(pk=feedback_id).first()
    unit = Page.objects.filter(pk=unit_id).first()
    if feedback is None or unit is None:
        return [0, 0]
    send = assignment.send_school_question_notices if kind == "question" else assignment.send_notices
    return list(send(feedback, unit.specific, admin_url))


def admin_url(request, feedback):
    return request.build_absolute_uri(reverse("feedback_admin:edit", args=[feedback.pk]))


def queue_reader_mail(feedback, kind, user=None):
    """Queue ``kind`` for the item's reader after the commit (the public form's confirmation)."""
    after_commit(send_reader_mail, feedback.pk, kind, user.pk if user else None)


def queue_school_question_notices(request, feedback, unit):
    """Queue the notice to the school a question was sent to on its own page, after the commit."""
    after_commit(send_unit_notices, feedback.pk, unit.pk, admin_url(request, feedback), "question")


def notify_units(request, feedback, units):
    """E-mail each newly assigned unit's people (call it after the commit); say in the admin what
    was sent and what was not, or that the notices are on their way (production's worker)."""
    url = admin_url(request, feedback)
    for unit in units:
        total = len(assignment.recipients(unit))
        if not total:
            assignment.no_recipients(request, unit)
            continue
        result = send_unit_notices.enqueue(feedback.pk, unit.pk, url)
        assignment.report(request, unit, total, outcome(result))
