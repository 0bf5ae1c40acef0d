"""Every public page lists the home page's menu items (``child_of(root).live().in_menu()``).
Wagtail indexes ``path`` but not ``depth``, so at 50,000 pages that query scanned the whole
page table (about 8 ms on PostgreSQL, per request). This partial index holds only the few
pages shown in menus, on SQLite and PostgreSQL alike."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("site_kb", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS site_kb_page_menu_items "
            "ON wagtailcore_page (depth, path) WHERE live AND show_in_menus;",
            "DROP INDEX IF EXISTS site_kb_page_menu_items;",
        )
    ]
