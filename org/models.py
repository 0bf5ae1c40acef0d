"""Organisation pages (Điều 5): the office, its units and its political and social organisations."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from site_kb.blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from site_kb.contact import ContactFields, PhoneEmailFields
from site_kb.pages import INTRO_HELP, BasePage, SectionIndexPage


class OrgUnitKind(models.TextChoices):
    OFFICE = "office", _("Cơ quan")
    UNIT = "unit", _("Bộ phận chuyên môn")
    ORGANISATION = "organisation", _("Tổ chức chính trị, chính trị - xã hội, đoàn thể")


class OrgIndexPage(SectionIndexPage):
    """'Giới thiệu': lists the office, its units and its organisations (Điều 5)."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["org.OrgUnitPage"]

    class Meta:
        verbose_name = _("trang giới thiệu")
        verbose_name_plural = _("trang giới thiệu")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        units = OrgUnitPage.objects.child_of(self).live().public()
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
