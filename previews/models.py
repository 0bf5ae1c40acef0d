"""Preview links for the office's leadership (Điều 13.2c).

Before publishing, the head of the editorial board may ask the office's
leadership about the content and the timing of a news item (Điều 13.2c). A
``PreviewLink`` is a secret, expiring, revocable address that shows one frozen
draft exactly as readers would see it, to someone who does not log in to the
admin (for example on a phone during a meeting).
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token():
    """43 URL-safe characters (256 random bits): an address nobody can guess."""
    return secrets.token_urlsafe(32)


class PreviewLink(models.Model):
    """A read-only address showing ONE revision of a page, frozen when the link is made.

    The link shows the revision it was created for, not whatever the page
    becomes later: what leadership approves is what the board sent. It stops
    working when it expires or when the board revokes it.
    """

    token = models.CharField(_("mã liên kết"), max_length=64, unique=True, editable=False, default=new_token)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("trang"),
        on_delete=models.CASCADE,
        related_name="preview_links",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("phiên bản"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Bản nháp mà liên kết hiển thị, cố định từ lúc tạo."),
    )
    note = models.CharField(
        _("ghi chú"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Gửi đồng chí Trưởng phòng."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thu hồi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("liên kết xem trước")
        verbose_name_plural = _("liên kết xem trước")
        ordering = ["-created_at", "-pk"]
        permissions = [("view_drafts", "Xem danh sách bản nháp và xem trước")]

    def __str__(self):
        return f"{self.page.title} – {self.status_label}"

    def get_absolute_url(self):
        return reverse("previews:shared", args=[self.token])

    def clean(self):
        if self.revision_id and self.page_id and self.revision.object_id != str(self.page_id):
            raise ValidationError({"revision": _("Phiên bản này không thuộc trang đã chọn.")})

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_active(self):
        return not self.is_revoked and not self.is_expired

    @property
    def status_label(self):
        if self.is_revoked:
            return _("Đã thu hồi")
        if self.is_expired:
            return _("Đã hết hạn")
        return _("Còn hiệu lực")

    def revoke(self, user):
        """Stop the link now; revoking twice keeps the first time and person."""
        if self.is_revoked:
            return
        self.revoked_at = timezone.now()
        self.revoked_by = user
        self.save(update_fields=["revoked_at", "revoked_by"])
