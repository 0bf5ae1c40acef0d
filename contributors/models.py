"""Who wrote and edited a published work (Điều 10), where cited content came from (Điều 9),
and when a work reached the board (Điều 12)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from site_kb.forms import NFCAdminModelForm


class ContributorRole(models.TextChoices):
    """What a person usually does for the website (Điều 10.2: the board and collaborators)."""

    AUTHOR = "author", _("Tác giả")
    EDITOR = "editor", _("Biên tập")
    COLLABORATOR = "collaborator", _("Cộng tác viên")


class WorkRole(models.TextChoices):
    """What a person did for one work; Điều 10.1 pays authors, editors and collectors."""

    AUTHOR = "author", _("Tác giả")
    EDITOR = "editor", _("Biên tập")
    COLLECTOR = "collector", _("Sưu tầm tư liệu")


class Contributor(models.Model):
    """An author, editor or collaborator of the website, for credits and royalties (Điều 10)."""

    name = models.CharField(_("họ và tên"), max_length=150)
    unit = models.CharField(
        _("đơn vị"),
        max_length=255,
        blank=True,
        help_text=_("Bộ phận, tổ chức hoặc trường nơi người này công tác."),
    )
    school = models.ForeignKey(
        "schools.SchoolPage",
        verbose_name=_("trường"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_contributors",
        help_text=_("Chọn khi người này thuộc một trường trên website."),
    )
    role = models.CharField(
        _("vai trò"), max_length=20, choices=ContributorRole.choices, default=ContributorRole.AUTHOR
    )
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    active = models.BooleanField(
        _("còn cộng tác"),
        default=True,
        help_text=_("Bỏ chọn khi người này thôi cộng tác; tên vẫn giữ trên các bài đã đăng."),
    )

    base_form_class = NFCAdminModelForm  # NFC before length checks (site_kb.forms)
    panels = [
        FieldPanel("name"),
        MultiFieldPanel([FieldPanel("unit"), FieldPanel("school")], heading=_("Nơi công tác")),
        FieldPanel("role"),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("email")], heading=_("Liên hệ")),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("người đóng góp")
        verbose_name_plural = _("người đóng góp")
        permissions = [
            ("view_royalty_report", _("Xem báo cáo nhuận bút, thù lao")),
            ("view_timeliness_report", _("Xem báo cáo thời hạn đưa tin")),
        ]

    def __str__(self):
        return self.name

    @property
    def workplace(self):
        """The unit as typed, else the school's name."""
        if self.unit:
            return self.unit
        return self.school.title if self.school_id else ""


class PageContributor(Orderable):
    """One person's part in one news article or document (Điều 10)."""

    page = ParentalKey("wagtailcore.Page", related_name="contributors", on_delete=models.CASCADE)
    contributor = models.ForeignKey(
        Contributor, verbose_name=_("người thực hiện"), on_delete=models.PROTECT, related_name="works"
    )
    role = models.CharField(_("vai trò trong tin bài"), max_length=20, choices=WorkRole.choices)

    panels = [FieldPanel("contributor"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("tác giả, biên tập")
        verbose_name_plural = _("tác giả, biên tập")


def contributors_panel():
    return InlinePanel("contributors", heading=_("Tác giả, biên tập"), label=_("Người thực hiện"))


def credits_for(page):
    """``[(role label, [names])]`` in the order of WorkRole, with one query (Điều 10).

    A preview (unsaved page) reads the editor's rows from memory instead.
    """
    rows = page.contributors.all()
    if isinstance(rows, models.QuerySet):
        rows = rows.select_related("contributor")
    names = {value: [] for value in WorkRole.values}
    for row in rows:
        if row.role in names:
            names[row.role].append(row.contributor.name)
    return [(label, names[value]) for value, label in WorkRole.choices if names[value]]


class CitationMixin(models.Model):
    """Content quoted or collected from elsewhere names its author, source and date (Điều 9.1)."""

    is_cited = models.BooleanField(_("Tin trích dẫn, sưu tầm từ nguồn khác"), default=False)
    original_author = models.CharField(_("tác giả gốc"), max_length=255, blank=True)
    source_name = models.CharField(
        _("nguồn cung cấp"),
        max_length=255,
        blank=True,
        help_text=_("Tên báo, trang web hoặc cơ quan đã đăng nội dung gốc."),
    )
    source_url = models.URLField(_("đường dẫn nguồn"), max_length=500, blank=True)
    citation_date = models.DateField(_("ngày trích dẫn"), null=True, blank=True)

    class Meta:
        abstract = True

    @staticmethod
    def citation_panel():
        return MultiFieldPanel(
            [
                FieldPanel("is_cited"),
                FieldPanel("original_author"),
                FieldPanel("source_name"),
                FieldPanel("source_url"),
                FieldPanel("citation_date"),
            ],
            heading=_("Nguồn trích dẫn (Điều 9)"),
        )

    def clean(self):
        super().clean()
        errors = {}
        if self.is_cited:
            self.original_author = " ".join(self.original_author.split())
            self.source_name = " ".join(self.source_name.split())
            if not self.original_author:
                errors["original_author"] = _("Tin trích dẫn phải ghi rõ tên tác giả (Điều 9).")
            if not self.source_name:
                errors["source_name"] = _("Tin trích dẫn phải ghi rõ nguồn cung cấp (Điều 9).")
            if not self.citation_date:
                errors["citation_date"] = _("Tin trích dẫn phải ghi rõ ngày trích dẫn (Điều 9).")
        if self.citation_date and self.citation_date > timezone.localdate():
            errors["citation_date"] = _("Ngày trích dẫn không được sau ngày hôm nay.")
        if errors:
            raise ValidationError(errors)


class SubmissionMixin(models.Model):
    """Records when a work was first sent for approval, for the deadlines of Điều 12.

    Set once by ``contributors.signals`` when a workflow starts; kept across revisions
    (like ``first_published_at``) so publishing an older draft never erases it.
    """

    submitted_at = models.DateTimeField(_("gửi duyệt lúc"), null=True, blank=True, editable=False)

    exclude_fields_in_copy = ["submitted_at"]  # a copy is a new work, not yet submitted

    class Meta:
        abstract = True

    @staticmethod
    def submitted_panel():
        return FieldPanel(
            "submitted_at",
            read_only=True,
            help_text=_("Ghi tự động khi tin bài được gửi duyệt lần đầu (Điều 12)."),
        )

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        obj.submitted_at = self.submitted_at
        return obj
