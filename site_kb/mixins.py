"""Fields and helpers every published work shares, whatever its app: credits (Điều 10),
citation of content from elsewhere (Điều 9), the date a work reached the board (Điều 12).

They live in the core so that content apps (news, directives) need nothing from the
cross-cutting apps that read them (contributors, editorial). The rows behind ``credits_for``
(``PageContributor``, related name ``contributors``) belong to the contributors app."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel


class WorkRole(models.TextChoices):
    """What a person did for one work; Điều 10.1 pays authors, editors and collectors."""

    AUTHOR = "author", _("Tác giả")
    EDITOR = "editor", _("Biên tập")
    COLLECTOR = "collector", _("Sưu tầm tư liệu")


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


class SubmittedAtPanel(FieldPanel):
    """The read-only "gửi duyệt lúc": Wagtail prints an empty read-only value as Python's "None"."""

    def format_value_for_display(self, value):
        if value is None:
            return _("Chưa gửi duyệt")
        return date_format(timezone.localtime(value), "d/m/Y H:i")


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
        return SubmittedAtPanel(
            "submitted_at",
            read_only=True,
            help_text=_("Ghi tự động khi tin bài được gửi duyệt lần đầu (Điều 12)."),
        )

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        obj.submitted_at = self.submitted_at
        return obj
