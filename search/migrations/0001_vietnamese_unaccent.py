"""PostgreSQL: a text search configuration that ignores Vietnamese diacritics (and đ).

'simple' (no stemming: Vietnamese words are not inflected) with unaccent in front.
Other databases need nothing: pages carry folded copies of their text (site_kb.folding).
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'vietnamese_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION vietnamese_unaccent (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION vietnamese_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    END IF;
END $$;
"""


def create_configuration(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_configuration(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS vietnamese_unaccent;")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_configuration, drop_configuration)]
