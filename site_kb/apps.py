from django.apps import AppConfig


class SiteKbConfig(AppConfig):
    """Shared parts of the site: organisation settings, body blocks, base templates."""

    name = "site_kb"
    verbose_name = "Cấu hình chung"
