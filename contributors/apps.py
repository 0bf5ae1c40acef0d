from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributorsConfig(AppConfig):
    """Authors, editors and collaborators of published works (Điều 9, 10), submission times (Điều 12)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "contributors"
    verbose_name = _("Người đóng góp tin bài")

    def ready(self):
        from . import signals  # noqa: F401 (connects the workflow receiver)
