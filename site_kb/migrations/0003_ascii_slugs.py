"""Pages saved with accented slugs (made in the editor before issue 15.4) get ASCII ones, folded
from the old slug (đ → d, marks dropped; ``-2``, ``-3`` beside a sibling that has it already),
and a permanent redirect from every old address of the page and the pages beneath it, so
links already shared keep working (site_kb.slugs.fold_page_slugs)."""

from django.db import migrations

from site_kb.slugs import fold_page_slugs


def fold_slugs(apps, schema_editor):
    fold_page_slugs(
        apps.get_model("wagtailcore", "Page"),
        apps.get_model("wagtailredirects", "Redirect"),
        apps.get_model("wagtailcore", "Site"),
        apps.get_model("wagtailcore", "Revision"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("site_kb", "0002_page_menu_index"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(fold_slugs, migrations.RunPython.noop)]
