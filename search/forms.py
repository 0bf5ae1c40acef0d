from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from directives.models import DirectivePage
from news.models import NewsPage
from org.models import OrgIndexPage, OrgUnitPage
from schools.models import SchoolPage

CONTENT_TYPES = {
    "news": (_("Tin bài"), (NewsPage,)),
    "directive": (_("Văn bản"), (DirectivePage,)),
    "school": (_("Trường học"), (SchoolPage,)),
    "org": (_("Giới thiệu đơn vị"), (OrgIndexPage, OrgUnitPage)),
}


class SearchForm(forms.Form):
    """The reader's search box and filters; every field is optional and bad values are reported."""

    q = forms.CharField(label=_("Từ khoá"), required=False, max_length=200)
    type = forms.ChoiceField(
        label=_("Loại nội dung"),
        required=False,
        choices=[("", _("Tất cả"))] + [(key, label) for key, (label, _models) in CONTENT_TYPES.items()],
    )
    section = forms.TypedChoiceField(label=_("Trong mục"), required=False, coerce=int, empty_value=None)
    school = forms.TypedChoiceField(label=_("Trường"), required=False, coerce=int, empty_value=None)
    date_from = forms.DateField(
        label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        label=_("Sắp xếp"),
        required=False,
        choices=[("", _("Liên quan nhất")), ("newest", _("Mới nhất"))],
    )

    def __init__(self, *args, site_root=None, **kwargs):
        super().__init__(*args, **kwargs)
        sections = Page.objects.child_of(site_root).live().in_menu() if site_root else Page.objects.none()
        schools = SchoolPage.objects.live().order_by("title")
        if site_root:
            schools = schools.descendant_of(site_root)
        self.fields["section"].choices = [("", _("Toàn bộ website"))] + [(p.pk, p.title) for p in sections]
        self.fields["school"].choices = [("", _("Tất cả các trường"))] + list(
            schools.values_list("pk", "title")
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("“Đến ngày” phải sau “Từ ngày”."))
        return cleaned
