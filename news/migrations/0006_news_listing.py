"""The listing columns and indexes of news (issue 17, part 7; news.listing says why).

``listed`` (live and outside every view restriction) and ``section_id`` (the parent page's id)
are filled from the tree here, then kept by news.listing; the three partial indexes let every public
listing walk the news newest first and stop at its LIMIT, and count or slice a page from the
index alone. The SQL is copied from news.listing as it was written, so this migration does not
change if that module does."""

from django.conf import settings
from django.db import migrations, models

STEPLEN = 4  # Wagtail's tree path step

FILL = f"""
UPDATE news_newspage SET
    listed = (
        SELECT page.live AND NOT EXISTS (
            SELECT 1 FROM wagtailcore_pageviewrestriction restriction
            JOIN wagtailcore_page restricted ON restricted.id = restriction.page_id
            WHERE substr(page.path, 1, length(restricted.path)) = restricted.path
        )
        FROM wagtailcore_page page WHERE page.id = news_newspage.page_ptr_id
    ),
    section_id = (
        SELECT parent.id FROM wagtailcore_page page
        JOIN wagtailcore_page parent ON parent.path = substr(page.path, 1, length(page.path) - {STEPLEN})
        WHERE page.id = news_newspage.page_ptr_id
    )
"""


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0005_split_school_category"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailimages", "0027_image_description"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="newspage",
            name="listed",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="newspage",
            name="section_id",
            field=models.IntegerField(editable=False, null=True),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="newspage",
            index=models.Index(
                condition=models.Q(("listed", True)),
                fields=["section_id", "-date", "-page_ptr", "category"],
                name="news_listed_section",
            ),
        ),
        migrations.AddIndex(
            model_name="newspage",
            index=models.Index(
                condition=models.Q(("listed", True)),
                fields=["-date", "-page_ptr", "section_id", "category"],
                name="news_listed_date",
            ),
        ),
        migrations.AddIndex(
            model_name="newspage",
            index=models.Index(
                condition=models.Q(("listed", True)),
                fields=["category", "-date", "-page_ptr", "section_id"],
                name="news_listed_category",
            ),
        ),
    ]
