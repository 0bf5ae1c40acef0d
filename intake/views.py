"""The "Nhập từ tệp Word" admin screen (Điều 11.4): upload, pick a section, land in the draft's editor."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .forms import WordImportForm
from .importer import WordImportError, import_word_file
from .sections import sections_for_user


def success_message(result):
    parts = [
        _("Đã tạo bản nháp «%(title)s» từ tệp Word: %(images)d ảnh, %(tables)d bảng.")
        % {"title": result.page.title, "images": result.image_count, "tables": result.table_count}
    ]
    if result.legacy_runs:
        parts.append(
            _(
                "Một số đoạn chữ gõ bằng phông cũ (TCVN3/VNI) đã được chuyển sang Unicode; "
                "hãy đọc soát lại chính tả trước khi gửi duyệt."
            )
        )
    if result.skipped_images:
        parts.append(
            _(
                "%(count)d hình vẽ không phải ảnh thông thường (như hình vẽ EMF/WMF) không nhập được; hãy thêm lại nếu cần."
            )
            % {"count": result.skipped_images}
        )
    parts.append(_("Bài chưa được đăng: hãy kiểm tra tiêu đề, sa pô, nội dung rồi gửi duyệt."))
    return " ".join(parts)


class WordImportView(WagtailAdminTemplateMixin, FormView):
    """Thin: the form checks the file, the importer builds the draft, this view only routes."""

    form_class = WordImportForm
    template_name = "intake/word_import.html"
    page_title = gettext_lazy("Nhập từ tệp Word")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        self.sections = sections_for_user(request.user)
        if not self.sections:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_initial(self):
        """``?section=`` (from the page explorer's button) chooses the section in advance."""
        section = self.request.GET.get("section")
        return {"section": section} if section else {}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "sections": self.sections}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=reverse("intake:word_import"),
            submit_button_label=_("Nhập và tạo bản nháp"),
            submit_button_active_label=_("Đang nhập…"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            result = import_word_file(
                form.cleaned_data["file"], form.kind, form.cleaned_data["section"], self.request.user
            )
        except WordImportError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        messages.success(self.request, success_message(result))
        return redirect("wagtailadmin_pages:edit", result.page.pk)
