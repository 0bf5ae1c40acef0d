"""Split the old "school" news category by school level (Điều 7 names kindergartens, primary and
lower-secondary schools). An article filed as "school" takes the level of the SchoolPage it sits
in; one that is not in a school's section becomes office news. Unpublished revisions are mapped
too, so publishing an old draft cannot bring the retired value back."""

from django.db import migrations

STEPLEN = 4  # Wagtail's tree path step
LEVEL_CATEGORIES = {"mam-non": "school-mam-non", "tieu-hoc": "school-tieu-hoc", "thcs": "school-thcs"}
OLD_SCHOOL = "school"
OFFICE = "office"


def school_news_category(path, school_levels):
    """The new category of an old "school" article at ``path``; ``school_levels`` maps a
    SchoolPage's path to its level."""
    return LEVEL_CATEGORIES.get(school_levels.get(path[:-STEPLEN]), OFFICE)


def split_school_category(apps, schema_editor):
    NewsPage = apps.get_model("news", "NewsPage")
    SchoolPage = apps.get_model("schools", "SchoolPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")

    school_levels = dict(SchoolPage.objects.values_list("path", "level"))
    by_category = {}
    paths = dict(NewsPage.objects.values_list("pk", "path"))
    for pk, path in NewsPage.objects.filter(category=OLD_SCHOOL).values_list("pk", "path"):
        by_category.setdefault(school_news_category(path, school_levels), []).append(pk)
    for category, pks in by_category.items():
        NewsPage.objects.filter(pk__in=pks).update(category=category)

    content_type = ContentType.objects.filter(app_label="news", model="newspage").first()
    if content_type is None:
        return
    for revision in Revision.objects.filter(content_type=content_type).iterator():
        content = revision.content
        if not isinstance(content, dict) or content.get("category") != OLD_SCHOOL:
            continue
        path = paths.get(int(revision.object_id), "")
        content["category"] = school_news_category(path, school_levels)
        Revision.objects.filter(pk=revision.pk).update(content=content)


def merge_school_categories(apps, schema_editor):
    NewsPage = apps.get_model("news", "NewsPage")
    NewsPage.objects.filter(category__in=LEVEL_CATEGORIES.values()).update(category=OLD_SCHOOL)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0004_citation_submission_categories"),
        ("schools", "0003_alter_schoolpage_body"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(split_school_category, merge_school_categories)]
