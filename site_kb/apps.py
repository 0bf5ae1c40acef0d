from django.apps import AppConfig
from django.db.models.signals import pre_save


class SiteKbConfig(AppConfig):
    """Shared parts of the site: organisation settings, body blocks, base templates, NFC text (Điều 11.4)."""

    name = "site_kb"
    verbose_name = "Cấu hình chung"

    def ready(self):
        from .unicode import normalise_instance

        # No sender: every model, those of Django and Wagtail included.
        pre_save.connect(normalise_instance, dispatch_uid="site_kb_nfc")
