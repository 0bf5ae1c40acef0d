"""The admin's forms for making member sites (issue 16.4): one school, or a CSV file of many."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from schools.models import SchoolLevel
from site_kb.forms import NFCFormMixin

from .csv_import import read_rows
from .services import NAME_MAX_LENGTH, clean_unit_input

CSV_MAX_BYTES = 1024 * 1024
# A web request makes at most this many sites: each takes about 3 s on 2 busy CPUs (measured,
# with its 7 Art. 9 pages), within gunicorn's 180 s timeout. A longer list goes through
# ``manage.py create_unit --from-csv``, which has no timeout and shows a progress bar.
CSV_MAX_ROWS = 50


class UnitForm(NFCFormMixin, forms.Form):
    """One school: the arguments of ``units.services.create_unit``, checked the same way."""

    name = forms.CharField(
        label=_("Tên trường"),
        max_length=NAME_MAX_LENGTH,
        help_text=_(
            "Tên đầy đủ, ví dụ: Trường THCS Ba Sao. Tên một trường đã có thì chỉ bổ sung phần còn thiếu."
        ),
    )
    level = forms.ChoiceField(
        label=_("Cấp học"), choices=[("", "---------")] + SchoolLevel.choices, required=False
    )
    commune = forms.CharField(label=_("Xã / phường"), max_length=100, required=False)
    hostname = forms.CharField(
        label=_("Tên miền"),
        max_length=255,
        required=False,
        help_text=_(
            "Địa chỉ riêng của trang thành viên, ví dụ: thcs-basao.example.edu.vn. Để trống nếu chưa có."
        ),
    )
    contact_email = forms.CharField(
        label=_("Thư điện tử của đầu mối"),
        max_length=254,
        required=False,
        help_text=_(
            "Tài khoản mới nhận thư mời đặt mật khẩu; tài khoản đã có thì được thêm vào nhóm của trường."
        ),
    )
    principal_email = forms.CharField(label=_("Thư điện tử của hiệu trưởng"), max_length=254, required=False)

    def clean(self):
        cleaned = super().clean()
        try:
            clean_unit_input(**{name: cleaned.get(name, "") for name in self.fields})
        except ValidationError as error:
            for key, messages in error.error_dict.items():
                if key not in self.errors:
                    self.add_error(key if key in self.fields else None, messages)
        return cleaned


class UnitCsvForm(forms.Form):
    """A CSV file of schools (``units.csv_import``), read here so a bad file is refused as a whole."""

    file = forms.FileField(
        label=_("Tệp CSV"),
        help_text=_(
            "UTF-8, phân cách bằng dấu phẩy hoặc chấm phẩy; dòng đầu là tiêu đề: "
            "ten,cap,xa,ten_mien,email_dau_moi,email_hieu_truong (hoặc name,level,commune,hostname,"
            "contact_email,principal_email). Tối đa 50 dòng; danh sách dài hơn dùng lệnh create_unit --from-csv."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > CSV_MAX_BYTES:
            raise ValidationError(_("Tệp lớn quá 1 MB."))
        rows = read_rows(upload.read())
        if not rows:
            raise ValidationError(_("Tệp không có dòng nào dưới dòng tiêu đề."))
        if len(rows) > CSV_MAX_ROWS:
            raise ValidationError(
                _(
                    "Tệp có %(count)s dòng, quá %(max)s dòng một lần tải lên: chia nhỏ tệp hoặc dùng lệnh create_unit --from-csv."
                )
                % {"count": len(rows), "max": CSV_MAX_ROWS}
            )
        self.rows = rows
        return upload
