"""Organisation pages (Điều 5): the office, its units and its political and social organisations;
the introduction with the leaders' contacts and the administrative procedures Circular
37/2020/TT-BGDĐT Art. 9 asks of an education authority's or a school's site."""

from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from site_kb.blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from site_kb.cache_tags import tag_listing
from site_kb.contact import ContactFields, PhoneEmailFields
from site_kb.pages import INTRO_HELP, BasePage, SectionIndexPage
from site_kb.sites import public_pages


class OrgUnitKind(models.TextChoices):
    OFFICE = "office", _("Cơ quan")
    UNIT = "unit", _("Bộ phận chuyên môn")
    ORGANISATION = "organisation", _("Tổ chức chính trị, chính trị - xã hội, đoàn thể")


class OrgIndexPage(SectionIndexPage):
    """'Giới thiệu': the organisation chart, functions and history, the leaders with their
    contacts (Circular 37/2020/TT-BGDĐT Art. 9: an authority's "leaders' contacts", a school's
    introduction), then the office's or school's units and organisations (Điều 5)."""

    org_chart = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("sơ đồ tổ chức"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Ảnh sơ đồ cơ cấu tổ chức; nhớ điền mô tả ảnh cho người khiếm thị."),
    )
    functions = RichTextField(_("chức năng, nhiệm vụ, quyền hạn"), features=RICH_TEXT_FEATURES, blank=True)
    history = RichTextField(_("lịch sử hình thành và phát triển"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = SectionIndexPage.content_panels + [
        FieldPanel("org_chart"),
        FieldPanel("functions"),
        FieldPanel("history"),
        InlinePanel(
            "leaders",
            label=_("Lãnh đạo"),
            help_text=_(
                "Họ tên, chức vụ, điện thoại, thư điện tử và nhiệm vụ được phân công của từng người."
            ),
        ),
    ]
    search_fields = SectionIndexPage.search_fields + [
        index.SearchField("functions"),
        index.SearchField("history"),
        index.RelatedFields("leaders", [index.SearchField("name"), index.SearchField("title")]),
    ]

    parent_page_types = ["home.HomePage", "schools.SchoolPage"]
    subpage_types = ["org.OrgUnitPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("trang giới thiệu")
        verbose_name_plural = _("trang giới thiệu")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        tag_listing(request, self)  # the response showing them (issue 17)
        units = public_pages(OrgUnitPage.objects.child_of(self).live())
        context["leaders"] = self.leaders.all()
        by_kind = {value: [] for value in OrgUnitKind.values}
        for unit in units:
            by_kind[unit.kind].append(unit)
        context["unit_groups"] = [
            (label, by_kind[value]) for value, label in OrgUnitKind.choices if by_kind[value]
        ]
        return context


class OrgUnitPage(ContactFields, BasePage):
    """One unit: what it does, who leads it and how to reach it."""

    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=OrgUnitKind.choices)
    intro = models.TextField(_("giới thiệu ngắn"), blank=True, help_text=INTRO_HELP)
    functions = RichTextField(
        _("chức năng, nhiệm vụ, quyền hạn"),
        features=RICH_TEXT_FEATURES,
        blank=True,
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("nội dung khác"), blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel("functions"),
        InlinePanel("leaders", label=_("Lãnh đạo")),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")], heading=_("Liên hệ")
        ),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("functions"),
        index.SearchField("body"),
        index.RelatedFields("leaders", [index.SearchField("name")]),
        index.FilterField("kind"),
    ]

    parent_page_types = ["org.OrgIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("đơn vị, tổ chức")
        verbose_name_plural = _("đơn vị, tổ chức")


class OrgLeader(PhoneEmailFields, Orderable):
    """A leader of a unit, in the order the unit lists them."""

    unit = ParentalKey(OrgUnitPage, related_name="leaders", on_delete=models.CASCADE)
    name = models.CharField(_("họ và tên"), max_length=100)
    title = models.CharField(_("chức vụ"), max_length=150)

    panels = [FieldPanel("name"), FieldPanel("title"), FieldPanel("phone"), FieldPanel("email")]

    class Meta(Orderable.Meta):
        verbose_name = _("lãnh đạo")
        verbose_name_plural = _("lãnh đạo")

    def __str__(self):
        return f"{self.title}: {self.name}"


class IntroLeader(PhoneEmailFields, Orderable):
    """A leader on the introduction page, with the duties assigned to them (Circular
    37/2020/TT-BGDĐT Art. 9: name, title, phone, e-mail and duties of each leader)."""

    page = ParentalKey(OrgIndexPage, related_name="leaders", on_delete=models.CASCADE)
    name = models.CharField(_("họ và tên"), max_length=100)
    title = models.CharField(_("chức vụ"), max_length=150)
    duties = models.TextField(
        _("nhiệm vụ được phân công"),
        blank=True,
        help_text=_("Ví dụ: Phụ trách chung; phụ trách chuyên môn khối 6, 7."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("title"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("duties"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("lãnh đạo")
        verbose_name_plural = _("lãnh đạo")

    def __str__(self):
        return f"{self.title}: {self.name}"


class ProcedureLevel(models.TextChoices):
    """Who settles a procedure since the two-level local government (1 July 2025)."""

    CENTRAL = "trung-uong", _("Cấp trung ương")
    PROVINCE = "cap-tinh", _("Cấp tỉnh")
    COMMUNE = "cap-xa", _("Cấp xã")


PORTAL_URL = "https://dichvucong.gov.vn/"
PORTAL_HOST_SUFFIX = "gov.vn"


def validate_portal_url(value):
    """A procedure's link leads to a public-service portal: http(s) on a ``gov.vn`` host (the
    national portal dichvucong.gov.vn or a province's), never a ``javascript:`` address."""
    message = _(
        "Nhập địa chỉ thủ tục trên Cổng Dịch vụ công, bắt đầu bằng https:// và thuộc tên miền gov.vn "
        "(ví dụ: https://dichvucong.gov.vn/…)."
    )
    URLValidator(schemes=["http", "https"], message=message)(value)
    host = (urlsplit(value).hostname or "").lower()
    if host != PORTAL_HOST_SUFFIX and not host.endswith("." + PORTAL_HOST_SUFFIX):
        raise ValidationError(message, code="portal")


class ProceduresPage(BasePage):
    """'Thủ tục hành chính': the procedures the authority settles, each linked to its page on the
    national public-service portal (Circular 37/2020/TT-BGDĐT Art. 9; Nghị định 42/2022/NĐ-CP
    has procedures published through the portal, not re-described here)."""

    intro = models.TextField(
        _("giới thiệu"),
        blank=True,
        help_text=_("Hiện trên danh sách, trước lời dẫn tới Cổng Dịch vụ công quốc gia."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        InlinePanel("procedures", label=_("Thủ tục")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.RelatedFields("procedures", [index.SearchField("name"), index.SearchField("code")]),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("trang thủ tục hành chính")
        verbose_name_plural = _("trang thủ tục hành chính")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["procedures"] = self.procedures.all()
        context["portal_url"] = PORTAL_URL
        return context


class Procedure(Orderable):
    """One administrative procedure as the national portal lists it."""

    page = ParentalKey(ProceduresPage, related_name="procedures", on_delete=models.CASCADE)
    name = models.CharField(_("tên thủ tục"), max_length=300)
    code = models.CharField(
        _("mã thủ tục"), max_length=30, blank=True, help_text=_("Mã trên Cổng Dịch vụ công, ví dụ 1.005099.")
    )
    level = models.CharField(
        _("cấp thực hiện"), max_length=12, choices=ProcedureLevel.choices, default=ProcedureLevel.PROVINCE
    )
    # A CharField with the portal's validator: Django's URLField would answer a ``javascript:``
    # address with its own generic message before this one (the form field validates first).
    url = models.CharField(
        _("liên kết trên Cổng Dịch vụ công"),
        max_length=500,
        validators=[validate_portal_url],
        help_text=_("Địa chỉ trang thủ tục trên https://dichvucong.gov.vn/ hoặc cổng dịch vụ công của tỉnh."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("level"),
        FieldPanel("url", widget=forms.URLInput),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")

    def __str__(self):
        return f"{self.code} {self.name}".strip()
