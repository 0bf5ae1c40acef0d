"""Admin *Dữ liệu cá nhân của bạn đọc* (Settings menu): on a reader's request, the IT officer finds
everything held under their e-mail or phone, downloads a copy (JSON) or erases it after a
confirmation step (Luật 91/2025/QH15; Điều 3.3 and 4 of the regulation give the IT officer the
site's data). Only the IT officer's group and superusers: not the board, not the schools.

The contact travels only in POST bodies, never in a URL, so no access log line ever holds it.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, Table
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from editorial.roles import IT_OFFICER
from site_kb.admin_ui import local_time
from site_kb.forms import NFCFormMixin

from . import readers
from .models import PersonalDataAction

Kind = PersonalDataAction.Kind


def can_manage_personal_data(user):
    """The IT officer (group "Quản trị CNTT") and superusers."""
    return user.is_active and (user.is_superuser or user.groups.filter(name=IT_OFFICER).exists())


class ReaderLookupForm(NFCFormMixin, forms.Form):
    email = forms.EmailField(label=gettext_lazy("Thư điện tử của bạn đọc"), required=False)
    phone = forms.CharField(label=gettext_lazy("Số điện thoại của bạn đọc"), required=False, max_length=30)

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and len(readers.phone_digits(phone)) < readers.MIN_PHONE_DIGITS:
            raise forms.ValidationError(
                _("Số điện thoại cần ít nhất %(count)s chữ số.") % {"count": readers.MIN_PHONE_DIGITS}
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("email") and not cleaned.get("phone"):
            raise forms.ValidationError(_("Nhập thư điện tử hoặc số điện thoại của bạn đọc."))
        return cleaned


class ReaderDataView(WagtailAdminTemplateMixin, FormView):
    """One page, four POST actions: tìm (search), xuat (export), xac_nhan (confirm), xoa (erase)."""

    form_class = ReaderLookupForm
    template_name = "privacy/reader_data.html"
    page_title = gettext_lazy("Dữ liệu cá nhân của bạn đọc")
    header_icon = "user"
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_personal_data(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def form_valid(self, form):
        data = readers.find(form.cleaned_data["email"], form.cleaned_data["phone"])
        action = self.request.POST.get("action", "tim")
        user = self.request.user
        if action == "xuat":
            readers.record(Kind.EXPORT, user, data)
            response = HttpResponse(readers.export_json(data), content_type="application/json; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="du-lieu-ban-doc-{data.key[:8]}-{timezone.localdate():%Y%m%d}.json"'
            )
            return response
        if action == "xoa":
            counts = readers.erase(data, user)
            readers.record(Kind.ERASE, user, data, counts)
            messages.success(
                self.request,
                _(
                    "Đã xoá thông tin cá nhân trong %(feedback)s hỏi đáp – góp ý (%(attachments)s tệp đính kèm) "
                    "và %(comments)s góp ý dự thảo."
                )
                % {
                    "feedback": counts.feedback,
                    "attachments": counts.attachments,
                    "comments": counts.comments,
                },
            )
            return redirect("privacy_reader_data:index")
        if action != "xac_nhan":
            readers.record(Kind.SEARCH, user, data)
        return self.render_to_response(
            self.get_context_data(form=form, data=data, confirming=action == "xac_nhan" and bool(data))
        )

    def get_context_data(self, data=None, confirming=False, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(data=data, confirming=confirming, action_url=reverse("privacy_reader_data:index"))
        if data is not None:
            context["feedback_table"] = Table(
                [
                    Column("tracking_code", label=_("Mã tra cứu")),
                    Column("title", label=_("Tiêu đề")),
                    Column("status", label=_("Trạng thái"), accessor="get_status_display"),
                    Column(
                        "received_at", label=_("Nhận lúc"), accessor=lambda item: local_time(item.received_at)
                    ),
                    Column(
                        "attachment",
                        label=_("Tệp đính kèm"),
                        accessor=lambda item: (
                            item.attachment.name.rsplit("/", 1)[-1] if item.attachment else ""
                        ),
                    ),
                    Column(
                        "consent",
                        label=_("Đồng ý lúc (phiên bản)"),
                        accessor=lambda item: consent_text(item),
                    ),
                ],
                data.feedback,
            )
            context["comment_table"] = Table(
                [
                    Column("page", label=_("Dự thảo"), accessor=lambda comment: comment.page.title),
                    Column("name", label=_("Người góp ý")),
                    Column(
                        "submitted_at",
                        label=_("Gửi lúc"),
                        accessor=lambda comment: local_time(comment.submitted_at),
                    ),
                    Column(
                        "consent",
                        label=_("Đồng ý lúc (phiên bản)"),
                        accessor=lambda comment: consent_text(comment),
                    ),
                ],
                data.comments,
            )
        return context


def consent_text(item):
    if item.consent_at is None:
        return _("Gửi trước khi có thông báo")
    return f"{local_time(item.consent_at)} ({item.consent_version})"


class ReaderDataViewSet(ViewSet):
    name = "privacy_reader_data"
    url_prefix = "du-lieu-ca-nhan"
    icon = "user"
    menu_label = gettext_lazy("Dữ liệu cá nhân của bạn đọc")

    def get_urlpatterns(self):
        return [path("", ReaderDataView.as_view(), name="index")]


class ReaderDataMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_personal_data(request.user)
