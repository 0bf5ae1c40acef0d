"""One reader's data, found by e-mail or phone, for their requests under Luật 91/2025/QH15 (to see,
to get a copy of, to erase their personal data): used by the IT officer's admin view.

Every search, export and erasure is registered (``PersonalDataAction``) and written to Wagtail's
audit log with a keyed hash of the contact and the counts, never the contact itself.
"""

import dataclasses
import json
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from consultations.models import DraftComment
from feedback.records import Feedback
from site_kb.phones import phone_digits

from .models import PersonalDataAction
from .retention import Counts, anonymise_comment, anonymise_feedback

READER_KEY_PURPOSE = "privacy.reader"
MIN_PHONE_DIGITS = 8


def reader_key(email, phone):
    """A keyed hash of the contact searched for: the register and the audit log name the reader
    only by this (the same reader gives the same key, so requests can be followed)."""
    return salted_hmac(
        READER_KEY_PURPOSE, f"{(email or '').strip().lower()}|{phone_digits(phone)}"
    ).hexdigest()[:16]


@dataclasses.dataclass
class ReaderData:
    email: str
    phone: str
    feedback: list
    comments: list

    @property
    def key(self):
        return reader_key(self.email, self.phone)

    @property
    def attachments(self):
        return [item for item in self.feedback if item.attachment]

    def __bool__(self):
        return bool(self.feedback or self.comments)


def find(email="", phone=""):
    """Every question and comment still carrying this e-mail or phone (anonymised ones carry none)."""
    email = (email or "").strip()
    digits = phone_digits(phone)
    feedback_ids = set()
    if email:
        feedback_ids.update(Feedback.objects.filter(email__iexact=email).values_list("pk", flat=True))
    if digits:
        # Phones are stored as typed (spaces, dots, +84): compared by their digits.
        feedback_ids.update(
            pk
            for pk, stored in Feedback.objects.exclude(phone="").values_list("pk", "phone")
            if phone_digits(stored) == digits
        )
    feedback = list(Feedback.objects.filter(pk__in=feedback_ids).order_by("received_at", "pk"))
    comments = (
        list(
            DraftComment.objects.filter(email__iexact=email)
            .select_related("page")
            .order_by("submitted_at", "pk")
        )
        if email
        else []
    )
    return ReaderData(email=email, phone=phone or "", feedback=feedback, comments=comments)


def record(kind, user, data, counts=None):
    """Register the action and write it to the audit log (hash and counts, no contact)."""
    counts = counts or Counts(feedback=len(data.feedback), comments=len(data.comments))
    action = PersonalDataAction.objects.create(
        kind=kind,
        user=user,
        reader_key=data.key if data is not None else "",
        feedback_count=counts.feedback,
        comment_count=counts.comments,
        attachment_count=counts.attachments,
    )
    log(
        instance=action,
        action=f"privacy.{kind}",
        user=user,
        data={
            "reader": action.reader_key,
            "feedback": counts.feedback,
            "comments": counts.comments,
            "attachments": counts.attachments,
        },
    )
    return action


def local(value):
    return timezone.localtime(value).isoformat() if value else None


def export(data):
    """What the office holds about the reader, as a dict ready for JSON (Luật 91/2025/QH15: the
    right to a copy): their questions and comments, the consent given and the attachments' names."""
    return {
        "thoi_diem_xuat": local(timezone.now()),
        "thu_dien_tu": data.email,
        "dien_thoai": data.phone,
        "hoi_dap_gop_y": [
            {
                "ma_tra_cuu": item.tracking_code,
                "nhan_luc": local(item.received_at),
                "trang_thai": str(item.get_status_display()),
                "ho_ten": item.name,
                "thu_dien_tu": item.email,
                "dien_thoai": item.phone,
                "linh_vuc": str(item.get_topic_display()),
                "tieu_de": item.title,
                "noi_dung": item.content,
                "tra_loi": item.answer,
                "tra_loi_luc": local(item.answered_at),
                "da_dang_len_trang_hoi_dap": item.is_published,
                "tep_dinh_kem": Path(item.attachment.name).name if item.attachment else None,
                "dong_y_luc": local(item.consent_at),
                "phien_ban_thong_bao": item.consent_version or None,
            }
            for item in data.feedback
        ],
        "gop_y_du_thao": [
            {
                "du_thao": comment.page.title,
                "gui_luc": local(comment.submitted_at),
                "ho_ten": comment.name,
                "don_vi": comment.unit,
                "thu_dien_tu": comment.email,
                "dieu_khoan": comment.section,
                "noi_dung": comment.comment,
                "dong_y_luc": local(comment.consent_at),
                "phien_ban_thong_bao": comment.consent_version or None,
            }
            for comment in data.comments
        ],
    }


def export_json(data):
    return json.dumps(export(data), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def erase(data, user):
    """Anonymise everything found for the reader now, on their request; returns the Counts."""
    counts = Counts()
    note = _("Xoá theo yêu cầu của bạn đọc (Luật 91/2025/QH15)")
    for feedback in data.feedback:
        counts.attachments += anonymise_feedback(feedback, note, user=user, erase_text=True)
        counts.feedback += 1
    with transaction.atomic():
        for comment in data.comments:
            anonymise_comment(comment)
            counts.comments += 1
    return counts
