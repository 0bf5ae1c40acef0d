"""The public form for commenting on a draft (Điều 6.3)."""

from django import forms
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from site_kb.public_forms import HoneypotMixin, PublicFormMixin

from .models import DraftComment

# ``?da_gop_y=1`` on the draft's page: the comment was stored, the form says so.
CONFIRMATION_PARAM = "da_gop_y"


class DraftCommentForm(PublicFormMixin, HoneypotMixin, forms.ModelForm):
    """What a reader sends about a draft, in NFC before lengths are checked (site_kb.forms).

    The comment's length limit is a setting (``CONSULTATION_COMMENT_MAX_CHARS``); the help text
    a reader sees is rendered from it.
    """

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
