from django.apps import AppConfig
from django.db.models.signals import pre_save


class SiteKbConfig(AppConfig):
    """Shared parts of the site: organisation settings, body blocks, base templates, NFC text (Điều 11.4)."""

    name = "site_kb"
    verbose_name = "Cấu hình chung"

    def ready(self):
        from django.conf import settings

        from wagtail.admin.views.account import AvatarSettingsPanel

        from PIL import Image

        from . import cache_purges
        from .avatars import AvatarForm
        from .unicode import normalise_instance

        # No sender: every model, those of Django and Wagtail included.
        pre_save.connect(normalise_instance, dispatch_uid="site_kb_nfc")
        # Pillow's decompression-bomb guard at the site's own limit, for every picture this process
        # opens (Wagtail's renditions, Django's image fields): it warns above it, refuses above twice it.
        Image.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
        # Wagtail offers no hook to replace a built-in account panel's form: the profile picture goes
        # through the same checks as every other upload (site_kb.avatars).
        AvatarSettingsPanel.form_class = AvatarForm
        label_site_columns()
        # Issue 17: publishing, moving, deleting pages and saving snippets, settings, images purge
        # exactly the cache tags concerned.
        cache_purges.connect()


def label_site_columns():
    """Wagtail's list of sites names three columns after the field ("Port", "Site name", "Root page"),
    in English whatever the language, instead of the fields' translated names: give them those."""
    from django.utils.text import capfirst

    from wagtail.models import Site
    from wagtail.sites.views import IndexView

    for column in IndexView.columns:
        if column.name in ("port", "site_name", "root_page"):
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)
