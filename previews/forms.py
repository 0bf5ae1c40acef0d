"""The small form the editorial board fills in to make a preview link (Điều 13.2c)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from site_kb.forms import NFCFormMixin

from .models import DEFAULT_DAYS, MAX_DAYS, MIN_DAYS

DAYS_ERROR = _("Số ngày hiệu lực phải là số nguyên từ 1 đến 30.")


class PreviewLinkForm(NFCFormMixin, forms.Form):
    """How long the link works (1–30 days) and whom it is for; nothing else is asked. The note is
    normalised to NFC before its length is checked (site_kb.forms)."""

    note = forms.CharField(
        label=_("Ghi chú"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: Gửi đồng chí Trưởng phòng."),
        error_messages={"max_length": _("Ghi chú không được dài quá 255 ký tự.")},
    )
    days = forms.IntegerField(
        label=_("Số ngày hiệu lực"),
        min_value=MIN_DAYS,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        error_messages={
            "required": DAYS_ERROR,
            "invalid": DAYS_ERROR,
            "min_value": DAYS_ERROR,
            "max_value": DAYS_ERROR,
        },
    )

    def error_text(self):
        """Every error as one Vietnamese sentence for a message at the top of the admin page."""
        return " ".join(str(error) for errors in self.errors.values() for error in errors)
