"""Comments on drafts published for comment by units and staff (Điều 6.3).

A draft is a ``directives.DirectivePage`` with a comment window (``comment_opens`` to
``comment_closes``). Each comment is stored as sent, never edited; the board reads and
exports them in the admin (*Góp ý dự thảo*).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives.models import DirectivePage, directive_listing
from site_kb.cache_tags import tag_listing
from site_kb.pages import SectionIndexPage


class DraftComment(models.Model):
    page = models.ForeignKey(
        "directives.DirectivePage",
        verbose_name=_("dự thảo"),
        on_delete=models.CASCADE,
        related_name="draft_comments",
    )
    name = models.CharField(_("họ và tên"), max_length=100)
    unit = models.CharField(
        _("đơn vị hoặc trường"),
        max_length=200,
        help_text=_("Ví dụ: Trường THCS Ba Sao, Bộ phận Tổ chức – Cán bộ."),
    )
    email = models.EmailField(_("thư điện tử"), max_length=254)
    section = models.CharField(
        _("điều, khoản, mục góp ý"),
        max_length=200,
        blank=True,
        help_text=_("Không bắt buộc. Ví dụ: Điều 5, khoản 2."),
    )
    # Its length limit is the form's (setting CONSULTATION_COMMENT_MAX_CHARS).
    comment = models.TextField(_("nội dung góp ý"))
    submitted_at = models.DateTimeField(_("gửi lúc"), default=timezone.now, editable=False)
    ip_address = models.GenericIPAddressField(
        _("địa chỉ IP"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Chỉ dùng khi xử lý lạm dụng; không bao giờ hiển thị công khai."),
    )
    # Luật 91/2025/QH15: the commenter's consent and the notice agreed to (null: sent before the
    # notice existed); when name, e-mail and address were erased (privacy app).
    consent_at = models.DateTimeField(_("đồng ý xử lý dữ liệu lúc"), null=True, blank=True, editable=False)
    consent_version = models.CharField(
        _("phiên bản thông báo đã đồng ý"), max_length=20, blank=True, editable=False
    )
    anonymised_at = models.DateTimeField(
        _("đã xoá thông tin cá nhân lúc"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["page", "submitted_at"], name="consult_page_submitted_idx")]
        verbose_name = _("góp ý dự thảo")
        verbose_name_plural = _("góp ý dự thảo")

    def __str__(self):
        """Without the sender's name: this is the label Wagtail's audit log keeps (Luật 91/2025/QH15)."""
        return _("Góp ý số %(pk)s – %(unit)s") % {"pk": self.pk, "unit": self.unit}


class ConsultationIndexPage(SectionIndexPage):
    """'Dự thảo lấy ý kiến': the drafts published for comment (Điều 6.3) on this site, the open
    ones first by their deadline, then those not open yet, then the closed ones. The drafts stay
    in the site's document registry (a DirectivePage with a comment window anywhere under this
    page's parent, a school or the authority's home): this page only finds them, so a school
    site shows its consultations with their deadlines (Circular 37/2020/TT-BGDĐT Art. 9)."""

    parent_page_types = ["schools.SchoolPage", "home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    closed_shown = 20

    class Meta:
        verbose_name = _("danh sách dự thảo lấy ý kiến")
        verbose_name_plural = _("danh sách dự thảo lấy ý kiến")

    def drafts(self):
        """Live, public drafts for comment in this page's parent's subtree."""
        parent_path = self.path[: -self.steplen]
        tag_listing(None, parent_path, DirectivePage)  # the response showing them (issue 17)
        return directive_listing(
            DirectivePage.objects.filter(path__startswith=parent_path, depth__gt=self.depth - 1)
        ).filter(comment_opens__isnull=False, comment_closes__isnull=False)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        drafts = self.drafts()
        context["open_drafts"] = drafts.filter(comment_opens__lte=now, comment_closes__gt=now).order_by(
            "comment_closes", "-id"
        )
        context["upcoming_drafts"] = drafts.filter(comment_opens__gt=now).order_by("comment_opens", "-id")
        context["closed_drafts"] = drafts.filter(comment_closes__lte=now).order_by("-comment_closes", "-id")[
            : self.closed_shown
        ]
        return context
