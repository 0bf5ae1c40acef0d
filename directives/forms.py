"""The registry's filters (Điều 6), one definition for the public registry and the board's
admin listing: all in the URL, so a filtered list can be shared, and the board's export link
on the public page carries the reader's filters unchanged."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet

import django_filters

from site_kb.cache_tags import add_tags, model_tag
from site_kb.collation import sorted_vietnamese
from site_kb.public_forms import LongSelect, PublicFormMixin
from site_kb.slugs import ascii_slug
from site_kb.urlparams import PublicParam

from .documents import (
    DirectivePage,
    DocumentGroup,
    DocumentKind,
    DocumentStatus,
    DocumentSubject,
    IssuingBody,
    search_registry,
)

# Values in the address are Vietnamese slugs (issue 15.12): ``hieu_luc=con-hieu-luc``, ``nhom=chi-dao-
# dieu-hanh``, ``co_quan=so-gddt-ha-nam``; what old links carry (``in-force``, ``1``, a number)
# redirects to them (DirectiveIndexPage.public_params, site_kb.urlparams).
STATUS_PARAM = PublicParam(
    "hieu_luc",
    {
        DocumentStatus.IN_FORCE: "con-hieu-luc",
        DocumentStatus.EXPIRED: "het-hieu-luc",
        DocumentStatus.REPLACED: "da-bi-thay-the",
    },
)
GROUP_PARAM = PublicParam(
    "nhom",
    {
        DocumentGroup.LEGAL: "van-ban-cua-cap-tren",
        DocumentGroup.LEADERSHIP: "chi-dao-dieu-hanh",
        DocumentGroup.INTERNAL: "noi-quy-quy-che-du-thao",
    },
)


class NameSlugParam(PublicParam):
    """A register's row in the address by its folded name; old links named it by number."""

    def __init__(self, name, model):
        super().__init__(name, {})
        self.model = model

    def legacy_slug(self, value):
        if not value.isdigit() or len(value) > 18:
            return None
        name = self.model.objects.filter(pk=value).values_list("name", flat=True).first()
        return ascii_slug(name) or None if name else None


ISSUER_PARAM = NameSlugParam("co_quan", IssuingBody)
SUBJECT_PARAM = NameSlugParam("linh_vuc", DocumentSubject)


def name_choices(rows):
    """``[(folded name, name)]`` of register rows in Vietnamese order; names that fold alike
    ("Sở GD&ĐT Hà Nam", "Sở GD&ĐT  hà nam") are one choice."""
    choices = {}
    for name in sorted_vietnamese(rows.values_list("name", flat=True)):
        choices.setdefault(ascii_slug(name), name)
    return [(slug, name) for slug, name in choices.items() if slug]


class NameSlugFilter(django_filters.ChoiceFilter):
    """Filters by a register (issuing bodies, subjects) through the folded name of its rows."""

    def __init__(self, *args, register, **kwargs):
        self.register = register
        super().__init__(*args, choices=lambda: name_choices(register.objects.all()), **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        ids = [
            pk for pk, name in self.register.objects.values_list("pk", "name") if ascii_slug(name) == value
        ]
        # Through a subquery: a document with two matching subjects is listed once.
        return qs.filter(pk__in=qs.model.objects.filter(**{f"{self.field_name}__in": ids}).values("pk"))


class SlugChoiceFilter(django_filters.ChoiceFilter):
    """A choice filter whose choices are a PublicParam's slugs of stored values."""

    def __init__(self, *args, param, choices, **kwargs):
        self.param = param
        super().__init__(*args, choices=param.choices(choices), **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, self.param.values.get(value, value) if value else value)


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
    co_quan = NameSlugFilter(
        field_name="issuing_body", label=_("Cơ quan ban hành"), register=IssuingBody, empty_label=_("Tất cả")
    )
    nhom = SlugChoiceFilter(
        field_name="group",
        label=_("Nhóm (Điều 6)"),
        param=GROUP_PARAM,
        choices=DocumentGroup.choices,
        empty_label=_("Tất cả"),
    )
    linh_vuc = NameSlugFilter(
        field_name="subjects", label=_("Lĩnh vực"), register=DocumentSubject, empty_label=_("Tất cả")
    )
    nam = YearFilter(
        field_name="signed_date", lookup_expr="year", label=_("Năm ký"), min_value=1945, max_value=2100
    )
    hieu_luc = SlugChoiceFilter(
        field_name="status",
        label=_("Hiệu lực"),
        param=STATUS_PARAM,
        choices=DocumentStatus.choices,
        empty_label=_("Tất cả"),
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

    def __init__(self, *args, **kwargs):
        """Every select drawn by ``LongSelect``: the same markup as Django's, without a template
        render per option (about 50 renders, a third of the registry's rendering, issue 17)."""
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                widget = LongSelect(attrs=field.widget.attrs)
                widget.choices = field.widget.choices
                widget.is_required = field.widget.is_required
                field.widget = widget


# The registers a registry's filters offer rows of: a row renamed, added or removed purges them.
REGISTER_TAGS = tuple(map(model_tag, (DocumentKind, IssuingBody, DocumentSubject)))


def registry_choices(documents):
    """``(kinds, issuing bodies, subjects)`` that ``documents`` use, as ``(value, label)`` pairs in
    the order offered: three queries, whatever the number of documents."""
    documents = documents.model.objects.filter(pk__in=documents.values("pk"))
    return (
        list(DocumentKind.objects.filter(pk__in=documents.values("doc_type")).values_list("slug", "name")),
        name_choices(IssuingBody.objects.filter(pk__in=documents.values("issuing_body"))),
        name_choices(DocumentSubject.objects.filter(pk__in=documents.values("subjects"))),
    )


class PublicRegistryFilterSet(RegistryFilterSet):
    """The shared filters plus the words or number typed and the sort order.

    The kind is chosen by its slug among a list read in one query, as the admin's ``loai`` offers
    it: a ``ModelChoiceFilter`` read its kinds again to check the value and once more, through a
    server-side cursor, to draw them (issue 17)."""

    loai = django_filters.ChoiceFilter(
        field_name="doc_type__slug", label=_("Loại văn bản"), choices=[], empty_label=_("Tất cả")
    )

    class Meta(RegistryFilterSet.Meta):
        form = RegistrySearchForm

    def __init__(self, data=None, queryset=None, choices=None, **kwargs):
        """The kinds, issuing bodies and subjects offered are those of the documents listed
        (``queryset``, this registry's published ones), each once: a register's unused rows
        led readers to empty lists (issue 15.14). ``choices``: ``registry_choices(queryset)``
        as the registry page kept it (issue 17), else read here."""
        super().__init__(data, queryset=queryset, **kwargs)
        if queryset is None:
            return
        add_tags(None, *REGISTER_TAGS)  # issue 17
        kinds, issuers, subjects = choices if choices is not None else registry_choices(queryset)
        self.filters["loai"].extra["choices"] = list(kinds)
        self.filters["co_quan"].extra["choices"] = list(issuers)
        self.filters["linh_vuc"].extra["choices"] = list(subjects)

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        for name, filter_ in self.filters.items():
            queryset = filter_.filter(queryset, data.get(name))
        if self.form.cleaned_data["sap_xep"] == "cu":
            queryset = queryset.order_by("signed_date", "id")
        return search_registry(queryset, self.form.cleaned_data["q"])
