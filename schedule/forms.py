"""The schedule page's editor form: a week pasted from a spreadsheet becomes entries.

The paste box is a form field only (nothing is stored): its rows are checked in ``clean()``,
with the line number in every message, and added to the page's entries in ``save()``, after
the inline formset has set the typed rows, so a draft, a publication and a preview all get
them the same way.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from site_kb.forms import NFCAdminPageForm

from . import changes
from .parsing import parse_pasted_schedule

PASTE_FIELD = "paste_from_spreadsheet"
PASTE_HELP = gettext_lazy(
    "Chép các ô của lịch từ Excel (hoặc Google Trang tính) rồi dán vào đây, mỗi dòng một buổi, "
    "các cột theo đúng thứ tự: Ngày (dd/mm/yyyy) – Giờ (HH:MM hoặc HH:MM-HH:MM) – Nội dung – "
    "Chủ trì – Thành phần – Địa điểm – Ghi chú (các cột cách nhau bằng dấu Tab, như khi chép "
    "từ bảng tính). Ba cột đầu là bắt buộc; ô ngày để trống thì lấy ngày của dòng trên; dòng "
    "tiêu đề được bỏ qua. Khi lưu, các dòng được thêm vào danh sách lịch bên dưới và ô này "
    "được xoá trống."
)


def entries_from_paste(entry_model, text):
    """Unsaved ``entry_model`` rows for the pasted ``text``; a ValidationError lists every bad line."""
    entries, errors = [], []
    for row in parse_pasted_schedule(text):
        entry = entry_model(
            date=row.date,
            start_time=row.start_time,
            end_time=row.end_time,
            content=row.content,
            chaired_by=row.chaired_by,
            attendees=row.attendees,
            place=row.place,
            note=row.note,
        )
        try:
            entry.full_clean(exclude=["page", "uid", "sort_order"])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                label = entry_model._meta.get_field(field).verbose_name if field != "__all__" else ""
                for message in messages:
                    prefix = _("Dòng %(line)s") % {"line": row.line}
                    errors.append(f"{prefix} ({label}): {message}" if label else f"{prefix}: {message}")
            continue
        entries.append(entry)
    if errors:
        raise ValidationError(errors)
    return entries


def add_pasted_entries(page, pasted):
    """Adds to ``page.entries`` the pasted rows it does not hold yet (the same row pasted twice,
    or a row already typed, is added once)."""
    existing = {changes.signature(entry) for entry in page.entries.all()}
    new = []
    for entry in pasted:
        if changes.signature(entry) not in existing:
            existing.add(changes.signature(entry))
            new.append(entry)
    if new:
        page.entries.add(*new)
    return new


class WorkSchedulePageForm(NFCAdminPageForm):
    paste_from_spreadsheet = forms.CharField(
        label=gettext_lazy("dán từ bảng tính"), required=False, widget=forms.Textarea, help_text=PASTE_HELP
    )

    def clean(self):
        cleaned_data = super().clean()
        self.pasted_entries = []
        text = cleaned_data.get(PASTE_FIELD) or ""
        if text.strip():
            try:
                self.pasted_entries = entries_from_paste(
                    self._meta.model._meta.get_field("entries").related_model, text
                )
            except ValidationError as error:
                self.add_error(PASTE_FIELD, error.messages)
        return cleaned_data

    def save(self, commit=True):
        page = super().save(commit=False)
        add_pasted_entries(page, getattr(self, "pasted_entries", []))
        page.normalise_entries()
        if commit:
            page.save()
        return page
