"""The public form for commenting on a draft (Điều 6.3)."""

from django import forms
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from site_kb.public_forms import ConsentMixin, HoneypotMixin, PrivacyNotice, PublicFormMixin

from .models import DraftComment

# ``?da_gop_y=1`` on the draft's page: the comment was stored, the form says so.
CONFIRMATION_PARAM = "da_gop_y"

# What the commenter agrees to (Luật 91/2025/QH15); a new text needs a new version (stored on each comment).
NOTICE = PrivacyNotice(
    version="2026.1",
    purpose=_(
        "Họ tên và thư điện tử dùng để tổng hợp, trả lời ý kiến góp ý cho dự thảo và liên hệ với bạn "
        "khi cần làm rõ (Điều 6.3 Quy chế)."
    ),
    recipients=_("Ban biên tập và đơn vị soạn thảo. Tên và thư điện tử của bạn không được đăng công khai."),
    retention=_(
        "%(months)s tháng sau khi hết hạn lấy ý kiến; sau đó tên, thư điện tử và địa chỉ mạng được xoá, "
        "nội dung góp ý được giữ lại không kèm danh tính. Bạn có thể đề nghị xem, nhận bản sao hoặc xoá "
        "sớm hơn qua cán bộ quản trị website."
    ),
)


class DraftCommentForm(PublicFormMixin, HoneypotMixin, ConsentMixin, forms.ModelForm):
    """What a reader sends about a draft, in NFC before lengths are checked (site_kb.forms).

    The comment's length limit is a setting (``CONSULTATION_COMMENT_MAX_CHARS``); the help text
    a reader sees is rendered from it.
    """

    notice = NOTICE

    class Meta:
        model = DraftComment
        fields = ["name", "unit", "email", "section", "comment"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "unit": forms.TextInput(attrs={"autocomplete": "organization"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        help_texts = {"email": _("Để nhận xác nhận đã gửi và để Ban biên tập liên hệ khi cần.")}

    def __init__(self, *args, **kwargs):
        # Ids unique on the draft's page, which has other forms (search) around this one.
        kwargs.setdefault("auto_id", "gop-y-%s")
        super().__init__(*args, **kwargs)
        limit = settings.CONSULTATION_COMMENT_MAX_CHARS
        self.fields["comment"] = DraftComment._meta.get_field("comment").formfield(
            max_length=limit,
            widget=forms.Textarea(attrs={"rows": 10}),
            help_text=_("Tối đa %(count)s ký tự.") % {"count": number_format(limit, force_grouping=True)},
        )
