"""Directive documents (Điều 6): legal documents, directives, internal rules, drafts."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from search.folding import document_number_key
from site_kb.blocks import BodyStreamBlock
from site_kb.models import paginate
from site_kb.pages import BasePage, SectionIndexPage

# "33/QĐ-GDĐT", "1234/SGDĐT-GDTrH", "05/2020/TT-BGDĐT", "12/KH-UBND"
DOCUMENT_NUMBER_RE = re.compile(r"^\d+(/\d{4})?/[^\s/]+(-[^\s/]+)*$")


class DocumentType(models.TextChoices):
    DECISION = "quyet-dinh", _("Quyết định")
    DIRECTIVE = "chi-thi", _("Chỉ thị")
    OFFICIAL_LETTER = "cong-van", _("Công văn")
    PLAN = "ke-hoach", _("Kế hoạch")
    NOTICE = "thong-bao", _("Thông báo")
    REGULATION = "quy-che", _("Quy chế")
    RULE = "quy-dinh", _("Quy định")
    GUIDANCE = "huong-dan", _("Hướng dẫn")
    REPORT = "bao-cao", _("Báo cáo")
    SUBMISSION = "to-trinh", _("Tờ trình")
    CIRCULAR = "thong-tu", _("Thông tư")
    OTHER = "khac", _("Văn bản khác")


class DirectiveIndexPage(SectionIndexPage):
    """The list of directive documents, newest signed first, filterable by type and year."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["directives.DirectivePage"]

    per_page = 20

    class Meta:
        verbose_name = _("danh mục văn bản")
        verbose_name_plural = _("danh mục văn bản")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        documents = directive_listing(DirectivePage.objects.child_of(self))
        doc_type = request.GET.get("type", "")
        if doc_type in DocumentType.values:
            documents = documents.filter(doc_type=doc_type)
        else:
            doc_type = ""
        year = request.GET.get("year", "")
        if year.isdigit():
            documents = documents.filter(signed_date__year=int(year))
        else:
            year = ""
        context["documents"] = paginate(request, documents, self.per_page)
        context["doc_types"] = DocumentType.choices
        context["selected_type"] = doc_type
        context["selected_year"] = year
        return context


def directive_listing(queryset):
    """Live, public directives newest signed first, attachments fetched in one query."""
    return (
        queryset.live()
        .public()
        .order_by("-signed_date", "-pk")
        .prefetch_related(
            Prefetch("attachments", queryset=DirectiveAttachment.objects.select_related("document"))
        )
    )


class DirectivePage(BasePage):
    """One document in the registry, with the facts printed on its first page."""

    number = models.CharField(
        _("số, ký hiệu"),
        max_length=60,
        help_text=_("Ví dụ: 33/QĐ-GDĐT hoặc 05/2020/TT-BGDĐT."),
    )
    number_key = models.CharField(max_length=60, editable=False, blank=True, db_index=True)
    doc_type = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentType.choices)
    issuing_body = models.CharField(
        _("cơ quan ban hành"),
        max_length=150,
        help_text=_("Ví dụ: Phòng GD&ĐT, Sở GD&ĐT, UBND huyện, Bộ GD&ĐT."),
    )
    signed_date = models.DateField(_("ngày ký"))
    signer = models.CharField(_("người ký"), max_length=150, blank=True)
    summary = models.TextField(_("trích yếu"), help_text=_("Nội dung tóm tắt ghi dưới số ký hiệu văn bản."))
    body = StreamField(BodyStreamBlock(), verbose_name=_("toàn văn"), blank=True)
    comment_opens = models.DateTimeField(
        _("mở lấy ý kiến từ"),
        null=True,
        blank=True,
        help_text=_("Chỉ với dự thảo lấy ý kiến (Điều 6.3): thời điểm bắt đầu nhận góp ý."),
    )
    comment_closes = models.DateTimeField(_("hết hạn lấy ý kiến lúc"), null=True, blank=True)
    comment_audience = models.CharField(
        _("đối tượng lấy ý kiến"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Cán bộ quản lý, giáo viên các trường THCS."),
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("number"),
                FieldPanel("doc_type"),
                FieldPanel("issuing_body"),
                FieldPanel("signed_date"),
                FieldPanel("signer"),
            ],
            heading=_("Thông tin văn bản"),
        ),
        FieldPanel("summary"),
        InlinePanel("attachments", label=_("Tệp đính kèm")),
        MultiFieldPanel(
            [FieldPanel("comment_opens"), FieldPanel("comment_closes"), FieldPanel("comment_audience")],
            heading=_("Dự thảo lấy ý kiến"),
            classname="collapsed",
        ),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("number", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("issuing_body"),
        index.SearchField("signer"),
        index.SearchField("body"),
        index.FilterField("doc_type"),
        index.FilterField("number_key"),
        index.FilterField("signed_date"),
    ]

    parent_page_types = ["directives.DirectiveIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")

    @property
    def is_consultation(self):
        """A draft published for comment (Điều 6.3) has a comment window."""
        return self.comment_opens is not None and self.comment_closes is not None

    def comments_open(self, now=None):
        now = now or timezone.now()
        return self.is_consultation and self.comment_opens <= now < self.comment_closes

    def save(self, *args, **kwargs):
        """Keep the folded number so '33/QD-GDDT' finds '33/QĐ-GDĐT' with one indexed lookup."""
        self.number_key = document_number_key(self.number)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "number_key"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if bool(self.comment_opens) != bool(self.comment_closes):
            raise ValidationError(
                {"comment_closes": _("Nhập cả thời điểm mở và thời điểm hết hạn lấy ý kiến.")}
            )
        if self.comment_opens and self.comment_closes and self.comment_closes <= self.comment_opens:
            raise ValidationError(
                {"comment_closes": _("Thời điểm hết hạn phải sau thời điểm mở lấy ý kiến.")}
            )
        self.number = " ".join(self.number.split())
        if self.number and not DOCUMENT_NUMBER_RE.match(self.number):
            raise ValidationError(
                {"number": _("Số, ký hiệu chưa đúng dạng. Ví dụ đúng: 33/QĐ-GDĐT hoặc 05/2020/TT-BGDĐT.")}
            )


class DirectiveAttachment(Orderable):
    """A file of the document (signed scan, Word or Excel annex)."""

    page = ParentalKey(DirectivePage, related_name="attachments", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("tệp"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("tên hiển thị"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    @property
    def display_title(self):
        return self.title or self.document.title
