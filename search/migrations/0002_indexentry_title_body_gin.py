"""PostgreSQL: Wagtail's database backend matches ``title || body`` against the query, which
the separate GIN indexes on ``title`` and ``body`` cannot serve; this expression index can,
so a search is an index lookup instead of a scan of every page's text."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS site_kb_indexentry_title_body_gin "
            "ON wagtailsearch_indexentry USING gin ((title || body));"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS site_kb_indexentry_title_body_gin;")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_vietnamese_unaccent"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
