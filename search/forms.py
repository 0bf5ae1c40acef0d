import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from directives.models import DirectivePage
from news.models import NewsPage
from org.models import OrgIndexPage, OrgUnitPage
from schools.models import SchoolPage
from site_kb.collation import sorted_vietnamese
from site_kb.public_forms import PublicFormMixin

CONTENT_TYPES = {
    "news": (_("Tin bài"), (NewsPage,)),
    "directive": (_("Văn bản"), (DirectivePage,)),
    "school": (_("Trường học"), (SchoolPage,)),
    "org": (_("Giới thiệu đơn vị"), (OrgIndexPage, OrgUnitPage)),
}


# Dates a reader may filter on: the view adds a day to "đến ngày" and turns both into local
# midnights in UTC, which overflows at the ends of Python's calendar (0001-01-01, 9999-12-31).
FIRST_DAY, LAST_DAY = datetime.date(1945, 1, 1), datetime.date(2100, 12, 31)
DATE_RANGE_ERROR = _("Chọn ngày từ 01/01/1945 đến 31/12/2100.")


def date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(
            attrs={"type": "date", "min": FIRST_DAY.isoformat(), "max": LAST_DAY.isoformat()}
        ),
        validators=[
            MinValueValidator(FIRST_DAY, message=DATE_RANGE_ERROR),
            MaxValueValidator(LAST_DAY, message=DATE_RANGE_ERROR),
        ],
    )


class SearchForm(PublicFormMixin, forms.Form):
    """The reader's search box and filters; every field is optional and bad values are reported.
    Text is normalised to NFC before lengths are checked (site_kb.forms)."""

    q = forms.CharField(label=_("Từ khoá"), required=False, max_length=200)
    type = forms.ChoiceField(
        label=_("Loại nội dung"),
        required=False,
        choices=[("", _("Tất cả"))] + [(key, label) for key, (label, _models) in CONTENT_TYPES.items()],
    )
    section = forms.TypedChoiceField(label=_("Trong mục"), required=False, coerce=int, empty_value=None)
    school = forms.TypedChoiceField(label=_("Trường"), required=False, coerce=int, empty_value=None)
    date_from = date_field(_("Từ ngày"))
    date_to = date_field(_("Đến ngày"))
    sort = forms.ChoiceField(
        label=_("Sắp xếp"),
        required=False,
        choices=[("", _("Liên quan nhất")), ("newest", _("Mới nhất"))],
    )

    def __init__(self, *args, site_root=None, **kwargs):
        super().__init__(*args, **kwargs)
        sections = Page.objects.child_of(site_root).live().in_menu() if site_root else Page.objects.none()
        schools = SchoolPage.objects.live()
        if site_root:
            schools = schools.descendant_of(site_root)
        self.fields["section"].choices = [("", _("Toàn bộ website"))] + [(p.pk, p.title) for p in sections]
        self.fields["school"].choices = [("", _("Tất cả các trường"))] + sorted_vietnamese(
            schools.values_list("pk", "title"), key=lambda school: school[1]
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("“Đến ngày” phải sau “Từ ngày”."))
        return cleaned
