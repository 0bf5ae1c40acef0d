"""The admin forms for readers' questions and feedback (Điều 14).

The IT officer and the board classify, route, answer, close and publish; a school
only writes the answer to what is assigned to it, so its form has nothing else. Every form
normalises to NFC first (site_kb.forms.NFCFormMixin), so length limits hold for what is stored.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Page

from org.models import OrgUnitPage
from schools.models import SchoolPage
from site_kb.forms import NFCFormMixin

from . import disclosure, workdays
from .records import DayOff, Feedback, Status

ANSWER_HELP = _("Khi bấm Lưu, nội dung trả lời được gửi ngay qua thư điện tử cho bạn đọc.")


class UnitChoiceField(forms.ModelMultipleChoiceField):
    """Schools and units by title, in the order of the page tree."""

    def label_from_instance(self, obj):
        return obj.title


def unit_choices(instance=None):
    """Live schools and organisation units, plus whatever is already assigned (even if unpublished since)."""
    condition = Q(pk__in=Page.objects.live().type(SchoolPage, OrgUnitPage).values("pk"))
    if instance is not None and instance.pk:
        condition |= Q(pk__in=instance.assigned_to.values("pk"))
    return Page.objects.filter(condition).order_by("path")


class ClassifyFeedbackForm(NFCFormMixin, WagtailAdminModelForm):
    """For holders of ``feedback.classify_feedback``: the IT officer, the board and superusers."""

    assigned_to = UnitChoiceField(
        label=_("Giao cho trường / đơn vị"),
        queryset=Page.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Trường được giao sẽ thấy và trả lời câu hỏi này."),
    )

    class Meta:
        model = Feedback
        fields = [
            "topic",
            "is_complex",
            "status",
            "assigned_to",
            "answer",
            "is_published",
            "public_question",
            "public_answer",
        ]
        widgets = {
            "answer": forms.Textarea(attrs={"rows": 8}),
            "public_question": forms.Textarea(attrs={"rows": 4}),
            "public_answer": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {"answer": ANSWER_HELP}

    # What the public page shows, with the form field the editor corrects it in.
    PUBLIC_TEXTS = (
        ("public_question", _("Câu hỏi khi đăng")),
        ("public_answer", _("Câu trả lời khi đăng")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = unit_choices(self.instance)
        self.fields["is_complex"].help_text = _(
            "Hạn trả lời %(complex)s ngày làm việc thay vì %(normal)s (Điều 14.2)."
        ) % {"complex": workdays.answer_days(is_complex=True), "normal": workdays.answer_days()}
        self.publish_note = ""
        if self.is_bound:
            # Offered only with a warning on screen (a save that found the reader's data): ticked
            # in advance it would let a publish through before anyone had read what was found.
            self.fields["publish_despite_warning"] = forms.BooleanField(
                label=_("Vẫn đăng"),
                required=False,
                help_text=_(
                    "Chỉ đánh dấu khi đã đọc lại và chắc chắn những chỗ được cảnh báo không phải thông tin của "
                    "bạn đọc (ví dụ tên một trường trùng tên người). Việc này được ghi vào lịch sử xử lý."
                ),
            )

    def clean(self):
        cleaned = super().clean()
        answer = cleaned.get("answer", "")
        if cleaned.get("is_published") and not answer:
            self.add_error("is_published", _("Cần có nội dung trả lời trước khi đăng lên trang Hỏi đáp."))
        if cleaned.get("is_published") and not cleaned.get("public_answer"):
            self.add_error(
                "public_answer",
                _(
                    "Hãy nhập câu trả lời để đăng lên trang Hỏi đáp (bản công khai, không có tên, số điện "
                    "thoại, thư điện tử của bạn đọc). Câu trả lời gửi bạn đọc không được đăng."
                ),
            )
        if cleaned.get("is_published") and not self.errors:
            self.check_disclosure(cleaned)
        if cleaned.get("status") == Status.ANSWERED and not answer:
            self.add_error("status", _("Chưa có nội dung trả lời: chưa thể chuyển sang “Đã trả lời”."))
        if cleaned.get("status") == Status.HELD and (
            cleaned.get("assigned_to") or answer or cleaned.get("is_published")
        ):
            # Held items have no deadline and the reader has had no e-mail: they are
            # released (status "Mới nhận") before anyone works on them.
            self.add_error(
                "status",
                _(
                    "Câu hỏi đang chờ kiểm tra: hãy chọn trạng thái “Mới nhận” để tiếp nhận trước khi giao xử lý, trả lời hoặc đăng."
                ),
            )
        return cleaned

    def check_disclosure(self, cleaned):
        """Refuse to publish what shows the reader's name, phone or e-mail, unless the editor, shown
        what was found, confirms it is not theirs (feedback.disclosure). Run on every save of a
        published item: a text edited after publishing is about to be published too."""
        texts = {
            "public_question": cleaned.get("public_question") or self.instance.content,
            "public_answer": cleaned.get("public_answer", ""),
        }
        found = {
            field: disclosure.findings_for(self.instance, texts[field]) for field, _label in self.PUBLIC_TEXTS
        }
        title_hits = disclosure.findings_for(self.instance, self.instance.title)
        if not (title_hits or any(found.values())):
            return
        described = "; ".join(
            hit.describe() for hit in [*title_hits, *found["public_question"], *found["public_answer"]]
        )
        if cleaned.get("publish_despite_warning"):
            self.publish_note = _("Đăng dù có cảnh báo: %(found)s") % {"found": described}
            return
        for field, label in self.PUBLIC_TEXTS:
            if not found[field]:
                continue
            message = _("%(text)s có %(found)s.") % {
                "text": label,
                "found": ", ".join(hit.describe() for hit in found[field]),
            }
            if field == "public_question" and not cleaned.get("public_question"):
                message += " " + _(
                    "Ô này đang trống nên trang Hỏi đáp sẽ đăng nguyên văn nội dung bạn đọc gửi: hãy nhập "
                    "câu hỏi đã bỏ thông tin cá nhân."
                )
            self.add_error(field, message)
        if title_hits:
            self.add_error(
                "is_published",
                _(
                    "Tiêu đề bạn đọc đặt có %(found)s và được đăng nguyên văn: nếu đúng là thông tin của bạn "
                    "đọc, đừng đăng câu hỏi này."
                )
                % {"found": ", ".join(hit.describe() for hit in title_hits)},
            )
        self.add_error(
            "publish_despite_warning",
            _(
                "Chưa đăng: nội dung sắp đăng có thể làm lộ bạn đọc (%(found)s). Hãy sửa các ô được đánh dấu, "
                "hoặc đánh dấu “Vẫn đăng” nếu chắc chắn đó không phải thông tin của bạn đọc."
            )
            % {"found": described},
        )


class AnswerFeedbackForm(NFCFormMixin, WagtailAdminModelForm):
    """For a school's contact and principal: the answer only."""

    class Meta:
        model = Feedback
        fields = ["answer"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 10})}
        help_texts = {"answer": ANSWER_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        answer = self.fields["answer"]
        if self.instance.status == Status.CLOSED:
            answer.disabled = True
            answer.help_text = _("Câu hỏi đã được đóng, không sửa được câu trả lời.")
        else:
            answer.required = True
            answer.error_messages["required"] = _("Hãy nhập nội dung trả lời.")


class DayOffForm(NFCFormMixin, WagtailAdminModelForm):
    class Meta:
        model = DayOff
        fields = ["date", "name"]
