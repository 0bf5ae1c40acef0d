"""An index on Wagtail's ``wagtailcore_page.url_path`` (issue 17): ``site_kb.routing`` finds the
pages along a request's address by it, which without an index reads the whole page table (tens of
thousands of rows at an authority's scale) on every page served.

On PostgreSQL a hash index: the lookups are by equality only, and a B-tree entry is limited to
about 2.7 kB, which a deep enough address could exceed and then refuse the page's save. Wagtail's
model is not ours to give a ``Meta.indexes``, hence plain SQL, undone by the reverse migration."""

from django.db import migrations

INDEX = "site_kb_page_url_path"


def create_index(apps, schema_editor):
    method = "USING hash " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page {method}(url_path)")


def drop_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("site_kb", "0008_cache_purge_failure"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
