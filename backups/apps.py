from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    """Backups that restore (Điều 4: the IT officer keeps the data safe and can bring it back)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "backups"
    label = "backups"
    verbose_name = _("Sao lưu dữ liệu")
