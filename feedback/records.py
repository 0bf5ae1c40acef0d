"""Readers' questions and feedback, answered within working-day deadlines (Điều 14): the
records (``Feedback`` and its history, the days off). The page readers use is in
``feedback.models`` with the handling of its form (``feedback.views``).

The IT officer receives, classifies and routes each item to schools or units; a
school sees and answers only what is assigned to it; the answer goes back to the
reader by e-mail, and chosen answers are published without the reader's identity (their public
versions, ``public_question`` and ``public_answer``, checked by ``feedback.disclosure``).
"""

import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from editorial.models import SchoolAccess
from site_kb.folding import fold
from site_kb.public_forms import RATE_WINDOW

from . import workdays

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


class Topic(models.TextChoices):
    """The fields Điều 14.1 names."""

    TRAINING = "dao-tao", _("Đào tạo")
    FURTHER_TRAINING = "boi-duong", _("Bồi dưỡng")
    RESEARCH = "nghien-cuu", _("Nghiên cứu khoa học")
    OTHER = "khac", _("Hoạt động khác")


class Status(models.TextChoices):
    # Sent from an address over the hourly limit: stored, but neither counted against a
    # deadline nor e-mailed until the board releases it, so a flood of robots cannot
    # silence a real reader who shares their address.
    HELD = "held", _("Chờ kiểm tra")
    NEW = "new", _("Mới nhận")
    CLASSIFIED = "classified", _("Đã phân loại")
    ASSIGNED = "assigned", _("Đã giao xử lý")
    ANSWERED = "answered", _("Đã trả lời")
    CLOSED = "closed", _("Đã đóng")


OPEN_STATUSES = [Status.NEW, Status.CLASSIFIED, Status.ASSIGNED]


class DayOff(models.Model):
    """An extra day off the government announces (bridge days), on top of the public holidays."""

    date = models.DateField(_("ngày nghỉ"), unique=True)
    name = models.CharField(_("lý do"), max_length=150, help_text=_("Ví dụ: Nghỉ bù dịp Quốc khánh."))

    class Meta:
        ordering = ["-date"]
        verbose_name = _("ngày nghỉ bổ sung")
        verbose_name_plural = _("ngày nghỉ bổ sung")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} – {self.name}"


def private_storage():
    """Outside MEDIA_ROOT: only the admin's permission-checked view serves these files."""
    return storages["private"]


def new_tracking_code():
    return "GY-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


# The sender's address is kept only as a keyed hash (site_kb.public_forms.sender_key), and only
# for the hour the limit looks back: an IP address is personal data (Luật 91/2025/QH15).
SENDER_KEY_PURPOSE = "feedback.sender"


class FeedbackQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def visible_to(self, user):
        """The IT officer and the board see everything; a school only what is assigned to it."""
        if user.is_superuser or user.has_perm("feedback.classify_feedback"):
            return self
        schools = SchoolAccess.objects.of_member(user).values("school_id")
        return self.filter(assigned_to__in=schools).distinct()

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def forget_senders(self, now=None):
        """Drop the sender keys the rate limit no longer needs (older than its window)."""
        since = (now or timezone.now()) - RATE_WINDOW
        return self.exclude(sender_key="").filter(received_at__lt=since).update(sender_key="")

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def due_soon(self, today=None):
        """Open items due within ``FEEDBACK_DUE_SOON_DAYS`` working days."""
        today = today or timezone.localdate()
        last = workdays.add_working_days(today, settings.FEEDBACK_DUE_SOON_DAYS)
        return self.open().filter(due_date__gte=today, due_date__lte=last)


# The fields the deadline is computed from (Feedback.deadline).
DEADLINE_FIELDS = frozenset({"status", "is_complex", "released_at", "received_at", "due_date"})


def recompute_open_due_dates():
    """Moves the deadlines of the open items (after a day off changed: feedback.signals)."""
    changed = []
    for feedback in Feedback.objects.open().only(
        "status", "is_complex", "released_at", "received_at", "due_date"
    ):
        due_date = feedback.deadline()
        if due_date != feedback.due_date:
            feedback.due_date = due_date
            changed.append(feedback)
    Feedback.objects.bulk_update(changed, ["due_date"], batch_size=500)
    return len(changed)


class Feedback(index.Indexed, models.Model):
    tracking_code = models.CharField(
        _("mã tra cứu"), max_length=12, unique=True, default=new_tracking_code, editable=False
    )
    name = models.CharField(_("họ và tên"), max_length=100)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    concerned_unit = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("trường / đơn vị liên quan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic = models.CharField(_("lĩnh vực"), max_length=20, choices=Topic.choices, default=Topic.OTHER)
    title = models.CharField(_("tiêu đề"), max_length=200)
    content = models.TextField(_("nội dung"), max_length=5000)
    attachment = models.FileField(
        _("tệp đính kèm"), upload_to="feedback/%Y/%m/", storage=private_storage, blank=True
    )
    received_at = models.DateTimeField(_("nhận lúc"), default=timezone.now, editable=False)
    released_at = models.DateTimeField(
        _("tiếp nhận sau kiểm tra lúc"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Câu hỏi bị giữ lại chờ kiểm tra: hạn trả lời tính từ lúc này."),
    )
    sender_key = models.CharField(max_length=32, blank=True, editable=False)
    is_complex = models.BooleanField(
        _("trường hợp phức tạp"),
        default=False,
        help_text=_("Hạn trả lời dài hơn (Điều 14.2)."),
    )
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.NEW)
    due_date = models.DateField(_("hạn trả lời"), editable=False, null=True)
    assigned_to = models.ManyToManyField(
        "wagtailcore.Page", verbose_name=_("giao cho trường / đơn vị"), blank=True, related_name="+"
    )
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    is_published = models.BooleanField(
        _("đăng lên trang Hỏi đáp"),
        default=False,
        help_text=_("Đăng câu hỏi và câu trả lời, không kèm tên và liên hệ của bạn đọc."),
    )
    public_question = models.TextField(
        _("câu hỏi khi đăng"),
        blank=True,
        help_text=_("Có thể rút gọn, bỏ thông tin cá nhân; để trống thì dùng nội dung gốc."),
    )
    # The answer as the public page shows it: the reader's own (``answer``, e-mailed to them) is
    # written to them ("Chào chị Lan, …") and is never published.
    public_answer = models.TextField(
        _("câu trả lời khi đăng"),
        blank=True,
        help_text=_(
            "Nội dung trả lời đăng trên trang Hỏi đáp, không có tên, số điện thoại, thư điện tử của bạn đọc "
            "(bỏ lời chào như “Chào chị Lan”). Câu trả lời gửi bạn đọc qua thư vẫn là nội dung trả lời ở trên."
        ),
    )
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    answer_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    mail_pending = models.CharField(
        _("thư chờ gửi lại"),
        max_length=20,
        blank=True,
        editable=False,
        help_text=_("confirmation / answer: gửi thất bại, sẽ gửi lại bằng lệnh retry_feedback_mail."),
    )
    # Luật 91/2025/QH15: the reader's consent and the notice they agreed to (null: sent before the
    # notice existed); when the identity was erased (retention or the reader's request: privacy app).
    consent_at = models.DateTimeField(_("đồng ý xử lý dữ liệu lúc"), null=True, blank=True, editable=False)
    consent_version = models.CharField(
        _("phiên bản thông báo đã đồng ý"), max_length=20, blank=True, editable=False
    )
    anonymised_at = models.DateTimeField(
        _("đã xoá thông tin cá nhân lúc"), null=True, blank=True, editable=False
    )

    objects = FeedbackQuerySet.as_manager()

    # Only what is published is searchable, and never the reader's name or contact details.
    search_fields = [
        index.SearchField("search_public_text"),
        index.FilterField("is_published"),
        index.FilterField("answered_at"),
        index.FilterField("received_at"),
    ]

    class Meta:
        ordering = ["due_date", "received_at"]
        verbose_name = _("hỏi đáp – góp ý")
        verbose_name_plural = _("hỏi đáp – góp ý")
        permissions = [("classify_feedback", _("Phân loại, giao xử lý mọi hỏi đáp – góp ý"))]
        indexes = [
            models.Index(
                fields=["sender_key", "received_at"],
                condition=~models.Q(sender_key=""),
                name="feedback_recent_sender",
            )
        ]

    def __str__(self):
        return f"{self.tracking_code}: {self.title}"

    def save(self, *args, **kwargs):
        """Keeps the deadline; a save of other fields only (the mail status) leaves it alone."""
        update_fields = kwargs.get("update_fields")
        if update_fields is None or DEADLINE_FIELDS.intersection(update_fields):
            self.due_date = self.deadline()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "due_date"}
        super().save(*args, **kwargs)

    def deadline(self):
        """The deadline runs from receipt, or from release for an item that was held (none while held)."""
        if self.status == Status.HELD:
            return None
        return workdays.add_working_days(
            timezone.localdate(self.released_at or self.received_at),
            workdays.answer_days(self.is_complex),
        )

    @property
    def public_text(self):
        return self.public_question or self.content

    def search_public_text(self):
        if not self.is_published:
            return ""
        return fold(f"{self.title} {self.public_text} {self.public_answer}")

    @property
    def is_held(self):
        return self.status == Status.HELD

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()

    def log(self, action, user=None, note=""):
        return self.events.create(action=action, user=user, note=note)


class FeedbackEvent(models.Model):
    """Who did what and when: the history the IT officer answers for (Điều 14)."""

    class Action(models.TextChoices):
        RECEIVED = "received", _("Nhận")
        HELD = "held", _("Giữ lại chờ kiểm tra")
        RELEASED = "released", _("Tiếp nhận sau kiểm tra")
        CLASSIFIED = "classified", _("Phân loại")
        ASSIGNED = "assigned", _("Giao xử lý")
        ANSWERED = "answered", _("Trả lời")
        CLOSED = "closed", _("Đóng")
        REOPENED = "reopened", _("Mở lại")
        PUBLISHED = "published", _("Đăng lên trang Hỏi đáp")
        MAILED = "mailed", _("Đã gửi thư")
        MAIL_FAILED = "mail_failed", _("Gửi thư thất bại")
        ANONYMISED = "anonymised", _("Xoá thông tin cá nhân")

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("việc"), max_length=20, choices=Action.choices)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("lịch sử xử lý")
        verbose_name_plural = _("lịch sử xử lý")

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()}"
