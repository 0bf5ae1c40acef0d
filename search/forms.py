import datetime
from operator import itemgetter

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from directives.models import DirectivePage
from news.models import NewsPage
from org.models import OrgIndexPage, OrgUnitPage
from schools.models import SchoolPage
from site_kb.cache_tags import children_tag, descendants_tag, page_tag
from site_kb.collation import sorted_vietnamese
from site_kb.public_forms import LongSelect, PublicFormMixin
from site_kb.shared_choices import SharedChoices, SharedOptions, shared_options
from site_kb.sites import public_pages
from site_kb.urlparams import PublicParam

CONTENT_TYPES = {
    "tin-bai": (_("Tin bài"), (NewsPage,)),
    "van-ban": (_("Văn bản"), (DirectivePage,)),
    "truong-hoc": (_("Trường học"), (SchoolPage,)),
    "gioi-thieu": (_("Giới thiệu đơn vị"), (OrgIndexPage, OrgUnitPage)),
}
NEWEST = "moi-nhat"
# Where a member site's search looks (issue 16.1): its own pages by default, or every page of the
# authority it belongs to. The parameter exists only on a Site that lies inside a wider one.
SCOPE_PARAM = "pham-vi"
THIS_SITE, WHOLE_AUTHORITY = "trang-nay", "toan-nganh"
# The address of a search is Vietnamese (issue 15.12): ``?q=…&loai=van-ban&sap_xep=moi-nhat``. Links
# shared before (``type=directive``, ``sort=newest``, ``date_from=…``) redirect to it (search.views).
SEARCH_PARAMS = (
    PublicParam(
        "loai",
        {key: key for key in CONTENT_TYPES},
        legacy_names=("type",),
        legacy_values={
            "news": "tin-bai",
            "directive": "van-ban",
            "school": "truong-hoc",
            "org": "gioi-thieu",
        },
    ),
    PublicParam("sap_xep", {NEWEST: NEWEST}, legacy_names=("sort",), legacy_values={"newest": NEWEST}),
    PublicParam("muc", {}, legacy_names=("section",)),
    PublicParam("truong", {}, legacy_names=("school",)),
    PublicParam("tu_ngay", {}, legacy_names=("date_from",)),
    PublicParam("den_ngay", {}, legacy_names=("date_to",)),
)


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


def section_options(site_root):
    """The "Trong mục" choices: the site's sections in its menu, in menu order, built once and
    shared until one joins, leaves, moves or is renamed (site_kb.shared_choices, issue 17)."""
    if not site_root:
        return SharedOptions(())

    def build():
        sections = public_pages(Page.objects.child_of(site_root).live().in_menu())
        rows = list(sections.values_list("pk", "title"))
        return rows, [children_tag(site_root), *(page_tag(pk) for pk, _title in rows)]

    return shared_options(f"search-sections:{site_root.pk}:{site_root.path}", build)


def school_options(site_root):
    """The "Trường" choices: every live and public school beneath ``site_root`` (every one without a site), in
    Vietnamese order, built once and shared until one is published, unpublished, moved or renamed."""

    def build():
        root = site_root or Page.get_first_root_node()
        schools = public_pages(SchoolPage.objects.live().descendant_of(root))
        rows = sorted_vietnamese(schools.values_list("pk", "title"), key=itemgetter(1))
        return rows, [descendants_tag(root), *(page_tag(pk) for pk, _title in rows)]

    name = f"search-schools:{site_root.pk}:{site_root.path}" if site_root else "search-schools"
    return shared_options(name, build)


class SearchForm(PublicFormMixin, forms.Form):
    """The reader's search box and filters; every field is optional and bad values are reported.
    Text is normalised to NFC before lengths are checked (site_kb.forms)."""

    q = forms.CharField(label=_("Từ khoá"), required=False, max_length=200)
    loai = forms.ChoiceField(
        label=_("Loại nội dung"),
        required=False,
        choices=[("", _("Tất cả"))] + [(key, label) for key, (label, _models) in CONTENT_TYPES.items()],
    )
    muc = forms.TypedChoiceField(
        label=_("Trong mục"), required=False, coerce=int, empty_value=None, widget=LongSelect
    )
    truong = forms.TypedChoiceField(  # every school of the authority
        label=_("Trường"), required=False, coerce=int, empty_value=None, widget=LongSelect
    )
    tu_ngay = date_field(_("Từ ngày"))
    den_ngay = date_field(_("Đến ngày"))
    sap_xep = forms.ChoiceField(
        label=_("Sắp xếp"),
        required=False,
        choices=[("", _("Liên quan nhất")), (NEWEST, _("Mới nhất"))],
    )

    def __init__(self, *args, site_root=None, scoped=False, **kwargs):
        """``site_root`` is the page whose pages are searched (its sections and schools are the
        filters' choices); ``scoped`` adds the choice between this member site and the whole
        authority (``pham-vi``), shown on a school's site."""
        super().__init__(*args, **kwargs)
        self.site_root = site_root  # whose sections and schools the filters offer
        if scoped:
            self.fields[SCOPE_PARAM] = forms.ChoiceField(
                label=_("Phạm vi tìm"),
                required=False,
                initial=THIS_SITE,
                widget=forms.RadioSelect,
                choices=[
                    (THIS_SITE, _("Chỉ trong trang này")),
                    (WHOLE_AUTHORITY, _("Tìm trong toàn bộ các trang của ngành")),
                ],
            )
            if self.is_bound and not self.data.get(SCOPE_PARAM):
                self.data = self.data.copy()  # the default shown checked on the results page
                self.data[SCOPE_PARAM] = THIS_SITE
        self.fields["muc"].choices = SharedChoices(
            [("", _("Toàn bộ website"))], lambda: section_options(site_root)
        )
        self.fields["truong"].choices = SharedChoices(
            [("", _("Tất cả các trường"))], lambda: school_options(site_root)
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("tu_ngay"), cleaned.get("den_ngay")
        if start and end and start > end:
            self.add_error("den_ngay", _("“Đến ngày” phải sau “Từ ngày”."))
        return cleaned
