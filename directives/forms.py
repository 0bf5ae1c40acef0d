"""The registry's filters (Điều 6), one definition for the public registry and the board's
admin listing: all in the URL, so a filtered list can be shared, and the board's export link
on the public page carries the reader's filters unchanged."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet

import django_filters

from site_kb.public_forms import PublicFormMixin

from .documents import (
    DirectivePage,
    DocumentGroup,
    DocumentKind,
    DocumentStatus,
    DocumentSubject,
    IssuingBody,
    search_registry,
)


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class RegistryFilterSet(WagtailFilterSet):
    """Kind, issuing body, group, subject, signed year and status, as the public registry names them."""

    loai = django_filters.ModelChoiceFilter(
        field_name="doc_type",
        label=_("Loại văn bản"),
        queryset=DocumentKind.objects.all(),
        to_field_name="slug",
        empty_label=_("Tất cả"),
    )
    co_quan = django_filters.ModelChoiceFilter(
        field_name="issuing_body",
        label=_("Cơ quan ban hành"),
        queryset=IssuingBody.objects.all(),
        empty_label=_("Tất cả"),
    )
    nhom = django_filters.ChoiceFilter(
        field_name="group", label=_("Nhóm (Điều 6)"), choices=DocumentGroup.choices, empty_label=_("Tất cả")
    )
    linh_vuc = django_filters.ModelChoiceFilter(
        field_name="subjects",
        label=_("Lĩnh vực"),
        queryset=DocumentSubject.objects.all(),
        empty_label=_("Tất cả"),
    )
    nam = YearFilter(
        field_name="signed_date", lookup_expr="year", label=_("Năm ký"), min_value=1945, max_value=2100
    )
    hieu_luc = django_filters.ChoiceFilter(
        field_name="status", label=_("Hiệu lực"), choices=DocumentStatus.choices, empty_label=_("Tất cả")
    )

    class Meta:
        model = DirectivePage
        fields = []


class RegistrySearchForm(PublicFormMixin, forms.Form):
    """The public registry's own fields around the shared filters, in NFC before lengths are
    checked (site_kb.forms)."""

    field_order = ["q", *RegistryFilterSet.base_filters, "sap_xep"]

    q = forms.CharField(label=_("Số ký hiệu hoặc từ khoá"), required=False, max_length=200)
    sap_xep = forms.ChoiceField(
        label=_("Sắp xếp"),
        choices=[("", _("Ngày ký mới nhất")), ("cu", _("Ngày ký cũ nhất"))],
        required=False,
    )


class PublicRegistryFilterSet(RegistryFilterSet):
    """The shared filters plus the words or number typed and the sort order."""

    class Meta(RegistryFilterSet.Meta):
        form = RegistrySearchForm

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        for name, filter_ in self.filters.items():
            queryset = filter_.filter(queryset, data.get(name))
        if self.form.cleaned_data["sap_xep"] == "cu":
            queryset = queryset.order_by("signed_date", "id")
        return search_registry(queryset, self.form.cleaned_data["q"])
