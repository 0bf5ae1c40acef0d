"""Wagtail's migrations leave English names in the admin (issue 15.12): the groups "Editors" and
"Moderators", the workflow and task "Moderators approval", the tree's root page "Root" (the first
step of every breadcrumb and the explorer's top) and the root collection "Root" (every collection
menu). Our roles (editorial.roles) use none of them.

The two groups are deleted when nobody belongs to them, else renamed, so no account loses a right
it was given; the workflow, the task, the root page and the root collection are renamed (the old
workflow may still be referenced by the history of pages that went through it).
"""

from django.db import migrations

GROUPS = {
    "Editors": "Biên tập viên (mặc định Wagtail)",
    "Moderators": "Người kiểm duyệt (mặc định Wagtail)",
}
WORKFLOW = ("Moderators approval", "Quy trình duyệt mặc định của Wagtail (không dùng)")
TASK = ("Moderators approval", "Bước duyệt mặc định của Wagtail (không dùng)")
ROOT = ("Root", "Gốc")


def vietnamese_names(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for english, vietnamese in GROUPS.items():
        for group in Group.objects.filter(name=english):
            if group.user_set.exists():
                if not Group.objects.filter(name=vietnamese).exists():
                    group.name = vietnamese
                    group.save(update_fields=["name"])
            else:
                group.delete()
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW[0]).update(name=WORKFLOW[1])
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK[0]).update(name=TASK[1])
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title=ROOT[0]).update(
        title=ROOT[1], draft_title=ROOT[1]
    )
    apps.get_model("wagtailcore", "Collection").objects.filter(depth=1, name=ROOT[0]).update(name=ROOT[1])


def english_names(apps, schema_editor):
    """Back to Wagtail's names (deleted groups are not recreated: nobody was in them)."""
    Group = apps.get_model("auth", "Group")
    for english, vietnamese in GROUPS.items():
        Group.objects.filter(name=vietnamese).update(name=english)
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW[1]).update(name=WORKFLOW[0])
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK[1]).update(name=TASK[0])
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title=ROOT[1]).update(
        title=ROOT[0], draft_title=ROOT[0]
    )
    apps.get_model("wagtailcore", "Collection").objects.filter(depth=1, name=ROOT[1]).update(name=ROOT[0])


class Migration(migrations.Migration):
    dependencies = [
        ("site_kb", "0003_ascii_slugs"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(vietnamese_names, english_names)]
