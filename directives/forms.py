"""The registry's filters: all in the URL, so a filtered list can be shared (Điều 6)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from site_kb.forms import NFCFormMixin

from .models import DocumentGroup, DocumentKind, DocumentStatus, DocumentSubject, IssuingBody


class RegistryFilterForm(NFCFormMixin, forms.Form):
    """The filters as typed, in NFC before lengths are checked (site_kb.forms)."""

    q = forms.CharField(label=_("Số ký hiệu hoặc từ khoá"), required=False, max_length=200)
    loai = forms.ModelChoiceField(
        label=_("Loại văn bản"),
        queryset=DocumentKind.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Tất cả"),
    )
    co_quan = forms.ModelChoiceField(
        label=_("Cơ quan ban hành"),
        queryset=IssuingBody.objects.all(),
        required=False,
        empty_label=_("Tất cả"),
    )
    nhom = forms.TypedChoiceField(
        label=_("Nhóm (Điều 6)"),
        choices=[("", _("Tất cả"))] + list(DocumentGroup.choices),
        coerce=int,
        required=False,
        empty_value=None,
    )
    linh_vuc = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=DocumentSubject.objects.all(), required=False, empty_label=_("Tất cả")
    )
    nam = forms.IntegerField(label=_("Năm ký"), required=False, min_value=1945, max_value=2100)
    hieu_luc = forms.ChoiceField(
        label=_("Hiệu lực"), choices=[("", _("Tất cả"))] + list(DocumentStatus.choices), required=False
    )
    sap_xep = forms.ChoiceField(
        label=_("Sắp xếp"),
        choices=[("", _("Ngày ký mới nhất")), ("cu", _("Ngày ký cũ nhất"))],
        required=False,
    )

    def filter(self, documents):
        data = self.cleaned_data
        if data["loai"]:
            documents = documents.filter(doc_type=data["loai"])
        if data["co_quan"]:
            documents = documents.filter(issuing_body=data["co_quan"])
        if data["nhom"]:
            documents = documents.filter(group=data["nhom"])
        if data["linh_vuc"]:
            documents = documents.filter(subjects=data["linh_vuc"])
        if data["nam"]:
            documents = documents.filter(signed_date__year=data["nam"])
        if data["hieu_luc"]:
            documents = documents.filter(status=data["hieu_luc"])
        if data["sap_xep"] == "cu":
            documents = documents.order_by("signed_date", "pk")
        return documents
