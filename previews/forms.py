"""The small form the editorial board fills in to make a preview link (Điều 13.2c)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from site_kb.forms import NFCFormMixin

MIN_DAYS = 1


class PreviewLinkForm(NFCFormMixin, forms.Form):
    """How long the link works (1 day to ``PREVIEW_LINK_MAX_DAYS``) and whom it is for; nothing
    else is asked. The note is normalised to NFC before its length is checked (site_kb.forms)."""

    note = forms.CharField(
        label=_("Ghi chú"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: Gửi đồng chí Trưởng phòng."),
        error_messages={"max_length": _("Ghi chú không được dài quá 255 ký tự.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here, not on the class, so the limits follow the settings (and their tests).
        longest = settings.PREVIEW_LINK_MAX_DAYS
        error = _("Số ngày hiệu lực phải là số nguyên từ %(min)s đến %(max)s.") % {
            "min": MIN_DAYS,
            "max": longest,
        }
        self.fields["days"] = forms.IntegerField(
            label=_("Số ngày hiệu lực (%(min)s–%(max)s)") % {"min": MIN_DAYS, "max": longest},
            min_value=MIN_DAYS,
            max_value=longest,
            initial=min(settings.PREVIEW_LINK_DEFAULT_DAYS, longest),
            error_messages={"required": error, "invalid": error, "min_value": error, "max_value": error},
        )

    def error_text(self):
        """Every error as one Vietnamese sentence for a message at the top of the admin page."""
        return " ".join(str(error) for errors in self.errors.values() for error in errors)
