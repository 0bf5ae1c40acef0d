"""The public form for commenting on a draft (Điều 6.3)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from site_kb.forms import HoneypotMixin, NFCFormMixin

from .models import COMMENT_MAX_LENGTH, DraftComment

# ``?da_gop_y=1`` on the draft's page: the comment was stored, the form says so.
CONFIRMATION_PARAM = "da_gop_y"


class DraftCommentForm(NFCFormMixin, HoneypotMixin, forms.ModelForm):
    """What a reader sends about a draft, in NFC before lengths are checked (site_kb.forms)."""

    class Meta:
        model = DraftComment
        fields = ["name", "unit", "email", "section", "comment"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name", "maxlength": 100}),
            "unit": forms.TextInput(attrs={"autocomplete": "organization", "maxlength": 200}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "section": forms.TextInput(attrs={"maxlength": 200}),
            "comment": forms.Textarea(attrs={"rows": 10, "maxlength": COMMENT_MAX_LENGTH}),
        }
        help_texts = {
            "email": _("Để nhận xác nhận đã gửi và để Ban biên tập liên hệ khi cần."),
            "comment": _("Tối đa 5.000 ký tự."),
        }

    def __init__(self, *args, **kwargs):
        # Ids unique on the draft's page, which has other forms (search) around this one.
        kwargs.setdefault("auto_id", "gop-y-%s")
        super().__init__(*args, **kwargs)
