"""Builders shared by the personal-data tests."""

from django.core.files.base import ContentFile

from feedback.records import Feedback, FeedbackEvent, Status

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_feedback(
    name="Nguyễn Thị Bí Mật",
    email="bimat@example.com",
    phone="0912 000 111",
    status=Status.CLOSED,
    finished_at=None,
    attachment=False,
    **fields,
):
    """A reader's question, finished (answered or closed) at ``finished_at`` by its history."""
    item = Feedback(
        name=name,
        email=email,
        phone=phone,
        title=fields.pop("title", "Học phí"),
        content=fields.pop("content", "Xin hỏi học phí lớp 6?"),
        status=status,
        sender_key="k" * 32,
        **fields,
    )
    if attachment:
        item.attachment.save("don-cua-toi.pdf", ContentFile(PDF), save=False)
    item.save()
    item.events.create(action=FeedbackEvent.Action.RECEIVED)
    if finished_at is not None:
        action = FeedbackEvent.Action.CLOSED if status == Status.CLOSED else FeedbackEvent.Action.ANSWERED
        item.events.create(action=action, at=finished_at)
    return item
