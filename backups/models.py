"""The record of each good backup: what the dashboard shows and what the audit log points at."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BackupRecord(models.Model):
    """One archive written by ``manage.py backup`` (Điều 4: the IT officer backs up the data).

    Written only once the archive is complete under its final name, so the newest record is the
    last *good* backup. A restore is logged against the record of the archive it came from.
    """

    file_name = models.CharField(_("tệp sao lưu"), max_length=255)
    created_at = models.DateTimeField(_("thời điểm sao lưu"))
    size = models.BigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã kiểm tra SHA-256"), max_length=64, blank=True)
    encrypted = models.BooleanField(_("đã mã hóa"), default=False)
    engine = models.CharField(_("loại cơ sở dữ liệu"), max_length=20)
    member_count = models.PositiveIntegerField(_("số tệp trong bản sao lưu"), default=0)
    duration_seconds = models.FloatField(_("thời gian sao lưu (giây)"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bản sao lưu")
        verbose_name_plural = _("bản sao lưu")

    def __str__(self):
        return self.file_name
