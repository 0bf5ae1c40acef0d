"""The upload form: a Word file and the section the draft goes to (Điều 11.4)."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from .formats import check_upload, max_upload_bytes
from .sections import grouped_choices


class WordImportForm(forms.Form):
    """Lists only the sections the user may add a NewsPage to; any other value is refused."""

    file = forms.FileField(
        label=_("Tệp Word"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".docx,.doc,.odt,application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
                "application/msword,application/vnd.oasis.opendocument.text"
            }
        ),
        error_messages={
            "required": _("Hãy chọn tệp Word cần nhập."),
            "empty": _("Tệp rỗng, không có nội dung."),
        },
    )
    section = forms.ChoiceField(
        label=_("Đăng vào chuyên mục"),
        error_messages={
            "required": _("Hãy chọn chuyên mục hoặc trường sẽ chứa tin."),
            "invalid_choice": _("Bạn không có quyền tạo tin trong chuyên mục này."),
        },
    )

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = {str(page.pk): page for page in sections}
        choices = grouped_choices(sections)
        if len(self.sections) != 1:
            choices = [("", _("— Chọn chuyên mục —"))] + choices
        else:
            self.fields["section"].initial = next(iter(self.sections))
        self.fields["section"].choices = choices
        self.fields["file"].help_text = _(
            "Tệp .docx, .doc hoặc .odt, tối đa %(limit)s. Được giữ lại: tiêu đề (đoạn kiểu Title/Heading 1, "
            "hoặc đoạn đầu tiên), các tiêu đề mục, đoạn văn với chữ đậm, nghiêng, danh sách, liên kết, bảng "
            "và ảnh (ảnh được lưu vào thư viện ảnh của đơn vị). Đoạn văn đầu tiên làm sa pô. Không giữ: phông "
            "chữ, cỡ chữ, màu, căn lề, đầu trang/chân trang. Chữ gõ bằng phông cũ TCVN3 (.VnTime) hoặc VNI "
            "được tự động chuyển sang Unicode."
        ) % {"limit": filesizeformat(max_upload_bytes())}
        self.fields["section"].help_text = _(
            "Chỉ hiện những chuyên mục, trường bạn được phép tạo tin. Tin được tạo ở dạng bản nháp, "
            "chưa đăng; bạn kiểm tra, sửa rồi gửi duyệt như mọi tin khác."
        )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.kind = check_upload(uploaded)
        return uploaded

    def clean_section(self):
        page = self.sections.get(self.cleaned_data["section"])
        if page is None:
            raise ValidationError(self.fields["section"].error_messages["invalid_choice"])
        return Page.objects.get(pk=page.pk).specific
