"""The reader's forms: send a question or feedback, and look up its status.

Both normalise what they receive to NFC before validating (site_kb.forms.NFCFormMixin), so a
length limit holds for the text that is stored; attachments are judged by their content
(site_kb.filecheck), not by their name.
"""

from operator import itemgetter
from pathlib import Path

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from org.models import OrgUnitPage
from schools.models import SchoolPage
from site_kb import filecheck, virusscan
from site_kb.cache_tags import descendants_tag, page_tag
from site_kb.collation import order_listed, sorted_vietnamese
from site_kb.phones import is_phone_number, phone_digits
from site_kb.public_forms import ConsentMixin, HoneypotMixin, LongSelect, PrivacyNotice, PublicFormMixin
from site_kb.shared_choices import SharedChoices, shared_options
from site_kb.sites import public_pages

from .records import Feedback

ATTACHMENT_EXTENSIONS = {"pdf", "doc", "docx", "jpg", "jpeg", "png"}
PHONE_ERROR = _("Số điện thoại chưa đúng. Ví dụ: 0912 345 678 hoặc +84 912 345 678.")

# What the reader agrees to (Luật 91/2025/QH15); a new text needs a new version (stored on each item).
NOTICE = PrivacyNotice(
    version="2026.1",
    purpose=_(
        "Họ tên, thư điện tử, số điện thoại và tệp đính kèm chỉ dùng để tiếp nhận, trả lời câu hỏi, "
        "góp ý của bạn và báo cho bạn kết quả (Điều 14 Quy chế)."
    ),
    recipients=_(
        "Cán bộ tiếp nhận, Ban biên tập và trường hoặc đơn vị được giao trả lời. Khi câu trả lời được "
        "đăng lên trang Hỏi đáp, chỉ đăng câu hỏi và câu trả lời, không kèm tên và liên hệ của bạn."
    ),
    retention=_(
        "%(months)s tháng sau khi câu hỏi được trả lời hoặc đóng; sau đó tên, thư điện tử, số điện "
        "thoại và tệp đính kèm được xoá. Bạn có thể đề nghị xem, nhận bản sao hoặc xoá sớm hơn qua cán "
        "bộ quản trị website."
    ),
)


def concerned_units(site_root):
    """The schools and units a reader may address a question to: live and public (no view
    restriction on them or above them: ``public_pages``, which runs no query) beneath
    ``site_root``; every one without a site."""
    units = public_pages(Page.objects.live().type(SchoolPage, OrgUnitPage))
    return units.descendant_of(site_root) if site_root is not None else units


def unit_options(site_root):
    """``concerned_units`` as (id, name) in Vietnamese order ("Dương" before "Đồng Hóa"), with their
    markup, built once and shared by every request until one of them is published, unpublished,
    moved or renamed beneath ``site_root`` (site_kb.shared_choices, issue 17)."""

    def build():
        root = site_root if site_root is not None else Page.get_first_root_node()
        rows = sorted_vietnamese(concerned_units(site_root).values_list("pk", "title"), key=itemgetter(1))
        return rows, [descendants_tag(root), *(page_tag(pk) for pk, _title in rows)]

    name = f"feedback-units:{site_root.pk}:{site_root.path}" if site_root is not None else "feedback-units"
    return shared_options(name, build)


class FeedbackForm(PublicFormMixin, HoneypotMixin, ConsentMixin, forms.ModelForm):
    notice = NOTICE

    class Meta:
        model = Feedback
        fields = ["name", "email", "phone", "concerned_unit", "topic", "title", "content", "attachment"]
        widgets = {  # maxlength from the model fields; autocomplete names the purpose (WCAG 1.3.5)
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
            "content": forms.Textarea(attrs={"rows": 8}),
            "concerned_unit": LongSelect,  # every school of the authority
        }
        help_texts = {"email": _("Để nhận mã tra cứu và câu trả lời qua thư.")}

    def __init__(self, *args, site_root=None, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.fields["concerned_unit"]
        unit.empty_label = _("— Không chọn —")
        options = unit_options(site_root)
        # A posted unit is looked up in the queryset itself (exact, whatever the shared list holds);
        # readers are shown the shared list, in whose order the queryset also iterates.
        unit.queryset = order_listed(concerned_units(site_root), [pk for pk, _title in options.choices])
        unit.widget.choices = SharedChoices([("", unit.empty_label)], options)
        self.fields["attachment"].help_text = _(
            "Không bắt buộc. PDF, Word hoặc ảnh (JPG, PNG), tối đa %(size)s."
        ) % {"size": filesizeformat(settings.FEEDBACK_ATTACHMENT_MAX_BYTES)}

    def clean_phone(self):
        """A number the office can call back and the reader can look up with (site_kb.phones)."""
        phone = self.cleaned_data["phone"].strip()
        if phone and not is_phone_number(phone):
            raise forms.ValidationError(PHONE_ERROR)
        return phone

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return upload
        if Path(upload.name).suffix.lower().lstrip(".") not in ATTACHMENT_EXTENSIONS:
            raise forms.ValidationError(_("Chỉ nhận tệp PDF, Word (DOC, DOCX) hoặc ảnh JPG, PNG."))
        if upload.size > settings.FEEDBACK_ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn: tối đa %(size)s.")
                % {"size": filesizeformat(settings.FEEDBACK_ATTACHMENT_MAX_BYTES)}
            )
        filecheck.check_upload(upload, ATTACHMENT_EXTENSIONS)
        virusscan.check_upload(upload)  # Điều 4: malware, when clamd is configured
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone"):
            raise forms.ValidationError(
                _("Hãy để lại thư điện tử hoặc số điện thoại để chúng tôi trả lời bạn.")
            )
        return cleaned


class StatusForm(PublicFormMixin, forms.Form):
    """The reader's status lookup: the tracking code with the e-mail *or* the phone number given
    when sending, so a reader who left only a phone can look up too (Điều 14)."""

    code = forms.CharField(label=_("Mã tra cứu"), max_length=12)
    email = forms.EmailField(
        label=_("Thư điện tử đã dùng khi gửi"),
        required=False,
        help_text=_("Hoặc bỏ trống ô này và điền số điện thoại ở ô dưới: một trong hai là đủ."),
    )
    phone = forms.CharField(
        label=_("Số điện thoại đã dùng khi gửi"),
        required=False,
        max_length=Feedback._meta.get_field("phone").max_length,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, **kwargs):
        # Ids unique on the page, which also holds the question form (its own ``email``).
        kwargs.setdefault("auto_id", "tra-cuu-%s")
        super().__init__(*args, **kwargs)

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not is_phone_number(phone):
            raise forms.ValidationError(PHONE_ERROR)
        return phone

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("email") and not cleaned.get("phone"):
            raise forms.ValidationError(
                _("Hãy điền thư điện tử hoặc số điện thoại bạn đã để lại khi gửi câu hỏi.")
            )
        return cleaned

    def find(self):
        """The item with this code whose e-mail or phone is the one given, or None.

        The code alone is never enough, so codes cannot be tried one by one; the contact alone
        finds nothing either. A wrong code and a wrong contact look alike to the reader (the
        view shows one message for both). Phones are compared by their digits (site_kb.phones).
        """
        code = self.cleaned_data["code"].strip().upper()
        item = Feedback.objects.filter(tracking_code=code).first()
        if item is None:
            return None
        email = self.cleaned_data.get("email", "").strip().lower()
        digits = phone_digits(self.cleaned_data.get("phone", ""))
        if email and item.email and item.email.strip().lower() == email:
            return item
        if digits and item.phone and phone_digits(item.phone) == digits:
            return item
        return None
