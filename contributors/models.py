"""Who wrote and edited a published work (Điều 10): the people and their part in each work.

The fields and helpers the works themselves carry (credits, citation, submission date) are in
the core, ``site_kb.mixins``."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Orderable

from site_kb.contact import PhoneEmailFields
from site_kb.forms import NFCAdminModelForm
from site_kb.mixins import WorkRole


class ContributorRole(models.TextChoices):
    """What a person usually does for the website (Điều 10.2: the board and collaborators)."""

    AUTHOR = "author", _("Tác giả")
    EDITOR = "editor", _("Biên tập")
    COLLABORATOR = "collaborator", _("Cộng tác viên")


class Contributor(PhoneEmailFields):
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
