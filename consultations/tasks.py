"""The copy of a draft comment to its sender, as a background task (issue 17.6, Điều 6.3).

Queued after the comment is stored (site_kb.background); the argument is the comment's id, its
address is read when the task runs. A failing mail server is logged and never loses the comment.
"""

from django_tasks import task

from site_kb.public_forms import send_reader_mail

from .models import DraftComment


@task()
def send_confirmation(comment_id, page_url):
    """Send the comment's copy; True when sent, False when it failed or the comment is gone."""
    comment = DraftComment.objects.select_related("page").filter(pk=comment_id).first()
    if comment is None or not comment.email:
        return False
    context = {"comment": comment, "page": comment.page, "page_url": page_url}
    error = send_reader_mail(
        "consultations/mail/confirmation_subject.txt",
        "consultations/mail/confirmation.txt",
        context,
        comment.email,
        f"Draft comment {comment.pk}",
    )
    return error is None
