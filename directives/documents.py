"""Directive documents (Điều 6): legal documents, directives, internal rules, drafts; the
registers they are filed under (kinds, issuing bodies, subjects) and the registry's search.

The section page that lists them, ``DirectiveIndexPage``, is in ``directives.models`` with
the registry's filters (``directives.forms``), which need this module but not that one."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.permissions import page_permission_policy
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from site_kb.blocks import BodyStreamBlock
from site_kb.folding import document_number_key
from site_kb.forms import NFCAdminModelForm
from site_kb.mixins import CitationMixin, SubmissionMixin, contributors_panel, credits_for
from site_kb.models import KeyedObjects
from site_kb.pages import BasePage
from site_kb.query import document_numbers, reader_query
from site_kb.sites import public_pages

# "33/QĐ-GDĐT", "1234/SGDĐT-GDTrH", "05/2020/TT-BGDĐT", "12/KH-UBND"
DOCUMENT_NUMBER_RE = re.compile(r"^\d+(/\d{4})?/[^\s/]+(-[^\s/]+)*$")


# The kinds every office starts with (migration 0005 creates them, with the usual issuing
# bodies; the board may add more). The seed uses the names for its demo PDFs.
STANDARD_KINDS = [
    ("quyet-dinh", "Quyết định"),
    ("chi-thi", "Chỉ thị"),
    ("cong-van", "Công văn"),
    ("ke-hoach", "Kế hoạch"),
    ("thong-bao", "Thông báo"),
    ("quy-che", "Quy chế"),
    ("quy-dinh", "Quy định"),
    ("huong-dan", "Hướng dẫn"),
    ("bao-cao", "Báo cáo"),
    ("to-trinh", "Tờ trình"),
    ("thong-tu", "Thông tư"),
    ("nghi-dinh", "Nghị định"),
    ("luat", "Luật"),
    ("khac", "Văn bản khác"),
]


class DocumentGroup(models.IntegerChoices):
    """The three groups of Điều 6."""

    LEGAL = 1, _("Văn bản quy định và văn bản chỉ đạo của Sở (Điều 6.1)")
    LEADERSHIP = 2, _("Văn bản chỉ đạo điều hành của Lãnh đạo Phòng (Điều 6.2)")
    INTERNAL = 3, _("Nội quy, quy chế, quy định; dự thảo lấy ý kiến (Điều 6.3)")


class DocumentStatus(models.TextChoices):
    IN_FORCE = "in-force", _("Còn hiệu lực")
    EXPIRED = "expired", _("Hết hiệu lực")
    REPLACED = "replaced", _("Đã được thay thế")


@register_snippet
class DocumentKind(models.Model):
    """A kind of document (Quyết định, Công văn, …): a list the board can extend."""

    name = models.CharField(_("tên loại văn bản"), max_length=80, unique=True)
    slug = models.SlugField(
        _("mã"), max_length=40, unique=True, help_text=_("Dùng trong địa chỉ lọc, ví dụ: quyet-dinh.")
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    base_form_class = NFCAdminModelForm  # NFC before length checks (site_kb.forms)
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("loại văn bản")

    def __str__(self):
        return self.name

    @classmethod
    def coded(cls, slug):
        return cls.objects.get(slug=slug)


@register_snippet
class IssuingBody(models.Model):
    """Who issued a document: Bộ GD&ĐT, UBND tỉnh, Sở GD&ĐT, UBND huyện, Phòng GD&ĐT, …

    A document shows the issuing body it was signed under (Điều 6; issue 16.5), so a row is
    never renamed when a unit is: a reorganisation (units.reorganise) adds one with the new
    name, and the help text asks the board to do the same."""

    name = models.CharField(
        _("tên cơ quan ban hành"),
        max_length=150,
        unique=True,
        help_text=_(
            "Sửa tên ở đây sẽ đổi tên trên mọi văn bản đã ký. Khi cơ quan, đơn vị đổi tên hoặc sáp nhập, "
            "hãy thêm cơ quan ban hành mới để văn bản cũ giữ tên lúc ký."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    base_form_class = NFCAdminModelForm
    panels = [FieldPanel("name"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành")

    def __str__(self):
        return self.name

    @classmethod
    def named(cls, name):
        return cls.objects.get_or_create(name=name)[0]


@register_snippet
class DocumentSubject(models.Model):
    """A field the document concerns (Tuyển sinh, Thi đua khen thưởng, Chuyển đổi số, …)."""

    name = models.CharField(_("lĩnh vực"), max_length=100, unique=True)

    base_form_class = NFCAdminModelForm
    panels = [FieldPanel("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("lĩnh vực văn bản")
        verbose_name_plural = _("lĩnh vực văn bản")

    def __str__(self):
        return self.name


def can_export_registry(user):
    """The board's export (directives.admin_views) is for those who may publish pages."""
    return user.is_authenticated and page_permission_policy.user_has_permission(user, "publish")


def search_registry(documents, text):
    """``documents`` narrowed to the words or document number typed; an exact number wins outright."""
    text = " ".join(text.split())
    if not text:
        return documents
    keys = document_numbers(text)
    exact = documents.filter(number_key__in=keys) if keys else documents.none()
    query = None if exact.exists() else reader_query(text)
    if query is None:
        # The exact number, or nothing when only punctuation or lone accent marks were typed.
        return exact
    # The backend's results, in the listing's order and paged by the database: no list of ids
    # goes through Python (a broad word may match most of the registry).
    return documents.search(query, order_by_relevance=False)


# Newest signed first: every listing of the registry and the home page's newest documents.
DIRECTIVE_ORDER = ("-signed_date", "-id")


def directive_listing(queryset):
    """Live, public directives newest signed first, attachments fetched in one query."""
    return (
        public_pages(queryset.live())
        .order_by(*DIRECTIVE_ORDER)
        .select_related("doc_type", "issuing_body")
        .prefetch_related(
            Prefetch("attachments", queryset=DirectiveAttachment.objects.select_related("document"))
        )
    )


def newest_directives(queryset, count):
    """The ``count`` newest live, public directives of ``queryset`` for a short list (number, date
    and summary: nothing joined) as ``KeyedObjects``: their keys now, the rows only when the list's
    fragment must be rendered again ({% cached_fragment %}, issue 17)."""
    listed = public_pages(queryset.live()).order_by(*DIRECTIVE_ORDER)
    return KeyedObjects(listed.defer_streamfields(), listed.values_list("pk", flat=True)[:count])


class DirectivePage(CitationMixin, SubmissionMixin, BasePage):
    """One document in the registry, with the facts printed on its first page.

    It goes up right after signing (Điều 12.3): ``signed_date`` against ``first_published_at``
    in the timeliness report; ``submitted_at`` records when it was sent for approval. Who
    prepared it (Điều 10) and the source of a reproduced document (Điều 9) come from the
    contributors app."""

    number = models.CharField(
        _("số, ký hiệu"),
        max_length=60,
        help_text=_("Ví dụ: 33/QĐ-GDĐT hoặc 05/2020/TT-BGDĐT."),
    )
    number_key = models.CharField(max_length=60, editable=False, blank=True, db_index=True)
    doc_type = models.ForeignKey(
        DocumentKind,
        verbose_name=_("loại văn bản"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issuing_body = models.ForeignKey(
        IssuingBody, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="+"
    )
    group = models.PositiveSmallIntegerField(
        _("nhóm (Điều 6)"), choices=DocumentGroup.choices, null=True, blank=True
    )
    signed_date = models.DateField(_("ngày ký"))
    signer = models.CharField(_("người ký"), max_length=150, blank=True)
    effective_date = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    status = models.CharField(
        _("hiệu lực"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.IN_FORCE
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("được thay thế bởi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    subjects = ParentalManyToManyField(DocumentSubject, verbose_name=_("lĩnh vực"), blank=True)
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
                FieldPanel("group"),
                FieldPanel("signed_date"),
                FieldPanel("signer"),
                FieldPanel("effective_date"),
                FieldPanel("status"),
                FieldPanel("replaced_by"),
                FieldPanel("subjects", widget=forms.CheckboxSelectMultiple),
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
        contributors_panel(),
        CitationMixin.citation_panel(),
        MultiFieldPanel([SubmissionMixin.submitted_panel()], heading=_("Thời hạn đưa tin (Điều 12)")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("number", boost=3),
        index.SearchField("summary", boost=2),
        index.RelatedFields("issuing_body", [index.SearchField("name")]),
        index.RelatedFields("doc_type", [index.SearchField("name")]),
        index.SearchField("signer"),
        index.SearchField("body"),
        index.FilterField("doc_type"),
        index.FilterField("issuing_body"),
        index.FilterField("group"),
        index.FilterField("status"),
        index.FilterField("number_key"),
        index.FilterField("signed_date"),
    ]

    parent_page_types = ["directives.DirectiveIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["credits"] = credits_for(self)
        return context

    @property
    def cache_publicly(self):
        """A draft open for comment carries a form (CSRF token, the window's state): never cached."""
        return not self.is_consultation

    @property
    def is_consultation(self):
        """A draft published for comment (Điều 6.3) has a comment window."""
        return self.comment_opens is not None and self.comment_closes is not None

    def comments_open(self, now=None):
        now = now or timezone.now()
        return self.is_consultation and self.comment_opens <= now < self.comment_closes

    def consultation_state(self, now=None):
        """The comment window's state (Điều 6.3): "open", "upcoming" or "closed"; None when this
        is not a draft for comment."""
        if not self.is_consultation:
            return None
        now = now or timezone.now()
        if self.comments_open(now):
            return "open"
        return "upcoming" if now < self.comment_opens else "closed"

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
        if self.status == DocumentStatus.REPLACED and not self.replaced_by_id:
            raise ValidationError({"replaced_by": _("Chọn văn bản thay thế khi văn bản đã được thay thế.")})
        if self.number and self.issuing_body_id and self.signed_date:
            clash = (
                DirectivePage.objects.exclude(pk=self.pk)
                .filter(
                    number_key=document_number_key(self.number),
                    issuing_body_id=self.issuing_body_id,
                    signed_date__year=self.signed_date.year,
                )
                .first()
            )
            if clash:
                raise ValidationError(
                    {
                        "number": _("Số ký hiệu này đã có trong năm %(year)s của cơ quan này: «%(title)s».")
                        % {"year": self.signed_date.year, "title": clash.title}
                    }
                )
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
