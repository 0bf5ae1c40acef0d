from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """Bringing content in: Word import with legacy-font conversion (Điều 11.4)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "intake"
    verbose_name = _("Nhập nội dung")
