"""The register of what was done with readers' personal data (Luật 91/2025/QH15): each search,
export and erasure the IT officer made on a reader's request, and each retention purge.

A row names the reader only by a keyed hash of the contact searched for (``reader_key``), so the
register itself holds no personal data; the Wagtail audit log entry for each row says the same.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PersonalDataAction(models.Model):
    class Kind(models.TextChoices):
        SEARCH = "search", _("Tra cứu dữ liệu của bạn đọc")
        EXPORT = "export", _("Xuất dữ liệu cho bạn đọc")
        ERASE = "erase", _("Xoá dữ liệu theo yêu cầu của bạn đọc")
        PURGE = "purge", _("Xoá dữ liệu hết thời hạn lưu")

    at = models.DateTimeField(_("lúc"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("việc"), max_length=10, choices=Kind.choices)
    reader_key = models.CharField(
        _("mã bạn đọc"),
        max_length=16,
        blank=True,
        help_text=_("Mã băm của thư điện tử hoặc số điện thoại được tra cứu, không phải địa chỉ thật."),
    )
    feedback_count = models.PositiveIntegerField(_("số hỏi đáp – góp ý"), default=0)
    comment_count = models.PositiveIntegerField(_("số góp ý dự thảo"), default=0)
    attachment_count = models.PositiveIntegerField(_("số tệp đính kèm đã xoá"), default=0)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("xử lý dữ liệu cá nhân")
        verbose_name_plural = _("xử lý dữ liệu cá nhân")

    def __str__(self):
        return f"{self.get_kind_display()} {self.reader_key}".strip()
